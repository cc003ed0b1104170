"""Annual goals, each one separately, and whether each is measurable (plan-elements.md §4)."""

from __future__ import annotations

import re

from ..ingest.model import Line, Table
from ..matching import family
from ..structure.model import PlanStructure
from .model import Goal
from .tables import cell, find_header, labelled_cells

GOAL_VERB = re.compile(r"\bwill\b", re.IGNORECASE)
LEADING_NUMBER = re.compile(r"^\s*(?:\(?\d{1,2}[.):]|[a-z][.)]|[•▪●\-–*])\s+")
# Form prompts and labels that contain "will" but are not goals ("What the student will be expected to achieve").
NOT_A_GOAL = re.compile(
    r"^\s*(?:progress|data|reporting|reports?|the team|services?|parents?|baseline|(?:aligned )?standards?|responsible"
    r"|evaluation|criteria|method|area|domain|present level|note|what|how|describe|list|include|enter|explain|identify"
    r"|annual goals?\s*[-–:])\b"
    # A parent guide's definition: "Goals describe what the team expects your child to accomplish …".
    r"|^\s*(?:(?:the|each|every|an?|annual|measurable|these|your child's)\s+)*goals?\s+(?:describe|describes|are|is"
    r"|should|must|tell|tells|say|says|show|shows|explain|explains|state|states|need)\b",
    re.IGNORECASE,
)
MIN_GOAL_WORDS = 5
GOAL_PART_COLUMNS = ("condition", "behavior", "criterion", "timeframe")
OBJECTIVE_NUMBER = re.compile(r"^\s*\d{1,2}\.[1-9]\d?\b")
AREA_PREFIX = re.compile(r"^\s*\([^)]{1,40}\)\s*[:.\-–]?\s*")
GOAL_LABEL = re.compile(
    r"^\s*(?:measurable\s+)?(?:annual\s+)?goal\s*(?:#?\s*\d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[:.\-–)]\s*", re.IGNORECASE
)
# Lines under a goal that finish it: "• Criterion: 3 of 4 on the rubric", "Timeframe: by 09/22/2026".
GOAL_PART = re.compile(
    r"^\s*(?:[•▪●\-–*]\s*)?(?:conditions?|criteri(?:on|a)|mastery|time ?frame|measured by|measurement|evaluation"
    r"|method|schedule|baseline)\s*:",
    re.IGNORECASE,
)


def extract_goals(plan: PlanStructure) -> list[Goal]:
    goals: list[Goal] = []
    outer_kind = "preamble"
    # "Annual Goal 1: …" opens a section of its own, and its "Condition:" / "Criterion:" lines follow in the
    # next one: the lines of goal sections in a row are read as one run, so a goal keeps its parts.
    run: list[Line] = []
    for section in plan.sections:
        if not section.inline:
            outer_kind = section.kind
        elif outer_kind == "transition":
            continue  # "Measurable annual goal: …" inside a transition plan points to the goals section
        if section.kind in ("transition", "present_levels") and not section.has("goals"):
            continue  # postsecondary goals and baselines are not annual goals
        for table in section.tables():
            goals.extend(_from_table(table))
        if section.has("goals"):
            run.extend(section.lines())
        elif section.kind != "page_header":
            goals.extend(_from_lines(run))
            run = []
    goals.extend(_from_lines(run))
    return _unique(goals)


def _from_table(table: Table) -> list[Goal]:
    across = _goals_across_columns(table)
    if across is not None:
        return across
    goals: list[Goal] = []
    area: str | None = None
    baseline_for: Goal | None = None
    objective_row = False
    for kind, text, page in labelled_cells(table, {"goal", "area", "baseline", "criterion", "number"}):
        if kind == "number":
            objective_row = bool(OBJECTIVE_NUMBER.match(text))  # "1.1" under "1.0" is a step, not a goal
        elif kind == "goal" and objective_row:
            objective_row = False
        elif kind == "area":
            area = text
        elif kind == "criterion" and baseline_for is not None:
            # The criterion printed in its own column belongs to the goal on its row.
            index = goals.index(baseline_for)
            goals[index] = _with_context(baseline_for, text)
            baseline_for = goals[index]
        elif kind == "goal" and _is_area_title(text):
            area = text  # "Goal 2 | Math problem solving": the goal's title, its text is on the next row
        elif (kind == "goal" and len(text.split()) >= MIN_GOAL_WORDS - 2 and not _is_objective(text)
              and not _is_prompt(text)):
            goal = assess_goal(_strip_marker(text), page, table.ocr)
            goal.area = area
            goals.append(goal)
            baseline_for = goal
        elif kind == "baseline" and baseline_for is not None and text.strip(" -–") and not baseline_for.baseline:
            baseline_for.baseline = text
    return goals


def _goals_across_columns(table: Table) -> list[Goal] | None:
    """"Condition | Behavior | Criterion | Timeframe": each row, read left to right, is one goal.
    None when the grid is not laid out that way."""
    header = find_header(table, {"behavior"}, at_least=3)
    if header is None or header.first("goal") is not None:
        return None
    parts = header.all(*GOAL_PART_COLUMNS)
    if "behavior" not in {header.columns[i] for i in parts}:
        return None
    goals = []
    for row, page in zip(table.rows[header.row + 1:], table.row_pages[header.row + 1:], strict=False):
        text = " ".join(cell(row, i).strip() for i in parts if cell(row, i).strip())
        if len(text.split()) >= MIN_GOAL_WORDS and GOAL_VERB.search(text) and not _is_objective(text):
            goals.append(assess_goal(text, page, table.ocr))
    return goals


def _is_area_title(text: str) -> bool:
    """A few words with no "will" and no number name an area, not a goal: "Math problem solving"."""
    return len(text.split()) < MIN_GOAL_WORDS and not GOAL_VERB.search(text) and not re.search(r"\d", text)


def _from_lines(lines: list[Line]) -> list[Goal]:
    goals: list[Goal] = []
    in_objectives = False
    pending_marker = False
    for line in lines:
        text = line.text.strip()
        markers = family("goals").find(text, labels={"goal_marker", "objective_marker"})
        opening = markers[0] if markers and markers[0].start <= 2 else None
        if opening and opening.label == "objective_marker":
            in_objectives = True
            continue
        if opening and opening.label == "goal_marker":
            in_objectives = False
            rest = text[opening.end:].lstrip(" :.-–)")
            if len(rest.split()) < MIN_GOAL_WORDS:
                pending_marker = True  # "Goal 1" on its own line: the goal is the next line
                continue
            is_goal = bool(GOAL_VERB.search(rest)) and not _is_prompt(rest)
            if is_goal:
                goals.append(assess_goal(rest, line.page, line.ocr))
            # else "GOAL 4 – Reading in the Content Areas" or a form's question: the goal follows
            pending_marker = not is_goal
            continue
        if in_objectives:
            continue
        if goals and GOAL_PART.match(text):
            goals[-1] = _with_context(goals[-1], text)  # a part printed under the goal finishes it
            continue
        candidate = LEADING_NUMBER.sub("", text)
        after_marker = pending_marker and GOAL_VERB.search(candidate) and not NOT_A_GOAL.match(candidate)
        if (after_marker or _looks_like_goal(candidate)) and len(candidate.split()) >= MIN_GOAL_WORDS:
            goals.append(assess_goal(candidate, line.page, line.ocr))
            pending_marker = False
    return goals


def _looks_like_goal(text: str) -> bool:
    if not GOAL_VERB.search(text) or NOT_A_GOAL.match(text) or text.rstrip().endswith("?"):
        return False
    return not family("progress").find(text, labels={"reporting"})


def _is_prompt(text: str) -> bool:
    """A form's instruction printed where a goal goes ("What challenging, yet attainable, goal …?")."""
    return bool(NOT_A_GOAL.match(LEADING_NUMBER.sub("", text))) or text.rstrip().endswith("?")


def _is_objective(text: str) -> bool:
    """"Benchmark 1a: …" or "Objective 2.1 …" in a goal column is a step toward a goal, not a goal."""
    markers = family("goals").find(text, labels={"goal_marker", "objective_marker"})
    return bool(markers) and markers[0].start <= 2 and markers[0].label == "objective_marker"


def _strip_marker(text: str) -> str:
    """The goal without its label: "Goal 2:", "Annual Goal (Math):" — the area in brackets is the label's."""
    labelled = GOAL_LABEL.match(text)
    if labelled:
        return text[labelled.end():].strip()
    markers = family("goals").find(text, labels={"goal_marker"})
    if markers and markers[0].start <= 2:
        return AREA_PREFIX.sub("", text[markers[0].end:].lstrip(" :.-–)"))
    return LEADING_NUMBER.sub("", text).strip()


def _with_context(goal: Goal, context: str) -> Goal:
    judged = assess_goal(goal.text, goal.page, goal.ocr, context=f"{goal.context} {context}".strip())
    judged.area, judged.baseline = goal.area, goal.baseline
    return judged


def assess_goal(text: str, page: int | None, ocr: bool = False, context: str = "") -> Goal:
    """Which parts of a measurable goal the text has. Measurable: a criterion with its window, and a
    condition, a timeframe or a measurement frame. "80% of the time" alone is not a criterion.
    `context` is what the plan prints beside the goal about it (a "Criteria" column)."""
    hits = family("goals").find(f"{text} {context}".strip())

    def first(label: str) -> str | None:
        return next((h.text for h in hits if h.label == label), None)

    opening = next((h.text for h in hits if h.label == "condition_opening" and h.start == 0), None)
    criterion = first("criterion")
    condition = first("condition") or opening
    timeframe = first("timeframe")
    frame = first("frame")
    measurable = criterion is not None and bool(condition or timeframe or frame)
    baseline = re.search(r"\(?\bbaseline\b\s*[:=-]?\s*([^)]+)\)?", text, re.IGNORECASE)
    return Goal(
        context=context,
        text=text,
        page=page,
        measurable=measurable,
        criterion=criterion,
        condition=condition,
        timeframe=timeframe or frame,
        baseline=baseline.group(1).strip() if baseline else None,
        vague_words=sorted({h.text.lower() for h in hits if h.label == "vague"}),
        ocr=ocr,
    )


def _unique(goals: list[Goal]) -> list[Goal]:
    """A goal printed twice (a grid and its summary) is one goal."""
    seen: set[str] = set()
    result = []
    for goal in goals:
        key = re.sub(r"\W+", " ", goal.text.lower()).strip()
        if key not in seen:
            seen.add(key)
            result.append(goal)
    return result
