"""What each element section of the plan actually says, as a state the rulebook turns into a status.

States are facts about the text ("decided", "deferred", "absent"); what they mean for the child and
which status they earn live in patterns/rulebook.yaml.
"""

from __future__ import annotations

import re

from ..ingest.model import Line
from ..matching import family
from ..structure.model import Evidence, PlanStructure
from .model import ElementState
from .tables import checked_text, column_kind

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _labels(text: str) -> set[str]:
    return family("elements").labels(checked_text(text))


def accommodation_items(plan: PlanStructure) -> list[Evidence]:
    """Each accommodation listed: a grid row's first cell, or a line under an accommodations heading."""
    items: list[Evidence] = []
    for section in plan.of_kind("accommodations"):
        for block in section.blocks:
            if isinstance(block, Line):
                text = re.sub(r"^\s*[•▪●\-–*·]\s*", "", block.text)
                if section.inline:
                    text = text.split(":", 1)[-1]
                if text.strip():
                    items.append(Evidence(block.page, text.strip(), block.ocr))
                continue
            for row, page in zip(block.rows, block.row_pages, strict=False):
                cells = [c for c in row if c.strip()]
                if not cells or column_kind(cells[0]) == "accommodation":
                    continue
                items.append(Evidence(page, cells[0], block.ocr))
    return items


def present_levels_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("present_levels")
    if not quotes:
        return ElementState("present_levels", "absent")
    with_data = [q for q in quotes if "data" in _labels(q.text)]
    impact = plan.evidence_of("disability_impact") or [q for q in quotes if "impact" in _labels(q.text)]
    state = "with_data" if with_data else "generic"
    return ElementState("present_levels", state, (with_data or quotes)[:3], {"impact": bool(impact)})


def accommodations_state(items: list[Evidence]) -> ElementState:
    if not items:
        return ElementState("accommodations", "absent")
    specific = [i for i in items if "placeholder" not in _labels(i.text)]
    if not specific:
        return ElementState("accommodations", "placeholder", items[:3])
    return ElementState("accommodations", "specific", specific[:3], {"count": len(specific)})


def lre_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("lre")
    if not quotes:
        return ElementState("lre", "absent")
    for quote in quotes:
        labels = _labels(quote.text)
        if "lre_explanation" in labels and labels & {"lre_extent", "placement"}:
            return ElementState("lre", "explained", [quote])
    return ElementState("lre", "placement_only", quotes[:2])


def esy_state(plan: PlanStructure) -> ElementState:
    quotes = [q for q in plan.evidence_of("esy") if q.text.strip()]
    if not quotes:
        return ElementState("esy", "absent")
    decided = [q for q in quotes if "esy_decided" in _labels(q.text)]
    deferred = [q for q in quotes if "esy_deferred" in _labels(q.text)]
    if deferred and not decided:
        return ElementState("esy", "deferred", deferred[:2])
    if decided:
        return ElementState("esy", "decided", decided[:2])
    return ElementState("esy", "unclear", quotes[:2])


def assessment_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("assessment")
    for section in plan.sections:
        if section.kind in ("assessment", "accommodations", "transition"):
            continue
        quotes.extend(q for q in section.evidence() if "assessment_statement" in _labels(q.text))
    if not quotes:
        return ElementState("assessment_participation", "absent")
    stated = [q for q in quotes if _labels(q.text) & {"assessment_how", "assessment_statement"}
              and "undecided" not in _labels(q.text)]
    if stated:
        return ElementState("assessment_participation", "stated", stated[:2])
    undecided = [q for q in quotes if "undecided" in _labels(q.text)]
    if undecided:
        return ElementState("assessment_participation", "undecided", undecided[:2])
    return ElementState("assessment_participation", "unclear", quotes[:2])


TRANSITION_PARTS = ("transition_goal", "transition_assessment", "course_of_study", "transition_activities")


def transition_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("transition")
    if not quotes:
        return ElementState("transition", "absent")
    parts: dict[str, Evidence] = {}
    for quote in quotes:
        for label in _labels(quote.text):
            if label in TRANSITION_PARTS:
                parts.setdefault(label, quote)
    others = sum(1 for p in TRANSITION_PARTS[1:] if p in parts)
    state = "complete" if "transition_goal" in parts and others >= 2 else "partial"
    missing = [p for p in TRANSITION_PARTS if p not in parts]
    return ElementState("transition", state, list(parts.values())[:4] or quotes[:2], {"missing_parts": missing})
