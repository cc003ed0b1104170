"""The JSON report (contract: shared/spec/report.md, schema planreview.report/1) and the view the
HTML and Markdown templates render. Both are built from the same `Review`, so they always agree."""

from __future__ import annotations

from typing import Any

from ..checks.model import Finding, Review
from ..resources import messages
from ..structure.model import Evidence
from .redact import redactor_for

SCHEMA = "planreview.report/1"
GROUP_ORDER = {"missing": 0, "weak": 0, "present": 1, "not_applicable": 2}
STATUS_ORDER = {"missing": 0, "weak": 1, "present": 2, "not_applicable": 3}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
TOP_QUESTIONS = 3


def evidence_json(quotes: list[Evidence]) -> list[dict[str, Any]]:
    return [{"page": q.page, "text": q.text, **({"ocr": True} if q.ocr else {})} for q in quotes]


def _note(code: str) -> dict[str, str]:
    """A note about reading the file, as a code for tools and a sentence for people."""
    name, _, pages = code.partition(":")
    template = messages()["notes"].get(name, "{pages}")
    return {"code": code, "message": template.replace("{pages}", pages.replace(",", ", "))}


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "status": finding.status,
        "status_label": finding.status_label,
        "title": finding.title,
        "summary": finding.summary,
        "meaning": finding.meaning,
        "evidence": evidence_json(finding.evidence),
        "basis": finding.basis,
        "citation": finding.citation,
        "severity": finding.severity,
        "question": finding.question,
        "applies": finding.for_plan_type,
    }


def report_json(review: Review, *, redact: bool = False) -> dict[str, Any]:
    report = _report_json(review)
    return redactor_for(review).data(report) if redact else report


def _report_json(review: Review) -> dict[str, Any]:
    extraction = review.extraction
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "file": review.file,
        "format": review.format,
        "pages": review.pages,
        "error": {"code": review.error.code, "message": review.error.message} if review.error else None,
        "plan_type": review.plan_type,
        "student_age": None,
        "checks": [finding_json(f) for f in review.findings],
        "goals": [],
        "services": [],
        "progress_reporting": {"method": None, "schedule": None},
        "iep_signals": [],
        "more_signals": [],
        "today": review.today.isoformat(),
        "notes": [_note(note) for note in review.notes],
    }
    if extraction is None:
        return report
    if review.plan_type != "other":
        report["student_age"] = extraction.facts.student_age
    report["plan_type_evidence"] = evidence_json(extraction.structure.plan_type_evidence)
    report["goals"] = [
        {"text": g.text, "page": g.page, "measurable": g.measurable, "criterion": g.criterion,
         "condition": g.condition, "timeframe": g.timeframe, "baseline": g.baseline, "area": g.area,
         **({"ocr": True} if g.ocr else {})}
        for g in extraction.goals
    ]
    report["services"] = [
        {"service": s.service, "provider": s.provider, "provider_role": s.provider_role,
         "minutes_per_week": s.minutes_per_week, "frequency": s.frequency, "amount_status": s.amount_status,
         "location": s.location, "setting": s.location_setting, "start": s.start, "end": s.end, "page": s.page,
         "text": s.text, **({"ocr": True} if s.ocr else {})}
        for s in extraction.services
    ]
    progress = extraction.progress
    report["progress_reporting"] = {
        "method": progress.method,
        "schedule": progress.schedule,
        "evidence": evidence_json(progress.method_evidence[:2] + progress.schedule_evidence[:2]),
    }
    signals = [
        (s.contract, {"id": s.id, "page": s.page, "text": s.text, **({"ocr": True} if s.ocr else {})})
        for s in extraction.signals
    ]
    report["iep_signals"] = [s for contract, s in signals if contract]
    report["more_signals"] = [s for contract, s in signals if not contract]
    report["accommodations"] = evidence_json(extraction.accommodations)
    report["dates"] = {name: fact.date.isoformat() for name, fact in extraction.facts.dates.items()}
    return report


def ordered(findings: list[Finding]) -> list[Finding]:
    """Gaps first, by how much they can cost the child; then what was found; what does not apply last."""
    return sorted(findings, key=lambda f: (GROUP_ORDER.get(f.status, 9), SEVERITY_ORDER.get(f.severity, 9),
                                           STATUS_ORDER.get(f.status, 9)))


def view(review: Review, *, redact: bool = False) -> dict[str, Any]:
    """What the templates get: the JSON report, the findings in reading order, and the words they use.

    Checks that are not about this kind of plan (LRE in a 504 Plan) stay in the JSON but are not shown."""
    words = messages()["report"]
    findings = [f for f in ordered(review.findings) if f.for_plan_type]
    gaps = [f for f in findings if f.status in ("missing", "weak")]
    content = {
        "report": _report_json(review),
        "findings": [finding_json(f) for f in findings],
        "top": [finding_json(f) for f in gaps[:TOP_QUESTIONS]],
        "questions": [f.question for f in gaps],
    }
    if redact:
        content = redactor_for(review).data(content)
    return {
        **content,
        "words": words,
        "redacted": redact,
        "ocr_used": bool(review.extraction and review.extraction.structure.document.ocr_pages),
    }
