"""What `extract` hands to `checks`: the plan's goals, services, progress reporting, dates and signals,
each with the quote and page it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..structure.model import Evidence, PlanStructure


@dataclass
class Goal:
    text: str
    page: int | None
    measurable: bool
    criterion: str | None = None
    condition: str | None = None
    timeframe: str | None = None
    baseline: str | None = None
    area: str | None = None
    vague_words: list[str] = field(default_factory=list)
    ocr: bool = False
    context: str = ""  # what the plan prints beside or under the goal about it (criterion column, bullets)


@dataclass
class ServiceLine:
    service: str
    page: int | None
    provider: str | None  # the role as printed, None when blank or a placeholder such as "Staff"
    provider_role: str | None  # the role in plain words ("Speech-language pathologist")
    minutes_per_week: float | None
    frequency: str | None  # the amount as printed
    amount_status: str  # "fixed", "no_amount" (as needed, TBD), "unclear" (no period or no minutes), "missing"
    location: str | None
    location_setting: str | None  # "general" or "separate"
    start: str | None = None
    end: str | None = None
    source: str = "grid"  # "grid" or "text"
    text: str = ""  # the whole row or sentence, for the report's quote
    ocr: bool = False


@dataclass
class ProgressReporting:
    method: str | None = None
    method_evidence: list[Evidence] = field(default_factory=list)
    schedule: str | None = None  # one of the report's named schedules ("quarterly"), or None
    schedule_stated: str | None = None  # the words of the schedule as the plan gives it ("every 6 weeks")
    schedule_evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Signal:
    id: str
    page: int | None
    text: str
    ocr: bool = False
    contract: bool = True  # one of the six ids of the report contract; the others are plan-elements.md §3 extras


@dataclass
class DatedFact:
    name: str
    date: dt.date
    evidence: Evidence


@dataclass
class PlanFacts:
    dates: dict[str, DatedFact] = field(default_factory=dict)  # dob, meeting_date, plan_start, plan_end, review_date …
    student_age: int | None = None
    age_evidence: list[Evidence] = field(default_factory=list)
    grade: str | None = None


@dataclass
class ElementState:
    """What the plan says about one element, as a state the rulebook maps to a status.

    e.g. esy: "decided" / "deferred" / "absent"; the evidence is what the state was read from."""

    id: str
    state: str
    evidence: list[Evidence] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)


@dataclass
class Extraction:
    structure: PlanStructure
    facts: PlanFacts
    goals: list[Goal]
    services: list[ServiceLine]
    progress: ProgressReporting
    accommodations: list[Evidence]
    signals: list[Signal]
    elements: dict[str, ElementState]
