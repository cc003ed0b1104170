"""DOCX → paragraphs and tables in document order.

python-docx is not used for reading because it silently drops what form-style plans depend on:
text inside content controls (w:sdt), tracked insertions (w:ins), text boxes, and it cannot open
Strict OOXML or a package with an altChunk. We read the package ourselves with a hardened XML
parser (no entities, no network, no DTD) and size limits against ZIP bombs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from .model import Block, IngestError, Line, Table

MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # everything we would inflate
MAX_RATIO = 200  # a real document.xml compresses about 5-20x; bombs compress 1000x and more
MAX_MEMBERS = 20_000

UNPACKS_TOO_BIG = "it unpacks to far more data than a Word document holds"
CHECKED, UNCHECKED = "☒", "☐"
# Checkbox glyphs drawn with symbol fonts (w:sym): Wingdings and Wingdings 2 code points.
SYMBOL_BOXES = {
    "F0A8": UNCHECKED, "F06F": UNCHECKED, "F071": UNCHECKED, "F0FE": CHECKED, "F0FD": CHECKED,
    "F078": CHECKED, "F0A3": UNCHECKED, "F052": CHECKED, "F053": CHECKED, "F054": CHECKED,
}
SKIPPED = {"del", "moveFrom", "delText", "instrText", "fldData", "Fallback", "commentReference",
           "footnoteReference", "endnoteReference", "object"}

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                         remove_comments=True, remove_pis=True)


def local(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def attr(element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return None


class _Package:
    """The parts of a Word package, read with limits."""

    def __init__(self, path: Path) -> None:
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise IngestError("corrupt", f"zip: {exc}") from exc
        infos = self.archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise IngestError("too_large", UNPACKS_TOO_BIG)
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL_BYTES:
            raise IngestError("too_large", UNPACKS_TOO_BIG)
        for info in infos:
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise IngestError("too_large", UNPACKS_TOO_BIG)
        self.names = {info.filename for info in infos}

    def close(self) -> None:
        self.archive.close()

    def read(self, name: str) -> bytes:
        try:
            with self.archive.open(name) as handle:
                data = handle.read(MAX_PART_BYTES + 1)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise IngestError("corrupt", f"part {name}: {exc}") from exc
        if len(data) > MAX_PART_BYTES:
            raise IngestError("too_large", UNPACKS_TOO_BIG)
        return data

    def xml(self, name: str):
        data = self.read(name)
        if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
            # OOXML never declares a DTD; one that does is trying entity expansion tricks.
            raise IngestError("corrupt", f"DTD in {name}")
        try:
            return etree.fromstring(data, PARSER)
        except etree.XMLSyntaxError as exc:
            raise IngestError("corrupt", f"xml {name}: {exc}") from exc

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Map relationship id → (type, target part name) for a part."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.names:
            return {}
        result: dict[str, tuple[str, str]] = {}
        for rel in self.xml(rels_name):
            if local(rel) != "Relationship" or attr(rel, "TargetMode") == "External":
                continue
            target = attr(rel, "Target") or ""
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            result[attr(rel, "Id") or ""] = (attr(rel, "Type") or "", resolved)
        return result

    def main_part(self) -> str:
        for rel_type, target in self.relationships("").values():
            if rel_type.endswith("/officeDocument") and target in self.names:
                return target
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise IngestError("corrupt", "no main document part")


@dataclass
class _Walker:
    package: _Package
    part: str
    rels: dict[str, tuple[str, str]]
    pages_known: bool
    page: int = 1
    blocks: list[Block] = field(default_factory=list)

    @property
    def current_page(self) -> int | None:
        return self.page if self.pages_known else None

    # -- block level -------------------------------------------------------------------------

    def walk_container(self, element) -> None:
        for child in element:
            name = local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name == "sdt":
                props = _child(child, "sdtPr")
                content = _child(child, "sdtContent")
                unfilled = props is not None and _child(props, "showingPlcHdr") is not None
                if content is not None and not unfilled:
                    self.walk_container(content)
            elif name == "altChunk":
                self.alt_chunk(child)
            elif name in SKIPPED or name.endswith("Pr"):
                continue
            else:  # ins, moveTo, customXml, smartTag … wrap real content
                self.walk_container(child)

    def paragraph(self, element) -> None:
        inline = _Inline(self)
        inline.collect(element)
        text = _tidy(inline.text())
        if text:
            style = _paragraph_style(element)
            self.blocks.append(Line(text, inline.start_page, emphasis=style is not None, style=style))
        for floating in inline.floating:  # text boxes anchored in this paragraph
            self.walk_container(floating)

    def table(self, element) -> None:
        rows: list[list[str]] = []
        row_pages: list[int | None] = []

        def flush() -> None:
            if rows:
                self.blocks.append(Table(list(rows), list(row_pages)))
                rows.clear()
                row_pages.clear()

        for row in _rows(element):
            cells = [c for c in row if local(c) == "tc"]
            if len(cells) == 1:
                # A one-cell row is page layout (a shaded section bar, a box of text, a holder for a
                # nested grid), not data: its content flows as paragraphs and grids of their own.
                flush()
                self.walk_container(cells[0])
                continue
            start = self.current_page
            texts = [""] * _grid_count(row, "gridBefore")
            for cell in cells:
                # A cell merged across columns keeps its place: the cells after it stay under their headings.
                texts.extend([self.cell_text(cell)] + [""] * (_grid_span(cell) - 1))
            if any(texts):
                rows.append(texts)
                row_pages.append(start)
        flush()

    def cell_text(self, cell) -> str:
        props = _child(cell, "tcPr")
        merge = _child(props, "vMerge") if props is not None else None
        if merge is not None and attr(merge, "val") in (None, "continue"):
            self._count_page_breaks(cell)
            return ""  # continuation of a vertically merged cell: its text was given once, above
        nested = _Walker(self.package, self.part, self.rels, self.pages_known, self.page)
        nested.walk_container(cell)
        self.page = nested.page
        parts: list[str] = []
        for block in nested.blocks:
            if isinstance(block, Line):
                parts.append(block.text)
            else:
                parts.extend(" | ".join(c for c in row if c) for row in block.rows)
        return "\n".join(p for p in parts if p)

    def _count_page_breaks(self, element) -> None:
        if self.pages_known:
            self.page += sum(1 for el in element.iter() if local(el) == "lastRenderedPageBreak")

    def alt_chunk(self, element) -> None:
        rel = self.rels.get(attr(element, "id") or "")
        if not rel:
            return
        target = rel[1]
        if target.lower().endswith((".htm", ".html", ".mht", ".mhtml", ".xhtml")):
            self.blocks.extend(Line(t, self.current_page) for t in _html_lines(self.package.read(target)))
        elif target.lower().endswith(".txt"):
            text = self.package.read(target).decode("utf-8", "replace")
            self.blocks.extend(Line(t.strip(), self.current_page) for t in text.splitlines() if t.strip())


class _Inline:
    """Collects the text of one paragraph: runs, fields, checkboxes, tracked insertions."""

    def __init__(self, walker: _Walker) -> None:
        self.walker = walker
        self.parts: list[str] = []
        self.floating: list = []
        self.start_page = walker.current_page

    def text(self) -> str:
        return "".join(self.parts)

    def collect(self, element) -> None:
        for child in element:
            name = local(child)
            if name in SKIPPED or name.endswith("Pr"):
                continue
            if name == "t":
                self.parts.append(child.text or "")
            elif name == "tab":
                self.parts.append(" ")
            elif name in ("br", "cr"):
                self.parts.append("\n" if attr(child, "type") != "page" else " ")
            elif name == "noBreakHyphen":
                self.parts.append("-")
            elif name == "sym":
                self.parts.append(SYMBOL_BOXES.get((attr(child, "char") or "").upper(), ""))
            elif name == "lastRenderedPageBreak":
                if self.walker.pages_known:
                    if not self.text().strip():
                        self.start_page = (self.start_page or 1) + 1
                    self.walker.page += 1
            elif name == "fldChar":
                self._form_checkbox(child)
            elif name == "txbxContent":
                self.floating.append(child)
            elif name == "AlternateContent":
                choice = _child(child, "Choice")
                if choice is not None:
                    self.collect(choice)
            elif name == "sdt":
                self._content_control(child)
            else:
                self.collect(child)

    def _content_control(self, element) -> None:
        props = _child(element, "sdtPr")
        content = _child(element, "sdtContent")
        if props is not None:
            box = _child(props, "checkbox")
            if box is not None:
                checked = _child(box, "checked")
                state = attr(checked, "val") if checked is not None else "0"
                self.parts.append((CHECKED if state in ("1", "true") else UNCHECKED) + " ")
                return
            if _child(props, "showingPlcHdr") is not None:
                return  # "Click or tap here to enter text.": the field was never filled in
        if content is not None:
            self.collect(content)

    def _form_checkbox(self, element) -> None:
        data = _child(element, "ffData")
        box = _child(data, "checkBox") if data is not None else None
        if box is None:
            return
        checked = _child(box, "checked")
        if checked is None:
            checked = _child(box, "default")
        state = attr(checked, "val") if checked is not None else "0"
        is_checked = checked is not None and state in (None, "1", "true", "on")
        self.parts.append((CHECKED if is_checked else UNCHECKED) + " ")


def _child(element, name: str):
    if element is None:
        return None
    for child in element:
        if local(child) == name:
            return child
    return None


def _contains(element, name: str) -> bool:
    return any(local(el) == name for el in element.iterdescendants())


def _grid_span(cell) -> int:
    props = _child(cell, "tcPr")
    span = _child(props, "gridSpan") if props is not None else None
    return _small_count(attr(span, "val") if span is not None else None, default=1)


def _grid_count(row, name: str) -> int:
    """Leading grid columns a row skips (w:gridBefore), so its cells line up with the rows around it."""
    props = _child(row, "trPr")
    skipped = _child(props, name) if props is not None else None
    return _small_count(attr(skipped, "val") if skipped is not None else None, default=0)


def _small_count(value: str | None, default: int) -> int:
    """A span from the file, trusted only within reason: a hostile file may claim a million columns."""
    if value is None or not value.strip().isdigit():
        return default
    return max(1, min(int(value), 64)) if default else min(int(value), 64)


def _rows(table):
    for child in table:
        name = local(child)
        if name == "tr":
            yield child
        elif name in ("sdt", "customXml", "ins", "moveTo"):  # rows wrapped in a content control or revision
            inner = _child(child, "sdtContent") if name == "sdt" else child
            if inner is not None:
                yield from _rows(inner)


def _paragraph_style(paragraph) -> str | None:
    """"Heading 2" for a heading style, "bold" for a paragraph that is all bold, None for body text."""
    props = _child(paragraph, "pPr")
    style = _child(props, "pStyle") if props is not None else None
    name = attr(style, "val") or "" if style is not None else ""
    if re.search(r"heading|title", name, re.IGNORECASE):
        return name
    runs = [r for r in paragraph.iter() if local(r) == "r" and any(local(t) == "t" and (t.text or "").strip()
                                                                  for t in r)]
    if not runs:
        return None
    for run in runs:
        run_props = _child(run, "rPr")
        bold = _child(run_props, "b") if run_props is not None else None
        if bold is None or attr(bold, "val") in ("0", "false"):
            return None
    return "bold"


def _tidy(text: str) -> str:
    text = text.replace("\u00a0", " ")
    lines = [re.sub(r"[ \t]+", " ", piece).strip() for piece in text.split("\n")]
    return " ".join(piece for piece in lines if piece)


def _html_lines(data: bytes) -> list[str]:
    if b"<html" not in data.lower() and b"<body" not in data.lower():
        data = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[-1]  # MHT: skip the MIME header
    try:
        root = html.fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    lines: list[str] = []
    for element in root.iter("p", "li", "h1", "h2", "h3", "h4", "td", "div"):
        if element.tag == "div" and any(child.tag in ("p", "div", "table") for child in element):
            continue
        text = re.sub(r"\s+", " ", element.text_content()).strip()
        if text:
            lines.append(text)
    return lines


def _header_footer_lines(package: _Package, rels: dict[str, tuple[str, str]]) -> list[Line]:
    seen: set[str] = set()
    lines: list[Line] = []
    for rel_type, target in rels.values():
        if not rel_type.endswith(("/header", "/footer")) or target not in package.names:
            continue
        walker = _Walker(package, target, package.relationships(target), pages_known=False)
        walker.walk_container(package.xml(target))
        for block in walker.blocks:
            texts = [block.text] if isinstance(block, Line) else [" | ".join(r) for r in block.rows]
            for text in texts:
                if text and text not in seen and not re.fullmatch(r"(page\s*)?\d+(\s*(of|/)\s*\d+)?", text, re.I):
                    seen.add(text)
                    lines.append(Line(text, None, origin="header"))
    return lines


def read_docx(path: Path) -> tuple[list[Block], int | None]:
    """Return the blocks of a Word file and its page count when Word recorded it, else None."""
    package = _Package(path)
    try:
        main = package.main_part()
        rels = package.relationships(main)
        root = package.xml(main)
        body = next((el for el in root if local(el) == "body"), None)
        if body is None:
            raise IngestError("corrupt", "no body")
        # Word records where pages broke when it last laid the file out; without that we cannot know pages.
        pages_known = any(local(el) == "lastRenderedPageBreak" for el in body.iter())
        walker = _Walker(package, main, rels, pages_known)
        walker.walk_container(body)
        headers = _header_footer_lines(package, rels)
        pages = walker.page if pages_known else None
        return [*headers, *walker.blocks], pages
    finally:
        package.close()
