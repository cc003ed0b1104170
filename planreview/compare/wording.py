"""Load patterns/compare.yaml: the words a parent reads for each kind of change, its severity, and the
vocabulary the matchers use. Checked on load, so a bad edit fails loudly at start-up, like the rulebook."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..resources import DataError, load_yaml
from ..structure.model import Evidence
from .model import Change, Value
from .text import fold

FILE = "compare.yaml"
SCHEMA = "planreview.compare/1"
# The change kinds of the contract (shared/spec/compare.md), in the order a report lists them.
KINDS = (
    "plan_type_changed",
    "service_reduced", "service_dropped", "service_increased", "service_added", "provider_changed",
    "location_changed",
    "goal_recycled", "goal_revised", "goal_dropped", "goal_added",
    "accommodation_removed", "accommodation_added",
    "progress_schedule_changed",
)
SEVERITIES = ("high", "medium", "low")
TEXT_KEYS = ("title", "meaning", "question")
KIND_KEYS = {"severity", *TEXT_KEYS, "variants"}
TOP_KEYS = {"schema", "kinds", "service_families", "service_filler_words", "assistant_words", "reports_per_year",
            "page", "errors"}
# The report explains and suggests questions; it never accuses. These words would turn a question into a charge.
ACCUSING = re.compile(r"\b(violat\w*|illegal\w*|unlawful\w*|lawsuit\w*|sue|negligen\w*|fault)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Wording:
    severity: str
    title: str
    meaning: str
    question: str


@dataclass(frozen=True)
class Vocabulary:
    """What the matchers need to know about how plans name things."""

    service_families: dict[str, tuple[str, ...]]  # family → folded phrases that name it
    service_filler_words: frozenset[str]  # words that name no particular service ("services", "direct")
    assistant_words: frozenset[str]  # words that make a provider an assistant rather than the licensed role
    reports_per_year: dict[str, float]  # named progress schedule → reports a year


def wording(kind: str, variant: str | None = None) -> Wording:
    entry = _data()["kinds"][kind]
    chosen = {**entry, **(entry.get("variants", {}).get(variant or "") or {})}
    return Wording(*(str(chosen[key]).strip() for key in ("severity", *TEXT_KEYS)))


def make_change(kind: str, subject: str, old: Value, new: Value, *, variant: str | None = None,
                old_evidence: list[Evidence] | None = None, new_evidence: list[Evidence] | None = None) -> Change:
    words = wording(kind, variant)
    return Change(kind=kind, subject=subject, old=old, new=new, severity=words.severity, title=words.title,
                  meaning=words.meaning, question=words.question, old_evidence=old_evidence or [],
                  new_evidence=new_evidence or [])


def vocabulary() -> Vocabulary:
    data = _data()
    return Vocabulary(
        service_families={name: tuple(fold(p) for p in phrases) for name, phrases in data["service_families"].items()},
        service_filler_words=frozenset(fold(w) for w in data["service_filler_words"]),
        assistant_words=frozenset(fold(w) for w in data["assistant_words"]),
        reports_per_year={str(k): float(v) for k, v in data["reports_per_year"].items()},
    )


def page_words() -> dict[str, Any]:
    return _data()["page"]


def error_words() -> dict[str, str]:
    return _data()["errors"]


@cache
def _data() -> dict[str, Any]:
    data = load_yaml(FILE)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise DataError(f"{FILE}: schema must be {SCHEMA}")
    unknown = set(data) - TOP_KEYS
    missing = TOP_KEYS - set(data)
    if unknown or missing:
        raise DataError(f"{FILE}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    _check_kinds(data["kinds"])
    _check_lists(data)
    for side in ("old", "new", "both"):
        if not str((data["errors"] or {}).get(side, "")).strip():
            raise DataError(f"{FILE}: errors needs wording for {side!r}")
    return data


def _check_kinds(kinds: Any) -> None:
    if not isinstance(kinds, dict) or set(kinds) != set(KINDS):
        have = set(kinds) if isinstance(kinds, dict) else set()
        raise DataError(f"{FILE}: kinds must be exactly {KINDS}; missing {sorted(set(KINDS) - have)}, "
                        f"unknown {sorted(have - set(KINDS))}")
    for kind, entry in kinds.items():
        where = f"{FILE}:{kind}"
        required = KIND_KEYS - {"variants"}
        if not isinstance(entry, dict) or set(entry) - KIND_KEYS or required - set(entry):
            raise DataError(f"{where}: needs severity, title, meaning and question (and optional variants)")
        _check_wording(where, entry)
        for name, variant in (entry.get("variants") or {}).items():
            if not isinstance(variant, dict) or not variant or set(variant) - (KIND_KEYS - {"variants"}):
                raise DataError(f"{where}.{name}: a variant overrides severity, title, meaning or question")
            _check_wording(f"{where}.{name}", variant)


def _check_wording(where: str, entry: dict[str, Any]) -> None:
    if "severity" in entry and entry["severity"] not in SEVERITIES:
        raise DataError(f"{where}: severity must be one of {SEVERITIES}")
    for key in TEXT_KEYS:
        if key not in entry:
            continue
        text = entry[key]
        if not isinstance(text, str) or not text.strip():
            raise DataError(f"{where}: {key} must be a non-empty text")
        if ACCUSING.search(text):
            raise DataError(f"{where}: {key} should ask, not accuse ({ACCUSING.search(text).group(0)!r})")


def _check_lists(data: dict[str, Any]) -> None:
    families = data["service_families"]
    if not isinstance(families, dict) or not all(
        isinstance(p, list) and p and all(isinstance(x, str) and fold(x) for x in p) for p in families.values()
    ):
        raise DataError(f"{FILE}: service_families maps each family to a list of phrases")
    for key in ("service_filler_words", "assistant_words"):
        if not isinstance(data[key], list) or not all(isinstance(x, str) and x.strip() for x in data[key]):
            raise DataError(f"{FILE}: {key} must be a list of words")
    per_year = data["reports_per_year"]
    if not isinstance(per_year, dict) or not all(isinstance(v, int | float) and v > 0 for v in per_year.values()):
        raise DataError(f"{FILE}: reports_per_year maps each named schedule to a number above 0")
