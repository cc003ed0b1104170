"""Every rule in patterns/rulebook.yaml gives the status its examples say, on those example plans.
A rule without examples of two different statuses cannot even be loaded."""

from __future__ import annotations

import datetime as dt

import pytest

from planreview.checks import judge, load_rulebook
from planreview.checks.rulebook import _rule
from planreview.extract import extract
from planreview.ingest.model import Document, Line, Table
from planreview.resources import DataError
from planreview.structure import build_structure

TITLES = {"iep": "Individualized Education Program (IEP)", "504": "Section 504 Plan"}


def review_text(plan: str, text: str, today: dt.date = dt.date(2026, 11, 28)):
    """Review a short plan written as lines of text, as if it were a one-page document of that type."""
    blocks: list = [Line(TITLES[plan], 1)]
    for line in (t.strip() for t in text.splitlines() if t.strip()):
        if " | " not in line:
            blocks.append(Line(line, 1))
        elif blocks and isinstance(blocks[-1], Table):  # "a | b" lines are the rows of a grid
            blocks[-1].rows.append(line.split(" | "))
            blocks[-1].row_pages.append(1)
        else:
            blocks.append(Table([line.split(" | ")], [1]))
    document = Document(file="example.docx", format="docx", pages=1, blocks=blocks)
    structure = build_structure(document)
    structure.plan_type = plan  # an example is a fragment: its type is given, not inferred from a whole plan
    extraction = extract(structure, today)
    return {f.id: f for f in judge(extraction, today)}


def _examples():
    for rule in load_rulebook():
        for number, example in enumerate(rule.examples, 1):
            yield pytest.param(rule.id, example, id=f"{rule.id}-{number}-{example.status}")


@pytest.mark.parametrize(("rule_id", "example"), list(_examples()))
def test_rule_gives_the_status_of_its_example(rule_id: str, example) -> None:
    today = dt.date.fromisoformat(example.today) if example.today else dt.date(2026, 11, 28)
    finding = review_text(example.plan, example.text, today)[rule_id]
    assert finding.status == example.status, f"{rule_id}: {finding.summary}"
    assert finding.title and finding.question
    if finding.status != "not_applicable":
        assert finding.meaning, f"{rule_id} has no meaning for {example.plan}/{finding.status}"


def test_every_rule_has_examples_of_two_statuses_and_wording_for_each_plan_type() -> None:
    for rule in load_rulebook():
        assert len({e.status for e in rule.examples}) >= 2, rule.id
        for plan_type in rule.applies_to:
            assert rule.question_for(plan_type)
            for status in ("present", "weak", "missing"):
                if status in rule.summary:
                    assert rule.meaning_for(plan_type, status), (rule.id, plan_type, status)


BASE = {
    "id": "x", "title": "X", "applies_to": ["iep"], "evaluate": "goals", "basis": "federal", "citation": "34 CFR 1",
    "severity": "high", "summary": {"present": "ok", "missing": "no"},
    "meaning": {"present": "good", "missing": "bad"}, "question": "Why?",
    "examples": [{"plan": "iep", "status": "present", "text": "a"}, {"plan": "iep", "status": "missing", "text": "b"}],
}


def test_a_valid_rule_loads() -> None:
    assert _rule(dict(BASE)).id == "x"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "unknown keys"),
        ({"basis": "folklore"}, "basis"),
        ({"citation": None}, "citation"),
        ({"examples": [{"plan": "iep", "status": "present", "text": "a"}]}, "two different statuses"),
        ({"meaning": {"present": "good"}}, "no wording"),
        ({"applies_to": ["ifsp"]}, "applies_to"),
        ({"evaluate": "element"}, "element"),
    ],
)
def test_a_broken_rule_fails_loudly(change: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        _rule({**BASE, **change})
