"""Named conditions a rule can apply under (`when:` in the rulebook). Each returns the facts it used
when the rule does not apply (the status is then not_applicable), or None when it applies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..extract.facts import plan_end_date, years_between
from ..extract.model import Extraction
from .rulebook import Rule

TRANSITION_AGE = 16  # federal: the first IEP in effect when the student turns 16 (34 CFR 300.320(b))


def age_at_plan_end(extraction: Extraction) -> int | None:
    facts = extraction.facts
    dob = facts.dates.get("dob")
    end = plan_end_date(facts)
    if dob and end:
        return years_between(dob.date, end)
    return facts.student_age


def transition_age(rule: Rule, extraction: Extraction, today: dt.date) -> dict[str, object] | None:
    """Transition planning is judged when the plan has a transition section, or when the student is 16
    by the plan's end date. Otherwise (younger, or age unknown) it does not apply yet."""
    age = age_at_plan_end(extraction)
    has_section = extraction.elements.get("transition") and extraction.elements["transition"].state != "absent"
    if has_section or (age is not None and age >= int(rule.params.get("age", TRANSITION_AGE))):
        return None
    return {"age_at_end": age}


CONDITIONS: dict[str, Callable[[Rule, Extraction, dt.date], dict[str, object] | None]] = {
    "transition_age": transition_age,
}
