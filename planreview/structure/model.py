"""What `structure` hands to `extract`: the document cut into sections, its form fields and its type."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..ingest.model import Block, Document, Line, Table

# "Assessment decision:" or "Parent signature: ____" with nothing filled in; not "☐ Yes ☒ No ☐ Deferred to:".
UNFILLED_LABEL = re.compile(r"^\s*[A-Za-z][^:☐☒☑□■]{0,60}:\s*(?:_{2,}\s*)?$")


@dataclass(frozen=True)
class Evidence:
    """A quote from the document and the page it stands on (None for a DOCX without page data)."""

    page: int | None
    text: str
    ocr: bool = False


@dataclass
class Section:
    """Blocks under one heading. `inline` sections come from a "Label: text" line or a labelled table row."""

    kind: str
    heading: str | None
    page: int | None
    blocks: list[Block] = field(default_factory=list)
    inline: bool = False
    also: frozenset[str] = frozenset()  # further kinds a combined heading names ("Present Levels / Goals")
    heading_ocr: bool = False  # the heading was read from a scanned page

    def heading_evidence(self) -> Evidence:
        return Evidence(self.page, self.heading or "", self.heading_ocr)

    def has(self, kind: str) -> bool:
        return kind == self.kind or kind in self.also

    def lines(self) -> list[Line]:
        return [b for b in self.blocks if isinstance(b, Line)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def evidence(self) -> list[Evidence]:
        """Every piece of text in the section, a table row as one quote. A form's label left blank
        ("Assessment decision:") says nothing, so it is no evidence of anything."""
        quotes: list[Evidence] = []
        for block in self.blocks:
            if isinstance(block, Line):
                if not UNFILLED_LABEL.match(block.text):
                    quotes.append(Evidence(block.page, block.text, block.ocr))
            else:
                for row, page in zip(block.rows, block.row_pages, strict=False):
                    text = " | ".join(cell for cell in row if cell.strip())
                    if text:
                        quotes.append(Evidence(page, text, block.ocr))
        return quotes


@dataclass(frozen=True)
class FormField:
    """A filled-in field such as "Birth Date | 12/15/2015": which field, its value, where."""

    name: str
    value: str
    page: int | None
    text: str
    ocr: bool = False

    def evidence(self) -> Evidence:
        return Evidence(self.page, self.text, self.ocr)


@dataclass
class PlanStructure:
    document: Document
    plan_type: str  # "iep", "504" or "other"
    plan_type_evidence: list[Evidence]
    sections: list[Section]
    fields: dict[str, FormField]

    def of_kind(self, *kinds: str) -> Iterator[Section]:
        return (s for s in self.sections if s.kind in kinds or s.also.intersection(kinds))

    def evidence_of(self, *kinds: str) -> list[Evidence]:
        return [quote for section in self.of_kind(*kinds) for quote in section.evidence()]

    def has_kind(self, kind: str) -> bool:
        return any(True for _ in self.of_kind(kind))
