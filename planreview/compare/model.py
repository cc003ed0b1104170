"""What `compare` hands to the report: the two reviews and the changes between them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checks.model import Review
from ..structure.model import Evidence

Value = float | str | None  # minutes per week, a text (provider, location, schedule, plan type), or nothing


@dataclass
class Change:
    """One difference between last year's plan (old) and this year's (new), as spec/compare.md defines it."""

    kind: str
    subject: str
    old: Value
    new: Value
    severity: str  # high | medium | low, from patterns/compare.yaml
    title: str  # a short heading a parent reads ("Less time for a service")
    meaning: str  # why it can matter for the child
    question: str  # what to ask the team
    old_evidence: list[Evidence] = field(default_factory=list)
    new_evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Comparison:
    old: Review
    new: Review
    changes: list[Change] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        """Both documents were read: without both, there is nothing to compare."""
        return self.old.error is None and self.new.error is None
