"""Named conditions a rule can apply under (`when:` in the rulebook). Each says whether the rule applies
to this plan and gives the facts (dates, ages) it used, which the rule's wording can quote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..extract.facts import add_years, plan_end_date, years_between
from ..extract.model import Extraction
from .rulebook import Rule

TRANSITION_AGE = 16  # federal: the first IEP in effect when the student turns 16 (34 CFR 300.320(b))
MAJORITY_AGE = 18  # most states; a rule can set its own (19 in Alabama and Nebraska, 21 in Mississippi)


def age_at_plan_end(extraction: Extraction) -> int | None:
    facts = extraction.facts
    dob = facts.dates.get("dob")
    end = plan_end_date(facts)
    if dob and end:
        return years_between(dob.date, end)
    return facts.student_age


@dataclass(frozen=True)
class Applies:
    applies: bool
    facts: dict[str, object] = field(default_factory=dict)
    variant: str | None = None


def _birthday(extraction: Extraction, age: int) -> dt.date | None:
    dob = extraction.facts.dates.get("dob")
    return add_years(dob.date, age) if dob else None


def _long(date: dt.date | None) -> str:
    return f"{date:%B} {date.day}, {date.year}" if date else ""


def transition_age(rule: Rule, extraction: Extraction, today: dt.date) -> Applies:
    """Transition planning is judged when the plan has a transition section, or when the student is 16
    by the plan's end date. Otherwise (younger, or age unknown) it does not apply yet."""
    age = age_at_plan_end(extraction)
    required_age = int(rule.params.get("age", TRANSITION_AGE))
    has_section = extraction.elements.get("transition") and extraction.elements["transition"].state != "absent"
    facts = {"age_at_end": age, "birthday": _long(_birthday(extraction, required_age)),
             "plan_end": _long(plan_end_date(extraction.facts))}
    return Applies(bool(has_section or (age is not None and age >= required_age)), facts,
                   "dated" if facts["birthday"] else "undated")


def majority_approaching(rule: Rule, extraction: Extraction, today: dt.date) -> Applies:
    """Rights transfer must be explained in the IEP in effect a year before the age of majority."""
    majority = int(rule.params.get("age", MAJORITY_AGE))
    year_before = _birthday(extraction, majority - 1)
    end = plan_end_date(extraction.facts)
    facts = {"majority_age": majority, "majority_date": _long(_birthday(extraction, majority)),
             "year_before": _long(year_before), "plan_end": _long(end)}
    return Applies(year_before is not None and end is not None and year_before <= end, facts,
                   "dated" if facts["majority_date"] else "undated")


CONDITIONS: dict[str, Callable[[Rule, Extraction, dt.date], Applies]] = {
    "transition_age": transition_age,
    "majority_approaching": majority_approaching,
}
