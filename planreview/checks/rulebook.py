"""Load patterns/rulebook.yaml and check it, so that a bad edit fails loudly at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..resources import DataError, load_yaml

STATUSES = ("present", "weak", "missing", "not_applicable")
PLAN_TYPES = ("iep", "504")
BASES = ("federal", "state", "best_practice")
SEVERITIES = ("high", "medium", "low")
RULE_KEYS = {"id", "title", "applies_to", "when", "evaluate", "element", "states", "basis", "citation", "severity",
             "summary", "meaning", "question", "examples", "params", "status_labels"}
REQUIRED = ("id", "title", "applies_to", "evaluate", "basis", "severity", "summary", "meaning", "question", "examples")


@dataclass(frozen=True)
class Example:
    plan: str
    status: str
    text: str
    today: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    applies_to: tuple[str, ...]
    when: str | None
    evaluate: str
    element: str | None
    states: dict[str, str]
    basis: str
    citation: str | None
    severity: str
    summary: dict[str, Any]  # status → text, or status → {variant → text} when one status has several causes
    meaning: dict[str, Any]
    question: Any
    examples: tuple[Example, ...]
    params: dict[str, Any]
    status_labels: dict[str, Any]  # status → label, or status → {variant → label}

    def meaning_for(self, plan_type: str, status: str) -> str:
        by_type = self.meaning.get(plan_type) if isinstance(self.meaning.get(plan_type), dict) else self.meaning
        return str(by_type.get(status, ""))

    def summary_for(self, status: str, variant: str | None) -> str:
        text = self.summary.get(status, "")
        if isinstance(text, dict):
            return str(text.get(variant or "") or text.get("default") or next(iter(text.values())))
        return text

    def status_label_for(self, status: str, variant: str | None) -> str | None:
        label = self.status_labels.get(status)
        if isinstance(label, dict):
            return label.get(variant or "") or label.get("default")
        return label

    def question_for(self, plan_type: str) -> str:
        if isinstance(self.question, dict):
            return str(self.question.get(plan_type) or next(iter(self.question.values())))
        return str(self.question)


@cache
def load_rulebook() -> tuple[Rule, ...]:
    data = load_yaml("rulebook.yaml")
    if not isinstance(data, dict) or data.get("schema") != "planreview.rulebook/1":
        raise DataError("rulebook.yaml: schema must be planreview.rulebook/1")
    rules = [_rule(raw) for raw in data.get("rules") or []]
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise DataError("rulebook.yaml: duplicate rule ids")
    return tuple(rules)


def _rule(raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise DataError(f"rulebook.yaml: a rule must be a mapping, got {raw!r}")
    where = f"rulebook.yaml:{raw.get('id', '?')}"
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise DataError(f"{where}: unknown keys {sorted(unknown)}")
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise DataError(f"{where}: missing {missing}")
    applies = tuple(str(t) for t in raw["applies_to"])
    if not applies or any(t not in PLAN_TYPES for t in applies):
        raise DataError(f"{where}: applies_to must list plan types from {PLAN_TYPES}")
    if raw["basis"] not in BASES:
        raise DataError(f"{where}: basis must be one of {BASES}")
    if raw["basis"] == "federal" and not raw.get("citation"):
        raise DataError(f"{where}: a federal rule needs its citation")
    if raw["severity"] not in SEVERITIES:
        raise DataError(f"{where}: severity must be one of {SEVERITIES}")
    states = {str(k): str(v) for k, v in (raw.get("states") or {}).items()}
    if raw["evaluate"] == "element" and (not raw.get("element") or not states):
        raise DataError(f"{where}: an element rule needs 'element' and 'states'")
    if any(v not in STATUSES for v in states.values()):
        raise DataError(f"{where}: states must map to {STATUSES}")
    if any(k not in STATUSES for k in raw.get("status_labels") or {}):
        raise DataError(f"{where}: status_labels keys must be statuses {STATUSES}")
    _check_wording(where, raw, applies)
    examples = tuple(_example(where, e) for e in raw["examples"] or [])
    if len({e.status for e in examples}) < 2:
        raise DataError(f"{where}: needs examples with at least two different statuses "
                        "(one it must give, one it must not)")
    return Rule(
        id=str(raw["id"]),
        title=str(raw["title"]),
        applies_to=applies,
        when=raw.get("when"),
        evaluate=str(raw["evaluate"]),
        element=raw.get("element"),
        states=states,
        basis=str(raw["basis"]),
        citation=raw.get("citation"),
        severity=str(raw["severity"]),
        summary={str(k): (v if isinstance(v, dict) else str(v)) for k, v in raw["summary"].items()},
        meaning=raw["meaning"],
        question=raw["question"],
        examples=examples,
        params=dict(raw.get("params") or {}),
        status_labels={str(k): v for k, v in (raw.get("status_labels") or {}).items()},
    )


def _check_wording(where: str, raw: dict[str, Any], applies: tuple[str, ...]) -> None:
    meaning = raw["meaning"]
    if not isinstance(meaning, dict):
        raise DataError(f"{where}: meaning must be a mapping")
    per_type = any(key in PLAN_TYPES for key in meaning)
    tables = [meaning[t] for t in applies] if per_type else [meaning]
    if per_type and any(t not in meaning for t in applies):
        raise DataError(f"{where}: meaning needs wording for every plan type in applies_to")
    for table in tables:
        for status in ("present", "weak", "missing"):
            if not str((table or {}).get(status, "")).strip() and status in raw["summary"]:
                raise DataError(f"{where}: meaning has no wording for status {status!r}")
    for status, text in raw["summary"].items():
        if status not in STATUSES:
            raise DataError(f"{where}: summary status {status!r} is not one of {STATUSES}")
        if isinstance(text, dict) and not all(isinstance(v, str) and v.strip() for v in text.values()):
            raise DataError(f"{where}: every summary variant of {status!r} needs wording")
    question = raw["question"]
    if isinstance(question, dict):
        if any(t not in question for t in applies):
            raise DataError(f"{where}: question needs wording for every plan type in applies_to")
    elif not str(question).strip():
        raise DataError(f"{where}: question is empty")


def _example(where: str, raw: Any) -> Example:
    if not isinstance(raw, dict) or not raw.get("text") or raw.get("status") not in STATUSES:
        raise DataError(f"{where}: each example needs text and a status")
    if str(raw.get("plan")) not in PLAN_TYPES:
        raise DataError(f"{where}: example plan must be one of {PLAN_TYPES}")
    return Example(plan=str(raw["plan"]), status=str(raw["status"]), text=str(raw["text"]),
                   today=str(raw["today"]) if raw.get("today") else None)
