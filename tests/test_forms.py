"""Fillable PDF forms: the answers live in form fields, not in the page text, and must be read in place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from planreview.ingest import read_document
from planreview.ingest.model import Line
from planreview.pipeline import ReviewOptions, review_file

from .conftest import HOSTILE, needs_shared


def fillable_iep(path: Path) -> Path:
    """A one-page district form filled in on screen: text fields and checkboxes beside printed labels."""
    page = canvas.Canvas(str(path), pagesize=letter)
    form = page.acroForm

    def label(y: float, text: str, bold: bool = False) -> None:
        page.setFont("Helvetica-Bold" if bold else "Helvetica", 12 if bold else 10)
        page.drawString(72, y, text)

    label(740, "Individualized Education Program (IEP)", bold=True)
    label(710, "Student name:")
    form.textfield(name="student", x=150, y=705, width=200, height=16, value="Noor Example", borderWidth=0)
    label(690, "Date of birth:")
    form.textfield(name="dob", x=150, y=685, width=100, height=16, value="03/04/2012", borderWidth=0)
    label(670, "Meeting date:")
    form.textfield(name="meeting", x=150, y=665, width=100, height=16, value="10/01/2025", borderWidth=0)
    label(640, "Extended School Year", bold=True)
    label(625, "ESY decision:")
    form.textfield(name="esy", x=150, y=620, width=200, height=16, value="Not eligible", borderWidth=0)
    label(595, "Least Restrictive Environment", bold=True)
    label(580, "Placement:")
    placement = "General education 85% of the day; pulled out for reading because he needs small-group instruction."
    form.textfield(name="lre", x=130, y=575, width=400, height=16, borderWidth=0, value=placement)
    label(550, "Progress Reporting", bold=True)
    label(535, "Progress reports sent home:")
    form.checkbox(name="monthly", x=220, y=532, size=10, checked=False, borderWidth=0)
    page.drawString(235, 535, "Monthly")
    form.checkbox(name="quarterly", x=290, y=532, size=10, checked=True, borderWidth=0)
    page.drawString(305, 535, "Quarterly")
    page.save()
    return path


def test_a_filled_form_is_reviewed_like_a_printed_one(tmp_path: Path) -> None:
    review = review_file(fillable_iep(tmp_path / "form.pdf"), ReviewOptions(today=dt.date(2025, 10, 2)))
    assert review.error is None
    extraction = review.extraction
    assert extraction.facts.student_age == 13
    assert extraction.progress.schedule == "quarterly"
    statuses = {f.id: f.status for f in review.findings}
    assert statuses["esy"] == "present" and statuses["lre"] == "present"
    lines = [b.text for b in extraction.structure.document.blocks if isinstance(b, Line)]
    assert "Student name: Noor Example" in lines
    assert "Progress reports sent home: ☐ Monthly ☒ Quarterly" in lines


@needs_shared()
def test_form_answers_sit_beside_their_labels_and_empty_boxes_hide_nothing() -> None:
    lines = [b.text for b in read_document(HOSTILE / "samplefiles__libreoffice-form.pdf").blocks if isinstance(b, Line)]
    assert "First Name Alice Last Name" in lines
    assert "Bob" in lines
