"""Cross-page clean-up of a PDF: running headers and footers, page numbers, grids split by a page break."""

from __future__ import annotations

import re
from collections import Counter

from .model import Block, Line, PageText, Table

MARGIN_SHARE = 0.12  # the top and bottom 12% of a page hold running headers and footers
PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?\d{1,4}\s*(?:of|/)\s*\d{1,4}$|^p(?:age|g)?\.?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[-–]?\s*\d{1,4}\s*[-–]?$",
    re.IGNORECASE,
)


def assemble(pages: list[PageText]) -> list[Block]:
    """Return the body blocks in reading order, with one copy of each running header kept at the top."""
    repeated = _repeated_margin_lines(pages)
    header_lines: list[Line] = []
    seen_headers: set[str] = set()
    blocks: list[Block] = []
    for page in pages:
        page_blocks: list[Block] = []
        for top, bottom, block in page.blocks:
            if isinstance(block, Line) and _in_margin(top, bottom, page.height):
                key = _margin_key(block.text)
                if PAGE_NUMBER.match(block.text.strip()):
                    continue
                if key in repeated:
                    if key not in seen_headers:
                        seen_headers.add(key)
                        header_lines.append(Line(block.text, block.page, origin="header"))
                    continue
            page_blocks.append(block)
        _append_page(blocks, page_blocks)
    return [*header_lines, *blocks]


def _in_margin(top: float, bottom: float, height: float) -> bool:
    return bottom <= height * MARGIN_SHARE or top >= height * (1 - MARGIN_SHARE)


def _margin_key(text: str) -> str:
    """Page numbers and dates change from page to page; the rest of a running header does not."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _repeated_margin_lines(pages: list[PageText]) -> set[str]:
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {
            _margin_key(block.text)
            for top, bottom, block in page.blocks
            if isinstance(block, Line) and _in_margin(top, bottom, page.height)
        }
        counts.update(keys)
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, count in counts.items() if count >= needed}


def _append_page(blocks: list[Block], page_blocks: list[Block]) -> None:
    """Add a page's blocks; a grid that runs over the page break continues the grid before it."""
    if page_blocks and blocks and isinstance(page_blocks[0], Table) and isinstance(blocks[-1], Table):
        previous, first = blocks[-1], page_blocks[0]
        if previous.width == first.width:
            _merge_tables(previous, first)
            page_blocks = page_blocks[1:]
    blocks.extend(page_blocks)


def _merge_tables(previous: Table, continuation: Table) -> None:
    rows, pages = list(continuation.rows), list(continuation.row_pages)
    if rows and previous.rows and _same_row(rows[0], previous.rows[0]):
        rows, pages = rows[1:], pages[1:]  # the header row printed again on the new page
    if rows and not rows[0][0].strip() and any(cell.strip() for cell in rows[0][1:]) and previous.rows:
        # A row cut by the page break: its first cell (a number or label) is only on the first part.
        last = previous.rows[-1]
        previous.rows[-1] = [
            f"{a} {b}".strip() if b.strip() else a for a, b in zip(last, rows[0] + [""] * len(last), strict=False)
        ]
        rows, pages = rows[1:], pages[1:]
    previous.rows.extend(rows)
    previous.row_pages.extend(pages)


def _same_row(a: list[str], b: list[str]) -> bool:
    return [c.strip().lower() for c in a] == [c.strip().lower() for c in b]
