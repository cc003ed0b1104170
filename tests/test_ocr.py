"""Scanned plans: OCR with Tesseract, ruled grids rebuilt from the page image, and what happens without it.

Tests that run Tesseract skip on a machine without it, but fail in CI, where .ci/run installs it and sets
PLANREVIEW_REQUIRE_OCR. The image analysis (rules, grids, split words) is tested on drawn images everywhere.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter

from planreview.ingest import IngestError, ReadOptions, read_document
from planreview.ingest import ocr as ocr_module
from planreview.ingest.model import Line, Table
from planreview.ingest.ocr import (
    OcrWord,
    _find_grids,
    _find_rules,
    _find_tick_boxes,
    _parse_hocr,
    _split_run_together,
    _tidy,
    _with_bullets,
    tesseract_program,
)
from planreview.pipeline import ReviewOptions, review_file
from planreview.report.data import report_json

from .conftest import CORPUS, HOSTILE, REPO, TODAY, needs_shared, require_or_skip, tesseract_available

SCANNED = CORPUS / "dev_09.pdf"
SCALE = 200 / 72  # pixels per point in the drawn test images


def need_tesseract() -> None:
    require_or_skip(tesseract_available(), "PLANREVIEW_REQUIRE_OCR", "Tesseract")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9%/.']+", " ", (text or "").lower())).strip()


def label_of(path: Path) -> dict:
    return json.loads(path.with_name(path.name.replace(path.suffix, ".expected.json")).read_text())


def assert_review_matches_label(path: Path, label: dict) -> None:
    """The goals, services, plan type and core checks the label lists are all found in the review."""
    review = review_file(path, ReviewOptions(today=TODAY))
    assert review.error is None, review.error
    report = report_json(review)
    assert report["plan_type"] == label["plan_type"]
    goal_texts = [norm(goal["text"]) for goal in report["goals"]]
    for goal in label["goals"]:
        prefix = norm(goal["starts_with"])
        assert any(prefix in text[: len(prefix) + 40] for text in goal_texts), (goal, goal_texts)
    for want in label["services"]:
        found = [s for s in report["services"] if norm(want["service_contains"]) in norm(s["service"])]
        assert found, (want, report["services"])
        assert norm(want["provider_contains"]) in norm(found[0]["provider"])
        assert found[0]["minutes_per_week"] == pytest.approx(want["minutes_per_week"], abs=0.6)
    statuses = {check["id"]: check["status"] for check in report["checks"]}
    for check in ("goals", "service_minutes", "providers", "progress_monitoring"):
        assert statuses.get(check) == label["checks"][check], check


def scanned_copy(source: Path, target: Path, *, dpi: int, degrees: float, seed: int = 0) -> Path:
    """A text PDF as a copier or phone would make it: page pictures, tilted, speckled, JPEG-compressed."""
    rng = np.random.default_rng(seed)
    pictures = []
    document = pdfium.PdfDocument(str(source))
    try:
        for page in document:
            picture = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            picture = picture.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=235)
            pixels = np.asarray(picture).astype(np.int16) * 0.92 + 8 + rng.normal(0, 8, picture.size[::-1])
            picture = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
            buffer = io.BytesIO()
            picture.save(buffer, "JPEG", quality=70)
            pictures.append(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    finally:
        document.close()
    pictures[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=pictures[1:])
    return target


# ---------------------------------------------------------------------------------------------
# The scanned plan of the corpus


@needs_shared()
class TestScannedPlan:
    def test_its_goals_services_and_checks_are_found_as_in_a_text_plan(self) -> None:
        need_tesseract()
        assert_review_matches_label(SCANNED, label_of(SCANNED))

    def test_every_page_is_read_by_ocr_and_its_grids_are_tables(self) -> None:
        need_tesseract()
        document = read_document(SCANNED)
        assert document.ocr_pages == [1, 2]
        body = [b for b in document.blocks if not (isinstance(b, Line) and b.origin == "header")]
        assert all(block.ocr for block in body)
        tables = [b for b in document.blocks if isinstance(b, Table)]
        goals = next(t for t in tables if any("annual goal" in cell.lower() for cell in t.rows[0]))
        assert goals.width == 4 and len(goals.rows) == 3  # header and two goals, each goal whole in its cell
        assert goals.rows[1][0] == "1" and goals.rows[1][1].startswith("When presented with a real-world")
        assert goals.rows[1][1].endswith("4 out of 5 weekly checks.")
        services = next(t for t in tables if t.rows[0][0].lower() == "service")
        assert services.rows[1] == ["Resource Math Support", "20 minutes, 5 days per week", "Resource",
                                    "Special Education Teacher"]

    def test_running_header_and_page_numbers_are_cleaned_up_across_pages(self) -> None:
        need_tesseract()
        document = read_document(SCANNED)
        headers = [b.text for b in document.blocks if isinstance(b, Line) and b.origin == "header"]
        assert headers == ["Summit Plains ISD - Confidential Student Record - Arden Oyelaran"]
        texts = [b.text for b in document.blocks if isinstance(b, Line)]
        assert not any(re.fullmatch(r"p\.? ?\d/\d", text) for text in texts)

    def test_headings_are_told_from_body_text(self) -> None:
        need_tesseract()
        lines = [b for b in read_document(SCANNED).blocks if isinstance(b, Line)]
        emphasised = {line.text for line in lines if line.emphasis}
        assert {"Goals", "Special Education and Related Services", "Extended School Year Determination"} <= emphasised
        paragraph = next(line for line in lines if line.text.startswith("Because of their disability"))
        assert paragraph.text.endswith("in the general curriculum.")  # two printed lines joined
        assert not paragraph.emphasis

    def test_json_evidence_is_marked_as_read_by_ocr(self) -> None:
        need_tesseract()
        report = report_json(review_file(SCANNED, ReviewOptions(today=TODAY)))
        core = ("goals", "service_minutes", "providers", "progress_monitoring", "present_levels", "accommodations")
        evidence = [quote for check in report["checks"] if check["id"] in core for quote in check["evidence"]]
        assert evidence and all(quote.get("ocr") is True for quote in evidence)
        assert report["goals"] and all(goal.get("ocr") is True for goal in report["goals"])
        assert report["services"] and all(service.get("ocr") is True for service in report["services"])

    def test_every_quote_from_a_scanned_page_is_marked(self) -> None:
        need_tesseract()
        report = report_json(review_file(SCANNED, ReviewOptions(today=TODAY)))
        evidence = [quote for check in report["checks"] for quote in check["evidence"]]
        assert all(quote.get("ocr") is True for quote in evidence)

    def test_ocr_off_leaves_it_unread_with_install_advice(self) -> None:
        with pytest.raises(IngestError) as caught:
            read_document(SCANNED, ReadOptions(ocr="off"))
        assert caught.value.code == "scanned_needs_ocr"


@needs_shared()
def test_without_tesseract_the_scan_gets_scanned_needs_ocr_and_how_to_install(monkeypatch) -> None:
    monkeypatch.setenv("PLANREVIEW_TESSERACT", "/nonexistent")
    assert tesseract_program() is None
    review = review_file(SCANNED, ReviewOptions(today=TODAY))
    assert review.error is not None and review.error.code == "scanned_needs_ocr"
    assert "Tesseract" in review.error.message
    assert re.search(r"apt-get install tesseract-ocr|brew install tesseract|installer", review.error.message)


@needs_shared()
def test_ocr_on_reads_every_page_of_a_text_plan_too() -> None:
    need_tesseract()
    plan = CORPUS / "dev_05.pdf"
    document = read_document(plan, ReadOptions(ocr="on"))
    assert document.ocr_pages == [1, 2]
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert tables and all(table.ocr for table in tables)
    text_layer = read_document(plan, ReadOptions(ocr="off"))
    assert [t.width for t in tables] == [t.width for t in text_layer.blocks if isinstance(t, Table)]


# ---------------------------------------------------------------------------------------------
# Other scans: made here from the text plans, so nothing is tuned to one file's sentences


@needs_shared()
@pytest.mark.parametrize(("name", "dpi", "degrees"), [("dev_06.pdf", 150, 1.2), ("dev_12.pdf", 300, -0.7)])
def test_a_tilted_noisy_scan_of_a_text_plan_is_reviewed_like_the_original(
    name: str, dpi: int, degrees: float, tmp_path: Path
) -> None:
    need_tesseract()
    scan = scanned_copy(CORPUS / name, tmp_path / name, dpi=dpi, degrees=degrees)
    with pytest.raises(IngestError):
        read_document(scan, ReadOptions(ocr="off"))  # really no text layer
    assert_review_matches_label(scan, label_of(CORPUS / name))


@needs_shared()
def test_a_plan_with_one_scanned_page_keeps_its_text_pages(tmp_path: Path, monkeypatch) -> None:
    mixed = tmp_path / "mixed.pdf"
    combined = pdfium.PdfDocument.new()
    for source in (CORPUS / "dev_05.pdf", SCANNED):
        document = pdfium.PdfDocument(str(source))
        combined.import_pages(document, [0])
        document.close()
    combined.save(str(mixed))
    combined.close()

    monkeypatch.setenv("PLANREVIEW_TESSERACT", "/nonexistent")
    without = read_document(mixed)
    assert without.ocr_pages == [] and "pages_without_text:2" in without.notes
    assert any("Wendell" in b.text for b in without.blocks if isinstance(b, Line))

    monkeypatch.delenv("PLANREVIEW_TESSERACT")
    need_tesseract()
    with_ocr = read_document(mixed)
    assert with_ocr.ocr_pages == [2] and not with_ocr.notes
    text = with_ocr.text()
    assert "Wendell" in text and "Arden" in text


# ---------------------------------------------------------------------------------------------
# Hostile scans and failures: a report or a clear error, never a crash, never a hang


@needs_shared()
@pytest.mark.parametrize("name", ["pdfminer__pdf-with-jbig2.pdf", "samplefiles__imagemagick-CCITTFaxDecode.pdf"])
def test_hostile_scans_get_a_report_or_a_clear_error(name: str) -> None:
    need_tesseract()
    review = review_file(HOSTILE / name, ReviewOptions(today=TODAY))
    if review.error is not None:
        assert review.error.code in {"empty", "corrupt", "scanned_needs_ocr", "timeout"}
        assert review.error.message
    else:
        assert review.plan_type in {"iep", "504", "other"}


@needs_shared()
def test_the_command_line_answers_each_hostile_scan_in_its_own_report(tmp_path: Path) -> None:
    need_tesseract()
    names = ["pdfminer__pdf-with-jbig2.pdf", "samplefiles__imagemagick-CCITTFaxDecode.pdf"]
    done = subprocess.run(
        [sys.executable, "-m", "planreview", "review", *(str(HOSTILE / n) for n in names),
         "--format", "json", "--out", str(tmp_path), "--timeout", "120"],
        capture_output=True, text=True, cwd=REPO, timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    for name in names:
        report = json.loads((tmp_path / f"{name}.json").read_text())
        assert report["error"] is None or report["error"]["code"] in {"empty", "corrupt", "timeout"}


@needs_shared()
def test_the_jbig2_scan_on_a_rotated_page_is_read_upright() -> None:
    need_tesseract()
    document = read_document(HOSTILE / "pdfminer__pdf-with-jbig2.pdf")
    assert document.ocr_pages == [1]
    assert "Doesn't" in document.text()


@needs_shared()
@pytest.mark.parametrize("name", ["pdfminer__pdf-with-jbig2.pdf", "samplefiles__imagemagick-CCITTFaxDecode.pdf"])
def test_hostile_scans_without_tesseract_get_scanned_needs_ocr(name: str, monkeypatch) -> None:
    monkeypatch.setenv("PLANREVIEW_TESSERACT", "/nonexistent")
    review = review_file(HOSTILE / name, ReviewOptions(today=TODAY))
    assert review.error is not None and review.error.code == "scanned_needs_ocr"


@needs_shared()
def test_a_page_tesseract_takes_too_long_over_ends_in_timeout(monkeypatch) -> None:
    def too_slow(command, **kwargs):
        assert kwargs.get("timeout"), "every Tesseract run must have a time limit"
        raise ocr_module.subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setenv("PLANREVIEW_TESSERACT", "/bin/sh")  # found, never run: subprocess.run is replaced
    monkeypatch.setattr(ocr_module.subprocess, "run", too_slow)
    with pytest.raises(IngestError) as caught:
        read_document(SCANNED)
    assert caught.value.code == "timeout"


@needs_shared()
def test_a_broken_tesseract_is_reported_as_needing_tesseract(monkeypatch, tmp_path: Path) -> None:
    broken = tmp_path / "tesseract"
    broken.write_text("#!/bin/sh\necho 'Error opening data file eng.traineddata' >&2\nexit 1\n")
    broken.chmod(0o700)
    monkeypatch.setenv("PLANREVIEW_TESSERACT", str(broken))
    with pytest.raises(IngestError) as caught:
        read_document(SCANNED)
    assert caught.value.code == "scanned_needs_ocr"


# ---------------------------------------------------------------------------------------------
# Image analysis on drawn pages (no Tesseract needed)


def drawn_page(width_pt: float = 500, height_pt: float = 300) -> np.ndarray:
    return np.zeros((round(height_pt * SCALE), round(width_pt * SCALE)), dtype=bool)


def hline(ink: np.ndarray, y: float, x0: float, x1: float) -> None:
    ink[round(y * SCALE) : round(y * SCALE) + 3, round(x0 * SCALE) : round(x1 * SCALE) + 3] = True


def vline(ink: np.ndarray, x: float, y0: float, y1: float) -> None:
    ink[round(y0 * SCALE) : round(y1 * SCALE) + 3, round(x * SCALE) : round(x * SCALE) + 3] = True


def test_a_ruled_grid_with_a_merged_cell_becomes_rows_of_cells() -> None:
    ink = drawn_page()
    for y in (50, 70, 90, 110):
        hline(ink, y, 40, 440)
    for x in (40, 440):
        vline(ink, x, 50, 110)
    vline(ink, 140, 50, 110)
    vline(ink, 300, 50, 90)  # the last row spans the two right-hand columns
    grids = _find_grids(*_find_rules(ink, SCALE), SCALE)
    assert len(grids) == 1
    grid = grids[0]
    assert len(grid.columns) == 4
    assert [len(row) for row in grid.rows] == [3, 3, 2]
    assert grid.rows[2][1].column == 1 and grid.rows[2][1].right == pytest.approx(grid.columns[3])


def test_a_cell_spanning_two_rows_is_one_cell() -> None:
    ink = drawn_page()
    hline(ink, 50, 40, 440)
    hline(ink, 70, 140, 440)  # no rule under the first column: its cell runs down into the next row
    hline(ink, 90, 40, 440)
    for x in (40, 140, 440):
        vline(ink, x, 50, 90)
    grid = _find_grids(*_find_rules(ink, SCALE), SCALE)[0]
    assert [len(row) for row in grid.rows] == [2, 1]
    assert grid.rows[0][0].bottom == pytest.approx(90 * SCALE, abs=4)


def test_underlines_and_a_frame_around_one_paragraph_are_not_grids() -> None:
    ink = drawn_page()
    hline(ink, 40, 40, 440)  # a heading's underline
    for y in (80, 160):
        hline(ink, y, 40, 440)
    for x in (40, 440):
        vline(ink, x, 80, 160)
    assert _find_grids(*_find_rules(ink, SCALE), SCALE) == []


def test_a_bar_of_ink_that_stops_inside_a_cell_is_not_a_rule() -> None:
    ink = drawn_page()
    for y in (50, 70, 90):
        hline(ink, y, 40, 440)
    for x in (40, 240, 440):
        vline(ink, x, 50, 90)
    hline(ink, 60, 260, 330)  # heavy bold letters run together by a dark scan
    grid = _find_grids(*_find_rules(ink, SCALE), SCALE)[0]
    assert [len(row) for row in grid.rows] == [2, 2]


def box(ink: np.ndarray, top: int, left: int, side: int, *, mark: bool) -> None:
    ink[top, left : left + side] = ink[top + side - 1, left : left + side] = True
    ink[top : top + side, left] = ink[top : top + side, left + side - 1] = True
    if mark:  # a cross from corner to corner
        for step in range(3, side - 3):
            ink[top + step, left + step : left + step + 2] = True
            ink[top + step, left + side - step - 2 : left + side - step] = True


def test_tick_boxes_are_found_and_read_as_marked_or_not() -> None:
    ink = drawn_page()
    box(ink, 100, 60, 22, mark=True)
    box(ink, 100, 300, 22, mark=False)
    ink[96:130, 160:166] = True  # a heavy letter stroke beside them is not a box
    ink[96:102, 160:185] = True
    ticks = _find_tick_boxes(ink, SCALE)
    assert [(t.left, t.checked) for t in ticks] == [(60, True), (300, False)]


def rounded_rect(height: int, width: int, radius: int) -> np.ndarray:
    yy, xx = np.mgrid[0:height, 0:width]
    dy = np.maximum(np.maximum(radius - yy, yy - (height - 1 - radius)), 0)
    dx = np.maximum(np.maximum(radius - xx, xx - (width - 1 - radius)), 0)
    return dx**2 + dy**2 <= radius**2


def test_a_heavy_letter_with_flat_sides_is_not_a_tick_box() -> None:
    ink = drawn_page()
    outer = rounded_rect(40, 34, 10)
    inner = np.zeros_like(outer)
    inner[7:33, 7:27] = rounded_rect(26, 20, 5)
    ink[100:140, 100:134] = outer & ~inner  # a bold "O": long straight sides, but strokes 7 pixels thick
    assert _find_tick_boxes(ink, SCALE) == []


def word(text: str, left: int, right: int, chars: tuple = (), conf: float = 95) -> OcrWord:
    return OcrWord(text, left, 10, right, 40, conf, 1, chars)


def test_a_word_tesseract_ran_together_is_split_at_the_visible_space() -> None:
    ink = np.zeros((60, 200), dtype=bool)
    letters = [("p", 0), ("e", 14), ("r", 28), ("w", 50), ("e", 66), ("e", 80), ("k", 94)]
    chars = []
    for letter, x in letters:
        ink[12:38, x : x + 12] = True
        chars.append((letter, x, x + 12))
    pieces = _split_run_together(word("perweek", 0, 105, tuple(chars)), ink)
    assert [p.text for p in pieces] == ["per", "week"]
    assert pieces[0].right < pieces[1].left


def test_figures_of_a_number_are_never_split() -> None:
    ink = np.zeros((60, 200), dtype=bool)
    chars = []
    for index, digit in enumerate("100"):
        x = index * 24
        ink[12:38, x : x + 12] = True  # wide gaps, as a "1" leaves in many fonts
        chars.append((digit, x, x + 12))
    assert [p.text for p in _split_run_together(word("100", 0, 60, tuple(chars)), ink)] == ["100"]


def dotted_row(dot_middle: int, radius: int = 6) -> tuple[list[OcrWord], np.ndarray]:
    """A word whose letters stand 30 pixels tall on a baseline at 40, and a solid dot before it."""
    ink = np.zeros((60, 300), dtype=bool)
    ink[12:40, 40:120] = True
    yy, xx = np.mgrid[0:60, 0:300]
    ink |= (yy - dot_middle) ** 2 + (xx - 16) ** 2 <= radius**2
    return [OcrWord("Extended", 40, 10, 120, 40, 96, 1), OcrWord("time", 130, 10, 170, 40, 96, 1)], ink


def test_a_bullet_tesseract_left_out_is_put_back() -> None:
    row, ink = dotted_row(dot_middle=28)
    assert [w.text for w in _with_bullets(row, ink)] == ["•", "Extended", "time"]


def test_a_bullet_misread_as_a_letter_becomes_a_bullet() -> None:
    row, ink = dotted_row(dot_middle=28)
    misread = OcrWord("e", 10, 22, 23, 34, 60, 1)
    assert [w.text for w in _with_bullets([misread, *row], ink)] == ["•", "Extended", "time"]


def test_a_full_stop_on_the_baseline_is_not_a_bullet() -> None:
    row, ink = dotted_row(dot_middle=37, radius=3)
    assert [w.text for w in _with_bullets(row, ink)] == ["Extended", "time"]


def test_scraps_of_borders_and_noise_are_dropped_from_words() -> None:
    assert _tidy(word("|", 0, 5, conf=30)) is None
    assert _tidy(word("|", 0, 5, conf=95)).text == "I"  # "Algebra I": a sans-serif I is a plain bar
    assert _tidy(word("=", 0, 5, conf=60)) is None
    assert _tidy(word("-", 0, 5, conf=93)) is not None
    assert _tidy(word("~=Measurable", 0, 50)).text == "Measurable"
    glued = _tidy(word("|In", 0, 30, chars=(("|", 0, 4), ("I", 8, 12), ("n", 14, 30))))
    assert glued.text == "In" and glued.chars == (("I", 8, 12), ("n", 14, 30))
    assert _tidy(word("2012|", 0, 50)).text == "2012"


def test_hocr_words_come_with_their_lines_and_character_boxes() -> None:
    hocr = b"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><body><div class='ocr_page' title='bbox 0 0 100 100'>
<span class='ocr_line' title="bbox 1 2 90 20; x_size 18">
 <span class='ocrx_word' title='bbox 1 2 40 20; x_wconf 96'>
  <span class='ocrx_cinfo' title='x_bboxes 1 2 20 20; x_conf 99'>I</span>
  <span class='ocrx_cinfo' title='x_bboxes 21 2 40 20; x_conf 99'>n</span>
 </span>
 <span class='ocrx_word' title='bbox 50 2 90 20; x_wconf 91'>36&amp;</span>
</span>
<span class='ocr_header' title="bbox 1 30 90 50">
 <span class='ocrx_word' title='bbox 1 30 90 50; x_wconf 90'>Goals</span>
</span>
</div></body></html>"""
    words = list(_parse_hocr(hocr))
    assert [(w.text, w.line_key) for w in words] == [("In", 1), ("36&", 1), ("Goals", 2)]
    assert words[0].chars == (("I", 1, 20), ("n", 21, 40)) and words[0].conf == 96
    assert (words[2].left, words[2].top, words[2].right, words[2].bottom) == (1, 30, 90, 50)
