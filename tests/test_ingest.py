"""Reading: DOCX features python-docx drops, PDF layout clean-up, and what the pages carry."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml import parse_xml

from planreview.ingest import read_document
from planreview.ingest.layout import assemble
from planreview.ingest.lines import clean_text, join_wrapped
from planreview.ingest.model import IngestError, Line, PageText, Table

from .conftest import CORPUS, HOSTILE, needs_shared

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'


def texts(path: Path) -> list[str]:
    blocks = read_document(path).blocks
    return [b.text if isinstance(b, Line) else " | ".join(" | ".join(r) for r in b.rows) for b in blocks]


@needs_shared()
class TestHostileWordFiles:
    def test_tracked_insertions_are_kept_and_deletions_dropped(self) -> None:
        inserted = texts(HOSTILE / "pandoc__track_changes_insertion.docx")
        assert "This is a text with two exciting insertions." in inserted
        deleted = " ".join(texts(HOSTILE / "pandoc__track_changes_deletion.docx"))
        assert "excessively modified" not in deleted and "This is a text with a deletion." in deleted

    def test_text_inside_content_controls_is_read(self) -> None:
        expected = ["Test Paragraph1", "Test Paragraph2", "Test Paragraph3"]
        assert texts(HOSTILE / "pandoc__nested_sdt.docx") == expected

    def test_text_boxes_strict_ooxml_and_renamed_parts_are_read(self) -> None:
        assert texts(HOSTILE / "mammoth__text-box.docx") == ["Datum plane"]
        assert "Cellaa | Cellab | Cellba | Cellbb" in texts(HOSTILE / "docx2python__strict.docx")
        assert texts(HOSTILE / "pandoc__alternate_document_path.docx")[0] == "Test"
        assert "Test Heading" in texts(HOSTILE / "powertools__CA009-altChunk.docx")

    def test_merged_cells_appear_once(self) -> None:
        blocks = read_document(HOSTILE / "docx2python__merged_cells.docx").blocks
        table = next(b for b in blocks if isinstance(b, Table))
        cells = [c for row in table.rows for c in row]
        assert cells.count("34-123") == 1

    def test_headers_and_footers_are_kept_once_and_marked(self) -> None:
        blocks = read_document(HOSTILE / "pythondocx__hdr-header-footer.docx").blocks
        headers = [b.text for b in blocks if isinstance(b, Line) and b.origin == "header"]
        assert headers.count("Header for section-1") == 1

    def test_a_nested_table_keeps_its_text_in_order(self) -> None:
        assert texts(HOSTILE / "powertools__WC043-Nested-Table.docx") == ["Before.", "Nested.", "After."]


def _form(tmp_path: Path, body_xml: str) -> Path:
    """A Word file whose body holds raw WordprocessingML, as form-style district plans do."""
    doc = WordDocument()
    doc.add_paragraph("Individualized Education Program")
    doc.element.body.insert(1, parse_xml(body_xml))
    path = tmp_path / "form.docx"
    doc.save(path)
    return path


def test_checkbox_content_controls_become_ticked_or_empty_boxes(tmp_path: Path) -> None:
    def box(checked: int, label: str) -> str:
        return (f'<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val="{checked}"/></w14:checkbox></w:sdtPr>'
                '<w:sdtContent><w:r><w:t>☐</w:t></w:r></w:sdtContent></w:sdt>'
                f'<w:r><w:t xml:space="preserve">{label} </w:t></w:r>')

    path = _form(tmp_path, f'<w:p {W} {W14}><w:r><w:t xml:space="preserve">Progress reports: </w:t></w:r>'
                           f'{box(0, "Monthly")}{box(1, "Quarterly")}</w:p>')
    assert "Progress reports: ☐ Monthly ☒ Quarterly" in texts(path)


def test_unfilled_placeholders_are_not_read_as_answers(tmp_path: Path) -> None:
    path = _form(tmp_path, f'<w:p {W}><w:r><w:t xml:space="preserve">Parent concerns: </w:t></w:r><w:sdt><w:sdtPr>'
                           '<w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r><w:t>Click or tap here to enter text.</w:t>'
                           '</w:r></w:sdtContent></w:sdt></w:p>')
    assert "Parent concerns:" in texts(path)
    assert not any("Click or tap" in t for t in texts(path))


def test_a_word_cell_merged_across_columns_keeps_the_cells_after_it_in_place(tmp_path: Path) -> None:
    doc = WordDocument()
    grid = doc.add_table(rows=3, cols=5)
    for row, values in zip(grid.rows, [["Service", "Frequency", "", "", "Dates"],
                                       ["", "Sessions", "Minutes", "Per", ""],
                                       ["Counseling", "1", "30", "week", "09/09/2025"]], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    grid.cell(0, 1).merge(grid.cell(0, 3))
    path = tmp_path / "merged.docx"
    doc.save(path)
    table = next(b for b in read_document(path).blocks if isinstance(b, Table))
    assert table.rows[0][4] == "Dates" and table.rows[2][4] == "09/09/2025"
    assert table.rows[0][1].startswith("Frequency")


def test_a_docx_declaring_entities_is_refused(tmp_path: Path) -> None:
    import zipfile

    source = tmp_path / "plain.docx"
    WordDocument().save(source)
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w") as out:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1)
            out.writestr(item, data)
    with pytest.raises(IngestError) as caught:
        read_document(bomb)
    assert caught.value.code == "corrupt"


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        out.writestr("word/document.xml", b"<" + b"a" * 50_000_000 + b">")
    with pytest.raises(IngestError) as caught:
        read_document(bomb)
    assert caught.value.code == "too_large"


@needs_shared()
def test_pdf_running_header_and_page_numbers_are_removed_but_kept_once() -> None:
    blocks = read_document(CORPUS / "dev_05.pdf").blocks
    lines = [b for b in blocks if isinstance(b, Line)]
    headers = [b.text for b in lines if b.origin == "header"]
    body = [b.text for b in lines if b.origin == "body"]
    assert headers == ["Summit Plains ISD - Confidential Student Record - Wendell Stavros"]
    assert not any("Confidential Student Record" in t or t.startswith("p. ") for t in body)
    assert {b.page for b in blocks} == {1, 2}


@needs_shared()
def test_pdf_service_grid_is_a_table_with_cells() -> None:
    tables = [b for b in read_document(CORPUS / "dev_06.pdf").blocks if isinstance(b, Table)]
    services = next(t for t in tables if t.rows[0][0] == "Service")
    assert services.rows[1] == ["Direct Instruction in Writing", "4 sessions/month @ 30 min", "Gen ed classroom",
                                "Special Education Teacher"]
    assert services.row_pages == [1, 1, 1]


def _page(number: int, *items: tuple[float, object]) -> PageText:
    page = PageText(number=number, height=800)
    page.blocks = [(top, top + 10, block) for top, block in items]
    page.has_text = True
    return page


def test_a_grid_cut_by_a_page_break_is_one_grid_and_a_cut_row_is_rejoined() -> None:
    header = ["#", "Measurable annual goal", "Data collection"]
    first = Table([header, ["1", "Given a passage, Jo will read", "probes"]], [1, 1])
    second = Table([header, ["", "90 wcpm by June.", ""], ["2", "Jo will write 5 sentences.", "samples"]], [2, 2, 2])
    pages = [_page(1, (40, Line("Header", 1)), (300, first)), _page(2, (40, Line("Header", 2)), (120, second))]
    blocks = assemble(pages)
    grids = [b for b in blocks if isinstance(b, Table)]
    assert len(grids) == 1
    assert grids[0].rows[1][1] == "Given a passage, Jo will read 90 wcpm by June."
    assert grids[0].rows[2][0] == "2" and grids[0].row_pages == [1, 1, 2]
    assert [b.text for b in blocks if isinstance(b, Line)] == ["Header"]


def test_hyphenated_line_ends_are_rejoined_and_compounds_kept() -> None:
    assert join_wrapped("with regroup-", "ing and carrying") == "with regrouping and carrying"
    assert join_wrapped("a real-", "world problem") == "a real-world problem"
    assert join_wrapped("end of", "line") == "end of line"


def test_ligatures_are_expanded_and_unmapped_glyphs_become_bullets() -> None:
    assert clean_text("ﬁve ﬂuent (cid:127) items") == "five fluent • items"


def _printed(top: float, text: str, x0: float = 50.0, size: float = 11.0) -> list[dict]:
    words, x = [], x0
    for word in text.split():
        words.append({"text": word, "x0": x, "x1": x + 5.5 * len(word), "top": top, "bottom": top + size,
                      "size": size, "bold": False})
        x += 5.5 * len(word) + 3
    return words


def test_lines_printed_with_wide_spacing_are_joined_into_paragraphs_under_an_unbolded_capital_heading() -> None:
    from planreview.ingest.lines import paragraphs_from_rows

    step = 19.0  # "1.5 lines" in an 11-point font: more than 1.5 times the font size from top to top
    rows = [
        _printed(100, "PRESENT LEVELS OF PERFORMANCE"),
        _printed(100 + step, "Kai reads 41 words correct per minute on second-grade passages (Acadience, October"),
        _printed(100 + 2 * step, "2025). He spells 4 of 20 second-grade words correctly."),
        _printed(100 + 3 * step, "Present level: Tristan writes paragraphs that average 4 sentences."),
        _printed(100 + 4 * step, "Measurable annual goal: By May, Tristan will write five-paragraph essays."),
    ]
    texts = [line.text for _, _, line in paragraphs_from_rows(rows, 1, ocr=True)]
    assert texts == [
        "PRESENT LEVELS OF PERFORMANCE",
        "Kai reads 41 words correct per minute on second-grade passages (Acadience, October 2025). He spells 4 of "
        "20 second-grade words correctly.",
        "Present level: Tristan writes paragraphs that average 4 sentences.",
        "Measurable annual goal: By May, Tristan will write five-paragraph essays.",
    ]


def test_words_bullets_from_its_symbol_font_become_bullets() -> None:
    assert clean_text("\uf0b7 Calculator on all math assignments") == "• Calculator on all math assignments"
