"""How each rule's status is worked out from what was extracted. Wording is not here: it is in the rulebook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..extract.model import Extraction, ServiceLine
from ..structure.model import Evidence
from .rulebook import Rule

MAX_EVIDENCE = 4


@dataclass
class Outcome:
    status: str
    facts: dict[str, object] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


Evaluator = Callable[[Rule, Extraction, dt.date], Outcome]


def goals(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    found = extraction.goals
    if not found:
        return Outcome("missing", evidence=extraction.structure.evidence_of("goals")[:1])
    vague = [g for g in found if not g.measurable]
    quotes = [Evidence(g.page, g.text, g.ocr) for g in (vague or found)]
    facts = {"n_goals": len(found), "n_not_measurable": len(vague)}
    return Outcome("weak" if vague else "present", facts, quotes[:MAX_EVIDENCE])


def _service_quote(service: ServiceLine) -> Evidence:
    return Evidence(service.page, service.text or service.service, service.ocr)


def service_minutes(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    services = extraction.services
    if not services:
        return Outcome("missing", {"missing_reason": "We could not find any services in this plan."})
    without = [s for s in services if s.minutes_per_week is None]
    facts = {"n_services": len(services), "n_without_amount": len(without),
             "missing_reason": "No service in this plan says how much time it gets."}
    quotes = [_service_quote(s) for s in (without or services)][:MAX_EVIDENCE]
    if not without:
        return Outcome("present", facts, quotes)
    return Outcome("missing" if len(without) == len(services) else "weak", facts, quotes)


def providers(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    services = extraction.services
    if not services:
        return Outcome("missing", {"missing_reason": "We could not find any services in this plan."})
    without = [s for s in services if not s.provider]
    facts = {"n_services": len(services), "n_without_provider": len(without),
             "missing_reason": "No service in this plan names who provides it."}
    quotes = [_service_quote(s) for s in (without or services)][:MAX_EVIDENCE]
    if not without:
        return Outcome("present", facts, quotes)
    return Outcome("missing" if len(without) == len(services) else "weak", facts, quotes)


def progress_monitoring(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    progress = extraction.progress
    has_method, has_schedule = bool(progress.method), bool(progress.schedule)
    quotes = (progress.method_evidence[:2] + progress.schedule_evidence[:2])
    facts = {"method": progress.method or "", "schedule": progress.schedule or ""}
    if has_method and has_schedule:
        return Outcome("present", facts, quotes)
    if has_method:
        facts["weak_reason"] = (f"Progress is measured with {progress.method}, but the plan does not say "
                                "when you will get reports.")
        return Outcome("weak", facts, quotes)
    if has_schedule:
        facts["weak_reason"] = (f"Progress is reported to you {progress.schedule}, but the plan does not say "
                                "how progress is measured.")
        return Outcome("weak", facts, quotes)
    return Outcome("missing", facts)


def element(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    state = extraction.elements.get(rule.element or "")
    if state is None:
        return Outcome("missing")
    status = rule.states.get(state.state, "weak")
    facts: dict[str, object] = dict(state.details)
    if "missing_parts" in facts:
        facts["missing_parts"] = ", ".join(str(p).replace("_", " ") for p in facts["missing_parts"]) or "none"
    return Outcome(status, facts, state.evidence[:MAX_EVIDENCE])


EVALUATORS: dict[str, Evaluator] = {
    "goals": goals,
    "service_minutes": service_minutes,
    "providers": providers,
    "progress_monitoring": progress_monitoring,
    "element": element,
}
