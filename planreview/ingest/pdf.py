"""PDF → lines and tables per page, in reading order.

pdfplumber gives characters with positions, which we need for ruled tables (service grids are
tables) and for telling a heading from body text. pypdfium2 is the fallback: it opens some damaged
files pdfminer cannot (a looping xref, a page tree without /Type) and is far faster for plain text.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .grids import split_grids
from .model import Block, IngestError, Line, Table

log = logging.getLogger(__name__)

# A wide gap inside a printed line separates the cells of an unruled grid.
CELL_GAP_EM = 2.2
# Font sizes measured from a page image (OCR) are only good to about this share of the size.
OCR_SIZE_SLACK = 0.10
BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
CID = re.compile(r"\(cid:\d+\)")
LIST_MARKER = re.compile(r"^\s*(?:[•▪◦●○■□☐☒☑✓✔\-–*]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)]|goal\s*#?\s*\d+|objective\s*\d)",
                         re.IGNORECASE)
TERMINAL = re.compile(r"[.!?:;]\s*$")


@dataclass
class PageText:
    """Blocks of one page with their vertical positions, before cross-page clean-up."""

    number: int
    height: float
    blocks: list[tuple[float, float, Block]] = field(default_factory=list)  # (top, bottom, block)
    has_text: bool = False
    has_images: bool = False


PageOcr = Callable[[Path, int], list[Line]]


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
                cleaned = _clean_text(raw)
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
    for table in page.find_tables():
        rows = [[_clean_text(cell or "") for cell in row] for row in table.extract()] if _real_table(table) else []
        rows = [row for row in rows if any(row)]
        # Empty ruled boxes (form fields, frames) and one-column "grids" made of shaded bars are not grids:
        # they must not hide the words inside and around them.
        if rows and any(sum(1 for cell in row if cell) > 1 for row in rows):
            boxes.append(table.bbox)
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
    rows = _with_form_answers(_rows_by_top(words), form_words(page))
    result.blocks = blocks_in_reading_order(result.blocks, rows, number, float(page.width), float(page.height))
    result.has_text = bool(page.chars)
    return result


def blocks_in_reading_order(
    tables: list[tuple[float, float, Block]],
    rows: list[list[dict]],
    page: int,
    width: float,
    height: float,
    *,
    ocr: bool = False,
) -> list[tuple[float, float, Block]]:
    """A page's placed tables and its printed rows of words, joined into paragraphs, in reading order:
    top to bottom, but a two-column stretch is read left column first, then right. Text pages and
    OCR'd page images both come through here."""
    ordered: list[tuple[tuple[float, int, float], tuple[float, float, Block]]] = [
        ((top, 0, top), (top, bottom, block)) for top, bottom, block in tables
    ]
    for band_top, column, group in column_groups(rows, width, height):
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


MIN_COLUMN_ROWS = 6
MARGIN = 0.08  # running headers and footers live here; they are never split into columns


ColumnGroup = tuple[float | None, int, list[list[dict]]]


def column_groups(rows: list[list[dict]], width: float, height: float) -> list[ColumnGroup]:
    """Split a page printed in two columns into (band top, column, rows) groups in reading order.

    Rows are matched across the page by height, so two columns side by side look like one wide row
    with a gap. When many rows share a gap near the middle (a gutter) and both sides are running
    text, not the short cells of a grid, each band between full-width rows is read left then right.
    A band top of None means "no columns here": each paragraph keeps its own place."""
    gutter = _gutter(rows, width)
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
    x = best[1]
    split = _split_by(rows, x)
    left_lengths = [sum(len(w["text"]) + 1 for w in r if w["x1"] <= x) for r in split]
    right_lengths = [sum(len(w["text"]) + 1 for w in r if w["x0"] >= x) for r in split]
    # Running text fills its column; the cells of an unruled grid (Name | Role | Date) are short.
    if statistics.median(left_lengths) < 25 or statistics.median(right_lengths) < 25:
        return None
    # A column of text is one run of words on each side; a grid row has more gaps on a side.
    single = [r for r in split if _runs([w for w in r if w["x1"] <= x]) == _runs([w for w in r if w["x0"] >= x]) == 1]
    return x if len(single) >= 0.7 * len(split) else None


def _wide_gap_at(row: list[dict], x: float) -> bool:
    left = [w for w in row if w["x1"] <= x]
    right = [w for w in row if w["x0"] >= x]
    if any(w["x0"] < x < w["x1"] for w in row):
        return False
    if not left or not right:
        return True  # a line in one column only
    gap = min(w["x0"] for w in right) - max(w["x1"] for w in left)
    return gap > CELL_GAP_EM * max(w["size"] for w in row)


def _split_by(rows: list[list[dict]], x: float) -> list[list[dict]]:
    """Rows with words on both sides of x and none across it."""
    return [r for r in rows if any(w["x1"] <= x for w in r) and any(w["x0"] >= x for w in r)
            and not any(w["x0"] < x < w["x1"] for w in r)]


def _runs(words: list[dict]) -> int:
    """How many runs of words a printed line has, split at wide gaps (1 for ordinary text)."""
    ordered = sorted(words, key=lambda w: w["x0"])
    return 1 + sum(1 for a, b in itertools.pairwise(ordered) if b["x0"] - a["x1"] > CELL_GAP_EM * b["size"])


def form_words(page) -> list[dict]:
    """The answers of a fillable form, as words placed where the form shows them.

    A filled-in PDF form keeps its answers in form fields, not in the page text, so the page alone
    reads as an empty form. Putting each value at its field's position lets it join the printed label
    beside it ("Student name: Alice"), exactly as on paper. A checkbox becomes ☒ or ☐."""
    words: list[dict] = []
    try:
        annotations = page.annots
    except Exception:
        return words
    for annotation in annotations:
        data = annotation.get("data") or {}
        if _literal(data.get("Subtype")) != "Widget":
            continue
        text = _field_text(data)
        if not text:
            continue
        size = max(6.0, min(10.0, (annotation["bottom"] - annotation["top"]) * 0.6))
        words.append({"text": text, "x0": annotation["x0"], "x1": annotation["x0"] + 0.5 * size * len(text),
                      "top": annotation["top"], "bottom": annotation["bottom"], "size": size, "bold": False,
                      "fontname": "form"})
    return words


def _with_form_answers(rows: list[list[dict]], answers: list[dict]) -> list[list[dict]]:
    """Put each form answer on the printed line its box sits on (a box is taller than the text beside it)."""
    for answer in answers:
        middle = (answer["top"] + answer["bottom"]) / 2
        beside = [r for r in rows if r[0]["top"] - 2 <= middle <= max(w["bottom"] for w in r) + 2]
        if beside:
            row = min(beside, key=lambda r: abs((r[0]["top"] + r[0]["bottom"]) / 2 - middle))
            row.append({**answer, "top": row[0]["top"], "bottom": row[0]["bottom"], "size": row[0]["size"]})
        else:
            rows.append([answer])
    return sorted(rows, key=lambda r: r[0]["top"])


def _field_text(data: dict) -> str:
    from pdfminer.pdftypes import resolve1

    kind = _literal(data.get("FT")) or _literal((resolve1(data.get("Parent")) or {}).get("FT"))
    if kind == "Btn":
        state = _literal(data.get("AS")) or _literal(data.get("V"))
        return "☐" if state in (None, "", "Off") else "☒"
    value = resolve1(data.get("V"))
    if value is None:
        value = resolve1((resolve1(data.get("Parent")) or {}).get("V"))
    if isinstance(value, list):
        value = ", ".join(_decoded(v) for v in value)
    return _clean_text(_decoded(value)) if value is not None else ""


def _literal(value) -> str | None:
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        return name.decode("latin-1")
    return name if isinstance(name, str) else None


def _decoded(value) -> str:
    from pdfminer.utils import decode_text

    if isinstance(value, bytes):
        return decode_text(value)
    return _literal(value) or ""


def _real_table(table) -> bool:
    """A ruled box around a single paragraph is a frame, not a grid; keep grids of 2+ cells."""
    rows = table.rows
    return len(rows) >= 2 or (len(rows) == 1 and len(rows[0].cells) >= 2)


@dataclass
class _PrintedLine:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    bold: bool
    cells: list[str]
    starts_bold: bool

    @property
    def text(self) -> str:
        return " ".join(self.cells)


def paragraphs_from_rows(
    rows: list[list[dict]], page: int, *, ocr: bool = False
) -> list[tuple[float, float, Line]]:
    """Printed rows of word boxes → paragraphs as (top, bottom, Line), wrapped lines joined.

    A word box is a dict with text, x0, x1, top, bottom (PDF points), size (font size in points)
    and bold. Text PDFs and OCR'd page images both come through here, so a paragraph is joined the
    same way whichever way it was read; `ocr` marks the lines and allows for measured font sizes.
    """
    return list(_paragraphs([_printed_line(row) for row in rows if row], page, ocr=ocr))


def _rows_by_top(words: list[dict]) -> list[list[dict]]:
    """Group a text layer's words into printed rows by their top edge."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= max(2.0, 0.3 * word["size"]):
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def _printed_line(row: list[dict]) -> _PrintedLine:
    row = sorted(row, key=lambda w: w["x0"])
    size = statistics.median(w["size"] for w in row)
    cells: list[list[str]] = [[]]
    previous_x1: float | None = None
    for word in row:
        if previous_x1 is not None and word["x0"] - previous_x1 > CELL_GAP_EM * size:
            cells.append([])
        cells[-1].append(word["text"])
        previous_x1 = word["x1"]
    bold_chars = sum(len(w["text"]) for w in row if w["bold"])
    total = sum(len(w["text"]) for w in row) or 1
    return _PrintedLine(
        top=min(w["top"] for w in row),
        bottom=max(w["bottom"] for w in row),
        x0=row[0]["x0"],
        x1=row[-1]["x1"],
        size=size,
        bold=bold_chars / total > 0.95,  # a bold label followed by plain text is a labelled line, not a heading
        cells=[_clean_text(" ".join(c)) for c in cells],
        starts_bold=bool(row[0]["bold"]),
    )


def _paragraphs(lines: list[_PrintedLine], page: int, *, ocr: bool = False) -> Iterable[tuple[float, float, Line]]:
    """Join wrapped printed lines into paragraphs, so a sentence is never cut at a line end."""
    if not lines:
        return
    body_size = statistics.median(line.size for line in lines)
    # A text layer states font sizes exactly; sizes measured from a page image wobble by a tenth or so.
    size_slack = OCR_SIZE_SLACK if ocr else 0.0
    right_edge = max(line.x1 for line in lines)
    current: list[_PrintedLine] = []

    def emit() -> tuple[float, float, Line]:
        text = current[0].text
        for nxt in current[1:]:
            text = _join_wrapped(text, nxt.text)
        emphasis = all(line.bold for line in current) or current[0].size > body_size * 1.15
        cells = current[0].cells if len(current) == 1 and len(current[0].cells) > 1 else None
        weight = "bold" if all(line.bold for line in current) else "plain"
        style = f"{weight} {current[0].size:.1f}" if emphasis else None
        return current[0].top, current[-1].bottom, Line(text, page, emphasis=emphasis, ocr=ocr, cells=cells,
                                                        style=style)

    for line in lines:
        if current and _continues(current[-1], line, body_size, right_edge, size_slack):
            current.append(line)
            continue
        if current:
            yield emit()
        current = [line]
    if current:
        yield emit()


def _continues(
    previous: _PrintedLine, line: _PrintedLine, body_size: float, right_edge: float, size_slack: float = 0.0
) -> bool:
    if len(previous.cells) > 1 or len(line.cells) > 1:
        return False  # rows of an unruled grid stay separate
    if previous.bold != line.bold or abs(previous.size - line.size) > max(0.5, size_slack * previous.size):
        return False
    if line.top - previous.top > 1.5 * max(previous.size, 1.0):
        return False
    if LIST_MARKER.match(line.text) or (line.starts_bold and not previous.bold):
        return False
    if previous.text.rstrip().endswith(":"):
        return False
    short = previous.x1 < right_edge - 0.25 * (right_edge - previous.x0)
    return not (short and TERMINAL.search(previous.text))


SUFFIX_FRAGMENT = re.compile(
    r"^(?:[a-z]{1,3}|(?:t?ion|ment|ness|ing|ance|ence|able|ible|ity|ous|ive|ize|ise|ally|ful|less|ship)s?)\b"
)


def _join_wrapped(text: str, continuation: str) -> str:
    """Re-join a word hyphenated at a line end; keep the hyphen of a real compound like real-world."""
    if text.endswith("\u00ad"):
        return text[:-1] + continuation
    if re.search(r"[A-Za-z]-$", text) and continuation[:1].islower():
        if SUFFIX_FRAGMENT.match(continuation):
            return text[:-1] + continuation
        return text + continuation
    return f"{text} {continuation}"


def _clean_text(text: str) -> str:
    """Expand ligatures (NFKC: ﬁ → fi), drop unmapped glyph codes, and unwrap lines inside a cell."""
    text = unicodedata.normalize("NFKC", CID.sub("•", text))
    pieces = [piece.strip() for piece in text.splitlines() if piece.strip()]
    if not pieces:
        return ""
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = _join_wrapped(joined, piece)
    return re.sub(r"\s{2,}", " ", joined).strip()
