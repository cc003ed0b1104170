"""Stage 1: a file on disk → `Document` (lines and tables with their pages), or `IngestError`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Block, Document, IngestError, Line, Table
from .sniff import sniff

__all__ = ["Block", "Document", "IngestError", "Line", "ReadOptions", "Table", "read_document"]


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    ocr: str = "auto"  # "auto": only pages without a text layer; "on": every page; "off": never


def read_document(path: Path, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    kind = sniff(path)
    if path.stat().st_size > options.max_bytes:
        raise IngestError("too_large", f"{path.stat().st_size} bytes")
    if kind == "pdf":
        document = _read_pdf(path, options)
    else:
        from .docx import read_docx

        blocks, pages = read_docx(path)
        document = Document(file=path.name, format="docx", pages=pages, blocks=blocks)
    if not any(_has_words(block) for block in document.blocks if not _is_header(block)):
        raise IngestError("empty", "no text")
    return document


def _read_pdf(path: Path, options: ReadOptions) -> Document:
    from .layout import assemble
    from .pdf import read_pdf

    pages, page_count = read_pdf(path, options.max_pages)
    textless = [p.number for p in pages if not p.has_text]
    if textless and len(textless) == len(pages) and any(p.has_images for p in pages):
        raise IngestError("scanned_needs_ocr", "no text layer")
    document = Document(file=path.name, format="pdf", pages=page_count, blocks=assemble(pages))
    if textless and len(textless) < len(pages):
        document.notes.append("pages_without_text:" + ",".join(str(n) for n in textless))
    return document


def _is_header(block: Block) -> bool:
    return isinstance(block, Line) and block.origin == "header"


def _has_words(block: Block) -> bool:
    if isinstance(block, Line):
        return any(ch.isalnum() for ch in block.text)
    return any(any(ch.isalnum() for ch in cell) for row in block.rows for cell in row)
