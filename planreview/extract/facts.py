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
# A narrative plan states its dates in sentences: "Owen (date of birth July 5, 2011)", "born on 3/4/2012",
# "His IEP team met on March 10, 2026", "This IEP will be in effect from March 11, 2026 through March 9, 2027".
# Each cue must end right before the date. Read only when the form gives no such field.
TEXT_CUES = {
    "dob": re.compile(r"\b(?:date\s+of\s+birth|birth\s?date|birthday|d\.?o\.?b\.?|born)(?:\s+(?:is|was|on|of))?"
                      r"\s*[:,\-–]?\s*$", re.IGNORECASE),
    # "His IEP team met on", "developed at a meeting on", "Meeting 10/14/2025" — not "Objective met 3/15/2026" in a
    # progress note (a team meets), nor the next or the annual review meeting.
    "meeting_date": re.compile(r"(?:\b(?:team|committee|we|group)\s+(?:met|convened)(?:\s+on)?"
                               r"|(?<!next )(?<!upcoming )(?<!review )(?<!following )\bmeeting(?:\s+(?:was\s+)?held"
                               r"|\s+took\s+place|\s+date)?(?:\s+(?:was|is|of|on))?)\s*[:,\-]?\s*$", re.IGNORECASE),
    # The plan's own dates ("This IEP will be in effect from"), not a service's ("Counseling starts on").
    "plan_start": re.compile(r"\b(?:iep|plan)\b[^.;]{0,30}?\b(?:in\s+effect|effective|takes\s+effect|begins|starts|runs"
                             r"|will\s+(?:begin|start|run))\s+(?:from|on|as\s+of)?\s*$", re.IGNORECASE),
}
SPAN_TO = re.compile(r"^\s*(?:through|thru|until|to|[-–—])\s*$", re.IGNORECASE)
TEXT_CUE_SECTIONS = 6
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
    _dates_from_text(facts, plan)
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


def _dates_from_text(facts: PlanFacts, plan: PlanStructure) -> None:
    """Birth, meeting and plan dates a plan writes in sentences, for those its fields did not give."""
    for section in plan.sections[:TEXT_CUE_SECTIONS]:
        for quote in section.evidence():
            dates = find_dates(quote.text)
            for index, (date, start) in enumerate(dates):
                before = quote.text[max(0, start - 60):start]
                for name, cue in TEXT_CUES.items():
                    if name in facts.dates or not cue.search(before):
                        continue
                    facts.dates[name] = DatedFact(name, date, quote)
                    if name == "plan_start" and index + 1 < len(dates) and "plan_end" not in facts.dates:
                        end, end_start = dates[index + 1]
                        between = quote.text[start:end_start]
                        # "from March 11, 2026 through March 9, 2027": what lies between is the first date and "through"
                        first = DATE_PATTERNS_ANY.match(between)
                        if first and SPAN_TO.match(between[first.end():]) and end > date:
                            facts.dates["plan_end"] = DatedFact("plan_end", end, quote)


DATE_PATTERNS_ANY = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in DATE_PATTERNS), re.IGNORECASE)


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


def _age_reference(facts: PlanFacts, born: dt.date) -> tuple[dt.date, DatedFact] | None:
    """The day the plan was written and the date it comes from: the meeting, else the plan's start, else a
    year before its end or annual review. None when the plan gives none (the age is then taken today)."""
    reference = meeting_date(facts)
    if reference:
        return reference.date, reference
    ending = facts.dates.get("plan_end") or facts.dates.get("review_date")
    if ending and ending.date > born:
        return add_years(ending.date, -1) + dt.timedelta(days=1), ending
    return None


def _student_age(facts: PlanFacts, plan: PlanStructure, today: dt.date) -> None:
    dob = facts.dates.get("dob")
    if dob:
        reference = _age_reference(facts, dob.date)
        age = years_between(dob.date, reference[0] if reference else today)
        if 0 < age < 30:
            facts.student_age = age
            facts.age_evidence = [dob.evidence] + ([reference[1].evidence] if reference else [])
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
