"""Stage 1: a file on disk → `Document` (lines and tables with their pages), or `IngestError`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Block, Document, IngestError, Line, Table
from .sniff import sniff

if TYPE_CHECKING:
    from .model import PageText

log = logging.getLogger(__name__)

__all__ = ["Block", "Document", "IngestError", "Line", "ReadOptions", "Table", "read_document"]


@dataclass(frozen=True)
class ReadOptions:
    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    ocr: str = "auto"  # "auto": only pages without a text layer; "on": every page; "off": never


def read_document(path: Path, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    kind = sniff(path)
    size = path.stat().st_size
    if size > options.max_bytes:
        raise IngestError("too_large", f"it is {size / 1e6:.0f} MB; the limit is {options.max_bytes / 1e6:.0f} MB")
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
    document = Document(file=path.name, format="pdf", pages=page_count)
    pages, ocr_ran = _recognise_scanned_pages(path, pages, options.ocr, document)
    textless = [p.number for p in pages if not p.has_text]
    if textless and len(textless) == len(pages) and any(p.has_images for p in pages) and not ocr_ran:
        raise IngestError("scanned_needs_ocr", "no text layer")
    document.blocks = assemble(pages)
    if textless and len(textless) < len(pages):
        document.notes.append("pages_without_text:" + ",".join(str(n) for n in textless))
    return document


def _recognise_scanned_pages(
    path: Path, pages: list[PageText], mode: str, document: Document
) -> tuple[list[PageText], bool]:
    """Put OCR'd pages in place of the pages that need it: with "auto" those without a text layer, with
    "on" every page. Returns the pages and whether Tesseract read any of them (even to find them blank).
    Without Tesseract the pages stay as they are, and the caller explains what is missing."""
    wanted = [p.number for p in pages if mode == "on" or not p.has_text] if mode != "off" else []
    if not wanted:
        return pages, False
    from .ocr import OcrUnavailable, ocr_pdf_pages

    try:
        result = ocr_pdf_pages(path, wanted)
    except OcrUnavailable as exc:
        log.info("%s: no OCR (%s)", path.name, exc)
        return pages, False
    if result.failed:
        document.notes.append("pages_ocr_failed:" + ",".join(str(n) for n in sorted(result.failed)))
        if not result.pages and not any(p.has_text for p in pages):
            # Nothing could be read at all: say why in the terms the report knows.
            if result.timed_out:
                raise IngestError("timeout", "OCR timed out")
            if result.engine_failed:
                raise IngestError("scanned_needs_ocr", "tesseract failed on every page")
    recognised = {page.number: page for page in result.pages if page.has_text}
    document.ocr_pages = sorted(recognised)
    merged: list[PageText] = []
    for page in pages:
        replacement = recognised.get(page.number)
        if replacement is not None:
            replacement.has_images = page.has_images
        merged.append(replacement or page)
    return merged, bool(result.pages)


def _is_header(block: Block) -> bool:
    return isinstance(block, Line) and block.origin == "header"


def _has_words(block: Block) -> bool:
    if isinstance(block, Line):
        return any(ch.isalnum() for ch in block.text)
    return any(any(ch.isalnum() for ch in cell) for row in block.rows for cell in row)
