"""When progress reports go home, last year against this year."""

from __future__ import annotations

from ..extract.model import ProgressReporting
from ..structure.model import Evidence
from .model import Change
from .text import fold
from .wording import make_change, vocabulary

SUBJECT = "progress reporting"


def schedule_changes(old: ProgressReporting, new: ProgressReporting) -> list[Change]:
    before, after = schedule_of(old), schedule_of(new)
    if fold(before) == fold(after):
        return []
    return [make_change("progress_schedule_changed", SUBJECT, before, after, variant=_variant(before, after),
                        old_evidence=_quote(old), new_evidence=_quote(new))]


def schedule_of(progress: ProgressReporting) -> str | None:
    """The named schedule ("quarterly"), else the words the plan uses ("every 6 weeks"), else None."""
    return progress.schedule or progress.schedule_stated or None


def _variant(before: str | None, after: str | None) -> str | None:
    if before and not after:
        return "not_stated"
    per_year = vocabulary().reports_per_year
    if before in per_year and after in per_year and per_year[after] < per_year[before]:
        return "less_often"
    return None


def _quote(progress: ProgressReporting) -> list[Evidence]:
    return progress.schedule_evidence[:1]
