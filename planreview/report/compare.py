"""The comparison as JSON (contract: shared/spec/compare.md, schema planreview.compare/1), Markdown or HTML.

Like the single-plan report, the templates render the same data the JSON holds, plus the words they use,
so the three formats always agree."""

from __future__ import annotations

import json
from typing import Any

from ..checks.model import Review
from ..compare.model import Change, Comparison
from ..compare.wording import KINDS, error_words, page_words
from ..resources import messages
from . import environment
from .data import SEVERITY_ORDER, evidence_json
from .redact import Redactor, redactor_for

SCHEMA = "planreview.compare/1"
COMPARE_FORMATS = ("json", "md", "html")
OUT_NAME = "compare"  # --out DIR writes DIR/compare.json, .md or .html
# Where each change is listed on the page (patterns/compare.yaml `page.groups` names them).
GROUP_BY_PREFIX = {"plan": "plan", "service": "services", "provider": "services", "location": "services",
                   "goal": "goals", "accommodation": "accommodations", "progress": "progress"}
TOP_CHANGES = 3


def comparison_json(comparison: Comparison, *, redact: bool = False) -> dict[str, Any]:
    data = {
        "schema": SCHEMA,
        "old": _side(comparison.old),
        "new": _side(comparison.new),
        "error": _error(comparison),
        "changes": [change_json(c) for c in comparison.changes],
    }
    return comparison_redactor(comparison).data(data) if redact else data


def change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "subject": change.subject,
        "old": change.old,
        "new": change.new,
        "severity": change.severity,
        "meaning": f"{change.meaning} {change.question}",
        "evidence": {"old": evidence_json(change.old_evidence), "new": evidence_json(change.new_evidence)},
    }


def render_comparison(comparison: Comparison, fmt: str, *, redact: bool = False) -> str:
    if fmt == "json":
        return json.dumps(comparison_json(comparison, redact=redact), indent=2, ensure_ascii=False) + "\n"
    template = environment().get_template(f"compare.{fmt}.j2")
    return template.render(**comparison_view(comparison, redact=redact))


def comparison_view(comparison: Comparison, *, redact: bool = False) -> dict[str, Any]:
    """What the templates get: the JSON, the changes grouped and in reading order, and the words they use."""
    changes = [{**change_json(c), "number": number, "title": c.title, "explanation": c.meaning,
                "question": c.question, "group": group_of(c.kind)}
               for number, c in enumerate(ordered(comparison.changes), start=1)]
    content = {
        "comparison": comparison_json(comparison),
        "changes": changes,
        "top": [c for c in changes if c["severity"] == "high"][:TOP_CHANGES],
        "questions": list(dict.fromkeys(c["question"] for c in changes)),
        "today": comparison.new.today.isoformat(),
    }
    if redact:
        content = comparison_redactor(comparison).data(content)
    report_words = messages()["report"]
    return {**content, "page": page_words(), "words": report_words, "redacted": redact,
            "not_a_plan": "other" in (comparison.old.plan_type, comparison.new.plan_type)}


def group_of(kind: str) -> str:
    return GROUP_BY_PREFIX[kind.split("_")[0]]


def ordered(changes: list[Change]) -> list[Change]:
    """Most important first; within one severity, in the order of the contract's kinds (services, goals…)."""
    return sorted(changes, key=lambda c: (SEVERITY_ORDER.get(c.severity, 9), KINDS.index(c.kind)))


def _side(review: Review) -> dict[str, Any]:
    error = {"code": review.error.code, "message": review.error.message} if review.error else None
    return {"file": review.file, "plan_type": review.plan_type, "error": error}


def _error(comparison: Comparison) -> dict[str, str] | None:
    old, new = comparison.old, comparison.new
    if old.error is None and new.error is None:
        return None
    words = error_words()
    if old.error and new.error:
        message = words["both"].format(old_file=old.file, old_message=old.error.message,
                                       new_file=new.file, new_message=new.error.message)
        return {"code": "both_unreadable", "message": message}
    side, review, error = ("old", old, old.error) if old.error else ("new", new, new.error)
    return {"code": f"{side}_unreadable", "message": words[side].format(file=review.file, message=error.message)}


def comparison_redactor(comparison: Comparison) -> Redactor:
    """One child, two plans: what either plan names as the child's is hidden in both."""
    old, new = redactor_for(comparison.old), redactor_for(comparison.new)
    names = sorted(set(old.names) | set(new.names), key=len, reverse=True)
    birth_dates = sorted(set(old.birth_dates) | set(new.birth_dates), key=len, reverse=True)
    return Redactor(tuple(names), tuple(birth_dates))
