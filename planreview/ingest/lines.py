"""Printed words → lines → paragraphs, the same way for a text layer and for an OCR'd page image.

A word box is a dict with text, x0, x1, top, bottom (PDF points), size (font size) and bold.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from .model import Line

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


def rows_by_top(words: list[dict]) -> list[list[dict]]:
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
        cells=[clean_text(" ".join(c)) for c in cells],
        starts_bold=bool(row[0]["bold"]),
    )


def _paragraphs(lines: list[_PrintedLine], page: int, *, ocr: bool = False) -> Iterable[tuple[float, float, Line]]:
    """Join wrapped printed lines into paragraphs, so a sentence is never cut at a line end."""
    if not lines:
        return
    body_size = statistics.median(line.size for line in lines)
    max_step = _max_line_step(lines, body_size)
    # A text layer states font sizes exactly; sizes measured from a page image wobble by a tenth or so.
    size_slack = OCR_SIZE_SLACK if ocr else 0.0
    right_edge = max(line.x1 for line in lines)
    current: list[_PrintedLine] = []

    def emit() -> tuple[float, float, Line]:
        text = current[0].text
        for nxt in current[1:]:
            text = join_wrapped(text, nxt.text)
        emphasis = all(line.bold for line in current) or current[0].size > body_size * 1.15
        cells = current[0].cells if len(current) == 1 and len(current[0].cells) > 1 else None
        weight = "bold" if all(line.bold for line in current) else "plain"
        # A text layer states sizes exactly; sizes measured on a page image wobble, so round them more.
        size = f"{round(current[0].size)}" if ocr else f"{current[0].size:.1f}"
        style = f"{weight} {size}" if emphasis else None
        return current[0].top, current[-1].bottom, Line(text, page, emphasis=emphasis, ocr=ocr, cells=cells,
                                                        style=style)

    for line in lines:
        if current and _continues(current[-1], line, max_step, right_edge, size_slack):
            current.append(line)
            continue
        if current:
            yield emit()
        current = [line]
    if current:
        yield emit()


def _wrapped(previous: _PrintedLine, right_edge: float) -> bool:
    full = previous.x1 >= right_edge - 0.25 * (right_edge - previous.x0)
    return full and not TERMINAL.search(previous.text)


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


def _max_line_step(lines: list[_PrintedLine], body_size: float) -> float:
    """How far down the next line of a paragraph may start, as a share of the font size: 1.5, or a little
    more than this page's own line spacing when it is printed with "1.5 lines" or wider."""
    steps = [b.top - a.top for a, b in itertools.pairwise(lines)
             if abs(a.size - b.size) <= 0.5 and a.size * 1.0 < b.top - a.top < a.size * 2.6]
    if len(steps) < 4:
        return 1.5
    return max(1.5, 1.15 * statistics.median(steps) / max(body_size, 1.0))


def _continues(
    previous: _PrintedLine, line: _PrintedLine, max_step: float, right_edge: float, size_slack: float = 0.0
) -> bool:
    if len(previous.cells) > 1 or len(line.cells) > 1:
        return False  # rows of an unruled grid stay separate
    if previous.bold != line.bold or abs(previous.size - line.size) > max(0.5, size_slack * previous.size):
        return False
    step = line.top - previous.top
    if step > max_step * max(previous.size, 1.0):
        return False
    if step > 1.5 * max(previous.size, 1.0) and not _wrapped(previous, right_edge):
        return False  # on a page printed with wide line spacing, only a full line runs on into the next
    if LIST_MARKER.match(line.text) or (line.starts_bold and not previous.bold):
        return False
    if previous.text.rstrip().endswith(":"):
        return False
    if _capitals(previous.text) and not _capitals(line.text):
        return False  # "PRESENT LEVELS OF PERFORMANCE" above its paragraph: a heading, even unbolded in a scan
    short = previous.x1 < right_edge - 0.25 * (right_edge - previous.x0)
    return not (short and TERMINAL.search(previous.text))


SUFFIX_FRAGMENT = re.compile(
    r"^(?:[a-z]{1,3}|(?:t?ion|ment|ness|ing|ance|ence|able|ible|ity|ous|ive|ize|ise|ally|ful|less|ship)s?)\b"
)


CELL_WORD_TAIL = re.compile(r"^([a-z]{1,3})(?=$|[\s.,;:)/])")
# Short words and the abbreviations of service grids, which do begin a wrapped line ("30 min per" / "wk").
SHORT_WORDS = frozenset(STOP_WORDS) | {
    "x", "wk", "wks", "mo", "mos", "hr", "hrs", "min", "day", "yr", "yrs", "ea", "am", "pm", "ed", "gen", "sp", "ot",
    "pt", "slp", "iep", "art", "age", "all", "use", "new", "old", "end", "set", "may", "add", "ask", "big", "low",
    "ago",
}


def join_wrapped(text: str, continuation: str) -> str:
    """Re-join a word hyphenated at a line end; keep the hyphen of a real compound like real-world."""
    if text.endswith("\u00ad"):
        return text[:-1] + continuation
    if re.search(r"[A-Za-z]-$", text) and continuation[:1].islower():
        if SUFFIX_FRAGMENT.match(continuation):
            return text[:-1] + continuation
        return text + continuation
    return f"{text} {continuation}"


# Word's bullets, printed from its Symbol and Wingdings fonts, land in Unicode's private use area.
SYMBOL_FONT_BULLETS = str.maketrans({"\uf0b7": "•", "\uf0a7": "▪", "\uf076": "•", "\uf0d8": "•", "\uf0a8": "•",
                                     "\uf06c": "•", "\uf06e": "▪", "\uf0fc": "✓", "\uf02d": "-"})


def clean_text(text: str) -> str:
    """Expand ligatures (NFKC: ﬁ → fi), drop unmapped glyph codes, and unwrap lines inside a cell."""
    text = unicodedata.normalize("NFKC", CID.sub("•", text)).translate(SYMBOL_FONT_BULLETS)
    pieces = [piece.strip() for piece in text.splitlines() if piece.strip()]
    if not pieces:
        return ""
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = joined + piece if _broken_in_cell(joined, piece) else join_wrapped(joined, piece)
    return re.sub(r"\s{2,}", " ", joined).strip()


def _broken_in_cell(text: str, continuation: str) -> bool:
    """A narrow grid column breaks a long word without a hyphen: "Session" / "s", "Min/Sess" / "ion".
    A lone lowercase piece of one to three letters that is not a word is the rest of the word before it."""
    tail = CELL_WORD_TAIL.match(continuation)
    return bool(tail and re.search(r"[A-Za-z]{2}$", text) and tail.group(1) not in SHORT_WORDS)
