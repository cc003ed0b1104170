"""What each element section of the plan actually says, as a state the rulebook turns into a status.

States are facts about the text ("decided", "deferred", "absent"); what they mean for the child and
which status they earn live in patterns/rulebook.yaml.
"""

from __future__ import annotations

import re

from ..ingest.model import Line, Table
from ..matching import family
from ..structure.model import Evidence, PlanStructure
from .amounts import parse_amount
from .model import ElementState
from .tables import cell, checked_text, column_kind, find_header

SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def _labels(text: str) -> set[str]:
    return family("elements").labels(checked_text(text))


def accommodation_items(plan: PlanStructure) -> list[Evidence]:
    """Each accommodation listed: a grid row's cell under its Accommodation column (else its first cell), or a
    line under an accommodations heading."""
    items: list[Evidence] = []
    for section in plan.of_kind("accommodations"):
        for block in section.blocks:
            if isinstance(block, Line):
                text = re.sub(r"^\s*[•▪●\-–*·]\s*", "", block.text)
                if section.inline:
                    text = text.split(":", 1)[-1]
                if text.strip() and not (section.has("services") and _gives_minutes(text)):
                    items.append(Evidence(block.page, text.strip(), block.ocr))
                continue
            items.extend(_accommodation_cells(block))
    return items


def _gives_minutes(text: str) -> bool:
    """"Counseling: the social worker will meet with Maya for 30 minutes a week": under a heading that holds
    services and supports together, a line with minutes is a service, not an accommodation."""
    return parse_amount(text).minutes_per_week is not None


def _accommodation_cells(table: Table) -> list[Evidence]:
    header = find_header(table, {"accommodation"}, at_least=1)
    column = header.first("accommodation") if header else None
    if header is not None and column is not None and column > 0:
        # "Area | Accommodation": the accommodations are in their own column, not the first one.
        rows = zip(table.rows[header.row + 1:], table.row_pages[header.row + 1:], strict=False)
        return [Evidence(page, cell(row, column), table.ocr) for row, page in rows if cell(row, column)]
    items: list[Evidence] = []
    for index, (row, page) in enumerate(zip(table.rows, table.row_pages, strict=False)):
        cells = [c for c in row if c.strip()]
        if cells and column_kind(cells[0]) == "accommodation":
            # "Accommodations | … at teacher discretion": a form row whose answer is the list itself;
            # but "Support | When" over the rows of a grid is its header.
            is_header = index == 0 and len(table.rows) > 1
            if len(cells) == 2 and not column_kind(cells[1]) and not is_header:
                items.append(Evidence(page, cells[1], table.ocr))
            continue
        if cells:
            items.append(Evidence(page, cells[0], table.ocr))
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
    # The placement and its reason may be printed on separate lines: read the section as one text.
    labels = _labels(" ".join(q.text for q in quotes))
    if "lre_explanation" in labels and labels & {"lre_extent", "placement"}:
        explained = [q for q in quotes if _labels(q.text) & {"lre_explanation", "lre_extent"}]
        return ElementState("lre", "explained", (explained or quotes)[:2])
    return ElementState("lre", "placement_only", quotes[:2])


def esy_state(plan: PlanStructure) -> ElementState:
    quotes = [q for q in plan.evidence_of("esy") if q.text.strip()]
    if not quotes:
        # Some forms decide summer services under another heading ("Schedule Modification: a longer
        # school year"); a sentence that names ESY and decides it still counts.
        quotes = [q for s in plan.sections for q in s.evidence()
                  if any(h.label == "esy" for h in family("headings").find(q.text))]
    if not quotes:
        return ElementState("esy", "absent")
    # On a form, a ticked answer is the decision, unless what was ticked is "to be determined".
    decided = [q for q in quotes if "esy_decided" in _labels(q.text)
               or ("☒" in q.text and "esy_deferred" not in _labels(q.text))]
    deferred = [q for q in quotes if "esy_deferred" in _labels(q.text)]
    if deferred and not decided:
        return ElementState("esy", "deferred", deferred[:2])
    if decided:
        return ElementState("esy", "decided", decided[:2])
    return ElementState("esy", "unclear", quotes[:2])


def assessment_state(plan: PlanStructure) -> ElementState:
    section_quotes = plan.evidence_of("assessment")
    quotes = list(section_quotes)
    for section in plan.sections:
        if section.kind in ("assessment", "transition"):
            continue
        quotes.extend(q for q in section.evidence() if "assessment_statement" in _labels(q.text))
    if not quotes:
        return ElementState("assessment_participation", "absent")
    stated = [q for q in quotes if _labels(q.text) & {"assessment_how", "assessment_statement"}
              and "undecided" not in _labels(q.text)]
    stated += [q for q in section_quotes if "☒" in q.text and q not in stated]  # a ticked answer is a decision
    alternate = [q for q in quotes if _chooses_alternate(q.text)]
    if alternate and not any("alternate_reason" in _labels(q.text) for q in quotes):
        # The law asks for the reasons when the alternate test is chosen: it can affect a regular diploma.
        return ElementState("assessment_participation", "alternate_unexplained", alternate[:2])
    if stated:
        return ElementState("assessment_participation", "stated", stated[:2])
    undecided = [q for q in quotes if "undecided" in _labels(q.text)]
    if undecided:
        return ElementState("assessment_participation", "undecided", undecided[:2])
    return ElementState("assessment_participation", "unclear", quotes[:2])


def _chooses_alternate(text: str) -> bool:
    """"Alternate assessment: ☐ Yes ☒ No" and "does not meet the criteria for the alternate assessment"
    mention the alternate test without choosing it."""
    from .signals import is_negated

    for sentence in SENTENCE_END.split(checked_text(text)):
        hits = family("elements").find(sentence, labels={"alternate_assessment"})
        for hit in hits:
            answer = sentence[hit.end:hit.end + 12].lower()
            labelled = re.match(r"\s*:\s*(.*)$", sentence[hit.end:])
            if labelled and len(hits) > 1:
                continue  # "Alternate assessment: Rosie does not take an alternate assessment": the answer decides
            if labelled and NO_ANSWER.search(labelled.group(1)):
                continue
            if not is_negated(sentence, hit, window=8) and not re.match(r"\s*[:?]?\s*no\b", answer):
                return True
    return False


NO_ANSWER = re.compile(r"^\s*(?:no|none|n/a|not applicable)\b|\b(?:does|will) not\b|\bnot eligible\b", re.IGNORECASE)


NOT_APPLICABLE = re.compile(r"\b(?:not applicable|n/a|does not apply|not (?:yet )?required|not due)\b", re.IGNORECASE)
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
    if not parts and all(NOT_APPLICABLE.search(q.text) for q in quotes):
        # "Transition: Not applicable (student is under 14)": the form's slot, marked as not due yet.
        return ElementState("transition", "absent")
    others = sum(1 for p in TRANSITION_PARTS[1:] if p in parts)
    state = "complete" if "transition_goal" in parts and others >= 2 else "partial"
    missing = [p for p in TRANSITION_PARTS if p not in parts]
    return ElementState("transition", state, list(parts.values())[:4] or quotes[:2], {"missing_parts": missing})


def _content_after_label(text: str) -> str:
    return text.split(":", 1)[1].strip() if ":" in text[:80] else text.strip()


def parent_concerns_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("parent_concerns")
    if not quotes:
        return ElementState("parent_concerns", "absent")
    stated = [q for q in quotes if len(_content_after_label(q.text).split()) >= 3
              and "empty_answer" not in _labels(_content_after_label(q.text))]
    return ElementState("parent_concerns", "stated" if stated else "empty", (stated or quotes)[:2])


ROLE_LABELS = ("role_parent", "role_general_teacher", "role_special_teacher", "role_lea", "role_evaluator",
               "role_student")


def team_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("team")
    if not quotes:
        return ElementState("team", "absent")
    roles: set[str] = set()
    with_roles: list[Evidence] = []  # the lines naming someone's role, not the "Signature | Role | Date" heading
    for quote in quotes:
        named = _labels(quote.text) & set(ROLE_LABELS)
        roles |= named
        if named:
            with_roles.append(quote)
    return ElementState("team", "listed" if roles else "unclear", (with_roles or quotes)[:4], {"roles": sorted(roles)})


FACTOR_LABELS = ("behavior_factor", "assistive_technology", "english_learner")
CONCERN_LABELS = {"emotional_regulation", "behavior_discipline"}


def special_factors_state(plan: PlanStructure) -> ElementState:
    """Were behavior, English learning, braille, communication and assistive technology considered?"""
    quotes = plan.evidence_of("special_factors")
    mentioned = [q for s in plan.sections if s.kind not in ("accommodations", "services") for q in s.evidence()
                 if _labels(q.text) & set(FACTOR_LABELS)]
    narrative = [q for s in plan.of_kind("present_levels", "disability_impact", "parent_concerns", "preamble")
                 for q in s.evidence()]
    concerns = [q for q in narrative if {h.label for h in family("signals").find(q.text)} & CONCERN_LABELS]
    has_behavior_plan = any("behavior_factor" in _labels(q.text) for q in quotes + mentioned)
    if concerns and not has_behavior_plan:
        return ElementState("special_factors", "behavior_unaddressed", concerns[:2])
    if quotes and any("special_factor_decision" in _labels(q.text) for q in quotes):
        return ElementState("special_factors", "considered", quotes[:3])
    if quotes or mentioned:
        return ElementState("special_factors", "partial", (quotes or mentioned)[:3])
    return ElementState("special_factors", "absent")


def disability_impact_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("disability_impact")
    if not quotes:
        quotes = [q for s in plan.of_kind("present_levels") for q in s.evidence() if "impact" in _labels(q.text)]
    return ElementState("disability_impact", "stated" if quotes else "absent", quotes[:2])


def named_state(plan: PlanStructure, kind: str, element_id: str) -> ElementState:
    """A section that only has to name something (the impairment, the data used): named or absent."""
    quotes = [q for q in plan.evidence_of(kind) if len(_content_after_label(q.text)) >= 3]
    return ElementState(element_id, "named" if quotes else "absent", quotes[:2])


def major_life_activity_state(plan: PlanStructure) -> ElementState:
    quotes = plan.evidence_of("major_life_activity")
    if not quotes:
        return ElementState("major_life_activity", "absent")
    named = [q for q in quotes if "major_life_activity" in _labels(_content_after_label(q.text))]
    return ElementState("major_life_activity", "named" if named else "vague", (named or quotes)[:2])


def responsible_staff_state(plan: PlanStructure) -> ElementState:
    """Who carries out each accommodation: a named role, or only "teachers"/"staff"."""
    from .tables import find_header

    named: list[Evidence] = []
    generic: list[Evidence] = []
    for section in plan.of_kind("accommodations"):
        for table in section.tables():
            header = find_header(table, {"provider"})
            if not header:
                continue
            column = header.first("provider")
            for row, page in zip(table.rows[header.row + 1:], table.row_pages[header.row + 1:], strict=False):
                person = row[column].strip() if column is not None and column < len(row) else ""
                quote = Evidence(page, " | ".join(c for c in row if c.strip()), table.ocr)
                hits = family("providers").find(person)
                (named if any(h.label == "role" for h in hits) else generic).append(quote)
    if not named and not generic:
        return ElementState("responsible_staff", "absent")
    return ElementState("responsible_staff", "named" if not generic else "generic", (generic or named)[:3])


def rights_transfer_state(plan: PlanStructure) -> ElementState:
    quotes = [q for s in plan.sections for q in s.evidence() if "rights_transfer" in _labels(q.text)]
    return ElementState("transfer_of_rights", "stated" if quotes else "absent", quotes[:2])


def alternate_assessment_state(plan: PlanStructure) -> ElementState:
    quotes = [q for q in plan.evidence_of("assessment") if "alternate_assessment" in _labels(q.text)]
    if not quotes:
        return ElementState("alternate_assessment", "not_used")
    explained = [q for q in quotes if "alternate_reason" in _labels(q.text)]
    return ElementState("alternate_assessment", "explained" if explained else "unexplained", quotes[:2])
