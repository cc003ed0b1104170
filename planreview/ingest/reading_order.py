"""A page's blocks in reading order: top to bottom, but a two-column stretch left column first."""

from __future__ import annotations

import itertools
import statistics

from .grids import split_grids
from .lines import CELL_GAP_EM, paragraphs_from_rows
from .model import Block, Table


def blocks_in_reading_order(
    tables: list[tuple[float, float, Block]],
    rows: list[list[dict]],
    page: int,
    width: float,
    height: float,
    *,
    ocr: bool = False,
    table_spans: list[tuple[float, float]] | None = None,
) -> list[tuple[float, float, Block]]:
    """A page's placed tables and its printed rows of words, joined into paragraphs, in reading order:
    top to bottom, but a two-column stretch is read left column first, then right. Text pages and
    OCR'd page images both come through here. `table_spans` (left and right edge of each table) lets
    a ruled table inside one column stay in that column."""
    gutter = page_gutter(rows, width, height)
    groups = groups_at(rows, gutter, height)
    bands = _band_extents(groups)
    ordered: list[tuple[tuple[float, int, float], tuple[float, float, Block]]] = []
    for index, (top, bottom, block) in enumerate(tables):
        span = table_spans[index] if table_spans and index < len(table_spans) else None
        ordered.append((_table_key(top, span, gutter, bands), (top, bottom, block)))
    for band_top, column, group in groups:
        for kind, piece in split_grids(group):
            if kind == "table":
                top, bottom, grid = piece
                grid = Table(grid.rows, [page] * len(grid.rows), ocr)
                items = [(top, bottom, grid)]
            else:
                items = paragraphs_from_rows(piece, page, ocr=ocr)
            for item in items:
                ordered.append(((item[0] if band_top is None else band_top, column, item[0]), item))
    ordered.sort(key=lambda pair: pair[0])
    return [item for _, item in ordered]


def _band_extents(groups: list[ColumnGroup]) -> dict[float, float]:
    """Each two-column band's top and the bottom of its lowest line."""
    extents: dict[float, float] = {}
    for band_top, _, group in groups:
        if band_top is not None and len(group) > 1:
            bottom = max(w["bottom"] for row in group for w in row)
            extents[band_top] = max(extents.get(band_top, bottom), bottom)
    return extents


def _table_key(top: float, span: tuple[float, float] | None, gutter: float | None,
               bands: dict[float, float]) -> tuple[float, int, float]:
    if span is None or gutter is None:
        return (top, 0, top)
    side = 0 if span[1] <= gutter + 2 else 1 if span[0] >= gutter - 2 else None
    band = next((band_top for band_top, bottom in bands.items() if band_top <= top <= bottom), None)
    if side is None or band is None:
        return (top, 0, top)
    return (band, side, top)


MIN_COLUMN_ROWS = 6
MARGIN = 0.06  # running headers and footers live here; they are never split into columns


ColumnGroup = tuple[float | None, int, list[list[dict]]]


def page_gutter(rows: list[list[dict]], width: float, height: float) -> float | None:
    """Where a page printed in two columns divides, or None for a page in one column."""
    gutter = _gutter(rows, width)
    return gutter if gutter is not None else _empty_band(rows, width, height)


def column_groups(rows: list[list[dict]], width: float, height: float) -> list[ColumnGroup]:
    return groups_at(rows, page_gutter(rows, width, height), height)


def groups_at(rows: list[list[dict]], gutter: float | None, height: float) -> list[ColumnGroup]:
    """Split a page printed in two columns into (band top, column, rows) groups in reading order.

    Rows are matched across the page by height, so two columns side by side look like one wide row
    with a gap. When many rows share a gap near the middle (a gutter) and both sides are running
    text, not the short cells of a grid, each band between full-width rows is read left then right.
    A band top of None means "no columns here": each paragraph keeps its own place."""
    if gutter is None:
        return [(None, 0, rows)] if rows else []
    groups: list[ColumnGroup] = []
    left: list[list[dict]] = []
    right: list[list[dict]] = []
    band_top = 0.0

    def flush() -> None:
        if left:
            groups.append((band_top, 0, list(left)))
        if right:
            groups.append((band_top, 1, list(right)))
        left.clear()
        right.clear()

    for row in rows:
        in_margin = row[0]["top"] < MARGIN * height or row[0]["bottom"] > (1 - MARGIN) * height
        # Only a wide gap at the gutter splits a line: a full-width line's word space may fall there too.
        if in_margin or not _wide_gap_at(row, gutter):
            flush()  # a full-width line, or a running header or footer, ends the band
            groups.append((row[0]["top"], 0, [row]))
            continue
        if not left and not right:
            band_top = row[0]["top"]
        left_words = [w for w in row if w["x1"] <= gutter]
        right_words = [w for w in row if w["x0"] >= gutter]
        if left_words:
            left.append(left_words)
        if right_words:
            right.append(right_words)
    flush()
    return groups


def _gutter(rows: list[list[dict]], width: float) -> float | None:
    candidates: list[float] = []
    for row in rows:
        ordered = sorted(row, key=lambda w: w["x0"])
        for before, after in itertools.pairwise(ordered):
            middle = (before["x1"] + after["x0"]) / 2
            if after["x0"] - before["x1"] > CELL_GAP_EM * after["size"] and 0.3 * width < middle < 0.7 * width:
                candidates.append(middle)
    best: tuple[int, float] | None = None
    for x in candidates:
        count = len(_split_by(rows, x))
        if best is None or count > best[0]:
            best = (count, x)
    if best is None or best[0] < MIN_COLUMN_ROWS:
        return None
    split = _split_by(rows, best[1])
    # The middle of the empty band between the columns: a gap seen in one row may sit near the left
    # column's edge, where a longer line of the same column would cross it.
    x = _band_middle(split, best[1])
    # A line across x that stays clear of where the other column usually begins (or ends) is a line of
    # one column running over x: the gap seen in a few rows lies inside that column, not between two.
    left_end = statistics.median(max(w["x1"] for w in _left_of(r, x)) for r in split)
    right_start = statistics.median(min(w["x0"] for w in _right_of(r, x)) for r in split)
    inside = [r for r in rows if any(w["x0"] < x < w["x1"] for w in r)
              and (max(w["x1"] for w in r) < right_start or min(w["x0"] for w in r) > left_end)]
    if len(inside) >= max(3, 0.3 * len(split)):
        return None
    # Running text fills its column; the cells of an unruled grid (Name | Role | Date) are short.
    if _median_length(split, x, "left") < 25 or _median_length(split, x, "right") < 25:
        return None
    # A column of text is one run of words on each side; a grid row has more gaps on a side.
    single = [r for r in split if _runs(_left_of(r, x)) == _runs(_right_of(r, x)) == 1]
    return x if len(single) >= 0.7 * len(split) else None


def _empty_band(rows: list[list[dict]], width: float, height: float) -> float | None:
    """A gutter where the two columns' lines rarely sit at the same height (different paragraph spacing,
    a short right column): a vertical band near the middle that no body line crosses, with running text
    down both sides of it."""
    body = [r for r in rows if MARGIN * height <= r[0]["top"] and r[0]["bottom"] <= (1 - MARGIN) * height]
    if len(body) < 2 * MIN_COLUMN_ROWS:
        return None
    best: tuple[int, float] | None = None
    for step in range(int(0.3 * width), int(0.7 * width), 2):
        x = float(step)
        if _crossed(body, x, limit=0.05 * len(body)):
            continue  # lines run across here: not a gutter
        left = [r for r in body if _left_of(r, x)]
        right = [r for r in body if _right_of(r, x)]
        if len(left) < MIN_COLUMN_ROWS or len(right) < MIN_COLUMN_ROWS:
            continue
        if _median_length(left, x, "left") < 25 or _median_length(right, x, "right") < 25:
            continue  # short cells, not running text
        score = min(len(left), len(right))
        if best is None or score > best[0]:
            best = (score, x)
    return None if best is None else _band_middle(body, best[1])


def _crossed(rows: list[list[dict]], x: float, limit: float) -> bool:
    """Whether more than `limit` lines run across x. Counting stops there: on a page in one column nearly
    every line crosses the middle, and this is asked for many x on every page."""
    crossing = 0
    for row in rows:
        if not _wide_gap_at(row, x):
            crossing += 1
            if crossing > limit:
                return True
    return False


def _left_of(row: list[dict], x: float) -> list[dict]:
    return [w for w in row if w["x1"] <= x]


def _right_of(row: list[dict], x: float) -> list[dict]:
    return [w for w in row if w["x0"] >= x]


def _median_length(rows: list[list[dict]], x: float, side: str) -> float:
    words = [_left_of(r, x) if side == "left" else _right_of(r, x) for r in rows]
    return statistics.median(sum(len(w["text"]) + 1 for w in ws) for ws in words)


def _band_middle(rows: list[list[dict]], x: float) -> float:
    left_edge = max((w["x1"] for r in rows for w in _left_of(r, x)), default=x)
    right_edge = min((w["x0"] for r in rows for w in _right_of(r, x)), default=x)
    return (left_edge + right_edge) / 2


def _wide_gap_at(row: list[dict], x: float) -> bool:
    left = _left_of(row, x)
    right = _right_of(row, x)
    if any(w["x0"] < x < w["x1"] for w in row):
        return False
    if not left or not right:
        return True  # a line in one column only
    gap = min(w["x0"] for w in right) - max(w["x1"] for w in left)
    return gap > CELL_GAP_EM * max(w["size"] for w in row)


def _split_by(rows: list[list[dict]], x: float) -> list[list[dict]]:
    """Rows with words on both sides of x and none across it."""
    return [r for r in rows if _left_of(r, x) and _right_of(r, x) and not any(w["x0"] < x < w["x1"] for w in r)]


def _runs(words: list[dict]) -> int:
    """How many runs of words a printed line has, split at wide gaps (1 for ordinary text)."""
    ordered = sorted(words, key=lambda w: w["x0"])
    return 1 + sum(1 for a, b in itertools.pairwise(ordered) if b["x0"] - a["x1"] > CELL_GAP_EM * b["size"])
