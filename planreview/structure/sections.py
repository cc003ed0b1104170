"""Cut a document into sections at its headings; heading variants come from patterns/headings.yaml."""

from __future__ import annotations

import re

from ..ingest.model import Block, Line, Table
from ..matching import family
from .model import Section

# "3.", "IV.", "Section 4:", "Part B -" before a heading are numbering, not words of the heading.
NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|step|page|form|iep)\s+(?!504\b)[0-9IVXivx]{1,4}[A-Za-z]?\s*[.:)\-–—]?\s*"
    r"|\d{1,2}(?:\.\d{1,2})*[.):]?\s*[-–—]?\s+|[IVX]{1,5}[.):]\s*[-–—]?\s*|[A-H][.)]\s+)",
    re.IGNORECASE,
)
INLINE_LABEL = re.compile(r"^\s*([^:]{2,90}?)\s*:\s*(\S.*)$")
MAX_QUESTION_WORDS = 30
TERMINAL = re.compile(r"[.!?:;]\s*[\"')\]]?$")
MAX_HEADING_WORDS = 10
# In a transition plan "Assessments:", "Goals:" and "Services:" are the transition's own.
PART_OF_TRANSITION = {"assessment", "goals", "services"}
# Goal and service grids are read as whole tables by their extractors, never row by row.
TABLE_OWNED_KINDS = {"goals", "services", "progress"}


def heading_kind(text: str, emphasis: bool, *, extra_words: int = 4, styled: bool = False) -> str | None:
    """The kind of section `text` opens when it is a heading, else None."""
    kinds = heading_kinds(text, emphasis, extra_words=extra_words, styled=styled)
    return kinds[0] if kinds else None


def heading_kinds(text: str, emphasis: bool, *, extra_words: int = 4, styled: bool = False) -> list[str]:
    """Every kind a heading names, the one it opens with first: "CURRENT PERFORMANCE LEVELS / MEASURABLE
    ANNUAL GOALS" is both. `styled` says the line looks like this plan's other headings, so a few words
    may come before the phrase ("Recommended Special Education Programs and Services")."""
    kinds = _heading_kinds(text, emphasis, extra_words=extra_words, styled=styled)
    if kinds:
        return kinds
    # A bilingual form prints each heading twice: "Metas anuales / Annual Goals". Either half may name it.
    halves = [h for h in BILINGUAL_SPLIT.split(text) if h.strip()]
    if len(halves) == 2 and (emphasis or styled or text.isupper()):
        for half in halves:
            kinds = _heading_kinds(half, True, extra_words=extra_words, styled=styled)
            if kinds:
                return kinds
    return []


BILINGUAL_SPLIT = re.compile(r"\s+/\s+|\s+\|\s+")


def _heading_kinds(text: str, emphasis: bool, *, extra_words: int, styled: bool) -> list[str]:
    # "Accommodations (check all that apply; only checked items are part of the plan)": the words in
    # brackets explain the heading; they are not more of it.
    stripped = re.sub(r"\s*\([^)]*\)", "", NUMBERING.sub("", text)).strip().rstrip(":").strip()
    if extra_words and (styled or stripped != text.strip().rstrip(":").strip()):
        # "Section 5 – Supplementary Aids, Program Modifications and Supports for School Personnel":
        # a numbered line, or one styled like the plan's headings, is a heading even when it says more.
        extra_words = max(extra_words, 8)
    if not stripped or len(stripped) > 90 or len(stripped.split()) > MAX_HEADING_WORDS:
        return []
    if stripped.endswith(".") and not emphasis:
        return []  # a sentence, not a heading
    if re.search(r":\s*\S", stripped):
        return []  # "Extended School Year: ☒ Not eligible" is a labelled answer, not a heading
    looks_like_heading = (emphasis or styled or stripped.isupper() or text.rstrip().endswith(":")
                          or _title_case(stripped))
    markers = family("goals").find(stripped, labels={"goal_marker"})
    if markers and markers[0].start == 0:
        return ["goals"]  # "GOAL 3 – Transition / Employment Skills" titles one goal, whatever its area
    hits = family("headings").find(stripped, longest=False)
    # Of the phrases that open the line, the longest: "Present levels of performance" opens with
    # "present levels" even though "levels of performance" is longer and starts a word later.
    # Only a line styled like the plan's headings may open with other words first.
    opening = [h for h in hits if h.start <= 1]
    if not opening and styled:
        opening = [h for h in hits if h.start <= _lead_allowance(stripped)]
    if not opening:
        return []
    first = max(opening, key=lambda h: (h.end - h.start, -h.start))
    if first.start > 1 and not looks_like_heading:
        return []
    rest_words = len(re.findall(r"[A-Za-z]{2,}", stripped[first.end:]))
    if rest_words and not (looks_like_heading and rest_words <= extra_words):
        return []
    # A second kind needs a phrase of its own: "Devices and/or Services" does not make a services section.
    others = [h.label for h in family("headings").find(stripped[first.end:])
              if h.label != first.label and (" " in h.text or len(h.text) >= 10)]
    # A heading pattern may name more than one kind by itself ("How we will help": services and supports).
    carried = [str(kind) for kind in (first.value or []) if kind != first.label]
    return [first.label, *dict.fromkeys([*carried, *others])]


def _lead_allowance(text: str) -> int:
    """The character offset of the fourth word: a styled heading may open with up to three other words."""
    words = list(re.finditer(r"\S+", text))
    return words[3].start() if len(words) > 3 else len(text)


SMALL_WORDS = {"of", "and", "the", "in", "for", "to", "a", "an", "with", "on", "at", "by", "or", "from", "as", "vs"}


def _title_case(text: str) -> bool:
    """Headings on forms are printed in Title Case ("Present Levels of Academic Achievement")."""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", text) if w.lower() not in SMALL_WORDS]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) / len(words) >= 0.8


def inline_label(text: str) -> tuple[str, str] | None:
    """("Impact of disability", kind) for a line such as "Impact of disability: Because of …"."""
    match = INLINE_LABEL.match(text)
    if not match:
        return None
    label = match.group(1)
    # Only a label that is wholly a heading phrase: "Assistive technology consultation: as needed"
    # is a service line, not the start of an assistive-technology section.
    kind = heading_kind(label, emphasis=True, extra_words=0)
    return (label, kind) if kind else None


LIST_ITEM = re.compile(r"(?:[a-z]|[ivx]{1,4})[.)]\s+\S")


def join_page_breaks(blocks: list[Block]) -> list[Block]:
    """A sentence cut by a page break is one sentence: re-join it so a goal stays whole. A grid that goes on
    over the page under its repeated header row is one grid, so a row cut by the break can be mended."""
    joined: list[Block] = []
    for block in blocks:
        index = _grid_continued(joined, block) if isinstance(block, Table) else None
        if index is not None:
            above = joined[index]
            joined[index] = Table(above.rows + block.rows[1:], above.row_pages + block.row_pages[1:], above.ocr)
            continue
        previous = joined[-1] if joined else None
        if (
            isinstance(block, Line)
            and isinstance(previous, Line)
            and block.origin == previous.origin == "body"
            and previous.page is not None
            and block.page is not None
            and block.page == previous.page + 1
            and not TERMINAL.search(previous.text)
            and block.text[:1].islower()
            and not LIST_ITEM.match(block.text)  # "a. Nadia spends…" starts an item, not a sentence's tail
            and not (previous.emphasis and heading_kind(previous.text, True))  # a heading at a page's foot
        ):
            joined[-1] = Line(f"{previous.text} {block.text}", previous.page, previous.emphasis, previous.ocr)
            continue
        joined.append(block)
    return joined


def _grid_continued(joined: list[Block], table: Table) -> int | None:
    """Where the grid this table goes on from stands in `joined`: only running headers, footers and
    "continued" notes lie between, the table is on a later page, and its first row repeats that grid's header."""
    for index in range(len(joined) - 1, -1, -1):
        block = joined[index]
        if isinstance(block, Line) and (block.origin == "header" or _continued_note(block.text)):
            continue
        goes_on = (isinstance(block, Table) and bool(block.rows) and len(table.rows) > 1
                   and block.rows[0] == table.rows[0] and table.row_pages[0] != block.row_pages[-1])
        return index if goes_on else None
    return None


def _continued_note(text: str) -> bool:
    """"(continued on next page)", "6c. Related Services (continued)": a note that the grid goes on."""
    return len(text.split()) <= 10 and bool(CONTINUED.search(text))


CONTINUED = re.compile(r"\bcontinued\b|\(cont(?:\.|'d)?\)", re.IGNORECASE)


def heading_styles(blocks: list[Block]) -> set[str]:
    """The looks this plan gives its headings: styles worn by two or more headings we recognise."""
    counts: dict[str, int] = {}
    for block in blocks:
        if isinstance(block, Line) and block.style and heading_kind(block.text, block.emphasis):
            counts[block.style] = counts.get(block.style, 0) + 1
    return {style for style, count in counts.items() if count >= 2}


def _titled(line: Line, styles: set[str]) -> bool:
    """"Present Levels: Communication" in bold is a heading with its area, not a labelled answer."""
    value = line.text.split(":", 1)[1].strip()
    return (line.emphasis or line.style in styles) and 0 < len(value.split()) <= 4 and not TERMINAL.search(value)


def _question_heading(line: Line, styles: set[str]) -> bool:
    """Forms ask their headings: "What type(s) of accommodation, if any, is necessary …?" in bold."""
    text = line.text.strip()
    return ((line.emphasis or line.style in styles) and text.endswith("?")
            and len(text.split()) <= MAX_QUESTION_WORDS and not re.search(r"[☐☒]", text))


def question_kinds(text: str) -> list[str]:
    """The kind of section a heading question asks about: the first it names ("Benchmark/Objectives: What
    will the student need to do to complete this goal?" is about objectives, not goals)."""
    hits = family("headings").find(text)
    return [hits[0].label] if hits else []


def _unknown_heading(line: Line, styles: set[str]) -> bool:
    """A line styled like this plan's headings is a heading even in words we do not know, so the
    text under it is not taken for part of the section before ("Offer of FAPE", "Profile")."""
    text = NUMBERING.sub("", line.text).strip()
    return (line.style in styles and 0 < len(text.split()) <= MAX_HEADING_WORDS and not TERMINAL.search(text)
            and not re.search(r":\s*\S", text))


def split_sections(blocks: list[Block]) -> list[Section]:
    first_page = next((b.page for b in blocks if b.page is not None), None)
    sections: list[Section] = [Section("preamble", None, first_page)]
    outer = sections[0]
    styles = heading_styles(blocks)
    outline = _Outline(sections)

    def add(block: Block) -> None:
        nonlocal outer
        if sections[-1].inline:
            outer = Section(outer.kind, outer.heading, block.page, also=outer.also)
            sections.append(outer)
        sections[-1].blocks.append(block)

    for block in blocks:
        if isinstance(block, Line):
            if block.origin == "header":
                sections.append(Section("page_header", None, block.page, [block], inline=True))
                continue
            kinds = heading_kinds(block.text, block.emphasis, styled=block.style in styles)
            if not kinds and _question_heading(block, styles):
                kinds = question_kinds(block.text)
                outer = outline.open(block.text, kinds, block.page)
                outer.heading_ocr = block.ocr
                sections.append(outer)
                continue
            if kinds or _unknown_heading(block, styles):
                outer = outline.open(block.text, kinds, block.page)
                outer.heading_ocr = block.ocr
                sections.append(outer)
                continue
            labelled = inline_label(block.text)
            if labelled and (block.text.rstrip().endswith("?") or _titled(block, styles)):
                # "Current Performance Level: What can the student currently do?" asks; the answer follows.
                outer = outline.open(block.text, [labelled[1]], block.page)
                sections.append(outer)
                continue
            if labelled and not (outer.kind == "transition" and labelled[1] in PART_OF_TRANSITION):
                label, kind = labelled
                # "Transition services: 2 sessions per month …" in a services section is also a service line.
                also = frozenset({"services"}) if outer.has("services") and kind != "services" else frozenset()
                sections.append(Section(kind, label, block.page, [block], inline=True, also=also))
                continue
            add(block)
        else:
            kind = _table_heading(block)
            if kind:
                heading = next(cell for cell in block.rows[0] if cell.strip())
                outer = Section(kind, heading, block.page)
                sections.append(outer)
                block = Table(block.rows[1:], block.row_pages[1:], block.ocr)
                if not block.rows:
                    continue
            kind = _header_row_kind(block)
            # A grid right under its heading is that heading's content ("Goal | Description | Provider"
            # under DESCRIPTION OF SPECIALLY DESIGNED SERVICES), whatever its first column is called.
            if kind and kind != outer.kind and (outer.blocks or not outer.heading):
                outer = Section(kind, " | ".join(c for c in block.rows[0] if c.strip()), block.page)
                sections.append(outer)
            add(block)
            # A form row such as "Extended School Year | ☒ Not eligible" is that element's whole section.
            for kinds, label, row, page in labelled_rows(block):
                if outer.kind in TABLE_OWNED_KINDS:
                    break  # rows of a service or goal grid name services and goals, not sections
                if kinds[0] != outer.kind and kinds[0] not in TABLE_OWNED_KINDS:
                    sections.append(Section(kinds[0], label, page, [Table([row], [page], block.ocr)], inline=True,
                                            also=frozenset(kinds[1:])))
    return [s for s in sections if s.blocks or s.heading]


class _Outline:
    """Headings nest: "VII. EDUCATIONAL PLACEMENT" with nothing under it but "A. Questions…", "B. Type
    and amount of support", "C. Location…". A known heading with nothing under it is a parent: the
    headings that follow belong to it too, until the next heading numbered like it (or, for a parent
    without a number, the next heading we know)."""

    def __init__(self, sections: list[Section]) -> None:
        self.sections = sections
        self.parent: Section | None = None

    def open(self, text: str, kinds: list[str], page: int | None) -> Section:
        previous = self.sections[-1]
        if _is_parent(previous):
            self.parent = previous
        elif self.parent is not None and self._closes(text, kinds):
            self.parent = None
        if not kinds:
            if self.parent is None:
                return Section("unknown", text, page)
            return Section(self.parent.kind, text, page, also=self.parent.also)
        also = set(kinds[1:])
        # Objectives under a goal heading are steps toward it, never goals themselves.
        if self.parent is not None and self.parent.kind != kinds[0] and kinds[0] != "objectives":
            also.add(self.parent.kind)
        return Section(kinds[0], text, page, also=frozenset(also))

    def _closes(self, text: str, kinds: list[str]) -> bool:
        level = _numbering_class(self.parent.heading or "")
        return _numbering_class(text) == level if level else bool(kinds)


def _is_parent(section: Section) -> bool:
    return bool(section.heading) and not section.blocks and not section.inline and section.kind not in (
        "unknown", "preamble", "page_header")


def _numbering_class(text: str) -> str:
    """What kind of number opens a heading: "roman" (VII.), "letter" (A.), "arabic" (3.), a word (Form 2), or ""."""
    stripped = text.strip()
    patterns = (("word", r"(?i)(?:section|part|step|form)\s+\w+"), ("roman", r"[IVX]{1,5}[.):]"),
                ("letter", r"[A-H][.)]"), ("arabic", r"\d{1,2}(?:\.\d{1,2})*[.):]?\s"))
    for name, pattern in patterns:
        if re.match(pattern, stripped):
            return name
    return ""


def _table_heading(table: Table) -> str | None:
    """A grid whose first row is one heading cell ("SPECIAL EDUCATION SERVICES") opens a section."""
    if not table.rows:
        return None
    cells = [cell for cell in table.rows[0] if cell.strip()]
    if len(cells) != 1 or len(set(table.rows[0])) > 2:
        return None
    return heading_kind(cells[0], emphasis=True)


def _header_row_kind(table: Table) -> str | None:
    """A grid headed "Signature | Role | Date" is the section its first heading names, wherever it sits."""
    if not table.rows:
        return None
    cells = [cell for cell in table.rows[0] if cell.strip()]
    if len(cells) < 2 or not all(len(c.split()) <= 4 and not re.search(r"\d", c) for c in cells):
        return None
    return heading_kind(cells[0], emphasis=False, extra_words=0)


def labelled_rows(table: Table) -> list[tuple[list[str], str, list[str], int | None]]:
    """(kinds, label, row, page) for rows such as "Extended School Year | ☒ Not eligible". A label may
    name two things ("Impact on Learning / Current Performance")."""
    found = []
    for row, page in zip(table.rows, table.row_pages, strict=False):
        cells = [cell for cell in row if cell.strip()]
        if len(cells) < 2:
            continue
        kinds = heading_kinds(cells[0], emphasis=True, extra_words=2)
        if kinds:
            found.append((kinds, cells[0], row, page))
    return found
