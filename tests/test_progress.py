"""When progress is reported to the family: which sentence of a progress statement gives the schedule."""

from __future__ import annotations

import pytest

from planreview.extract.progress import extract_progress, reporting_schedule
from planreview.ingest.model import Document, Line
from planreview.structure import build_structure


@pytest.mark.parametrize(
    ("text", "schedule", "about_reports"),
    [
        # The sentence about reports decides, not the one about how often data is collected.
        ("Data will be collected through weekly CBM probes. Progress reports will be sent home every 6 weeks.",
         (None, "every 6 weeks"), True),
        ("Progress will be measured with biweekly probes. Written progress reports will be mailed to parents monthly.",
         ("monthly", "monthly"), True),
        ("Progress will be reported at parent-teacher conferences.", (None, "parent-teacher conferences"), True),
        ("Progress reports will be provided: ☐ Quarterly ☐ Each trimester ☒ With report cards ☐ Monthly",
         ("with report cards", "With report cards"), True),
        ("Progress reports go home every 9 weeks.", ("quarterly", "every 9 weeks"), True),
        ("Quarterly", ("quarterly", "Quarterly"), False),  # a cell of a "Report of progress" column
        ("Counseling | 30 | weekly", ("weekly", "weekly"), False),
        ("Progress reports will be sent home.", None, True),
        # The contract names "with report cards" only where no period is named.
        ("Progress reports go home with each report card (every 9 weeks).", ("quarterly", "every 9 weeks"), True),
        ("The nurse will send the parent a written summary monthly.", ("monthly", "monthly"), True),
        ("Progress will be measured with monthly reading probes and weekly planner checks, and reported to "
         "Dashiell and his parents quarterly.", ("quarterly", "quarterly"), True),
        ("Families will receive a written progress update every month.", ("monthly", "every month"), True),
        ("Written progress reports will be sent to parents in November, February, April and June.",
         ("quarterly", "November, February, April and June"), True),
    ],
)
def test_the_schedule_comes_from_the_sentence_about_reports(text: str, schedule: tuple[str | None, str] | None,
                                                            about_reports: bool) -> None:
    assert reporting_schedule(text) == (schedule, about_reports)


def _progress_of(*lines: str):
    document = Document("plan.docx", "docx", 2, [Line("Individualized Education Program", 1, emphasis=True),
                                               *(Line(text, 2) for text in lines)])
    return extract_progress(build_structure(document), [])


def test_a_method_counts_where_the_plan_states_it_not_where_it_tells_what_happened() -> None:
    told = _progress_of("At the October conference the speech-language pathologist reviewed the progress "
                        "monitoring data with the family.")
    assert told.method is None
    labelled = _progress_of("Method for measuring progress: rubric-scored writing samples (monthly)")
    assert labelled.method == "rubric"
    asked = _progress_of("How progress toward the goals will be measured: teacher observation.")
    assert asked.method == "teacher observation"


def test_a_reporting_statement_ending_in_a_colon_takes_its_ticked_box_from_the_next_line() -> None:
    progress = _progress_of("Progress toward annual goals will be reported to parents:",
                            "☐ Quarterly ☒ Trimester (with report cards) ☐ Semester ☐ Other: ______")
    assert progress.schedule == "trimester"
