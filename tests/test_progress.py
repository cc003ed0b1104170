"""When progress is reported to the family: which sentence of a progress statement gives the schedule."""

from __future__ import annotations

import pytest

from planreview.extract.progress import reporting_schedule


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
    ],
)
def test_the_schedule_comes_from_the_sentence_about_reports(text: str, schedule: tuple[str | None, str] | None,
                                                            about_reports: bool) -> None:
    assert reporting_schedule(text) == (schedule, about_reports)
