"""Rule-based matching with spaCy on a blank English pipeline, patterns loaded from `patterns/*.yaml`.

Every pattern is data with an id, a label and examples it must and must not match (the tests run
them). Only attributes a tokenizer can provide are allowed: no trained model is installed here, and
rules need none, so a pattern asking for POS, LEMMA, DEP or ENT_TYPE is refused when it is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, filter_spans

from .resources import DataError, load_yaml

TOKEN_KEYS = {
    "ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER",
    "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "SHAPE", "PREFIX",
    "SUFFIX", "OP",
}
MODEL_KEYS = {"POS", "TAG", "LEMMA", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID", "MORPH", "HEAD",
              "SENT_START", "IS_SENT_START"}
PATTERN_KEYS = {"id", "label", "value", "phrases", "tokens", "examples", "negatable", "note", "scope", "context"}
FAMILY_KEYS = {"family", "description", "patterns", "negation", "overlapping"}
WORD_NUMBERS = {
    "zero": 0, "one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "thrice": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90,
    "a": 1, "an": 1, "single": 1, "half": 0.5,
}


@cache
def nlp() -> spacy.Language:
    """A blank English tokenizer that also splits "30min", "2x30", "4/5" and "@" into their parts."""
    pipeline = spacy.blank("en")
    infixes = [
        *pipeline.Defaults.infixes,
        r"(?<=[0-9])(?=[A-Za-z])",
        r"(?<=[A-Za-z])(?=[0-9])",
        r"/",
        r"@",
        r"(?<=[0-9])[-–](?=[0-9A-Za-z])",
    ]
    pipeline.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return pipeline


@lru_cache(maxsize=4096)
def tokenize(text: str) -> Doc:
    return nlp().make_doc(text)


def number_value(text: str) -> float | None:
    """The value of a number as printed: "30", "4.5", "1,080", "three", "twice"."""
    cleaned = text.lower().replace(",", "").strip()
    if cleaned in WORD_NUMBERS:
        return float(WORD_NUMBERS[cleaned])
    try:
        return float(cleaned)
    except ValueError:
        return None


@dataclass(frozen=True)
class Hit:
    pattern_id: str
    label: str
    value: Any
    start: int  # character offsets in the matched text
    end: int
    text: str
    negatable: bool = True


@dataclass(frozen=True)
class PatternSpec:
    id: str
    label: str
    value: Any
    negatable: bool
    scope: str | None
    context: tuple[str, ...]  # words of which one must also be in the text ("left class" counts only when upset)
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]


class PatternFamily:
    """The patterns of one file, compiled into a spaCy Matcher and PhraseMatcher."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name = name
        _check_keys(name, data, FAMILY_KEYS, "family")
        self.specs: dict[str, PatternSpec] = {}
        self.negation: dict[str, Any] = data.get("negation") or {}
        # Most families classify a span, so the longest match wins; some (the parts of a goal) are read
        # as a set of features, where "4 out of 5" and "5 weekly checks" may overlap and both count.
        self.overlapping = bool(data.get("overlapping", False))
        self._matcher = Matcher(nlp().vocab)
        self._phrases = PhraseMatcher(nlp().vocab, attr="LOWER")
        for raw in data.get("patterns") or []:
            self._add(raw)
        if not self.specs:
            raise DataError(f"{name}: no patterns")

    def _add(self, raw: dict[str, Any]) -> None:
        where = f"{self.name}:{raw.get('id', '?')}"
        _check_keys(where, raw, PATTERN_KEYS, "pattern")
        for key in ("id", "label", "examples"):
            if key not in raw:
                raise DataError(f"{where}: missing {key!r}")
        pattern_id = str(raw["id"])
        if pattern_id in self.specs:
            raise DataError(f"{where}: duplicate id")
        examples = raw["examples"] or {}
        if not examples.get("match") or not examples.get("no_match"):
            raise DataError(f"{where}: needs examples that must match and examples that must not")
        has_phrases, has_tokens = bool(raw.get("phrases")), bool(raw.get("tokens"))
        if has_phrases == has_tokens:
            raise DataError(f"{where}: give exactly one of 'phrases' or 'tokens'")
        if has_phrases:
            self._phrases.add(pattern_id, [nlp().make_doc(str(p)) for p in raw["phrases"]])
        else:
            token_patterns = raw["tokens"]
            for pattern in token_patterns:
                _check_token_pattern(where, pattern)
            try:
                self._matcher.add(pattern_id, token_patterns)
            except (ValueError, TypeError) as exc:
                raise DataError(f"{where}: invalid token pattern: {exc}") from exc
        self.specs[pattern_id] = PatternSpec(
            id=pattern_id,
            label=str(raw["label"]),
            value=raw.get("value"),
            negatable=bool(raw.get("negatable", True)),
            scope=raw.get("scope"),
            context=tuple(str(word).lower() for word in raw.get("context") or ()),
            examples_match=tuple(examples["match"]),
            examples_no_match=tuple(examples["no_match"]),
        )

    def find(self, text: str, *, labels: set[str] | None = None, longest: bool | None = None) -> list[Hit]:
        """Hits in `text`, in order. With `longest` (the family's default unless it is `overlapping`),
        overlapping hits keep only the longest."""
        if not text:
            return []
        if longest is None:
            longest = not self.overlapping
        doc = tokenize(text)
        spans = []
        matches = [*self._phrases(doc)]
        if len(self._matcher):
            matches.extend(self._matcher(doc))
        for match_id, start, end in matches:
            spec = self.specs[nlp().vocab.strings[match_id]]
            if labels is None or spec.label in labels:
                span = doc[start:end]
                span.label_ = spec.id
                spans.append(span)
        if any(self.specs[s.label_].context for s in spans):
            words = {t.lower_ for t in doc}
            spans = [s for s in spans if not self.specs[s.label_].context
                     or words.intersection(self.specs[s.label_].context)]
        if longest:
            spans = filter_spans(spans)
        hits = []
        for span in sorted(spans, key=lambda s: (s.start_char, -s.end_char)):
            spec = self.specs[span.label_]
            hits.append(Hit(spec.id, spec.label, spec.value, span.start_char, span.end_char, span.text,
                            spec.negatable))
        return hits

    def in_scope(self, scope: str | None) -> set[str]:
        """The labels of the patterns in one scope (None: the patterns without a scope)."""
        return {spec.label for spec in self.specs.values() if spec.scope == scope}

    def labels(self, text: str) -> set[str]:
        return {hit.label for hit in self.find(text)}

    def first(self, text: str, label: str) -> Hit | None:
        return next(iter(self.find(text, labels={label})), None)


def _check_keys(where: str, data: Any, allowed: set[str], kind: str) -> None:
    if not isinstance(data, dict):
        raise DataError(f"{where}: a {kind} must be a mapping")
    unknown = set(data) - allowed
    if unknown:
        raise DataError(f"{where}: unknown {kind} keys {sorted(unknown)}")


def _check_token_pattern(where: str, pattern: Any) -> None:
    if not isinstance(pattern, list) or not pattern:
        raise DataError(f"{where}: a token pattern is a non-empty list of token specs")
    for token in pattern:
        if not isinstance(token, dict):
            raise DataError(f"{where}: token spec {token!r} is not a mapping")
        for key in token:
            if key.upper() in MODEL_KEYS:
                raise DataError(f"{where}: {key} needs a trained model, which planreview does not use")
            if key.upper() not in TOKEN_KEYS:
                raise DataError(f"{where}: unknown token attribute {key}")
            if key.upper() == "TEXT" and isinstance(token[key], dict) and "REGEX" in token[key]:
                re.compile(token[key]["REGEX"])


@cache
def family(name: str) -> PatternFamily:
    """The compiled patterns of `patterns/<name>.yaml`."""
    data = load_yaml(f"{name}.yaml")
    if not isinstance(data, dict) or data.get("family") != name:
        raise DataError(f"{name}.yaml: its 'family' must be {name!r}")
    return PatternFamily(name, data)


PATTERN_FAMILIES = ("headings", "fields", "plan_type", "columns", "goals", "services", "providers", "locations",
                    "progress", "signals", "elements")
