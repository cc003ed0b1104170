"""Stage 4: `Extraction` → `Review`: every rule in the rulebook judged for this plan."""

from __future__ import annotations

import datetime as dt
import re

from ..extract.model import Extraction
from ..resources import DataError, messages
from .conditions import CONDITIONS, age_at_plan_end
from .evaluators import EVALUATORS, Outcome
from .model import Finding, Review, ReviewError
from .rulebook import Rule, load_rulebook

__all__ = ["Finding", "Review", "ReviewError", "judge", "load_rulebook", "rules"]


def rules() -> tuple[Rule, ...]:
    """The rulebook, with every evaluator and condition it names known to exist (fails loudly if not)."""
    loaded = load_rulebook()
    for rule in loaded:
        if rule.evaluate not in EVALUATORS:
            raise DataError(f"rulebook.yaml:{rule.id}: unknown evaluator {rule.evaluate!r}")
        if rule.when and rule.when not in CONDITIONS:
            raise DataError(f"rulebook.yaml:{rule.id}: unknown condition {rule.when!r}")
    return loaded


def judge(extraction: Extraction, today: dt.date) -> list[Finding]:
    plan_type = extraction.structure.plan_type
    return [_finding(rule, plan_type, _outcome(rule, extraction, today)) for rule in rules()]


def _outcome(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    plan_type = extraction.structure.plan_type
    if plan_type not in rule.applies_to:
        return Outcome("not_applicable")
    condition_facts: dict[str, object] = {"age_at_end": age_at_plan_end(extraction)}
    if rule.when:
        applies = CONDITIONS[rule.when](rule, extraction, today)
        condition_facts.update(applies.facts)
        if not applies.applies:
            return Outcome("not_applicable", condition_facts, variant=applies.variant)
    outcome = EVALUATORS[rule.evaluate](rule, extraction, today)
    outcome.facts = {**condition_facts, **outcome.facts}
    return outcome


PLACEHOLDER = re.compile(r"\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}")


def fill(template: str, facts: dict[str, object]) -> str:
    """Fill {name} from the plan's facts, and {name|one|many} with the word that agrees with the count.

    A placeholder with no value becomes blank, so wording edits never crash a review."""

    def replace(match: re.Match[str]) -> str:
        value = facts.get(match.group(1))
        if match.group(2) is not None:
            return match.group(2) if value == 1 else match.group(3)
        return "" if value is None else str(value)

    return PLACEHOLDER.sub(replace, template).strip()


def _finding(rule: Rule, plan_type: str, outcome: Outcome) -> Finding:
    if plan_type not in rule.applies_to:
        words = messages()["report"]["not_for_plan_type"]
        return Finding(id=rule.id, status="not_applicable", title=rule.title,
                       summary=words.get(plan_type, words["other"]), meaning="", question="", basis=rule.basis,
                       citation=rule.citation, severity=rule.severity, for_plan_type=False)
    return Finding(
        id=rule.id,
        status=outcome.status,
        title=rule.title,
        summary=fill(rule.summary_for(outcome.status, outcome.variant), outcome.facts),
        meaning=rule.meaning_for(plan_type, outcome.status),
        question=rule.question_for(plan_type),
        basis=rule.basis,
        citation=rule.citation,
        severity=rule.severity,
        evidence=outcome.evidence,
        status_label=rule.status_label_for(outcome.status, outcome.variant),
    )
