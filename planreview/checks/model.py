"""What `checks` hands to `report`: the findings, each with its status, wording and evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..extract.model import Extraction
from ..structure.model import Evidence


@dataclass
class Finding:
    id: str
    status: str  # present | weak | missing | not_applicable
    title: str
    summary: str
    meaning: str
    question: str
    basis: str  # federal | state | best_practice
    citation: str | None
    severity: str  # high | medium | low
    evidence: list[Evidence] = field(default_factory=list)
    status_label: str | None = None  # the rule's own word for the status ("Overdue"), if it has one
    for_plan_type: bool = True  # False when the rule is not about this kind of plan at all (LRE in a 504 Plan)


@dataclass(frozen=True)
class ReviewError:
    code: str
    message: str


@dataclass
class Review:
    """Everything the reports show for one document."""

    file: str
    format: str
    pages: int | None
    today: dt.date
    error: ReviewError | None = None
    extraction: Extraction | None = None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def plan_type(self) -> str | None:
        return self.extraction.structure.plan_type if self.extraction else None
