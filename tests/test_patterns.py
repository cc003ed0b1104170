"""Every pattern in patterns/*.yaml must match the example sentences kept next to it, and must not
match its counter-examples. Loading refuses patterns that need a trained model or lack examples."""

from __future__ import annotations

import pytest

from planreview.extract.signals import signals_in
from planreview.extract.tables import column_kind
from planreview.matching import PATTERN_FAMILIES, PatternFamily, family
from planreview.resources import DataError


def _cases(kind: str):
    for name in PATTERN_FAMILIES:
        for spec in family(name).specs.values():
            examples = spec.examples_match if kind == "match" else spec.examples_no_match
            for sentence in examples:
                yield pytest.param(name, spec.id, spec.label, sentence, id=f"{name}:{spec.id}:{sentence[:30]}")


def _fires(name: str, pattern_id: str, label: str, sentence: str) -> bool:
    if name == "signals":  # a signal counts only when it is not negated
        return label in signals_in(sentence)
    if name == "columns":  # a column heading is read as a whole cell
        return label in (column_kind(sentence), column_kind(sentence, loose=True))
    return any(hit.pattern_id == pattern_id for hit in family(name).find(sentence))


@pytest.mark.parametrize(("name", "pattern_id", "label", "sentence"), list(_cases("match")))
def test_pattern_matches_its_examples(name: str, pattern_id: str, label: str, sentence: str) -> None:
    assert _fires(name, pattern_id, label, sentence), f"{name}:{pattern_id} should match {sentence!r}"


@pytest.mark.parametrize(("name", "pattern_id", "label", "sentence"), list(_cases("no_match")))
def test_pattern_does_not_match_its_counter_examples(name: str, pattern_id: str, label: str, sentence: str) -> None:
    assert not _fires(name, pattern_id, label, sentence), f"{name}:{pattern_id} should not match {sentence!r}"


def test_every_pattern_has_examples_both_ways() -> None:
    for name in PATTERN_FAMILIES:
        for spec in family(name).specs.values():
            assert spec.examples_match and spec.examples_no_match, f"{name}:{spec.id}"


def _family(patterns: list[dict]) -> PatternFamily:
    return PatternFamily("test", {"family": "test", "patterns": patterns})


EXAMPLES = {"match": ["a"], "no_match": ["b"]}


@pytest.mark.parametrize("attribute", ["POS", "LEMMA", "DEP", "ENT_TYPE"])
def test_a_pattern_needing_a_trained_model_fails_loudly(attribute: str) -> None:
    with pytest.raises(DataError, match="trained model"):
        _family([{"id": "x", "label": "x", "tokens": [[{attribute: "NOUN"}]], "examples": EXAMPLES}])


def test_unknown_keys_and_missing_examples_fail_loudly() -> None:
    with pytest.raises(DataError, match="unknown pattern keys"):
        _family([{"id": "x", "label": "x", "phrases": ["a"], "examples": EXAMPLES, "colour": "red"}])
    with pytest.raises(DataError, match="examples"):
        _family([{"id": "x", "label": "x", "phrases": ["a"], "examples": {"match": ["a"]}}])
    with pytest.raises(DataError, match="exactly one"):
        _family([{"id": "x", "label": "x", "examples": EXAMPLES}])
