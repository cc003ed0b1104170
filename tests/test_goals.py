"""Which lines of a goals section are annual goals (real sentences from plans and parent guides)."""

from __future__ import annotations

import pytest

from planreview.extract.goals import _from_lines, _from_table
from planreview.ingest.model import Line, Table


def _goals(*texts: str) -> list[str]:
    return [g.text for g in _from_lines([Line(text=t, page=3) for t in texts])]


@pytest.mark.parametrize(
    "text",
    [
        "Goals describe what the team expects your child to accomplish in one year and how the team will know.",
        "Each goal must say what your child will do, how well, and by when.",
        "Progress will be reported to parents each quarter.",
        "What will the student be expected to achieve?",
    ],
)
def test_guide_text_and_form_prompts_are_not_goals(text: str) -> None:
    assert _goals(text) == []


def test_goals_are_read_one_by_one_with_their_marker_removed() -> None:
    goals = _goals(
        "Goal 1: Given 10 two-step equations, Marisol will solve at least 8 correctly on 3 consecutive weekly probes.",
        "Goal setting: Sam will set a weekly goal and meet it in 4 of 5 weeks by June 2026.",
    )
    assert goals == [
        "Given 10 two-step equations, Marisol will solve at least 8 correctly on 3 consecutive weekly probes.",
        "Goal setting: Sam will set a weekly goal and meet it in 4 of 5 weeks by June 2026.",
    ]


def test_a_goal_printed_across_condition_behavior_criterion_and_timeframe_columns_is_one_goal() -> None:
    table = Table([
        ["#", "Condition", "Behavior", "Criterion", "Timeframe", "Evaluation Method"],
        ["1", "Given 10 linear equations with variables on both sides,", "Dariel will solve each equation,",
         "with 80% accuracy on 3 consecutive biweekly probes", "by January 2027.", "Teacher probes"],
        ["2", "During Algebra I class,", "Dariel will check his answers", "independently", "by the next annual review.",
         "Observation"],
    ], [1, 1, 1])
    goals = _from_table(table)
    assert [g.text for g in goals] == [
        "Given 10 linear equations with variables on both sides, Dariel will solve each equation, with 80% accuracy "
        "on 3 consecutive biweekly probes by January 2027.",
        "During Algebra I class, Dariel will check his answers independently by the next annual review.",
    ]
    assert [g.measurable for g in goals] == [True, False]


def test_a_goal_title_beside_its_number_is_the_area_and_the_goal_is_the_row_below() -> None:
    table = Table([
        ["Goal 2", "Math problem solving"],
        ["Annual goal", "When solving two-step word problems with fractions, Tobias will solve 4 of 5 problems "
                        "correctly on biweekly probes."],
        ["Measured by", "biweekly curriculum-based probes"],
    ], [1, 1, 1])
    goals = _from_table(table)
    assert [(g.text[:40], g.area) for g in goals] == [
        ("When solving two-step word problems with", "Math problem solving")]


def test_a_goal_keeps_its_condition_criterion_and_timeframe_lines_when_its_label_opens_a_section() -> None:
    from planreview.extract.goals import extract_goals
    from planreview.ingest.model import Document
    from planreview.structure import build_structure

    document = Document("plan.docx", "docx", 1, [
        Line("Individualized Education Program", 1, emphasis=True),
        Line("Measurable Annual Goals", 1, emphasis=True),
        Line("Annual Goal 1: Amara will initiate a back-and-forth conversation with a peer", 1),
        Line("Condition: during structured lunch bunch and recess", 1),
        Line("Criterion: at least 3 exchanges, 3 times per week for 4 consecutive weeks", 1),
        Line("Timeframe: by November 2026", 1),
    ])
    goals = extract_goals(build_structure(document))
    assert len(goals) == 1 and goals[0].measurable
