"""Stage 4: `Extraction` → `Review`: every rule in the rulebook judged for this plan."""

from __future__ import annotations

import datetime as dt
import re

from ..extract.model import Extraction
from ..resources import DataError
from .conditions import CONDITIONS, age_at_plan_end
from .evaluators import EVALUATORS, Outcome
from .model import Finding, Review, ReviewError
from .rulebook import Rule, load_rulebook

__all__ = ["Finding", "Review", "ReviewError", "judge", "load_rulebook"]


def judge(extraction: Extraction, today: dt.date) -> list[Finding]:
    plan_type = extraction.structure.plan_type
    return [_finding(rule, plan_type, _outcome(rule, extraction, today)) for rule in load_rulebook()]


def _outcome(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    plan_type = extraction.structure.plan_type
    if plan_type not in rule.applies_to:
        return Outcome("not_applicable")
    if rule.when:
        condition = CONDITIONS.get(rule.when)
        if condition is None:
            raise DataError(f"rulebook.yaml:{rule.id}: unknown condition {rule.when!r}")
        facts = condition(rule, extraction, today)
        if facts is not None:
            return Outcome("not_applicable", facts)
    evaluator = EVALUATORS.get(rule.evaluate)
    if evaluator is None:
        raise DataError(f"rulebook.yaml:{rule.id}: unknown evaluator {rule.evaluate!r}")
    outcome = evaluator(rule, extraction, today)
    outcome.facts.setdefault("age_at_end", age_at_plan_end(extraction))
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
    return Finding(
        id=rule.id,
        status=outcome.status,
        title=rule.title,
        summary=fill(rule.summary.get(outcome.status, ""), outcome.facts),
        meaning=rule.meaning_for(plan_type, outcome.status),
        question=rule.question_for(plan_type),
        basis=rule.basis,
        citation=rule.citation,
        severity=rule.severity,
        evidence=outcome.evidence,
    )
