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
LABEL = re.compile(r"^\W*([A-Za-z][^:]{1,60}):")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
REPORTING_STATEMENT, BARE_LINE = 2, 1
REPORT_CARDS = "with report cards"
Schedule = tuple[str | None, str]  # the named schedule (or None) and the words the plan uses


def extract_progress(plan: PlanStructure, goals: list[Goal]) -> ProgressReporting:
    result = ProgressReporting()
    # Schedules by how surely they are about reports to the family: a statement that names the reports
    # outranks a bare line in a progress section ("Counseling | 30 | weekly" under it is a service).
    schedules: dict[int, Counter[Schedule]] = {REPORTING_STATEMENT: Counter(), BARE_LINE: Counter()}
    goal_texts = [re.sub(r"\s+", " ", g.text.lower()) for g in goals]

    def is_goal(text: str) -> bool:
        folded = re.sub(r"\s+", " ", text.lower())
        return any(goal in folded or folded in goal for goal in goal_texts if len(folded) > 20)

    def note_schedule(text: str, evidence: Evidence, tier: int, weight: int = 1) -> None:
        schedule, about_reports = reporting_schedule(text)
        if schedule:
            schedules[REPORTING_STATEMENT if about_reports else tier][schedule] += weight
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
                    note_schedule(text, Evidence(page, text, table.ocr), REPORTING_STATEMENT, weight=2)
        for quote in _prose(section):
            text = checked_text(quote.text)
            if is_goal(text) or _general_statement(text):
                continue  # "as measured by" inside a goal is the goal's; what the law says is no one's plan
            in_progress_section = section.has("progress")
            reporting = bool(family("progress").find(text, labels={"reporting"}))
            collecting = bool(family("progress").find(text, labels={"method"}))
            # "will keep a weekly log" says how often data is collected, not how often you hear about it.
            if reporting or (in_progress_section and not collecting):
                # What a progress section says outweighs a passing mention.
                note_schedule(text, quote, BARE_LINE, weight=2 if in_progress_section else 1)
            if in_progress_section or PROGRESS_WORD.search(text):
                methods = family("progress").find(text, labels={"method"})
                words = [h for h in methods if h.pattern_id == "method_words"]
                # Elsewhere a method must be stated as one ("will be measured by", "will track"): "the SLP
                # reviewed the progress monitoring data with the family" tells what happened, not the plan.
                stated = in_progress_section or len(words) < len(methods) or _method_label(text)
                if methods and stated:
                    note_method(words[0].text if words else text, quote)
    best = schedules[REPORTING_STATEMENT] or schedules[BARE_LINE]
    if best:
        result.schedule, result.schedule_stated = best.most_common(1)[0][0]
    return result


def _method_label(text: str) -> bool:
    """"Method for measuring progress: rubric-scored samples", "Evaluation: tally sheets": a method's label."""
    label = LABEL.match(text)
    return bool(label) and column_kind(label.group(1)) == "method"


def _general_statement(text: str) -> bool:
    return bool(family("progress").find(text, labels={"general_statement"}))


def _prose(section: Section) -> list[Evidence]:
    """Lines of a section, and in a progress section also its table rows that are not column headings."""
    quotes = _with_answers([Evidence(line.page, line.text, line.ocr) for line in section.lines()])
    if section.has("progress"):
        for table in section.tables():
            for row, page in zip(table.rows, table.row_pages, strict=False):
                cells = [c for c in row if c.strip()]
                if cells and not all(column_kind(c) for c in cells):
                    quotes.append(Evidence(page, " | ".join(cells), table.ocr))
    return quotes


def _with_answers(quotes: list[Evidence]) -> list[Evidence]:
    """"Progress toward annual goals will be reported to parents:" with its boxes on the next line
    ("☐ Quarterly ☒ Trimester"): a statement ending in a colon is read together with its answer."""
    joined: list[Evidence] = []
    for quote in quotes:
        if joined and joined[-1].text.rstrip().endswith(":"):
            asked = joined.pop()
            quote = Evidence(asked.page, f"{asked.text.rstrip()} {quote.text}", asked.ocr or quote.ocr)
        joined.append(quote)
    return joined


def reporting_schedule(text: str) -> tuple[Schedule | None, bool]:
    """The schedule a statement names, and whether the statement is about reports to the family. In a
    line that names its reports only their sentence counts: "Data will be collected through weekly
    probes. Progress reports will be sent home every 6 weeks." reports every 6 weeks, not weekly."""
    text = checked_text(text)
    sentences = [s for s in SENTENCE_END.split(text) if s.strip()]
    about_reports = [s for s in sentences if family("progress").find(s, labels={"reporting"})]
    for sentence in about_reports or sentences:
        hits = family("progress").find(sentence, labels={"schedule", "reporting"})
        schedules = [h for h in hits if h.label == "schedule"]
        if not schedules:
            continue
        reporting = [h for h in hits if h.label == "reporting"]
        # The schedule fewest clauses away from the words about reports: "measured with monthly probes …
        # and reported to Dashiell and his parents quarterly" reports quarterly.
        chosen = min(schedules, key=lambda h: (_clauses_between(sentence, h, reporting), _schedule_rank(h)))
        return (str(chosen.value) if chosen.value else None, chosen.text), bool(about_reports)
    return None, bool(about_reports)


def _schedule_rank(hit: Hit) -> int:
    """A period ("every 9 weeks") says more than "with each report card", which the report contract uses
    only where no period is named; either says more than a schedule only stated ("every 6 weeks")."""
    if hit.value is None:
        return 2
    return 1 if hit.value == REPORT_CARDS else 0


def _clauses_between(text: str, hit: Hit, reporting: list[Hit]) -> int:
    """How many clause breaks lie between a schedule and the nearest words about reports (0 without any)."""
    counts = []
    for other in reporting:
        low, high = sorted((hit.start, other.start))
        counts.append(len(CLAUSE.findall(text[low:high])))
    return min(counts, default=0)
