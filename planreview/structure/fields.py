"""Filled-in form fields: "Birth Date | 12/15/2015", "DOB: 07/27/2014", "Review by | Oct 23, 2025"."""

from __future__ import annotations

import re

from ..ingest.model import Block, Line, Table
from ..matching import Hit, family
from .model import FormField

PARENTHESISED = re.compile(r"\([^)]*\)")


def find_fields(blocks: list[Block]) -> dict[str, FormField]:
    fields: dict[str, FormField] = {}

    def keep(name: str, value: str, page: int | None, text: str, ocr: bool) -> None:
        value = value.strip(" :|-–\t")
        if value and name not in fields:
            fields[name] = FormField(name, value, page, text, ocr)

    for block in blocks:
        if isinstance(block, Table):
            for row, page in zip(block.rows, block.row_pages, strict=False):
                # Empty cells keep their place: "Review date | (blank) | Coordinator" has no review date.
                for name, value in _pairs([c.strip() for c in row]):
                    keep(name, value, page, " | ".join(c for c in row if c.strip()), block.ocr)
        elif block.cells:
            for name, value in _pairs(block.cells):
                keep(name, value, block.page, block.text, block.ocr)
        else:
            for name, value in _colon_fields(block):
                keep(name, value, block.page, block.text, block.ocr)
    return fields


def _label_of(cell: str) -> str | None:
    """The field a cell names when the whole cell is a label ("Birth Date", "DOB:", "Date of Birth (mm/dd/yyyy)")."""
    cleaned = PARENTHESISED.sub("", cell).strip().rstrip(":").strip()
    if not cleaned or len(cleaned.split()) > 7:
        return None
    hits = family("fields").find(cleaned)
    if len(hits) != 1 or hits[0].start > 0:
        return None
    rest = cleaned[hits[0].end:].strip(" :#/")
    if re.search(r"[A-Za-z]{2,}|\d", rest):
        return None  # "Date of birth: 02/14/2010" holds its own value
    return hits[0].label


def _pairs(cells: list[str]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for index, cell in enumerate(cells):
        if not cell:
            continue
        name = _label_of(cell)
        if not name:
            # "Student Wendell Stavros" printed without a gap: a label at the start of the cell.
            pairs.extend(_leading_label(cell))
            continue
        if index + 1 < len(cells) and not _label_of(cells[index + 1]):
            pairs.append((name, cells[index + 1]))
    return pairs


def _leading_label(cell: str) -> list[tuple[str, str]]:
    match = re.match(r"^\s*([^:]{2,40}):\s*(\S.*)$", cell)
    if match:
        name = _label_of(match.group(1))
        if name:
            return [(name, match.group(2))]
    return []


def _colon_fields(line: Line) -> list[tuple[str, str]]:
    """Labels followed by a colon in running text: "Student: Jo Lee  DOB: 3/4/2012  Grade: 5"."""
    hits: list[Hit] = [
        hit for hit in family("fields").find(line.text)
        if line.text[hit.end:hit.end + 2].lstrip().startswith(":")
    ]
    found = []
    for index, hit in enumerate(hits):
        value_end = hits[index + 1].start if index + 1 < len(hits) else len(line.text)
        value = line.text[hit.end:value_end].lstrip(" :")
        found.append((hit.label, value))
    return found

