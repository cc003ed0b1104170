"""Is this an IEP, a Section 504 Plan, or a readable document that is not a plan?

A plan names itself in its title and has the sections of a plan. A meeting notice, a progress
report or an evaluation report talks about plans but is not one, so title words alone never decide.
"""

from __future__ import annotations

import re

from ..ingest.model import Line, Table
from ..matching import family
from .model import Evidence, Section

TITLE_ZONE_LINES = 12
IEP_SECTIONS = {"goals", "services", "present_levels", "lre", "esy", "transition", "progress", "assessment"}
S504_SECTIONS = {"impairment", "major_life_activity", "accommodations"}
PLAN_SECTIONS = IEP_SECTIONS | S504_SECTIONS | {"team", "parent_concerns"}


def classify(sections: list[Section]) -> tuple[str, list[Evidence]]:
    title = _title_zone(sections)
    cues = family("plan_type")
    first: dict[str, Evidence] = {}
    letter_cues: list[Evidence] = []
    for quote in title:
        # In one title line the first cue decides: "Section 504 Plan and Meeting Summary" is a plan.
        for hit in cues.find(quote.text):
            if hit.label == "letter":
                letter_cues.append(quote)
            elif not any(quote is first.get(label) for label in first) or hit.label in first:
                first.setdefault(hit.label, quote)
    for section in sections:  # closing words of a letter ("Sincerely,") come at its end
        for line in section.lines():
            if any(hit.label == "letter" for hit in cues.find(line.text)):
                letter_cues.append(Evidence(line.page, line.text, line.ocr))
    headed = {s.kind for s in sections if not s.inline and s.heading}
    kinds = {s.kind for s in sections}
    plan_sections = headed & PLAN_SECTIONS

    if "other" in first and _before(title, first["other"], first.get("iep"), first.get("504")):
        return "other", [first["other"]]
    if len(letter_cues) >= 2 and len(plan_sections) < 3:
        return "other", letter_cues[:2]
    if "504" in first and _before(title, first["504"], first.get("iep")) and (plan_sections or kinds & S504_SECTIONS):
        return "504", [first["504"]]
    # An amendment or addendum changes only part of the plan: its title and one plan section are enough.
    if "iep" in first and len(plan_sections) >= (1 if _amends(first["iep"]) else 2):
        return "iep", [first["iep"]]
    if "504" in first and kinds & S504_SECTIONS:
        return "504", [first["504"]]
    # No title words (a page torn from a form, a district without a cover): decide by the sections.
    if len(headed & IEP_SECTIONS) >= 4:
        return "iep", _section_evidence(sections, IEP_SECTIONS)
    if kinds & {"impairment", "major_life_activity"} and "accommodations" in kinds and not headed & IEP_SECTIONS - {
            "assessment", "progress"}:
        return "504", _section_evidence(sections, S504_SECTIONS)
    return "other", []


def _title_zone(sections: list[Section]) -> list[Evidence]:
    """Running headers and the first lines before the first real section: where a document names itself."""
    quotes: list[Evidence] = []
    for section in sections:
        if section.kind == "page_header":
            quotes.extend(section.evidence())
    body = [s for s in sections if s.kind != "page_header"]
    lines: list[Evidence] = []
    for section in body:
        # A district's name or a form's title may be styled like a heading: it still names the document.
        if section.kind not in ("preamble", "unknown") and section.heading and not section.inline:
            # The first real heading may be the title itself ("Accommodation Plan (Section 504)").
            lines.append(section.heading_evidence())
            break
        if section.kind == "unknown" and section.heading:
            lines.append(section.heading_evidence())
        for block in section.blocks:
            if isinstance(block, Line):
                lines.append(Evidence(block.page, block.text, block.ocr))
            elif isinstance(block, Table):
                lines.extend(Evidence(block.page, cell, block.ocr) for row in block.rows[:3] for cell in row
                             if cell.strip())
        if len(lines) >= TITLE_ZONE_LINES:
            break
    return quotes + lines[:TITLE_ZONE_LINES]


def _amends(title: Evidence) -> bool:
    return bool(re.search(r"\b(?:amendment|addendum|amended|revision)\b", title.text, re.IGNORECASE))


def _before(order: list[Evidence], first: Evidence, *others: Evidence | None) -> bool:
    position = order.index(first)
    return all(other is None or position <= order.index(other) for other in others)


def _section_evidence(sections: list[Section], kinds: set[str]) -> list[Evidence]:
    return [s.heading_evidence() for s in sections if s.kind in kinds and s.heading][:3]
