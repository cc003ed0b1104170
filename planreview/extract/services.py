"""Service lines from service grids and from sentences, with amount, provider and location."""

from __future__ import annotations

import re

from ..ingest.model import Line, Table
from ..matching import family
from ..structure.model import PlanStructure
from ..structure.sections import heading_kind
from .amounts import parse_amount
from .model import ServiceLine
from .tables import Header, cell, checked_text, find_header

AMOUNT_COLUMNS = ("amount", "minutes", "frequency", "duration")
SERVICE_COLUMN_NEEDS = {"service"}
# Outside a services section, a grid headed "Description | Location | Frequency" lists something else.
GRIDS_ARE_NOT_SERVICES = {"accommodations", "goals", "team", "present_levels", "assessment", "preamble", "esy", "lre"}
BULLET = re.compile(r"^\s*(?:[•▪◦●○■\-–*·]|\d{1,2}[.)]|[a-z][.)])\s*")
NAME_LABEL = re.compile(r"^\s*([A-Z][^:]{2,70}?)\s*:\s*(\S.*)$")
MINUTES_OF = re.compile(
    r"\b(?:minutes?|min|hours?|sessions?)\s+(?:per\s+\w+\s+|each\s+\w+\s+|a\s+week\s+)?of\s+"
    r"([a-zA-Z][a-zA-Z/\- ]{2,60}?)"
    r"(?=\s+(?:in|with|from|by|at|per|each|daily|weekly|monthly|to|for|during|provided|delivered)\b"
    r"|[,.;(]|$)",
    re.IGNORECASE,
)
RECEIVES = re.compile(
    r"\b(?:receives?|will receive|will be provided|is provided|will get|gets)\s+(?:with\s+)?"
    r"([a-zA-Z][a-zA-Z/\- ]{2,60}?)"
    r"(?=\s+(?:from|with|in|for|by|at|during|provided|delivered|services?\s+for)\b|[,.;(])",
    re.IGNORECASE,
)
# "… for social-emotional skill instruction in a group …": a service named by what it teaches.
FOR_SERVICE = re.compile(
    r"\bfor\s+([a-zA-Z][\w\-/ ]{2,50}?\s(?:instruction|therapy|services|support|counseling|coaching|training|group))\b",
    re.IGNORECASE,
)
# "specially designed instruction in written expression": a generic name and what it is in.
GENERIC_NAME = re.compile(r"(?:instruction|support|services?|intervention|therapy|program)$", re.IGNORECASE)
COMPLEMENT = re.compile(
    r"^\s+(?:in|for)\s+([a-zA-Z][\w\-/ ]{2,40}?)(?=\s+(?:from|by|with|at|for|in the|during|\d)|[,.;(]|$)",
    re.IGNORECASE,
)
MAX_SERVICE_NAME_WORDS = 12
LIST_NAME_WORDS = 8
SENTENCE_VERB = re.compile(r"\b(?:will|receives?|is|are|has|have|gets?|attends?|provided|provides?)\b", re.IGNORECASE)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
CYCLE = re.compile(r"\b(\d{1,2})[- ]day (?:cycle|rotation)\b", re.IGNORECASE)
SERVICE_VERB = re.compile(r"\b(?:receives?|receiving|will get|provided|provides?|attends?|participates? in)\b", re.I)


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
                    service = _from_text(sentence, block.page, block.cells, block.ocr)
                    if service:
                        services.append(service)
            elif id(block) not in grid_tables:
                for row, page in zip(block.rows, block.row_pages, strict=False):
                    cells = [c for c in row if c.strip()]
                    service = _from_text(" ".join(cells), page, cells if len(cells) > 1 else None, block.ocr)
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
    for row, page in zip(table.rows[header.row + 1:], table.row_pages[header.row + 1:], strict=False):
        name = cell(row, service_col)
        others = [c for i, c in enumerate(row) if i != service_col and c.strip()]
        if not name or _is_repeated_header(row, header) or (not others and heading_kind(name, True)):
            continue
        if strict and not _is_service_row(name, row, header):
            continue  # "Guided notes | Regular classes | Daily" in a modifications grid is an accommodation
        amount_text = " ".join(_amount_cell(row, i, table.rows[header.row][i]) for i in header.all(*AMOUNT_COLUMNS))
        amount_text = checked_text(amount_text).strip()
        headings = " ".join(table.rows[header.row][i] for i in header.all(*AMOUNT_COLUMNS))
        if cycle and re.search(r"\bcycle\b", headings, re.IGNORECASE) and parse_amount(amount_text).status == "unclear":
            amount_text = f"{amount_text} per {cycle}-day cycle"  # "3 x 30 min" under "Frequency … Per Cycle"
        provider_text = cell(row, header.first("provider")) or _role_named_in(name)
        location_text = cell(row, header.first("location"))
        lines.append(
            _service_line(
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


def _is_service_row(name: str, row: list[str], header: Header) -> bool:
    """Under a "Description" or "Type" heading, a row is a service when it names one or gives minutes."""
    if family("services").find(name, labels={"service_name"}):
        return True
    amount = " ".join(cell(row, i) for i in header.all(*AMOUNT_COLUMNS))
    return bool(family("services").find(amount, labels={"duration", "count_duration"}))


def _amount_cell(row: list[str], index: int, heading: str) -> str:
    """A bare number takes its unit and period from the column heading: 200 under "Minutes per week"
    is 200 minutes per week, 2 under "Sessions per week" is 2 sessions a week."""
    value = cell(row, index)
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
    from .tables import column_kind

    named = [column_kind(c) for c in row if c.strip()]
    return bool(named) and all(named)


def _from_text(text: str, page: int | None, cells: list[str] | None, ocr: bool) -> ServiceLine | None:
    """A service written as a sentence, a "Name: amount" bullet or an unruled grid row."""
    if re.match(r"^\s*[☐□]", text):
        return None  # an option on a checklist that was not ticked
    text = BULLET.sub("", checked_text(text)).strip()
    name, rest = _service_name(text, cells)
    if not name:
        return None
    named = bool(family("services").find(name, labels={"service_name"}))
    timed = parse_amount(rest).minutes_per_week is not None or bool(
        family("services").find(rest, labels={"duration", "count_duration"}))
    if not (named or timed):
        return None  # "Guided notes | All classes | Daily": a support without minutes is an accommodation
    if parse_amount(text).status == "missing" and not (named and (cells or SERVICE_VERB.search(text))):
        return None  # no amount at all: only a named service the plan says is given counts as a service line
    return _service_line(
        name=name,
        page=page,
        amount_text=_amount_phrase(rest),
        provider_text=_role_in(rest) or _role_named_in(name),
        location_text=_location_in(rest),
        start=None,
        end=None,
        source="text",
        text=text,
        ocr=ocr,
    )


def _service_name(text: str, cells: list[str] | None) -> tuple[str | None, str]:
    if cells and len(cells) > 1:
        return BULLET.sub("", cells[0]).strip(), " ".join(cells[1:])
    labelled = NAME_LABEL.match(text)
    if labelled and len(labelled.group(1).split()) <= MAX_SERVICE_NAME_WORDS:
        return labelled.group(1).strip(), labelled.group(2)
    for phrase in (MINUTES_OF.search(text), RECEIVES.search(text), FOR_SERVICE.search(text)):
        if phrase and len(phrase.group(1).split()) <= MAX_SERVICE_NAME_WORDS and not _is_amount(phrase.group(1)):
            return _with_complement(phrase.group(1).strip(), text[phrase.end(1):]), text
    # A list line or an unruled grid row ("SDI Reading 225 min/wk — Special Education Teacher"):
    # the name is what comes before the amount, when that is a name and not the start of a sentence.
    first_amount = family("services").find(text, labels={"duration", "count", "count_duration", "no_amount"})
    head = text[: first_amount[0].start].strip(" ,:-–—") if first_amount else ""
    if head and len(head.split()) <= LIST_NAME_WORDS and not SENTENCE_VERB.search(head):
        return head, text[first_amount[0].start:]
    names = family("services").find(text, labels={"service_name"})
    if names:
        return names[0].text, text
    if head and len(head.split()) <= MAX_SERVICE_NAME_WORDS:
        return head, text[first_amount[0].start:]
    return None, text


def _with_complement(name: str, following: str) -> str:
    """A generic name takes the subject that follows it: "specially designed instruction in written expression"."""
    if GENERIC_NAME.search(name):
        complement = COMPLEMENT.match(following)
        if complement and not _is_amount(complement.group(1)):
            return f"{name} {following[:complement.end(1)].strip()}"
    return name


def _is_amount(text: str) -> bool:
    return parse_amount(text).status != "missing"


def _amount_phrase(text: str) -> str:
    """The part of a sentence that states the amount, from its first to its last amount word."""
    hits = family("services").find(text, labels={"duration", "count", "count_duration", "period", "no_amount", "range"})
    if not hits:
        return ""
    return text[hits[0].start:hits[-1].end]


def _role_in(text: str) -> str:
    roles = family("providers").find(text, labels={"role"})
    return roles[0].text if roles else ""


def _role_named_in(name: str) -> str:
    """"Individual counseling with the school psychologist": a role the service's own name gives."""
    match = re.search(r"\b(?:with|by|from)\s+(?:the|a|an|our)?\s*(.+)$", name, re.IGNORECASE)
    return _role_in(match.group(1)) if match else ""


def _location_in(text: str) -> str:
    places = family("locations").find(text)
    return places[0].text if places else ""


def _service_line(*, name: str, page: int | None, amount_text: str, provider_text: str, location_text: str,
                  start: str | None, end: str | None, source: str, text: str, ocr: bool) -> ServiceLine:
    amount = parse_amount(amount_text)
    provider, role = _provider(provider_text)
    location, setting = _location(location_text)
    return ServiceLine(
        service=name,
        page=page,
        provider=provider,
        provider_role=role,
        minutes_per_week=amount.minutes_per_week,
        frequency=amount_text or None,
        amount_status=amount.status,
        location=location,
        location_setting=setting,
        start=start,
        end=end,
        source=source,
        text=text,
        ocr=ocr,
    )


def _provider(text: str) -> tuple[str | None, str | None]:
    """The provider as printed, unless it names nobody ("Staff", "TBD", blank)."""
    text = text.strip()
    if not text:
        return None, None
    hits = family("providers").find(text)
    roles = [h for h in hits if h.label == "role"]
    if roles:
        return text, str(roles[0].value)
    if any(h.label == "generic" and h.end - h.start >= len(text.strip(" .")) - 1 for h in hits):
        return None, None
    return text, None  # a name or a title we do not know: quote it, but it names no role we recognise


def _location(text: str) -> tuple[str | None, str | None]:
    text = text.strip()
    if not text or text.lower() in ("tbd", "n/a", "-", "—"):
        return None, None
    places = family("locations").find(text)
    return text, (places[0].label if places else None)
