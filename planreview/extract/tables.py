"""Reading grids by their column headings (patterns/columns.yaml), whatever order a district prints them in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.model import Table
from ..matching import family

CHECKBOX_GLYPHS = "☐☒☑✓✔■□"
CHECKED_GLYPHS = "☒☑✓✔■"


def column_kind(cell: str) -> str | None:
    """The kind of column a header cell names, when the cell is (nearly) only that heading."""
    cleaned = re.sub(r"\([^)]*\)", "", cell).strip().rstrip(":").strip()
    if not cleaned or len(cleaned.split()) > 8:
        return None
    hits = family("columns").find(cleaned)
    if not hits or hits[0].start > 1:
        return None
    rest = cleaned[hits[0].end:]
    if len(re.findall(r"[A-Za-z]{2,}", rest)) > 2:
        return None
    return hits[0].label


@dataclass(frozen=True)
class Header:
    row: int
    columns: dict[int, str]  # column index → kind

    def first(self, kind: str) -> int | None:
        return next((i for i, k in sorted(self.columns.items()) if k == kind), None)

    def all(self, *kinds: str) -> list[int]:
        return [i for i, k in sorted(self.columns.items()) if k in kinds]


def find_header(table: Table, needed: set[str], at_least: int = 2) -> Header | None:
    """The header row of a grid: within its first rows, one that names a needed column and others."""
    for index, row in enumerate(table.rows[:3]):
        columns = {i: kind for i, cell in enumerate(row) if (kind := column_kind(cell))}
        if needed & set(columns.values()) and len(columns) >= at_least:
            return Header(index, columns)
    return None


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
    return " ".join(p.strip() for p in kept if p.strip())


def labelled_cells(table: Table, kinds: set[str]) -> list[tuple[str, str, int | None]]:
    """(kind, text, page) for every filled cell under a column of these kinds, or beside a row label of them.

    Reads both layouts districts use: a grid with a header row ("Goal | Data collection | Reporting")
    and a form with labels down the left ("Annual Goal | …", "Data collection | …")."""
    found: list[tuple[str, str, int | None]] = []
    header = find_header(table, kinds, at_least=1)
    if header and len(header.columns) >= 2:
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
