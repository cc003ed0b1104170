"""Write examples/example_iep.docx: a fictional IEP used by `make demo` and the tests.

Everything in it is invented. It is deliberately laid out unlike the development corpus (prose
services, a "Goal 1:" list, checkbox-style lines) and has a few real gaps, so the demo report shows
what planreview finds. Run: python examples/make_example.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent


def build(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading("Lakeshore Valley Unified School District", level=1)
    doc.add_paragraph("Individualized Education Program (IEP)")
    info = doc.add_table(rows=3, cols=4)
    cells = [
        ("Student Name", "Rowan Example-Vale", "Date of Birth", "02/14/2009"),
        ("Grade", "10", "School", "Lakeshore Valley High School"),
        ("Date of IEP Meeting", "09/15/2025", "Annual Review Date", "09/14/2026"),
    ]
    for row, values in zip(info.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    doc.add_paragraph("Reevaluation Due: 03/02/2027")

    doc.add_heading("Parent and Student Concerns", level=2)
    doc.add_paragraph("Rowan's parents are worried that reading assignments take hours every night.")

    doc.add_heading("Present Levels of Academic Achievement and Functional Performance", level=2)
    doc.add_paragraph(
        "Reading: On the fall benchmark Rowan read 88 words correct per minute on a grade 8 passage "
        "(grade 10 target: 140) with 91% accuracy. Writing: Rowan's essays score 2 of 4 on the district rubric."
    )
    doc.add_paragraph(
        "How the disability affects progress: Rowan's specific learning disability in reading affects "
        "his involvement and progress in the general education curriculum, especially in history and science."
    )

    doc.add_heading("Measurable Annual Goals", level=2)
    doc.add_paragraph(
        "Goal 1: Given an unpracticed grade 9 passage, Rowan will read aloud at 115 words correct per minute "
        "with at least 95% accuracy on 3 consecutive biweekly probes by September 2026."
    )
    doc.add_paragraph(
        "Goal 2: Using a graphic organizer, Rowan will write a five-paragraph essay that scores 3 or higher "
        "on the 4-point district rubric in 4 of 5 writing samples by the end of the IEP period."
    )
    doc.add_paragraph("Goal 3: Rowan will improve his study skills.")

    doc.add_heading("Progress Reporting", level=2)
    doc.add_paragraph("Progress will be measured with curriculum-based measurement probes and scored writing samples.")
    doc.add_paragraph("Progress reports will be sent home: ☐ Monthly ☒ Each quarter ☐ Each semester")

    doc.add_heading("Special Education and Related Services", level=2)
    doc.add_paragraph(
        "Rowan will receive specialized reading instruction from the special education teacher in the "
        "resource room, three 45-minute sessions per week."
    )
    doc.add_paragraph("Written expression support: 30 minutes weekly, general education classroom, co-teacher.")
    doc.add_paragraph("Assistive technology consultation: as needed.")

    doc.add_heading("Accommodations", level=2)
    for item in ("Text-to-speech for reading assignments longer than two pages", "Extended time (1.5x) on tests",
                 "Copy of class notes", "Word processor with spell check for written work"):
        doc.add_paragraph(item, style="List Bullet")

    doc.add_heading("Participation in State and District-Wide Assessments", level=2)
    doc.add_paragraph("Rowan will take the state assessment with text-to-speech and extended time.")

    doc.add_heading("Least Restrictive Environment", level=2)
    doc.add_paragraph(
        "Rowan spends 86% of the school day in general education. He is removed for reading instruction "
        "because he needs explicit, small-group decoding instruction that cannot be provided in the general classroom."
    )

    doc.add_heading("Extended School Year", level=2)
    doc.add_paragraph("ESY eligibility will be discussed at a later meeting.")

    doc.add_heading("Postsecondary Transition", level=2)
    doc.add_paragraph("Employment: After high school, Rowan will work as an auto technician.")
    doc.add_paragraph("Transition assessment: career interest inventory completed in August 2025.")

    doc.add_heading("IEP Team Participants", level=2)
    team = doc.add_table(rows=4, cols=2)
    for row, (name, role) in zip(team.rows, [("Name", "Role"), ("Jamie Example-Vale", "Parent"),
                                             ("Morgan Reyes", "Special Education Teacher"),
                                             ("Taylor Brooks", "General Education Teacher")], strict=True):
        row.cells[0].text, row.cells[1].text = name, role
    doc.save(path)


if __name__ == "__main__":
    build(HERE / "example_iep.docx")
    print(f"wrote {HERE / 'example_iep.docx'}")
