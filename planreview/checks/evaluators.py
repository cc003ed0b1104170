"""How each rule's status is worked out from what was extracted. Wording is not here: it is in the rulebook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..extract.facts import add_years
from ..extract.model import Extraction, ServiceLine
from ..resources import messages
from ..structure.model import Evidence
from .rulebook import Rule

MAX_EVIDENCE = 4


@dataclass
class Outcome:
    status: str
    facts: dict[str, object] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    variant: str | None = None  # which cause of this status, when the rulebook words causes differently


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


def _every_service(services: list[ServiceLine], lacking: list[ServiceLine], count_name: str,
                   variant: str) -> Outcome:
    """Present when every service has it, weak when some lack it, missing when all do (or none exist)."""
    if not services:
        return Outcome("missing", variant="no_services")
    facts = {"n_services": len(services), count_name: len(lacking)}
    quotes = [_service_quote(s) for s in (lacking or services)][:MAX_EVIDENCE]
    if not lacking:
        return Outcome("present", facts, quotes)
    return Outcome("missing" if len(lacking) == len(services) else "weak", facts, quotes, variant=variant)


def service_minutes(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    services = extraction.services
    lacking = [s for s in services if s.minutes_per_week is None]
    return _every_service(services, lacking, "n_without_amount", "no_amounts")


def providers(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    services = extraction.services
    return _every_service(services, [s for s in services if not s.provider], "n_without_provider", "no_providers")


def progress_monitoring(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    progress = extraction.progress
    # "every 6 weeks" is a schedule the family can hold the school to, though not one the report names.
    has_method, has_schedule = bool(progress.method), bool(progress.schedule or progress.schedule_stated)
    quotes = (progress.method_evidence[:2] + progress.schedule_evidence[:2])
    schedule_words: dict[str, str] = messages()["report"]["schedules"]
    stated = progress.schedule or progress.schedule_stated or ""
    facts = {"method": progress.method or "", "schedule": schedule_words.get(stated, stated)}
    if has_method and has_schedule:
        return Outcome("present", facts, quotes)
    if has_method or has_schedule:
        return Outcome("weak", facts, quotes, variant="method_only" if has_method else "schedule_only")
    return Outcome("missing", facts)


def element(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    state = extraction.elements.get(rule.element or "")
    if state is None:
        return Outcome("missing")
    status = rule.states.get(state.state, "weak")
    facts: dict[str, object] = dict(state.details)
    if "missing_parts" in facts:
        names: dict[str, str] = rule.params.get("part_names", {})
        facts["missing_parts"] = _join_words([names.get(str(p), str(p)) for p in facts["missing_parts"]])
    return Outcome(status, facts, state.evidence[:MAX_EVIDENCE], variant=state.state)


def roles(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    """Who took part: every group of roles in `params.required` needs one member present."""
    state = extraction.elements.get("team")
    if state is None or state.state == "absent":
        return Outcome("missing")
    found = set(state.details.get("roles", []))
    names: dict[str, str] = rule.params.get("names", {})
    absent = [group for group in rule.params.get("required", []) if not found & set(group)]
    facts = {"missing_roles": _join_words([names.get(group[0], group[0]) for group in absent])}
    return Outcome("weak" if absent else "present", facts, state.evidence[:MAX_EVIDENCE])


def plan_dates(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    dates = extraction.facts.dates
    start = dates.get("meeting_date") or dates.get("plan_start")
    end = dates.get("plan_end") or dates.get("review_date")
    facts = {"start": long_date(start.date) if start else "", "end": long_date(end.date) if end else ""}
    quotes = _unique_quotes([d.evidence for d in (start, end, dates.get("reevaluation_date")) if d])
    if start and end:
        return Outcome("present", facts, quotes)
    if start or end:
        return Outcome("weak", facts, quotes, variant="start_only" if start else "end_only")
    return Outcome("missing", facts, quotes)


def annual_review(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    """The plan must be reviewed at least once a year: when is that due, measured from today?"""
    dates = extraction.facts.dates
    stated = dates.get("review_date") or dates.get("plan_end")
    start = dates.get("meeting_date") or dates.get("plan_start")
    if stated:
        due, quotes = stated.date, [stated.evidence]
    elif start:
        due, quotes = add_years(start.date, 1), [start.evidence]
    else:
        return Outcome("not_applicable", {"today": long_date(today)})
    return _deadline(due, today, int(rule.params.get("soon_days", 60)), quotes)


def reevaluation(rule: Rule, extraction: Extraction, today: dt.date) -> Outcome:
    """A full reevaluation at least every three years: due from the stated date or the last evaluation."""
    dates = extraction.facts.dates
    if "reevaluation_date" in dates:
        fact = dates["reevaluation_date"]
        due, quotes = fact.date, [fact.evidence]
    elif "last_evaluation" in dates:
        fact = dates["last_evaluation"]
        due, quotes = add_years(fact.date, 3), [fact.evidence]
    else:
        return Outcome("weak", {"today": long_date(today)}, variant="no_date")
    return _deadline(due, today, int(rule.params.get("soon_days", 90)), quotes)


def _deadline(due: dt.date, today: dt.date, soon_days: int, quotes: list[Evidence]) -> Outcome:
    days = (due - today).days
    facts = {"due": long_date(due), "today": long_date(today), "days": abs(days), "soon_days": soon_days}
    if days < 0:
        return Outcome("missing", facts, quotes)
    return Outcome("weak" if days <= soon_days else "present", facts, quotes, variant="soon")


def long_date(date: dt.date) -> str:
    return f"{date:%B} {date.day}, {date.year}"


def _join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _unique_quotes(quotes: list[Evidence]) -> list[Evidence]:
    seen: list[Evidence] = []
    for quote in quotes:
        if quote not in seen:
            seen.append(quote)
    return seen


EVALUATORS: dict[str, Evaluator] = {
    "goals": goals,
    "service_minutes": service_minutes,
    "providers": providers,
    "progress_monitoring": progress_monitoring,
    "element": element,
    "roles": roles,
    "plan_dates": plan_dates,
    "annual_review": annual_review,
    "reevaluation": reevaluation,
}
