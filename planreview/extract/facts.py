"""Dates (birth, meeting, plan start and end, reviews) and the student's age, from the plan's fields."""

from __future__ import annotations

import datetime as dt
import re

from ..structure.model import FormField, PlanStructure
from .model import DatedFact, PlanFacts

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
         r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE_PATTERNS = [
    ("mdy", re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b")),
    ("iso", re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")),
    ("month_day_year", re.compile(MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)),
    ("day_month_year", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH + r",?\s+(\d{4})\b", re.IGNORECASE)),
]
# "is 11 years old", "an 11-year-old", "Age: 11" — not "services until age 21" or "rights transfer at age 18".
AGE_IN_TEXT = re.compile(
    r"\b(\d{1,2})[- ]years?[- ]old\b|\bage\s*:\s*(\d{1,2})\b|\b(\d{1,2})[- ]year[- ]old\b", re.IGNORECASE
)
DATE_FIELDS = ("dob", "meeting_date", "plan_start", "plan_end", "review_date", "reevaluation_date", "last_evaluation")


def find_dates(text: str) -> list[tuple[dt.date, int]]:
    """Every date in `text` with its position, in order."""
    found: list[tuple[dt.date, int]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            date = _to_date(kind, match.groups())
            if date:
                found.append((date, match.start()))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def _to_date(kind: str, groups: tuple[str, ...]) -> dt.date | None:
    try:
        if kind == "mdy":
            month, day, year = int(groups[0]), int(groups[1]), int(groups[2])
            if year < 100:
                year += 2000 if year < 70 else 1900
        elif kind == "iso":
            year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
        elif kind == "month_day_year":
            month, day, year = MONTHS[groups[0][:3].lower()], int(groups[1]), int(groups[2])
        else:
            day, month, year = int(groups[0]), MONTHS[groups[1][:3].lower()], int(groups[2])
        return dt.date(year, month, day) if 1900 < year < 2200 else None
    except (ValueError, KeyError):
        return None


def years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def add_years(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def extract_facts(plan: PlanStructure, today: dt.date) -> PlanFacts:
    facts = PlanFacts()
    for name in DATE_FIELDS:
        _date_from_field(facts, name, plan.fields.get(name))
    span = plan.fields.get("plan_dates")
    if span:
        dates = find_dates(span.value)
        evidence = span.evidence()
        if dates and "plan_start" not in facts.dates:
            facts.dates["plan_start"] = DatedFact("plan_start", dates[0][0], evidence)
        if len(dates) > 1 and "plan_end" not in facts.dates:
            facts.dates["plan_end"] = DatedFact("plan_end", dates[1][0], evidence)
    grade = plan.fields.get("grade")
    facts.grade = grade.value if grade else None
    _student_age(facts, plan, today)
    return facts


def _date_from_field(facts: PlanFacts, name: str, field: FormField | None) -> None:
    if field is None:
        return
    dates = find_dates(field.value)
    if dates:
        facts.dates[name] = DatedFact(name, dates[0][0], field.evidence())


def meeting_date(facts: PlanFacts) -> DatedFact | None:
    return facts.dates.get("meeting_date") or facts.dates.get("plan_start")


def plan_end_date(facts: PlanFacts) -> dt.date | None:
    """The last day the plan is in effect: as printed, or a year after the meeting (annual review)."""
    if "plan_end" in facts.dates:
        return facts.dates["plan_end"].date
    if "review_date" in facts.dates:
        return facts.dates["review_date"].date
    start = meeting_date(facts)
    return add_years(start.date, 1) - dt.timedelta(days=1) if start else None


def _student_age(facts: PlanFacts, plan: PlanStructure, today: dt.date) -> None:
    dob = facts.dates.get("dob")
    if dob:
        reference = meeting_date(facts)
        on = reference.date if reference else today
        age = years_between(dob.date, on)
        if 0 < age < 30:
            facts.student_age = age
            facts.age_evidence = [dob.evidence] + ([reference.evidence] if reference else [])
        return
    field = plan.fields.get("age")
    if field and (match := re.search(r"\d{1,2}", field.value)):
        facts.student_age = int(match.group())
        facts.age_evidence = [field.evidence()]
        return
    for section in plan.sections[:6]:
        for quote in section.evidence():
            match = AGE_IN_TEXT.search(quote.text)
            if match:
                facts.student_age = int(next(g for g in match.groups() if g))
                facts.age_evidence = [quote]
                return
