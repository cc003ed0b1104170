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
