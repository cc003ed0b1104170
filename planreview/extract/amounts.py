"""Turn an amount of service as printed into minutes per week (shared/spec/report.md).

The spaCy patterns in patterns/services.yaml label the pieces (a duration, a count of sessions, a
period); this module only combines them: minutes per session x sessions per period, converted to
a week (per day x5, per month x12/52, per quarter /9 …) and rounded to one decimal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..matching import Hit, family, number_value

SCHOOL_DAYS_PER_WEEK = 5
WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True)
class Amount:
    minutes_per_week: float | None
    status: str  # "fixed", "no_amount", "unclear" (minutes without a period, a period without minutes), "missing"
    is_range: bool = False


# Shorthand in service lists: "5 x week" is five times a week, "1x30 weekly" is one 30-minute session,
# "3x/wk x 20 min" is three 20-minute sessions, "60 min/2 wks" is 60 minutes every two weeks.
SHORTHAND = (
    (re.compile(r"\b[x×]\s*(week|wk|day|month|mo)\b", re.IGNORECASE), r"x per \1"),
    (re.compile(r"\b(\d+)\s*[x×]\s*(\d+)\b(?!\s*(?:-\s*)?(?:min|minutes?|mins|hrs?|hours?)\b)", re.IGNORECASE),
     r"\1 x \2 minutes"),
    (re.compile(r"(?<![\d\s])(\s+)[x×@]\s*(\d+(?:\.\d+)?\s*-?\s*(?:min|minutes?|mins|hrs?|hours?)\b)", re.IGNORECASE),
     r"\1for \2"),
    (re.compile(r"/\s*(\d+)\s*-?\s*(?:wks?|weeks?)\b", re.IGNORECASE), r" every \1 weeks"),
    # "2x/mo x 30": after the period, "x" and a number of ten or more is the minutes of each session.
    (re.compile(r"(?<=[A-Za-z])\s*[x×]\s*(\d{2,3})\b(?!\s*(?:-\s*)?(?:min|minutes?|mins|hrs?|hours?|days?|times?|sessions?)\b)",
                re.IGNORECASE), r" for \1 minutes"),
)
DAYS_A_WEEK = re.compile(
    r"\b([1-7])\s*days?\b"
    r"(?!\s*(?:per|a|each|every|of|in)\s+(?:the\s+)?(?:\d+[- ]day\s+)?(?:month|year|cycle|rotation))",
    re.IGNORECASE,
)
# Days of the week as printed in a schedule: "M/W/F", "Tu/Th", "Mon/Wed/Fri", "Mon-Fri".
WEEKDAY = r"(?:mon(?:day)?|tues?(?:day)?|wed(?:nesday)?|thu(?:rs?)?(?:day)?|fri(?:day)?|m|tu?|w|th|r|f)"
WEEKDAY_LIST = re.compile(rf"(?<![\w/]){WEEKDAY}(?:\s*/\s*{WEEKDAY})+(?![\w/])", re.IGNORECASE)
WEEKDAY_SPAN = re.compile(r"\b(?:mon(?:day)?|m)\s*[-–]\s*(?:fri(?:day)?|f)\b", re.IGNORECASE)


def parse_amount(text: str) -> Amount:
    text = (text or "").strip()
    for pattern, replacement in SHORTHAND:
        text = pattern.sub(replacement, text)
    text = _weekdays_as_count(text)
    if not re.search(r"[A-Za-z0-9]", text):
        return Amount(None, "missing")
    hits = family("services").find(text)
    durations = [h for h in hits if h.label == "duration"]
    count_durations = [h for h in hits if h.label == "count_duration"]
    periods = [h for h in hits if h.label == "period"]
    counts = [h for h in hits if h.label == "count"]
    is_range = any(h.label == "range" for h in hits) or any(
        re.search(r"\d\s*[-–]\s*\d", h.text) for h in durations)
    if count_durations:
        count, minutes = _count_and_minutes(count_durations[0])
        durations = []
    elif durations:
        minutes = _minutes(durations[0])
        count = _count_for(durations[0], counts, periods)
    else:
        if any(h.label == "no_amount" for h in hits):
            return Amount(None, "no_amount")
        return Amount(None, "unclear" if periods or counts else "missing")
    if minutes is None:
        return Amount(None, "unclear")
    period = _period_for(periods)
    if period is None:
        return Amount(None, "unclear", is_range)
    days = DAYS_A_WEEK.search(text)
    if period == "day" and days:
        # "40 minutes per day, 4 days per week": the days given, not every school day.
        return Amount(round(minutes * int(days.group(1)), 1), "fixed", is_range)
    weekly = _per_week(minutes * count, period)
    return Amount(round(weekly, 1) if weekly is not None else None, "fixed" if weekly is not None else "unclear",
                  is_range)


def _weekdays_as_count(text: str) -> str:
    """"M/W/F 30 min" → "3 days per week 30 min": named weekdays are a count of days each week."""
    text = WEEKDAY_SPAN.sub("5 days per week", text)
    return WEEKDAY_LIST.sub(lambda m: f"{m.group(0).count('/') + 1} days per week", text)


def _minutes(hit: Hit) -> float | None:
    numbers = [number_value(t) for t in re.findall(r"[\d.,]+|[A-Za-z-]+", hit.text)]
    values = [n for n in numbers if n is not None]
    if not values:
        return None
    return min(values) * float(hit.value or 1)  # a range of minutes promises its lower end


def _count_and_minutes(hit: Hit) -> tuple[float, float | None]:
    numbers = [number_value(t) for t in re.findall(r"[\d.,]+|[A-Za-z]+", hit.text)]
    values = [n for n in numbers if n is not None]
    return (values[0], values[1]) if len(values) >= 2 else (1.0, None)


def _count_for(duration: Hit, counts: list[Hit], periods: list[Hit]) -> float:
    """Sessions per period. A duration directly followed by its period is already a total
    ("60 minutes weekly", "300 min/wk (in 5 x 60)"), so a count printed after it is a breakdown."""
    before = [c for c in counts if c.end <= duration.start]
    after = [c for c in counts if c.start >= duration.end]
    if before:
        return _count_value(before[-1])
    period_follows = any(0 <= p.start - duration.end <= 2 for p in periods)
    if after and not period_follows:
        return _count_value(after[0])
    return 1.0


def _count_value(hit: Hit) -> float:
    for token in re.findall(r"[\d.]+|[A-Za-z]+", hit.text):
        value = number_value(token)
        if value is not None and token.lower() not in ("x", "a", "an"):
            return value
    return 1.0


def _period_for(periods: list[Hit]) -> object | None:
    if not periods:
        return None
    period = periods[0]
    if period.value in ("cycle", "weeks"):
        words = [t for t in re.findall(r"\d+|[A-Za-z]+", period.text) if t.lower() not in ("a", "an")]
        number = next((v for t in words if (v := number_value(t))), None)
        if not number:
            return None
        return ("cycle", number) if period.value == "cycle" else float(number)
    return period.value


def _per_week(total: float, period: object) -> float | None:
    if period == "day":
        return total * SCHOOL_DAYS_PER_WEEK
    if isinstance(period, tuple):  # a rotation of N school days
        return total * SCHOOL_DAYS_PER_WEEK / period[1]
    if isinstance(period, int | float):
        if abs(period - 4.3333) < 0.01:
            return total * 12 / 52
        return total / float(period)
    return None
