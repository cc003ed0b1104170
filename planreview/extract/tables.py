"""Reading grids by their column headings (patterns/columns.yaml), whatever order a district prints them in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ingest.model import Table
from ..matching import family

CHECKBOX_GLYPHS = "☐☒☑✓✔■□"
CHECKED_GLYPHS = "☒☑✓✔■"
OPTION_END = re.compile(r"[.;]\s+|\s+(?=[A-Z][A-Za-z ]{1,30}:)")


def column_kind(cell: str, *, loose: bool = False) -> str | None:
    """The kind of column a header cell names, when the cell is (nearly) only that heading.

    `loose` reads a cell known to be in a header row, where forms print instructions as headings
    ("Describe HOW the student's progress toward meeting this goal will be measured"): the longest
    phrase anywhere in it decides."""
    cleaned = re.sub(r"\([^)]*\)", "", cell).strip().rstrip(":").strip()
    if not cleaned or len(cleaned.split()) > (25 if loose else 8):
        return None
    hits = [h for h in family("columns").find(cleaned)
            if h.value != "whole_cell" or h.end - h.start == len(cleaned)]
    if not hits:
        return None
    opening = hits[0] if hits[0].start <= 1 else None
    if loose:
        return (opening or max(hits, key=lambda h: (h.end - h.start, -h.start))).label
    if opening is None or len(re.findall(r"[A-Za-z]{2,}", cleaned[opening.end:])) > 2:
        return None
    return opening.label


@dataclass(frozen=True)
class Header:
    row: int  # the last header row: data starts below it
    columns: dict[int, str]  # column index → kind
    titles: dict[int, str] = field(default_factory=dict)  # column index → its heading, when two rows make it

    def title(self, table: Table, index: int) -> str:
        return self.titles.get(index) or cell(table.rows[self.row], index)

    def first(self, kind: str) -> int | None:
        return next((i for i, k in sorted(self.columns.items()) if k == kind), None)

    def all(self, *kinds: str) -> list[int]:
        return [i for i, k in sorted(self.columns.items()) if k in kinds]


def find_header(table: Table, needed: set[str], at_least: int = 2) -> Header | None:
    """The header row of a grid: within its first rows, a row of headings that names a needed column."""
    for index, row in enumerate(table.rows[:3]):
        if not is_header_row(row):
            continue
        columns = {i: kind for i, cell in enumerate(row) if (kind := column_kind(cell, loose=True))}
        if needed & set(columns.values()) and len(columns) >= at_least:
            below = table.rows[index + 1] if index + 1 < len(table.rows) else []
            return _two_row_header(index, row, below, columns) or Header(index, columns)
    return None


def _two_row_header(index: int, top: list[str], below: list[str], columns: dict[int, str]) -> Header | None:
    """A header printed on two rows: "Frequency" merged over "Sessions | Minutes | Per".

    The second row holds only short headings, and some of them sit under a merged cell (empty above)
    or under a heading they divide; each column then takes its kind from the lower heading."""
    filled = [i for i, c in enumerate(below) if c.strip()]
    if len(filled) < 2 or any(len(below[i].split()) > 4 or re.search(r"\d", below[i]) for i in filled):
        return None
    kinds = {i: column_kind(below[i], loose=True) for i in filled}
    if sum(1 for k in kinds.values() if k) < max(2, len(filled) - 1):
        return None
    if not any(not cell(top, i) for i in filled) and len(filled) == len([c for c in top if c.strip()]):
        return None  # a second row of headings as full as the first is a repeated header, not a split one
    merged = dict(columns)
    titles = {i: top[i] for i in columns}
    for i in filled:
        if kinds[i]:
            merged[i] = kinds[i]
            titles[i] = below[i]
    return Header(index + 1, merged, titles)


def is_header_row(row: list[str]) -> bool:
    """Column headings are short labels, and most of them are headings we know."""
    cells = [c for c in row if c.strip()]
    if len(cells) < 2 or any(len(c.split()) > 25 for c in cells):
        return False
    known = sum(1 for c in cells if column_kind(c, loose=True))
    return known >= max(1, len(cells) // 2) and not any(re.search(r"\d{2,}", c) for c in cells)


def cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def checked_text(text: str) -> str:
    """Keep only what a form's ticked boxes say: "☐ Monthly ☒ Quarterly" → "Quarterly".

    Text before the first box is the question and is kept; on a checkbox form only a ticked box counts."""
    if not any(glyph in text for glyph in CHECKBOX_GLYPHS):
        return text
    pieces = re.split(f"([{CHECKBOX_GLYPHS}])", text)
    kept = [pieces[0]]
    for glyph, piece in zip(pieces[1::2], pieces[2::2], strict=False):
        if glyph in CHECKED_GLYPHS:
            kept.append(piece)
        else:
            # An unticked option is its own words only; what follows a sentence end or a new
            # "Label:" ("☐ Annually. When: each quarter") is the form's next statement.
            rest = OPTION_END.split(piece, maxsplit=1)
            if len(rest) > 1:
                kept.append(rest[1])
    return " ".join(p.strip() for p in kept if p.strip())


def labelled_cells(table: Table, kinds: set[str]) -> list[tuple[str, str, int | None]]:
    """(kind, text, page) for every filled cell under a column of these kinds, or beside a row label of them.

    Reads both layouts districts use: a grid with a header row ("Goal | Data collection | Reporting")
    and a form with labels down the left ("Annual Goal | …", "Data collection | …")."""
    found: list[tuple[str, str, int | None]] = []
    header = find_header(table, kinds, at_least=1)
    if header and not _is_label_column(table, kinds):
        for row, page in zip(table.rows[header.row + 1:], table.row_pages[header.row + 1:], strict=False):
            for index in header.all(*kinds):
                text = cell(row, index)
                if text and column_kind(text) is None:
                    found.append((header.columns[index], text, page))
        return found
    for row, page in zip(table.rows, table.row_pages, strict=False):
        cells = [c for c in row if c.strip()]
        if len(cells) >= 2 and (kind := column_kind(cells[0])) in kinds:
            found.append((kind, " ".join(cells[1:]), page))
    return found


def _is_label_column(table: Table, kinds: set[str]) -> bool:
    """A form with labels down its left side ("Annual Goal | …", "Baseline | …"): most rows start with one."""
    labelled = sum(1 for row in table.rows if row and column_kind(row[0]) is not None)
    return len(table.rows) >= 2 and labelled >= max(2, (len(table.rows) + 1) // 2)
