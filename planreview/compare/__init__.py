"""Compare last year's plan with this year's (contract: shared/spec/compare.md).

A front on the same pipeline as `review`: it takes the two `Review`s the pipeline already produced and
lists what changed between them. Nothing in ingest, structure, extract or checks knows about it.
"""

from __future__ import annotations

from ..checks.model import Review
from ..extract.model import Extraction
from .accommodations import accommodation_changes
from .goals import goal_changes
from .model import Change, Comparison
from .plan_type import plan_type_changes
from .schedule import schedule_changes, schedule_of
from .services import service_changes

__all__ = ["Change", "Comparison", "compare"]

PLAN_DATES = ("meeting_date", "plan_start", "plan_end", "review_date")


def compare(old: Review, new: Review) -> Comparison:
    comparison = Comparison(old=old, new=new)
    if not comparison.readable:
        return comparison
    comparison.changes = plan_type_changes(old, new)
    if "other" in (old.plan_type, new.plan_type) or old.extraction is None or new.extraction is None:
        return comparison  # a document that is not a plan has no services or goals to set against the other
    before, after = old.extraction, new.extraction
    comparison.changes += service_changes(before.services, after.services)
    goals = goal_changes(before.goals, after.goals)
    if same_meeting(before, after):
        # One plan in two files (a re-render, the same file twice): a goal is not "recycled" from itself.
        goals = [change for change in goals if change.kind != "goal_recycled"]
    comparison.changes += goals
    comparison.changes += accommodation_changes(before.accommodations, after.accommodations)
    comparison.changes += schedule_changes(before.progress, after.progress)
    return comparison


def same_meeting(old: Extraction, new: Extraction) -> bool:
    """Whether two files hold the plan of one meeting rather than two years' plans.

    The plan's own dates decide when both give any; without dates, two files that list the same goals,
    services, accommodations and schedule are taken as one plan (nothing else could tell two years apart)."""
    old_dates, new_dates = old.facts.dates, new.facts.dates
    common = [name for name in PLAN_DATES if name in old_dates and name in new_dates]
    if common:
        return all(old_dates[name].date == new_dates[name].date for name in common)
    return _content(old) == _content(new)


def _content(extraction: Extraction) -> tuple:
    return (
        [g.text for g in extraction.goals],
        [(s.service, s.minutes_per_week, s.provider, s.location) for s in extraction.services],
        [a.text for a in extraction.accommodations],
        schedule_of(extraction.progress),
    )
