"""Scanned pages → `PageText`: render with pdfium, rebuild ruled tables from the image, read words with Tesseract.

A scanned plan is a picture of the same printed form a text PDF carries as text, so this module hands
`layout.assemble` what `pdf.read_pdf` would have: lines and tables per page, positioned in PDF points, and
joined into paragraphs by the same code (`pdf.blocks_in_reading_order`). What a text layer states and a
picture only shows is recovered from the image:

* ruling lines (long straight runs of dark pixels) → the cells of goal and service grids, each recognised
  word placed in the cell it stands in; the rules are erased before recognition, so Tesseract does not
  read a border as "|" glued to a word;
* tick boxes → ☒ or ☐, list bullets → •, which Tesseract misreads or drops;
* stroke width and letter height → bold and font size, which tell headings from body text.

Tesseract runs as a separate program (the `tesseract` command, or the one `PLANREVIEW_TESSERACT` names),
fed each page image on stdin and read back from stdout: no image of the child's plan is written to disk,
and nothing goes over the network.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import shutil
import statistics
import subprocess
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from .lines import CELL_GAP_EM, clean_text
from .model import Block, PageText, Table
from .reading_order import blocks_in_reading_order

log = logging.getLogger(__name__)

# --- Tesseract and rendering
TESSERACT_ENV = "PLANREVIEW_TESSERACT"
# Page segmentation 4, "a single column of text of variable sizes": with the rules erased a form reads as
# lines of words, big titles included. The automatic mode (3) sometimes drops a whole table column of a
# noisy scan as "not text"; mode 6 drops a title set larger than the text below it.
TESSERACT_PSM = "4"
HOCR_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_textfloat", "ocr_caption"}
MAX_WORKERS = 4  # Tesseract processes at once, one page each
PAGE_TIMEOUT = 30.0  # seconds Tesseract may spend on one page (a dense one takes 1-3); the worker limits the document
# Pages are rendered at the resolution of their scanned image, within these bounds: enlarging a 150 dpi
# scan to 300 dpi adds no detail, only blur (and time), but Tesseract misses small print below 200 dpi.
MIN_RENDER_DPI = 200
MAX_RENDER_DPI = 300
MAX_PAGE_PIXELS = 20_000_000  # a poster-sized page is rendered coarser rather than filling memory
MAX_SKEW_DEGREES = 3.0  # a scan or phone photo tilted more than this is rare; searching wider costs time

# --- Ruling lines and grids (sizes in PDF points, turned into pixels with the render scale)
MIN_HRULE_PT = 36.0  # a horizontal rule is at least half an inch long; no letter stroke is
MIN_VRULE_PT = 10.0  # a cell one text line tall still has a side this long
MAX_RULE_THICKNESS_PT = 4.0  # thicker dark bands are shaded bars: their edges are the rules
RULE_JOIN_PT = 4.0  # rules meeting within this distance touch (scans blur and shift corners)
MIN_ROW_PT = 5.0  # two rules closer than this are one double rule, not a row
RULE_FRINGE_PT = 1.0  # a scanned rule's blurred edge reaches this far beyond its dark core
LONE_RULE_PT = 144.0  # a rule outside any grid is erased only when this long (2 inches): no letter is

# --- Tick boxes: a square with sides this long, drawn with a line thinner than MAX_BOX_SIDE_PT
MIN_BOX_PT = 5.0
MAX_BOX_PT = 16.0
MAX_BOX_SIDE_PT = 1.5
BOX_CORNER_PT = 1.5  # sides of a scanned box meet within this
BOX_INSET_PT = 1.2  # a mark is looked for this far inside the sides
BOX_CLEARANCE_PT = 1.2  # the blank a box keeps on its left and right
MARKED_INK_SHARE = 0.15  # an empty box holds a few specks (under a tenth); a cross or a tick covers far more
TICK_BOX_EM = 0.8  # a tick box stands about as tall as a capital letter, a little more
CHECKED, UNCHECKED = "☒", "☐"

# --- List bullets: a filled dot this tall (in ems), raised this far above the baseline, found this far
# left of the first word of an item
BULLET = "•"
BULLET_MIN_EM, BULLET_MAX_EM = 0.15, 0.5
BULLET_RAISE_EM = (0.15, 0.6)
BULLET_REACH_EM = 2.0
BULLET_FILL = 0.6

# --- Words
# Where the top and the bottom of a word's box sit, in ems, judged by its letters: "was" is x-height
# only, "Goals" reaches cap height, "typing" hangs below the baseline. Dividing a box's height by its
# share of the em estimates the font size, which decides headings and paragraphs.
CAP_TOP_EM = 0.72
X_TOP_EM = 0.52
DESCENT_EM = 0.21
COMMA_DESCENT_EM = 0.12
TALL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhijklt0123456789()[]{}/\\|!?#$%&@'\"")
DESCENDING = set("gjpqy()[]{}")
COMMA_LIKE = set(",;")
X_HEIGHT = set("acemnorsuvwxz")
# Bold stems are about 1.5 times as wide as regular ones of the same size; measured on the stroke cores
# (CORE_DEPTH of the way from the ink threshold to the typical ink shade) a scan's blur keeps most of that.
BOLD_STROKE_RATIO = 1.25
CORE_DEPTH = 0.4
# A space is about a quarter em wide; letters inside a word stand less than an eighth of an em apart.
SPACE_GAP_EM = 0.2
EDGE_NOISE = "|_=~"  # what Tesseract makes of a scrap of a border or the edge of a shaded cell
MIN_PUNCTUATION_CONF = 70  # a lone "-" or "%" is read with high confidence; a speck of noise is not


# ---------------------------------------------------------------------------------------------
# Reading pages: what ingest calls


def tesseract_program() -> str | None:
    """The Tesseract program to run: `PLANREVIEW_TESSERACT` when set (a path or a name), else the one on PATH."""
    configured = os.environ.get(TESSERACT_ENV, "").strip()
    return shutil.which(configured or "tesseract")


class OcrUnavailable(Exception):
    """Tesseract is not installed, or cannot be started."""


@dataclass
class OcrResult:
    pages: list[PageText] = field(default_factory=list)  # every page read, blank ones included
    failed: list[int] = field(default_factory=list)  # pages that could not be read, for whatever reason
    timed_out: list[int] = field(default_factory=list)  # of those, pages Tesseract took too long over
    engine_failed: list[int] = field(default_factory=list)  # of those, pages where Tesseract itself failed


def ocr_pdf_pages(path: Path, numbers: list[int]) -> OcrResult:
    """OCR the given pages (1-based) of a PDF. Raises OcrUnavailable when Tesseract cannot be run at all."""
    import pypdfium2 as pdfium

    program = tesseract_program()
    if program is None:
        raise OcrUnavailable("tesseract not found")
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        log.info("pdfium could not open %s for OCR: %s", path.name, exc)
        return OcrResult(failed=list(numbers))
    result = OcrResult()
    workers = max(1, min(MAX_WORKERS, os.cpu_count() or 1))
    in_flight: deque[tuple[int, Future[PageText]]] = deque()
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            # Render here (pdfium is not thread-safe) while Tesseract reads earlier pages; at most a few
            # page images are held at once.
            for number in numbers:
                prepared = _prepare(document, number)
                if prepared is None:
                    result.failed.append(number)
                    continue
                in_flight.append((number, pool.submit(_read_prepared, program, prepared)))
                if len(in_flight) >= workers:
                    _collect(*in_flight.popleft(), result, path.name)
            while in_flight:
                _collect(*in_flight.popleft(), result, path.name)
    finally:
        document.close()
    result.pages.sort(key=lambda page: page.number)
    return result


def _collect(number: int, future: Future[PageText], result: OcrResult, name: str) -> None:
    try:
        result.pages.append(future.result())
    except subprocess.TimeoutExpired:
        log.info("%s: OCR of page %d timed out", name, number)
        result.failed.append(number)
        result.timed_out.append(number)
    except RuntimeError as exc:
        log.info("%s: Tesseract failed on page %d: %s", name, number, exc)
        result.failed.append(number)
        result.engine_failed.append(number)
    except Exception as exc:  # one unreadable page must not cost the rest of the plan
        log.warning("%s: OCR of page %d failed (%s)", name, number, type(exc).__name__)
        log.debug("traceback", exc_info=True)
        result.failed.append(number)


# ---------------------------------------------------------------------------------------------
# One page: render, analyse, recognise


@dataclass
class _PreparedPage:
    number: int
    image: np.ndarray  # deskewed grey page, rules and tick boxes erased: what Tesseract reads
    ink: np.ndarray  # dark pixels of that image: for gaps between words, bullets
    core: np.ndarray  # its darkest pixels, the middle of each stroke: for telling bold from regular
    grids: list[Grid]
    ticks: list[TickBox]
    scale: float  # pixels per PDF point


def _prepare(document, number: int) -> _PreparedPage | None:
    """Render a page and find its grids; None when the page cannot be rendered."""
    import pypdfium2 as pdfium

    try:
        page = document[number - 1]
        width, height = page.get_size()
        scale = _render_scale(width, height, _scan_dpi(page))
        grey = page.render(scale=scale, grayscale=True).to_numpy()
    except (pdfium.PdfiumError, ValueError, MemoryError) as exc:
        log.info("page %d could not be rendered: %s", number, exc)
        return None
    if grey.ndim == 3:
        grey = grey[:, :, 0]
    try:
        return _analyse(number, grey, scale)
    except Exception as exc:  # an odd image must cost one page, not the plan
        log.warning("page %d could not be analysed (%s)", number, type(exc).__name__)
        log.debug("traceback", exc_info=True)
        return None


def _scan_dpi(page) -> float | None:
    """The resolution of the largest picture on the page (the scan itself), in pixels per inch."""
    import pypdfium2 as pdfium

    best: tuple[float, float] | None = None  # (area in points², dpi)
    try:
        for obj in page.get_objects(max_depth=2):
            if obj.type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
                continue
            left, bottom, right, top = obj.get_bounds()
            pixels_wide, _ = obj.get_px_size()
            if right - left < 1 or top - bottom < 1:
                continue
            area = (right - left) * (top - bottom)
            if best is None or area > best[0]:
                best = (area, pixels_wide / ((right - left) / 72))
    except (pdfium.PdfiumError, ValueError, TypeError):
        return None
    return best[1] if best else None


def _render_scale(width: float, height: float, scan_dpi: float | None) -> float:
    dpi = MAX_RENDER_DPI if scan_dpi is None else min(max(scan_dpi, MIN_RENDER_DPI), MAX_RENDER_DPI)
    scale = dpi / 72
    area = max(width * height, 1.0)
    if area * scale * scale > MAX_PAGE_PIXELS:
        scale = math.sqrt(MAX_PAGE_PIXELS / area)
    return scale


def _analyse(number: int, grey: np.ndarray, scale: float) -> _PreparedPage:
    """Straighten the page, find its ruled grids, and erase the rules for Tesseract."""
    grey = _deskew(grey, _ink_threshold(grey))
    threshold = _ink_threshold(grey)
    ink = grey < threshold
    horizontal, vertical = _find_rules(ink, scale)
    grids = _find_grids(horizontal, vertical, scale)
    ticks = _find_tick_boxes(ink, scale)
    erase = _rules_to_erase(horizontal, vertical, grids, scale) + [tick.area for tick in ticks]
    image = _erase(grey, erase, scale)
    return _PreparedPage(number, image, image < threshold, _stroke_cores(image, threshold), grids, ticks, scale)


def _stroke_cores(image: np.ndarray, threshold: int) -> np.ndarray:
    """The darkest part of each stroke. A scan's blur widens every stroke by the same few pixels, which
    hides the difference between bold and regular; the middle of a stroke keeps it."""
    dark = image[image < threshold]
    if dark.size == 0:
        return np.zeros(image.shape, dtype=bool)
    return image < threshold - CORE_DEPTH * (threshold - float(np.median(dark)))


def _read_prepared(program: str, prepared: _PreparedPage) -> PageText:
    height_px = prepared.image.shape[0]
    page = PageText(number=prepared.number, height=height_px / prepared.scale, has_images=True)
    if not (prepared.ink.any() or prepared.grids):
        return page  # a blank page: nothing to recognise
    dpi = max(1, round(prepared.scale * 72))
    words = [
        piece
        for word in _recognise(program, prepared.image, dpi)
        if (tidy := _tidy(word)) is not None
        for piece in _split_run_together(tidy, prepared.ink)
    ]
    page.blocks = _page_blocks(words + _tick_words(prepared.ticks), prepared)
    page.has_text = bool(page.blocks)
    return page


# ---------------------------------------------------------------------------------------------
# Running Tesseract


@dataclass(frozen=True)
class OcrWord:
    """A recognised word in image pixels, with the Tesseract line it belongs to."""

    text: str
    left: int
    top: int
    right: int
    bottom: int
    conf: float
    line_key: int
    # Each character with its left and right edge, where Tesseract gave them (for splitting run-together words).
    chars: tuple[tuple[str, int, int], ...] = ()

    @property
    def center(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


def _tesseract_env() -> dict[str, str]:
    # One thread per page: Tesseract's OpenMP threads fight each other and make a page 3-4 times slower.
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _recognise(program: str, image: np.ndarray, dpi: int) -> list[OcrWord]:
    """Run Tesseract on a grey image fed through stdin (PGM), and read its hOCR word list from stdout."""
    height, width = image.shape
    pgm = b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(image, dtype=np.uint8).tobytes()
    command = [program, "stdin", "stdout", "--dpi", str(dpi), "--psm", TESSERACT_PSM, "-c", "hocr_char_boxes=1", "hocr"]
    try:
        done = subprocess.run(command, input=pgm, capture_output=True, timeout=PAGE_TIMEOUT, env=_tesseract_env(),
                              check=False)
    except (FileNotFoundError, PermissionError, NotADirectoryError) as exc:
        raise OcrUnavailable(str(exc)) from exc
    if done.returncode != 0:
        raise RuntimeError(f"tesseract exited {done.returncode}: {done.stderr[-300:]!r}")
    return list(_parse_hocr(done.stdout))


def _parse_hocr(hocr: bytes) -> Iterator[OcrWord]:
    """Words of Tesseract's hOCR (XHTML: lines of words of characters, each with a `title` holding its box)."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(hocr)
    except ET.ParseError as exc:
        raise RuntimeError(f"unreadable hOCR: {exc}") from exc
    line_number = 0
    for line in root.iter():
        if not _has_class(line, HOCR_LINE_CLASSES):
            continue
        line_number += 1
        for element in line:
            if not _has_class(element, {"ocrx_word"}):
                continue
            word = _hocr_word(element, line_number)
            if word is not None:
                yield word


def _has_class(element, classes: set[str]) -> bool:
    return element.tag.rsplit("}", 1)[-1] == "span" and element.get("class") in classes


def _hocr_word(element, line_number: int) -> OcrWord | None:
    title = _title_fields(element.get("title", ""))
    box = title.get("bbox", [])
    if len(box) != 4:
        return None
    chars: list[tuple[str, int, int]] = []
    for child in element:
        char_box = _title_fields(child.get("title", "")).get("x_bboxes", [])
        if child.get("class") == "ocrx_cinfo" and child.text and len(char_box) == 4:
            chars.append((child.text, int(char_box[0]), int(char_box[2])))
    text = "".join("".join(element.itertext()).split())  # character spans are laid out one per line
    if not text:
        return None
    if "".join(c for c, _, _ in chars) != text:
        chars = []  # the boxes do not spell the word (a ligature, say): do without them
    conf = float(title.get("x_wconf", ["0"])[0])
    left, top, right, bottom = (int(v) for v in box)
    return OcrWord(text, left, top, right, bottom, conf, line_number, tuple(chars))


def _title_fields(title: str) -> dict[str, list[str]]:
    """hOCR's title="bbox 1 2 3 4; x_wconf 96" → {"bbox": ["1", "2", "3", "4"], "x_wconf": ["96"]}."""
    fields: dict[str, list[str]] = {}
    for part in title.split(";"):
        name, *values = part.split()
        if values:
            fields[name] = values
    return fields


# ---------------------------------------------------------------------------------------------
# Cleaning up recognised words


def _tidy(word: OcrWord) -> OcrWord | None:
    """The word without what is not text, or None when nothing is left.

    Scraps of a border, or the edge of a shaded cell, come out as "|", "_", "=" or "~", alone or glued
    to the word beside them; specks of scanner noise come out as stray punctuation with low confidence.
    """
    if word.text == "|" and word.conf >= MIN_PUNCTUATION_CONF:
        # In sans-serif type a capital I is a plain bar, and the rules are erased: "Algebra I", "Tier I".
        return replace(word, text="I")
    if not any(ch.isalnum() for ch in word.text):
        keep = word.conf >= MIN_PUNCTUATION_CONF and not set(word.text) <= set(EDGE_NOISE)
        return word if keep else None
    lead = len(word.text) - len(word.text.lstrip(EDGE_NOISE + "—"))
    trail = len(word.text) - len(word.text.rstrip(EDGE_NOISE))
    if not lead and not trail:
        return word
    chars = word.chars[lead : len(word.chars) - trail] if word.chars else ()  # they spell the text, scraps and all
    return replace(word, text=word.text[lead : len(word.text) - trail], chars=chars)


def _split_run_together(word: OcrWord, ink: np.ndarray) -> list[OcrWord]:
    """Split a word Tesseract ran together ("perweek", "30min") where the page shows a space-wide gap.

    Tesseract sometimes drops a narrow space, and "20 minutes, 5 days perweek" is an amount no one can read.
    The page image still has the gap: a blank stretch as wide as a space, where letters of one word stand
    far closer. The characters' boxes say which letters lie on either side of it.
    """
    if len(word.chars) < 2:
        return [word]
    inked = ink[word.top : word.bottom + 1, word.left : word.right + 1].any(axis=0)
    min_gap = SPACE_GAP_EM * _font_size(word)
    cuts: list[tuple[int, int, int]] = []  # (index of the first character after the gap, gap start, gap end)
    for start, end in _blank_stretches(inked):
        if end - start < min_gap:
            continue
        middle = word.left + (start + end) / 2
        index = sum(1 for _, left, right in word.chars if (left + right) / 2 < middle)
        if 0 < index < len(word.chars) and _may_split(word.text, index):
            cuts.append((index, word.left + start, word.left + end))
    if not cuts:
        return [word]
    pieces: list[OcrWord] = []
    first, left = 0, word.left
    for index, gap_start, gap_end in [*cuts, (len(word.chars), word.right + 1, word.right + 1)]:
        chars = word.chars[first:index]
        text = "".join(c for c, _, _ in chars)
        if text:
            pieces.append(replace(word, text=text, left=left, right=gap_start - 1, chars=chars))
        first, left = index, gap_end
    return pieces


def _blank_stretches(inked: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of the runs of blank columns with ink on both sides."""
    edges = np.diff(inked.astype(np.int8))
    starts = np.flatnonzero(edges == -1) + 1  # ink → blank
    ends = np.flatnonzero(edges == 1) + 1  # blank → ink
    stretches: list[tuple[int, int]] = []
    for start in starts:
        later = ends[ends > start]
        if later.size:
            stretches.append((int(start), int(later[0])))
    return stretches


def _may_split(text: str, index: int) -> bool:
    """Whether a wide gap before text[index] can be a space: not inside a number ("100"), not after a "1"
    (it has a wide blank on its right in most fonts: "1st"), not before punctuation ("91%."), and not
    leaving one letter alone at the end (a blurred "Recor d"); "a time" and "Grade 5" are real."""
    before, after, rest = text[index - 1], text[index], text[index:]
    if (before.isdigit() and after.isdigit()) or before == "1":
        return False
    if not (after.isalnum() or after == "("):
        return False
    return not (len(rest) == 1 and rest.isalpha())


# ---------------------------------------------------------------------------------------------
# The page image: ink, skew, ruling lines


def _ink_threshold(grey: np.ndarray) -> int:
    """Otsu's threshold between paper and ink, kept in a sane range for near-blank or near-black pages."""
    histogram = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    levels = np.arange(256, dtype=np.float64)
    weight_dark = np.cumsum(histogram)
    mass_dark = np.cumsum(histogram * levels)
    weight_light = total - weight_dark
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_dark = mass_dark / weight_dark
        mean_light = (mass_dark[-1] - mass_dark) / weight_light
        between = weight_dark * weight_light * (mean_dark - mean_light) ** 2
    between = np.nan_to_num(between)
    threshold = int(np.argmax(between)) + 1
    return min(max(threshold, 80), 200)


def _deskew(grey: np.ndarray, threshold: int) -> np.ndarray:
    """Turn a slightly tilted scan straight, so rules are straight runs of pixels and rows of words level."""
    angle = _skew_angle(grey < threshold)
    if abs(angle) < 0.05:
        return grey
    from PIL import Image

    image = Image.fromarray(grey)
    return np.asarray(image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255))


def _skew_angle(ink: np.ndarray) -> float:
    """The tilt, in degrees, that makes rows of ink line up best (sharpest horizontal projection)."""
    step = max(1, round(max(ink.shape) / 1200))  # a coarse copy is enough and keeps this fast
    small = ink[::step, ::step]
    ys, xs = np.nonzero(small)
    if len(ys) < 100:
        return 0.0
    if len(ys) > 400_000:
        pick = np.random.default_rng(0).choice(len(ys), 400_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    xs_centered = xs - small.shape[1] / 2

    def sharpness(degrees: float) -> float:
        shifted = np.round(ys - xs_centered * math.tan(math.radians(degrees))).astype(np.int64)
        counts = np.bincount(shifted - shifted.min())
        return float(np.dot(counts, counts))

    coarse = np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(max(fine, key=sharpness))


@dataclass(frozen=True)
class Rule:
    """A ruling line in image pixels: rows y0..y1 and columns x0..x1, inclusive."""

    y0: int
    y1: int
    x0: int
    x1: int

    @property
    def y(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


def _find_rules(ink: np.ndarray, scale: float) -> tuple[list[Rule], list[Rule]]:
    """Horizontal and vertical ruling lines of the page."""
    gap = max(1, round(0.6 * scale))
    horizontal_mask = _long_runs(_close_gaps(ink, gap), round(MIN_HRULE_PT * scale))
    vertical_mask = _long_runs(_close_gaps(ink.T, gap), round(MIN_VRULE_PT * scale)).T
    thick = MAX_RULE_THICKNESS_PT * scale
    horizontal = _split_thick(_segments(horizontal_mask), thick)
    vertical = [_transpose(r) for r in _split_thick(_segments(vertical_mask.T), thick)]
    return horizontal, vertical


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """Pixels that lie in a horizontal run of ink at least `length` long (per row)."""
    rows, width = ink.shape
    if length > width or length < 1:
        return np.zeros_like(ink)
    sums = np.zeros((rows, width + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=sums[:, 1:])
    window_full = (sums[:, length:] - sums[:, :-length]) == length  # window starting at each column
    starts = np.zeros((rows, width + 1), dtype=np.int32)
    np.cumsum(window_full, axis=1, out=starts[:, 1 : width - length + 2])
    starts[:, width - length + 2 :] = starts[:, width - length + 1 : width - length + 2]
    covered = np.empty((rows, width), dtype=bool)
    # column c is covered when a full window starts somewhere in c-length+1 .. c
    upper = starts[:, 1 : width + 1]
    lower = np.concatenate([np.zeros((rows, length), dtype=np.int32), starts[:, 1 : width + 1 - length]], axis=1)
    covered[:] = (upper - lower) > 0
    return covered


def _close_gaps(ink: np.ndarray, gap: int) -> np.ndarray:
    """Bridge breaks of up to `gap` pixels along rows (a scanned rule is often broken by light specks)."""
    if gap <= 0:
        return ink
    padded = np.pad(ink, ((0, 0), (gap, gap)))
    width = ink.shape[1]
    left = np.zeros_like(ink)
    right = np.zeros_like(ink)
    for shift in range(1, gap + 1):
        left |= padded[:, gap - shift : gap - shift + width]
        right |= padded[:, gap + shift : gap + shift + width]
    return ink | (left & right)


def _transpose(rule: Rule) -> Rule:
    return Rule(rule.x0, rule.x1, rule.y0, rule.y1)


def _segments(mask: np.ndarray) -> list[Rule]:
    """Join the runs of a row-wise rule mask that touch from one row to the next into rules."""
    rules: list[list[int]] = []  # [y0, y1, x0, x1]
    for y in np.flatnonzero(mask.any(axis=1)).tolist():
        edges = np.diff(np.concatenate(([0], mask[y].astype(np.int8), [0])))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
        for x0, x1 in zip(starts.tolist(), ends.tolist(), strict=True):
            rules.append([y, y, x0, x1])
    return [Rule(*r) for r in _merge_touching(rules)]


def _merge_touching(rules: list[list[int]]) -> list[list[int]]:
    """Merge pieces in the same or adjacent rows whose extents overlap (one rule, a row of pixels at a time)."""
    merged: list[list[int]] = []
    open_rules: list[list[int]] = []
    for piece in sorted(rules):
        y0, y1, x0, x1 = piece
        open_rules = [r for r in open_rules if r[1] >= y0 - 1]
        touching = [r for r in open_rules if r[2] <= x1 + 1 and x0 - 1 <= r[3]]
        if not touching:
            new = list(piece)
            merged.append(new)
            open_rules.append(new)
            continue
        keep = touching[0]
        keep[1], keep[2], keep[3] = max(keep[1], y1), min(keep[2], x0), max(keep[3], x1)
        for other in touching[1:]:  # this piece bridges two rules: they are one
            keep[0], keep[1] = min(keep[0], other[0]), max(keep[1], other[1])
            keep[2], keep[3] = min(keep[2], other[2]), max(keep[3], other[3])
            merged.remove(other)
            open_rules.remove(other)
    return merged


def _split_thick(rules: list[Rule], thickness: float) -> list[Rule]:
    """A dark band (a shaded header bar) is bounded by two rules, its top and its bottom edge."""
    result: list[Rule] = []
    for rule in rules:
        if rule.y1 - rule.y0 + 1 <= thickness:
            result.append(rule)
        else:
            result.append(Rule(rule.y0, rule.y0, rule.x0, rule.x1))
            result.append(Rule(rule.y1, rule.y1, rule.x0, rule.x1))
    return result


def _rules_to_erase(horizontal: list[Rule], vertical: list[Rule], grids: list[Grid], scale: float) -> list[Rule]:
    """The rules of the grids, and other thin rules too long to be part of a letter (underlines, separators).

    A short free-standing "rule" may be a bar of a heavy letter: erasing it would cost a word.
    """
    thin = MAX_RULE_THICKNESS_PT * scale
    long_enough = LONE_RULE_PT * scale
    erase = [rule for grid in grids for rule in grid.rules]
    erase += [r for r in horizontal if r.y1 - r.y0 + 1 <= thin and r.x1 - r.x0 >= long_enough]
    erase += [r for r in vertical if r.x1 - r.x0 + 1 <= thin and r.y1 - r.y0 >= long_enough]
    return erase


def _erase(grey: np.ndarray, rules: list[Rule], scale: float) -> np.ndarray:
    """Paint each rule over, fringe and all, in the shade beside it: paper, or a cell's shading.

    Painting a rule in a shaded header row with white would leave a pale stripe whose edges Tesseract
    reads as "=" or "~".
    """
    pad = max(2, round(RULE_FRINGE_PT * scale))
    reach = pad + max(2, round(0.5 * scale))
    image = grey.copy()
    height, width = image.shape
    for rule in sorted(rules, key=lambda r: (r.y1 - r.y0) > (r.x1 - r.x0)):  # horizontal rules first
        y0, y1 = max(0, rule.y0 - pad), min(height, rule.y1 + pad + 1)
        x0, x1 = max(0, rule.x0 - pad), min(width, rule.x1 + pad + 1)
        if (rule.y1 - rule.y0) > (rule.x1 - rule.x0):  # vertical: fill each row from its left and right
            left = image[y0:y1, max(0, x0 - reach) : x0]
            right = image[y0:y1, x1 : min(width, x1 + reach)]
            shade = _lighter_median(left, right, axis=1)
            image[y0:y1, x0:x1] = shade[:, None]
        else:  # horizontal: fill each column from above and below
            above = image[max(0, y0 - reach) : y0, x0:x1]
            below = image[y1 : min(height, y1 + reach), x0:x1]
            shade = _lighter_median(above, below, axis=0)
            image[y0:y1, x0:x1] = shade[None, :]
    return image


def _lighter_median(one: np.ndarray, other: np.ndarray, axis: int) -> np.ndarray:
    """Per row (axis=1) or column (axis=0), the median shade of whichever side is lighter."""
    length = one.shape[1 - axis] if one.size else other.shape[1 - axis]
    sides = [np.median(side, axis=axis) for side in (one, other) if side.size]
    if not sides:
        return np.full(length, 255, dtype=np.uint8)
    return np.maximum.reduce(sides).astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# Grids: ruled tables from the rules


@dataclass
class Cell:
    top: float
    bottom: float
    left: float
    right: float
    column: int  # index of the first grid column the cell covers
    words: list[OcrWord] = field(default_factory=list)

    def holds(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom


@dataclass
class Grid:
    """A ruled table found in a page image: rows of cells on a shared set of column boundaries."""

    columns: list[float]
    rows: list[list[Cell]]
    top: float
    bottom: float
    left: float
    right: float
    rules: list[Rule] = field(default_factory=list)  # the ruling lines that draw it

    def cell_at(self, x: float, y: float) -> Cell | None:
        if not (self.left <= x <= self.right and self.top <= y <= self.bottom):
            return None
        return next((cell for row in self.rows for cell in row if cell.holds(x, y)), None)


def _find_grids(horizontal: list[Rule], vertical: list[Rule], scale: float) -> list[Grid]:
    join = RULE_JOIN_PT * scale
    horizontal, vertical = _without_dangling(horizontal, vertical, join)
    grids: list[Grid] = []
    for h_rules, v_rules in _connected(horizontal, vertical, join):
        if len(h_rules) >= 2 and len(v_rules) >= 2:
            grid = _grid(h_rules, v_rules, join, MIN_ROW_PT * scale)
            if grid is not None:
                grids.append(grid)
    return grids


def _without_dangling(horizontal: list[Rule], vertical: list[Rule], join: float) -> tuple[list[Rule], list[Rule]]:
    """Keep the rules whose ends meet a crossing rule or lie past the last one.

    The rules of a grid end on one another or at its outer edge. A run of ink that stops in the middle of a
    cell is something else: a bold word or a heavy letter that a dark scan ran together into a bar.
    """
    while True:
        kept_h = [h for h in horizontal if _anchored(h, vertical, join)]
        flipped_h = [_transpose(h) for h in kept_h]
        kept_v = [v for v in vertical if _anchored(_transpose(v), flipped_h, join)]
        if len(kept_h) == len(horizontal) and len(kept_v) == len(vertical):
            return kept_h, kept_v
        horizontal, vertical = kept_h, kept_v


def _anchored(rule: Rule, crossing: list[Rule], join: float) -> bool:
    """Both ends of a horizontal `rule` meet a vertical one, or have no vertical beyond them on its line."""
    on_line = [c.x for c in crossing if c.y0 - join <= rule.y <= c.y1 + join]
    for end, beyond in ((rule.x0, [x for x in on_line if x < rule.x0 - join]),
                        (rule.x1, [x for x in on_line if x > rule.x1 + join])):
        if beyond and not any(abs(x - end) <= join for x in on_line):
            return False
    return True


def _touch(h: Rule, v: Rule, join: float) -> bool:
    return h.x0 - join <= v.x <= h.x1 + join and v.y0 - join <= h.y <= v.y1 + join


def _connected(horizontal: list[Rule], vertical: list[Rule], join: float) -> list[tuple[list[Rule], list[Rule]]]:
    """Groups of rules that cross or meet one another: each group may be one table."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _touch(h, v, join):
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(v)
    return list(groups.values())


def _cluster(values: Iterable[float], within: float) -> list[float]:
    """Positions closer than `within` are one position (a rule drawn twice, or both edges of a thick one)."""
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= within:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return [sum(c) / len(c) for c in clusters]


def _grid(h_rules: list[Rule], v_rules: list[Rule], join: float, min_row: float) -> Grid | None:
    row_edges = _cluster((h.y for h in h_rules), min_row)
    columns = _cluster((v.x for v in v_rules), join)
    if len(row_edges) < 2 or len(columns) < 2:
        return None

    def has_side(x: float, top: float, bottom: float) -> bool:
        return any(abs(v.x - x) <= join and v.y0 <= top + join and v.y1 >= bottom - join for v in v_rules)

    def has_edge(y: float, left: float, right: float) -> bool:
        return any(abs(h.y - y) <= join and h.x0 <= left + join and h.x1 >= right - join for h in h_rules)

    rows: list[list[Cell]] = []
    above: dict[tuple[float, float], Cell] = {}  # the cell last seen between two column boundaries
    for top, bottom in itertools.pairwise(row_edges):
        sides = [x for x in columns if has_side(x, top, bottom)]
        row: list[Cell] = []
        seen: dict[tuple[float, float], Cell] = {}
        for left, right in itertools.pairwise(sides):
            spanned = above.get((left, right))
            if spanned is not None and not has_edge(top, left, right):
                spanned.bottom = bottom  # no rule between: the cell above runs down into this row
                seen[(left, right)] = spanned
                continue
            cell = Cell(top, bottom, left, right, columns.index(left))
            row.append(cell)
            seen[(left, right)] = cell
        above = seen
        if row:
            rows.append(row)
    if not rows or (len(rows) == 1 and len(rows[0]) < 2):
        return None  # a frame around a paragraph, not a grid
    cells = [cell for row in rows for cell in row]
    return Grid(columns, rows, min(c.top for c in cells), max(c.bottom for c in cells),
                min(c.left for c in cells), max(c.right for c in cells), [*h_rules, *v_rules])


# ---------------------------------------------------------------------------------------------
# Tick boxes: ☒ and ☐ as a text layer has them


@dataclass(frozen=True)
class TickBox:
    """A small square outline on the page (image pixels), and whether something is marked inside it."""

    top: int
    bottom: int
    left: int
    right: int
    checked: bool

    @property
    def area(self) -> Rule:
        return Rule(self.top, self.bottom, self.left, self.right)


def _find_tick_boxes(ink: np.ndarray, scale: float) -> list[TickBox]:
    """Squares a little taller than a capital letter, drawn as four short straight sides.

    Plans are full of them ("Progress reported: ☐ Monthly ☒ Quarterly") and Tesseract reads them as "0",
    "O" or "&" or not at all, which would lose the one answer that matters: which box is marked.
    """
    gap = max(1, round(0.4 * scale))
    shortest, longest = round(MIN_BOX_PT * scale), MAX_BOX_PT * scale
    thin = MAX_BOX_SIDE_PT * scale
    # Only thin strokes: a box is drawn with a fine line, a bold letter with a heavy one. (The long-run
    # mask keeps just the straight core of a curved stroke, so the stroke is measured in the ink itself.)
    horizontal = [r for r in _segments(_long_runs(_close_gaps(ink, gap), shortest))
                  if r.x1 - r.x0 <= longest and _stroke_width(ink, r, thin) <= thin]
    vertical = [_transpose(r) for r in _segments(_long_runs(_close_gaps(ink.T, gap), shortest))
                if r.x1 - r.x0 <= longest and _stroke_width(ink.T, r, thin) <= thin]
    slack = BOX_CORNER_PT * scale
    boxes: list[TickBox] = []
    for top in horizontal:
        for bottom in horizontal:
            box = _box_between(top, bottom, vertical, (shortest, longest), slack)
            if box is not None and _stands_apart(ink, *box, scale):
                boxes.append(TickBox(*box, checked=_marked(ink, *box, scale)))
    return _distinct(boxes)


def _stroke_width(ink: np.ndarray, rule: Rule, limit: float) -> float:
    """How thick the ink is across a horizontal stroke, at the middle third of its length.

    Counted as the unbroken run through the stroke in each column, so a cross inside a box, close to
    its side but not touching it, does not make the side look heavy.
    """
    reach = round(2 * limit) + 1
    third = (rule.x1 - rule.x0) // 3
    middle = round(rule.y)
    top = max(0, middle - reach)
    band = ink[top : middle + reach + 1, rule.x0 + third : rule.x1 - third + 1]
    if band.size == 0:
        return 0.0
    centre = middle - top
    upward = np.cumprod(band[centre::-1], axis=0).sum(axis=0)
    downward = np.cumprod(band[centre:], axis=0).sum(axis=0)
    return float(np.median(np.maximum(upward + downward - 1, 0)))


def _box_between(
    top: Rule, bottom: Rule, vertical: list[Rule], sides: tuple[float, float], slack: float
) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) when two short horizontal strokes and two vertical ones make a square."""
    height, width = bottom.y - top.y, max(top.x1 - top.x0, 1)
    if not (sides[0] <= height <= sides[1] and 0.7 <= height / width <= 1.4):
        return None
    if abs(bottom.x0 - top.x0) > slack or abs(bottom.x1 - top.x1) > slack:
        return None
    left = _side(vertical, top.x0, top, bottom, slack)
    right = _side(vertical, top.x1, top, bottom, slack)
    if left is None or right is None:
        return None
    box = (min(top.y0, left.y0, right.y0), max(bottom.y1, left.y1, right.y1), left.x0, right.x1)
    # A drawn box's sides run through its corners: each side spans the whole box. The flat parts of a
    # bold "0", "D" or "B" stop short where the outline bends round.
    corner = slack / 3
    spans = [(top.x0, top.x1, box[2], box[3]), (bottom.x0, bottom.x1, box[2], box[3]),
             (left.y0, left.y1, box[0], box[1]), (right.y0, right.y1, box[0], box[1])]
    if any(start > low + corner or end < high - corner for start, end, low, high in spans):
        return None
    box_height, box_width = box[1] - box[0] + 1, box[3] - box[2] + 1
    return box if 0.8 <= box_height / box_width <= 1.25 else None  # square: a "B" or an "H" is taller


def _side(vertical: list[Rule], x: float, top: Rule, bottom: Rule, slack: float) -> Rule | None:
    return next((v for v in vertical if abs(v.x - x) <= slack and abs(v.y0 - top.y) <= slack
                 and abs(v.y1 - bottom.y) <= slack), None)


def _stands_apart(ink: np.ndarray, top: int, bottom: int, left: int, right: int, scale: float) -> bool:
    """Nothing printed right against its left or right side: a box stands a space away from its label,
    the "O" of "Objective" touches the "b" beside it."""
    clear = max(2, round(BOX_CLEARANCE_PT * scale))
    quarter = (bottom - top) // 4
    rows = slice(top + quarter, bottom - quarter + 1)
    beside = [ink[rows, max(0, left - 1 - clear) : max(0, left - 1)], ink[rows, right + 2 : right + 2 + clear]]
    return not any(strip.any() for strip in beside)


def _marked(ink: np.ndarray, top: int, bottom: int, left: int, right: int, scale: float) -> bool:
    """A cross, a tick or a fill inside the box (its own sides left out)."""
    inset = max(2, round(BOX_INSET_PT * scale))
    inside = ink[top + inset : bottom - inset + 1, left + inset : right - inset + 1]
    return inside.size > 0 and float(inside.mean()) >= MARKED_INK_SHARE


def _distinct(boxes: list[TickBox]) -> list[TickBox]:
    """One box per square (a thick side can pair up twice)."""
    kept: list[TickBox] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.left)):
        if not any(b.left <= (box.left + box.right) / 2 <= b.right and b.top <= (box.top + box.bottom) / 2 <= b.bottom
                   for b in kept):
            kept.append(box)
    return kept


def _tick_words(ticks: list[TickBox]) -> list[OcrWord]:
    """Each box as the word a text layer would have there, on a line of its own that joins its label's."""
    return [OcrWord(CHECKED if t.checked else UNCHECKED, t.left, t.top, t.right, t.bottom, 100.0, -index - 1)
            for index, t in enumerate(ticks)]


# ---------------------------------------------------------------------------------------------
# Words → lines and tables


def _page_blocks(words: list[OcrWord], prepared: _PreparedPage) -> list[tuple[float, float, Block]]:
    scale = prepared.scale
    loose: list[OcrWord] = []
    for word in words:
        cell = next((c for g in prepared.grids if (c := g.cell_at(*word.center)) is not None), None)
        if cell is None:
            loose.append(word)
        else:
            cell.words.append(word)
    blocks: list[tuple[float, float, Block]] = []
    for grid in prepared.grids:
        table = _table(grid, prepared.number, prepared.ink)
        if table is not None:
            blocks.append((grid.top / scale, grid.bottom / scale, table))
    rows = [_with_bullets(row, prepared.ink) for row in _printed_rows(loose)]
    in_order = [word for row in rows for word in row]
    line_sizes = _line_sizes(words)
    body_stroke = _body_stroke(words, prepared.core, line_sizes)
    bold = dict(zip(in_order, _bold_words(in_order, prepared.core, line_sizes, body_stroke), strict=True))
    boxes = [[_word_box(word, scale, bold[word]) for word in row] for row in rows]
    height, width = (side / scale for side in prepared.image.shape)
    return blocks_in_reading_order(blocks, boxes, prepared.number, width, height, ocr=True)


def _table(grid: Grid, page: int, ink: np.ndarray) -> Table | None:
    rows: list[list[str]] = []
    for grid_row in grid.rows:
        texts = [""] * (len(grid.columns) - 1)
        for cell in grid_row:
            texts[cell.column] = _cell_text(cell.words, ink)
        rows.append(texts)
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    return Table(rows, [page] * len(rows), ocr=True)


def _cell_text(words: list[OcrWord], ink: np.ndarray) -> str:
    lines = [" ".join(word.text for word in _with_bullets(row, ink)) for row in _printed_rows(words)]
    return clean_text("\n".join(lines))


def _printed_rows(words: list[OcrWord]) -> list[list[OcrWord]]:
    """Words grouped into printed rows, top to bottom, each left to right.

    Tesseract's own lines are kept whole; lines side by side at the same height (the columns of an
    unruled grid, which Tesseract may read as separate blocks) become one row, as a text layer gives them.
    """
    lines: dict[int, list[OcrWord]] = {}
    for word in words:
        lines.setdefault(word.line_key, []).append(word)
    spans = sorted(
        ((statistics.median(w.top for w in members), statistics.median(w.bottom for w in members), members)
         for members in lines.values()),
        key=lambda span: (span[0] + span[1]) / 2,
    )
    rows: list[tuple[float, float, list[OcrWord]]] = []
    for top, bottom, members in spans:
        if rows and rows[-1][0] <= (top + bottom) / 2 <= rows[-1][1]:
            row_top, row_bottom, row_members = rows[-1]
            rows[-1] = (min(row_top, top), max(row_bottom, bottom), row_members + members)
        else:
            rows.append((top, bottom, list(members)))
    return [sorted(members, key=lambda w: w.left) for _, _, members in rows]


def _with_bullets(row: list[OcrWord], ink: np.ndarray) -> list[OcrWord]:
    """The row with its list bullets as "•", the way a text layer has them.

    Tesseract reads a bullet as "e", "¢", "*" or "«", or leaves it out; without it, the items of a
    list run together into one paragraph. A bullet is a small solid dot at the start of a run of words,
    raised off the baseline, alone or read as a tiny word of its own.
    """
    letters = [w for w in row if any(ch.isalpha() for ch in w.text)]
    if not letters:
        return row
    em = statistics.median(_font_size(w) for w in letters)
    baseline = statistics.median(w.bottom for w in letters)
    result: list[OcrWord] = []
    previous_right: int | None = None
    for word in row:
        if previous_right is None or word.left - previous_right > CELL_GAP_EM * em:
            if len(word.text) <= 2 and _dot(ink, word.top, word.bottom, word.left, word.right + 1, em, baseline):
                word = replace(word, text=BULLET)  # the bullet itself, misread
            elif (dot := _dot_before(word, ink, em, baseline)) is not None:
                result.append(dot)
        result.append(word)
        previous_right = word.right
    return result


def _dot_before(word: OcrWord, ink: np.ndarray, em: float, baseline: float) -> OcrWord | None:
    """A bullet Tesseract left out: the only ink in the stretch just left of the word, and a dot."""
    left = max(0, round(word.left - BULLET_REACH_EM * em))
    window = ink[word.top : word.bottom + 1, left : word.left]
    columns = np.flatnonzero(window.any(axis=0))
    if columns.size == 0 or np.any(np.diff(columns) > 1):
        return None  # nothing there, or more than one blob (other text)
    dot = _dot(ink, word.top, word.bottom, left + int(columns[0]), left + int(columns[-1]) + 1, em, baseline)
    if dot is None:
        return None
    top, bottom, dot_left, dot_right = dot
    return replace(word, text=BULLET, left=dot_left, right=dot_right, top=top, bottom=bottom, conf=100.0, chars=())


def _dot(
    ink: np.ndarray, top: int, bottom: int, left: int, right: int, em: float, baseline: float
) -> tuple[int, int, int, int] | None:
    """(top, bottom, left, right) of a solid dot in the box, or None: a small, roundish, filled blob
    raised above the baseline (a full stop sits on it)."""
    region = ink[top : bottom + 1, left:right]
    rows, columns = np.flatnonzero(region.any(axis=1)), np.flatnonzero(region.any(axis=0))
    if rows.size == 0 or columns.size == 0:
        return None
    height, width = rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1
    if not (BULLET_MIN_EM * em <= height <= BULLET_MAX_EM * em and 0.6 <= height / width <= 1.6):
        return None
    if float(region[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1].mean()) < BULLET_FILL:
        return None
    raised = baseline - (top + (rows[0] + rows[-1]) / 2)
    if not (BULLET_RAISE_EM[0] * em <= raised <= BULLET_RAISE_EM[1] * em):
        return None
    return top + int(rows[0]), top + int(rows[-1]), left + int(columns[0]), left + int(columns[-1])


def _word_box(word: OcrWord, scale: float, bold: bool) -> dict:
    """A word in the shape pdf.py's paragraph joiner takes, in PDF points."""
    return {
        "text": word.text,
        "x0": word.left / scale,
        "x1": word.right / scale,
        "top": word.top / scale,
        "bottom": word.bottom / scale,
        "size": _font_size(word) / scale,
        "bold": bold,
    }


def _font_size(word: OcrWord) -> float:
    """The font size in pixels, from the word's box height and which letters reach up or hang down."""
    letters = [ch for ch in word.text if ch.isalnum() or ch in "()[]{}"]
    height = word.bottom - word.top
    if word.text in (CHECKED, UNCHECKED):
        return height / TICK_BOX_EM
    if not letters:
        return height / CAP_TOP_EM
    top = CAP_TOP_EM if any(ch in TALL for ch in letters) else X_TOP_EM
    if not any(ch in TALL or ch in X_HEIGHT or ch in DESCENDING for ch in letters):
        top = CAP_TOP_EM  # letters we have no table for (accented, other scripts): assume capitals
    if any(ch in DESCENDING for ch in letters):
        bottom = DESCENT_EM
    elif any(ch in COMMA_LIKE for ch in word.text):
        bottom = COMMA_DESCENT_EM
    else:
        bottom = 0.0
    return height / (top + bottom)


def _line_sizes(words: list[OcrWord]) -> dict[int, float]:
    """Font size (pixels) of each Tesseract line: the median of its words' estimates, steadier than any one."""
    sizes: dict[int, list[float]] = {}
    for word in words:
        sizes.setdefault(word.line_key, []).append(_font_size(word))
    return {key: statistics.median(values) for key, values in sizes.items()}


def _body_stroke(words: list[OcrWord], core: np.ndarray, line_sizes: dict[int, float]) -> float | None:
    """The stroke width (relative to size) of the page's ordinary text: the median over all its words,
    tables included, as most of a plan is set in regular weight. None when there are too few words."""
    ratios = [_stroke_ratio(word, core, line_sizes[word.line_key])
              for word in words if sum(ch.isalpha() for ch in word.text) >= 3]
    typical = [r for r in ratios if r > 0]
    return statistics.median(typical) if len(typical) >= 5 else None


def _bold_words(
    words: list[OcrWord], core: np.ndarray, line_sizes: dict[int, float], body_stroke: float | None
) -> list[bool]:
    """Which words are printed bold: their strokes are clearly wider, for their size, than ordinary text.

    A word of letters or figures is measured; a mark with none ("•", "-", a tick box) takes the weight of
    the word beside it, so "2. PRESENT LEVELS" and "• Extended time" read as wholly bold or wholly not.
    """
    if body_stroke is None:
        return [False] * len(words)  # too few words to know what regular text looks like here
    measured = [any(ch.isalnum() for ch in word.text) for word in words]
    bold = [has_text and _stroke_ratio(word, core, line_sizes[word.line_key]) > BOLD_STROKE_RATIO * body_stroke
            for word, has_text in zip(words, measured, strict=True)]
    for index, word in enumerate(words):
        if not measured[index]:
            beside = [j for j in (*range(index + 1, len(words)), *range(index - 1, -1, -1))
                      if measured[j] and words[j].line_key == word.line_key]
            bold[index] = bool(beside) and bold[beside[0]]
    return bold


def _stroke_ratio(word: OcrWord, core: np.ndarray, size: float) -> float:
    """Mean width of the word's horizontal stroke cores (≈ its stem width) relative to its line's font size."""
    box = core[word.top : word.bottom + 1, word.left : word.right + 1]
    dark = int(box.sum())
    if dark == 0:
        return 0.0
    runs = int(box[:, 0].sum()) + int((box[:, 1:] & ~box[:, :-1]).sum())
    return (dark / max(runs, 1)) / max(size, 1.0)

