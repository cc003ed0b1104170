"""Grids printed without rules: a row of column headings, then rows whose words line up under them.

Many plans are Word documents saved as PDF with the table borders turned off. Their service grid has
no lines for pdfplumber to find, so it comes out as text rows with wide gaps, and a cell that wraps
("Special Education" / "Teacher") spills onto a line of its own. This module turns such a run of
rows back into a `Table`, so it is read like any other grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..matching import family
from .lines import CELL_GAP_EM
from .model import Table

ALIGN_PT = 14.0  # a cell starts within this distance of its column's left edge
MAX_ROW_GAP_EM = 2.6  # a grid's rows follow each other closely
MIN_COLUMNS = 3


@dataclass(frozen=True)
class _Run:
    x0: float
    x1: float
    text: str


def split_grids(rows: list[list[dict]]) -> list[tuple[str, object]]:
    """Cut printed rows into ("rows", [row, …]) and ("table", (top, bottom, Table)) pieces, in order."""
    pieces: list[tuple[str, object]] = []
    plain: list[list[dict]] = []
    index = 0
    while index < len(rows):
        grid, used = _grid_at(rows, index)
        if grid is None:
            plain.append(rows[index])
            index += 1
            continue
        if plain:
            pieces.append(("rows", plain))
            plain = []
        pieces.append(("table", grid))
        index += used
    if plain:
        pieces.append(("rows", plain))
    return pieces


def _run_words(row: list[dict]) -> list[list[dict]]:
    ordered = sorted(row, key=lambda w: w["x0"])
    runs: list[list[dict]] = [[ordered[0]]]
    for word in ordered[1:]:
        if word["x0"] - runs[-1][-1]["x1"] > CELL_GAP_EM * word["size"]:
            runs.append([])
        runs[-1].append(word)
    return runs


def _runs(row: list[dict]) -> list[_Run]:
    return [_Run(r[0]["x0"], r[-1]["x1"], " ".join(w["text"] for w in r)) for r in _run_words(row)]


def is_heading_row(texts: list[str]) -> bool:
    """Most cells of the row open with a column heading we know ("Service", "Frequency", "Provider")."""
    known = sum(1 for text in texts if any(hit.start <= 1 for hit in family("columns").find(text)))
    return known >= max(2, (len(texts) + 1) // 2) and all(len(text.split()) <= 6 for text in texts)


def _header_columns(row: list[dict]) -> list[tuple[float, str]]:
    """(left edge, heading) of each column. Headings printed close together ("Goal Description") are
    told apart by the column phrases they start with."""
    columns: list[tuple[float, str]] = []
    for run in _run_words(row):
        text = " ".join(w["text"] for w in run)
        offsets, position = [], 0
        for word in run:
            offsets.append(position)
            position += len(word["text"]) + 1
        starts = {hit.start for hit in family("columns").find(text)} | {0}
        for word, offset in zip(run, offsets, strict=True):
            if offset in starts or not columns:
                columns.append((word["x0"], word["text"]))
            else:
                columns[-1] = (columns[-1][0], f"{columns[-1][1]} {word['text']}")
    return columns


def _grid_at(rows: list[list[dict]], start: int) -> tuple[tuple[float, float, Table] | None, int]:
    header = _runs(rows[start])
    if len(header) < MIN_COLUMNS or not is_heading_row([run.text for run in header]):
        return None, 0
    columns = _header_columns(rows[start])
    anchors = [x for x, _ in columns]
    headings = [text for _, text in columns]
    body: list[list[str]] = []
    previous = rows[start]
    index = start + 1
    # A heading that wraps ("Amount of" / "time") continues on bold lines right under the header.
    while index < len(rows) and all(w["bold"] for w in rows[index]) and rows[index][0]["top"] - previous[0][
            "top"] <= MAX_ROW_GAP_EM * max(w["size"] for w in rows[index]):
        for word in rows[index]:
            column = _column(word["x0"], anchors)
            if column is None:
                break
            headings[column] = f"{headings[column]} {word['text']}"
        previous = rows[index]
        index += 1
    while index < len(rows):
        row = sorted(rows[index], key=lambda w: w["x0"])
        size = max(w["size"] for w in row)
        if row[0]["top"] - previous[0]["top"] > MAX_ROW_GAP_EM * size or all(w["bold"] for w in row):
            break  # a gap or a heading: the grid has ended
        columns = [_column(word["x0"], anchors) for word in row]
        if None in columns or _crosses(row, columns, anchors):
            break  # a paragraph running across the columns is not a row
        # A new row starts in the first column with a capital or a digit; "instruction)" under a cell
        # is that cell wrapping onto the next line.
        if len(_runs(row)) >= 2 and columns[0] == 0 and not row[0]["text"][:1].islower():
            body.append([""] * len(anchors))
        elif not body:
            break
        for word, column in zip(row, columns, strict=True):
            # Words go to their column, so a wrapped cell ("Special Education" / "Teacher") stays whole.
            body[-1][column] = f"{body[-1][column]} {word['text']}".strip()
        previous = row
        index += 1
    if not body:
        return None, 0
    top = min(w["top"] for w in rows[start])
    bottom = max(w["bottom"] for w in rows[index - 1])
    table = Table([headings, *body], [None] * (len(body) + 1))
    return (top, bottom, table), index - start


def _crosses(row: list[dict], columns: list[int | None], anchors: list[float]) -> bool:
    """A word that runs past the start of the next column belongs to a paragraph, not a cell."""
    return any(column is not None and column + 1 < len(anchors) and word["x1"] > anchors[column + 1] + ALIGN_PT
               for word, column in zip(row, columns, strict=True))


def _column(x0: float, anchors: list[float]) -> int | None:
    """The column a cell starting at x0 belongs to: the last column edge at or before it."""
    if x0 < anchors[0] - ALIGN_PT:
        return None
    candidates = [i for i, anchor in enumerate(anchors) if anchor - ALIGN_PT <= x0]
    return candidates[-1] if candidates else None
