"""Minutes per week from every way districts write an amount (shared/spec/report.md, plan-elements §5.2)."""

from __future__ import annotations

import pytest

from planreview.extract.amounts import parse_amount

CASES = {
    "2 visits per week, 45 minutes each": 90.0, "40 minutes per day, 4 days per week": 160.0,
    "30 min/day x 4 days": 120.0, "45 min/day x 5": 225.0, "2x/mo x 30": 13.8,
    "30 min 2x weekly": 60.0, "2 x 30 min/wk": 60.0, "2x30 min/week": 60.0, "30 minutes, 2 times per week": 60.0,
    "60 minutes per week": 60.0, "60 mins weekly": 60.0, "1 session of 30 minutes per week": 30.0,
    "twice weekly for 30 minutes each session": 60.0, "three 20-minute sessions per week": 60.0,
    "3 sessions/week @ 20 min": 60.0, "150 min/month": 34.6, "120 minutes per month": 27.7,
    "450 minutes per quarter": 50.0, "120 minutes every 9 weeks": 13.3, "30 minutes per 5-day week": 30.0,
    "300 min/wk (in 5 x 60)": 300.0, "daily, 45 minutes": 225.0, "45 minutes daily": 225.0, "45 min/day": 225.0,
    "5 x 45 min/wk": 225.0, "consult 15 min monthly": 3.5, "15 minutes one time per month consultation": 3.5,
    "30 minutes per session, 1x/6-day cycle": 25.0, "1080 minutes per year": 30.0, "18 hours annually": 30.0,
    "20 minutes, 5 days per week": 100.0, "4 sessions/month @ 30 min": 27.7, "45 minutes weekly": 45.0,
    "2 x 45 minutes weekly": 90.0, "Weekly 30 min": 30.0, "2 times weekly 30 minutes": 60.0,
    "60 minutes every other week": 30.0, "1.5 hours per week": 90.0,
    "M/W/F 30 min": 90.0, "Tu/Th 25 minutes": 50.0, "Mon-Fri 45 min": 225.0, "60 min/2 wks": 30.0,
    "3x/wk x 20 min": 60.0, "45 minutes every 6 weeks": 7.5, "1 session 45 minutes per 9 weeks": 5.0,
    "30 minutes, 2 times a 6-day cycle": 50.0,
}
NO_AMOUNT = ["as needed", "on an as-needed basis", "To be determined", "per schedule", "ongoing", "TBD"]
UNCLEAR = ["1 period daily", "daily", "30 minutes", "36 sessions per IEP year", "twice weekly", "3 x 20 min",
           "PT/OT 30 min"]


@pytest.mark.parametrize(("text", "minutes"), list(CASES.items()))
def test_amounts_normalise_to_minutes_per_week(text: str, minutes: float) -> None:
    amount = parse_amount(text)
    assert amount.status == "fixed", text
    assert amount.minutes_per_week == pytest.approx(minutes, abs=0.05)


@pytest.mark.parametrize("text", NO_AMOUNT)
def test_as_needed_amounts_have_no_minutes(text: str) -> None:
    amount = parse_amount(text)
    assert (amount.minutes_per_week, amount.status) == (None, "no_amount")


@pytest.mark.parametrize("text", UNCLEAR)
def test_a_period_without_minutes_or_minutes_without_a_period_is_not_an_amount(text: str) -> None:
    amount = parse_amount(text)
    assert (amount.minutes_per_week, amount.status) == (None, "unclear")


def test_a_range_promises_its_lower_end() -> None:
    amount = parse_amount("30-60 minutes weekly")
    assert amount.minutes_per_week == 30.0 and amount.is_range
