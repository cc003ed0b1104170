"""How progress toward the goals is measured, and when it is reported to the family."""

from __future__ import annotations

import re
from collections import Counter

from ..matching import Hit, family
from ..structure.model import Evidence, PlanStructure, Section
from .model import Goal, ProgressReporting
from .tables import checked_text, column_kind, labelled_cells

NOT_ABOUT_PROGRESS = {"safeguards", "transfer_of_rights", "team", "page_header", "review"}
CLAUSE = re.compile(r"[.;,]|\band\b|\bbut\b", re.IGNORECASE)
PROGRESS_WORD = re.compile(r"\bprogress\b", re.IGNORECASE)


def extract_progress(plan: PlanStructure, goals: list[Goal]) -> ProgressReporting:
    result = ProgressReporting()
    schedules: Counter[str] = Counter()
    goal_texts = [re.sub(r"\s+", " ", g.text.lower()) for g in goals]

    def is_goal(text: str) -> bool:
        folded = re.sub(r"\s+", " ", text.lower())
        return any(goal in folded or folded in goal for goal in goal_texts if len(folded) > 20)

    def note_schedule(text: str, evidence: Evidence, weight: int = 1) -> None:
        value = reporting_schedule(text)
        if value:
            schedules[value] += weight
            result.schedule_evidence.append(evidence)

    def note_method(method: str, evidence: Evidence) -> None:
        if result.method is None:
            result.method = method
        result.method_evidence.append(evidence)

    for section in plan.sections:
        if section.kind in NOT_ABOUT_PROGRESS:
            continue  # "a copy of the safeguards is given to parents once a year" is not a progress report
        for table in section.tables():
            if not (section.has("goals") or section.has("progress")) and not labelled_cells(table, {"goal"}):
                continue  # a "What the data show" column of present levels is not how progress is measured
            for kind, text, page in labelled_cells(table, {"method", "reporting"}):
                text = checked_text(text)
                if kind == "method" and re.search(r"[A-Za-z]{3,}", text):
                    note_method(text, Evidence(page, text, table.ocr))
                elif kind == "reporting":
                    note_schedule(text, Evidence(page, text, table.ocr), weight=2)
        for quote in _prose(section):
            text = checked_text(quote.text)
            if is_goal(text):
                continue  # "as measured by" inside a goal is part of the goal, not the plan's method
            in_progress_section = section.has("progress")
            reporting = bool(family("progress").find(text, labels={"reporting"}))
            collecting = bool(family("progress").find(text, labels={"method"}))
            # "will keep a weekly log" says how often data is collected, not how often you hear about it.
            if reporting or (in_progress_section and not collecting):
                # What a progress section or a goal's reporting column says outweighs a passing mention.
                note_schedule(text, quote, weight=2 if in_progress_section else 1)
            if in_progress_section or PROGRESS_WORD.search(text):
                methods = family("progress").find(text, labels={"method"})
                words = [h for h in methods if h.pattern_id == "method_words"]
                if methods:
                    note_method(words[0].text if words else text, quote)
    if schedules:
        result.schedule = schedules.most_common(1)[0][0]
    return result


def _prose(section: Section) -> list[Evidence]:
    """Lines of a section, and in a progress section also its table rows that are not column headings."""
    quotes = [Evidence(line.page, line.text, line.ocr) for line in section.lines()]
    if section.has("progress"):
        for table in section.tables():
            for row, page in zip(table.rows, table.row_pages, strict=False):
                cells = [c for c in row if c.strip()]
                if cells and not all(column_kind(c) for c in cells):
                    quotes.append(Evidence(page, " | ".join(cells), table.ocr))
    return quotes


def reporting_schedule(text: str) -> str | None:
    """The schedule a reporting statement names; with several, the one in the clause about reporting."""
    hits = family("progress").find(checked_text(text), labels={"schedule", "reporting"})
    schedules = [h for h in hits if h.label == "schedule"]
    if not schedules:
        return None
    reporting = [h for h in hits if h.label == "reporting"]
    if len({h.value for h in schedules}) > 1 and reporting:
        same_clause = [h for h in schedules if _same_clause(text, h, reporting)]
        if same_clause:
            return str(same_clause[0].value)
    return str(schedules[0].value)


def _same_clause(text: str, hit: Hit, reporting: list[Hit]) -> bool:
    for other in reporting:
        low, high = sorted((hit.start, other.start))
        if not CLAUSE.search(text[low:high]):
            return True
    return False
