"""The kind of plan, last year against this year (an IEP that became a Section 504 Plan)."""

from __future__ import annotations

from ..checks.model import Review
from ..structure.model import Evidence
from .model import Change
from .wording import make_change

SUBJECT = "plan type"


def plan_type_changes(old: Review, new: Review) -> list[Change]:
    before, after = old.plan_type, new.plan_type
    if before is None or after is None or before == after:
        return []
    variant = {("iep", "504"): "iep_to_504", ("504", "iep"): "504_to_iep"}.get((before, after))
    return [make_change("plan_type_changed", SUBJECT, before, after, variant=variant,
                        old_evidence=_quote(old), new_evidence=_quote(new))]


def _quote(review: Review) -> list[Evidence]:
    return review.extraction.structure.plan_type_evidence[:1] if review.extraction else []
