"""PDF → lines and tables per page, in reading order.

pdfplumber gives characters with positions, which we need for ruled tables (service grids are
tables) and for telling a heading from body text. pypdfium2 is the fallback: it opens some damaged
files pdfminer cannot (a looping xref, a page tree without /Type) and is far faster for plain text.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .forms import form_words, with_form_answers
from .lines import BOLD_FONT, clean_text, rows_by_top
from .model import IngestError, Line, PageText, Table
from .reading_order import blocks_in_reading_order

log = logging.getLogger(__name__)


def read_pdf(path: Path, max_pages: int) -> tuple[list[PageText], int]:
    """Return the pages' blocks and the page count; raise IngestError for files we cannot open."""
    page_count = _check_with_pdfium(path)
    if page_count > max_pages:
        raise IngestError("too_large", f"it has {page_count} pages; the limit is {max_pages}")
    try:
        pages = _read_with_pdfplumber(path, max_pages)
    except IngestError:
        raise
    except RecursionError as exc:  # a cyclic or very deep object graph
        log.info("pdfplumber recursion on %s: %s", path.name, exc)
        pages = []
    except Exception as exc:  # pdfminer raises many kinds on damaged files; pdfium may still read them
        log.info("pdfplumber failed on %s: %r", path.name, exc)
        if _looks_encrypted(exc):
            raise IngestError("encrypted", repr(exc)) from exc
        pages = []
    if not pages or not any(p.has_text for p in pages):
        fallback = _read_with_pdfium(path, max_pages)
        if fallback and (any(p.has_text for p in fallback) or not pages):
            pages = fallback
    if not pages:
        raise IngestError("corrupt", "no readable pages")
    return pages, max(page_count, len(pages))


def _looks_encrypted(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc!r} {exc.__cause__!r}".lower()
    return "password" in text or "encrypt" in text


def _check_with_pdfium(path: Path) -> int:
    """Open with pdfium to sort encrypted from damaged files; return its page count (0 if unknown)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("encrypted", str(exc)) from exc
        log.info("pdfium could not open %s: %s", path.name, exc)
        return 0
    try:
        return len(document)
    finally:
        document.close()


def _read_with_pdfium(path: Path, max_pages: int) -> list[PageText]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return []
    pages: list[PageText] = []
    try:
        for index in range(min(len(document), max_pages)):
            try:
                page = document[index]
                text = page.get_textpage().get_text_range()
                height = page.get_height()
                has_images = any(obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())
            except pdfium.PdfiumError:
                continue
            page_text = PageText(number=index + 1, height=height, has_images=has_images)
            y = 0.0
            for raw in text.splitlines():
                cleaned = clean_text(raw)
                if cleaned:
                    page_text.blocks.append((y, y + 1, Line(cleaned, index + 1)))
                    y += 12  # pdfium gives no positions here; keep the order and a plausible spacing
            page_text.has_text = bool(page_text.blocks)
            pages.append(page_text)
    finally:
        document.close()
    return pages


def _read_with_pdfplumber(path: Path, max_pages: int) -> list[PageText]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(path))
    except PDFPasswordIncorrect as exc:
        raise IngestError("encrypted", "password") from exc
    pages: list[PageText] = []
    with pdf:
        for index, page in enumerate(pdf.pages):
            if index >= max_pages:
                break
            pages.append(_read_page(page, index + 1))
            page.flush_cache()  # pdfplumber keeps every parsed object otherwise; long plans would grow memory
    return pages


def _read_page(page, number: int) -> PageText:
    result = PageText(number=number, height=float(page.height))
    result.has_images = bool(page.images)
    boxes = []
    spans: list[tuple[float, float]] = []  # each table's left and right edge, to place it in its column
    for table in page.find_tables():
        rows = [[clean_text(cell or "") for cell in row] for row in table.extract()] if _real_table(table) else []
        rows = [row for row in rows if any(row)]
        # Empty ruled boxes (form fields, frames) and one-column "grids" made of shaded bars are not grids:
        # they must not hide the words inside and around them.
        if rows and any(sum(1 for cell in row if cell) > 1 for row in rows):
            boxes.append(table.bbox)
            spans.append((table.bbox[0], table.bbox[2]))
            result.blocks.append((table.bbox[1], table.bbox[3], Table(rows, [number] * len(rows))))

    def outside_tables(obj: dict) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    words = page.filter(outside_tables).extract_words(extra_attrs=["fontname", "size"], x_tolerance=2)
    for word in words:
        word["bold"] = bool(BOLD_FONT.search(word["fontname"]))
    rows = with_form_answers(rows_by_top(words), form_words(page))
    result.blocks = blocks_in_reading_order(result.blocks, rows, number, float(page.width), float(page.height),
                                            table_spans=spans)
    result.has_text = bool(page.chars)
    return result


def _real_table(table) -> bool:
    """A ruled box around a single paragraph is a frame, not a grid; keep grids of 2+ cells."""
    rows = table.rows
    return len(rows) >= 2 or (len(rows) == 1 and len(rows[0].cells) >= 2)
