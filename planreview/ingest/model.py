"""What `ingest` hands to `structure`: a document as an ordered list of text lines and tables."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One line (PDF) or paragraph (DOCX) of body text, with the page it stands on."""

    text: str
    page: int | None
    emphasis: bool = False  # bold, a heading style or a larger font: a hint that this may be a heading
    ocr: bool = False  # recognised from a page image, so the text may hold misreadings
    origin: str = "body"  # "body", "header" (running header/footer, kept once) or "form" (a form field)
    # Pieces of a printed line separated by wide gaps (an unruled grid row), None for ordinary text.
    cells: list[str] | None = None
    # How an emphasised line looks ("bold 12.5", "Heading 2"): lines styled like the plan's known
    # headings are headings too, even in words planreview does not know. None for body text.
    style: str | None = None


@dataclass
class Table:
    """A grid as printed: rows of cell texts, each row with the page it starts on."""

    rows: list[list[str]]
    row_pages: list[int | None]
    ocr: bool = False

    @property
    def page(self) -> int | None:
        return self.row_pages[0] if self.row_pages else None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


Block = Line | Table


@dataclass
class Document:
    """A readable document: its blocks in reading order."""

    file: str
    format: str  # "pdf" or "docx"
    pages: int | None
    blocks: list[Block] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # things the reader should know (e.g. a page could not be read)

    def text(self) -> str:
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Line):
                parts.append(block.text)
            else:
                parts.extend(" | ".join(row) for row in block.rows)
        return "\n".join(parts)


@dataclass
class PageText:
    """Blocks of one page with their vertical positions, before cross-page clean-up."""

    number: int
    height: float
    blocks: list[tuple[float, float, Block]] = field(default_factory=list)  # (top, bottom, block)
    has_text: bool = False
    has_images: bool = False


class IngestError(Exception):
    """A file that cannot be reviewed. `code` is one of the report contract's error codes; the
    words a parent reads for it live in patterns/messages.yaml. `detail` is for the log only."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
