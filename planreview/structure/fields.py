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

    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            # "Student | Date of birth | Grade" over "Dalia Okonkwo | 8/30/2013 | 7": labels head their columns.
            for (row, page), below in zip(zip(block.rows, block.row_pages, strict=False), block.rows[1:], strict=False):
                cells = [c for c in row if c.strip()]
                for name, value in _column_pairs(row, below):
                    keep(name, value, page, " | ".join(cells) + " / " + " | ".join(c for c in below if c.strip()),
                         block.ocr)
            for row, page in zip(block.rows, block.row_pages, strict=False):
                # Empty cells keep their place: "Review date | (blank) | Coordinator" has no review date.
                for name, value in _pairs([c.strip() for c in row]):
                    keep(name, value, page, " | ".join(c for c in row if c.strip()), block.ocr)
        elif block.cells:
            for name, value in _pairs(block.cells):
                keep(name, value, block.page, block.text, block.ocr)
        else:
            found = _colon_fields(block)
            for name, value in found:
                keep(name, value, block.page, block.text, block.ocr)
            if found and not found[-1][1].strip() and (value := _value_below(blocks, index)):
                # "… Grade: 12 Meeting date:" with "09/09/2025" wrapped onto the next line
                keep(found[-1][0], value, block.page, f"{block.text} {value}", block.ocr)
    return fields


def _value_below(blocks: list[Block], index: int) -> str | None:
    """The short answer on the line after a label that ends its line."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if not isinstance(following, Line) or following.cells:
        return None
    text = following.text.strip()
    if not text or len(text.split()) > 4 or ":" in text or family("fields").find(text):
        return None
    return text


BILINGUAL = re.compile(r"\s+/\s+")


def _label_of(cell: str) -> str | None:
    """The field a cell names when the whole cell is a label ("Birth Date", "DOB:", "Date of Birth (mm/dd/yyyy)").
    A bilingual form names it twice ("Fecha de nacimiento / Date of birth"): either half may be the label."""
    label = _single_label(cell)
    if label or not BILINGUAL.search(cell):
        return label
    halves = {_single_label(half) for half in BILINGUAL.split(cell) if half.strip()}
    halves.discard(None)
    return halves.pop() if len(halves) == 1 else None


def _column_pairs(labels: list[str], values: list[str]) -> list[tuple[str, str]]:
    """Fields of a form whose labels run across one row and whose answers fill the row below."""
    if len(labels) != len(values) or len([c for c in labels if c.strip()]) < 2:
        return []
    names = [_label_of(c) if c.strip() else None for c in labels]
    if sum(1 for n in names if n) < 2 or any(re.search(r"\d", c) or len(c.split()) > 7 for c in labels):
        return []  # a heading row names things; it holds no numbers
    if any(_label_of(v) for v in values if v.strip()):
        return []  # the next row is more labels
    return [(name, value) for name, value in zip(names, values, strict=True) if name and value.strip()]


def _single_label(cell: str) -> str | None:
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

