"""Service lines from service grids and from the sentences of a services section."""

from __future__ import annotations

import re

from ..ingest.model import Line, Table
from ..matching import family
from ..structure.model import PlanStructure
from ..structure.sections import heading_kind
from .amounts import parse_amount
from .model import ServiceLine
from .service_line import service_line
from .service_text import SENTENCE_SPLIT, role_named_in, service_from_text
from .tables import Header, cell, checked_text, column_kind, find_header

AMOUNT_COLUMNS = ("amount", "minutes", "frequency", "duration", "period")
SERVICE_COLUMN_NEEDS = {"service"}
# Outside a services section, a grid headed "Description | Location | Frequency" lists something else.
GRIDS_ARE_NOT_SERVICES = {"accommodations", "goals", "team", "present_levels", "assessment", "preamble", "esy", "lre"}
CYCLE = re.compile(r"\b(\d{1,2})[- ]day (?:cycle|rotation)\b", re.IGNORECASE)
TOTAL_ROW = re.compile(r"^\s*(?:grand\s+)?(?:totals?|sum)\b", re.IGNORECASE)
CONTINUATION = re.compile(r"^\s*(?:[a-z(]|and\b|or\b)")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
HANGING = re.compile(r"(?:\b(?:and|or|of|for|with|to|in|&)|[,/-])\s*$", re.IGNORECASE)


def extract_services(plan: PlanStructure) -> list[ServiceLine]:
    services: list[ServiceLine] = []
    grid_tables: set[int] = set()
    cycle = _cycle_days(plan)
    for section in plan.sections:
        for block in section.tables():
            kind = "services" if section.has("services") else section.kind
            header = _service_header(block, kind)
            if header:
                grid_tables.add(id(block))
                # Outside a services section a service grid may list supports too (New York prints the
                # same "Programs/Services" grid for aids and devices): only real services count there.
                strict = kind != "services" or header.first("service") is None
                services.extend(_from_grid(block, header, strict, cycle))
    for section in plan.of_kind("services"):
        for block in section.blocks:
            if isinstance(block, Line):
                # A paragraph may describe several services, one sentence each.
                sentences = [block.text] if block.cells else SENTENCE_SPLIT.split(block.text)
                for sentence in sentences:
                    service = service_from_text(sentence, block.page, block.cells, block.ocr)
                    if service:
                        services.append(service)
            elif id(block) not in grid_tables:
                for row, page in zip(block.rows, block.row_pages, strict=False):
                    cells = [c for c in row if c.strip()]
                    service = service_from_text(" ".join(cells), page, cells if len(cells) > 1 else None, block.ocr)
                    if service:
                        services.append(service)
    return services


def _service_header(table: Table, section_kind: str) -> Header | None:
    """The header of a service grid. In a services section "Type" or "Description" heads the service
    column; elsewhere such a grid lists accommodations or transition activities, not services."""
    if section_kind == "transition":
        return None  # "Activity | Type | Responsible" lists transition activities
    needed = SERVICE_COLUMN_NEEDS if section_kind in GRIDS_ARE_NOT_SERVICES else {"service", "service_generic"}
    header = find_header(table, needed)
    if header and set(header.columns.values()) & {*AMOUNT_COLUMNS, "provider", "location"}:
        return header
    return None


def _cycle_days(plan: PlanStructure) -> int | None:
    """The plan's schedule cycle ("School District Cycle: ☒ 6 day cycle"), for grids counted "per cycle"."""
    for section in plan.sections:
        for quote in section.evidence():
            match = CYCLE.search(checked_text(quote.text))
            if match:
                return int(match.group(1))
    return None


def _from_grid(table: Table, header: Header, strict: bool, cycle: int | None = None) -> list[ServiceLine]:
    service_col = header.first("service")
    if service_col is None:
        service_col = header.first("service_generic")
    lines: list[ServiceLine] = []
    body = list(zip(table.rows[header.row + 1:], table.row_pages[header.row + 1:], strict=False))
    for row, page in _with_wrapped_rows_joined(body, service_col, header.all(*AMOUNT_COLUMNS)):
        name = cell(row, service_col)
        others = [c for i, c in enumerate(row) if i != service_col and c.strip()]
        if not name or _is_repeated_header(row, header) or (not others and heading_kind(name, True)):
            continue
        if TOTAL_ROW.match(name):
            continue  # "Totals | | 405": the sum of the rows above, not a service of its own
        if strict and not _is_service_row(name, row, header, table):
            continue  # "Guided notes | Regular classes | Daily" in a modifications grid is an accommodation
        amount_text = checked_text(_row_amount(row, header, table)).strip()
        headings = " ".join(header.title(table, i) for i in header.all(*AMOUNT_COLUMNS))
        if cycle and re.search(r"\bcycle\b", headings, re.IGNORECASE) and parse_amount(amount_text).status == "unclear":
            amount_text = f"{amount_text} per {cycle}-day cycle"  # "3 x 30 min" under "Frequency … Per Cycle"
        provider_text = cell(row, header.first("provider")) or role_named_in(name)
        location_text = cell(row, header.first("location"))
        lines.append(
            service_line(
                name=name,
                page=page,
                amount_text=amount_text,
                provider_text=provider_text,
                location_text=location_text,
                start=cell(row, header.first("start")) or None,
                end=cell(row, header.first("end")) or None,
                source="grid",
                text=" | ".join(c for c in row if c.strip()),
                ocr=table.ocr,
            )
        )
    return lines


def _with_wrapped_rows_joined(rows: list[tuple[list[str], int | None]], service_col: int | None,
                              amount_cols: list[int]) -> list[tuple[list[str], int | None]]:
    """A service printed over two rows of a grid ("Parent training and" / "coaching | | monthly"), or cut by
    a page break ("(articulation; carryover …) | Pathologist (SLP)"): the second row's name goes on in lower
    case or in brackets, alone on its row, after a name left hanging on "and", or with no amount of its own."""
    joined: list[tuple[list[str], int | None]] = []
    for row, page in rows:
        name = cell(row, service_col)
        if joined and name and CONTINUATION.match(name):
            above, above_page = joined[-1]
            others = [c for i, c in enumerate(row) if i != service_col and c.strip()]
            no_amount = not any(cell(row, i) for i in amount_cols)
            if not others or no_amount or HANGING.search(cell(above, service_col)):
                width = max(len(above), len(row))
                merged = [" ".join(p for p in (cell(above, i), cell(row, i)) if p) for i in range(width)]
                joined[-1] = (merged, above_page)
                continue
        joined.append((list(row), page))
    return joined


def _row_amount(row: list[str], header: Header, table: Table) -> str:
    """The amount cells read together ("30" under Minutes, "2x weekly" under Frequency) — unless one cell
    already states the whole amount ("45 min/day x 5" beside "45" under Minutes), which the others repeat."""
    cells = [_amount_cell(row, i, header, table) for i in header.all(*AMOUNT_COLUMNS)]
    for whole in (c for c in cells if parse_amount(c).minutes_per_week is not None):
        numbers = set(NUMBER.findall(whole))
        if all(set(NUMBER.findall(other)) <= numbers for other in cells):
            return whole
    return " ".join(cells)


def _is_service_row(name: str, row: list[str], header: Header, table: Table) -> bool:
    """Under a "Description" or "Type" heading, a row is a service when it names one or gives minutes
    (a bare 30 under "Minutes per Session" gives minutes)."""
    if family("services").find(name, labels={"service_name"}):
        return True
    return bool(family("services").find(_row_amount(row, header, table), labels={"duration", "count_duration"}))


def _amount_cell(row: list[str], index: int, header: Header, table: Table) -> str:
    """A bare number takes its unit and period from the column heading: 200 under "Minutes per week"
    is 200 minutes per week, 2 under "Sessions per week" is 2 sessions a week."""
    value = cell(row, index)
    heading = header.title(table, index)
    if header.columns.get(index) == "period" and re.search(r"[A-Za-z]", value):
        return value if value.lower().startswith(("per ", "every ", "each ", "a ")) else f"per {value}"
    if not re.fullmatch(r"\d+(?:\.\d+)?", value):
        return value
    heading = re.sub(r"[()]", " ", heading)
    units = family("services").find(f"1 {heading}", labels={"duration", "count"})
    if not units and re.search(r"\b(?:sessions?|times|frequency|freq)\b", heading, re.IGNORECASE):
        return f"{value} times {heading}"
    if not units:
        return f"{value} minutes {heading}"
    return f"{value} {heading}"


def _is_repeated_header(row: list[str], header: Header) -> bool:
    named = [column_kind(c) for c in row if c.strip()]
    return bool(named) and all(named)
