"""The reports: JSON per the contract, HTML a parent can read (and that never runs document text),
Markdown with the same content."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document as WordDocument

from planreview.pipeline import review_file
from planreview.report import render, report_json

from .conftest import CORPUS, EXAMPLE, needs_shared

CHECK_IDS = {"goals", "service_minutes", "providers", "progress_monitoring", "present_levels", "accommodations",
             "transition", "esy", "lre", "assessment_participation"}


@needs_shared()
def test_json_follows_the_contract(review_of) -> None:
    report = report_json(review_of(CORPUS / "dev_05.pdf"))
    assert report["schema"] == "planreview.report/1"
    assert (report["file"], report["format"], report["pages"], report["plan_type"]) == ("dev_05.pdf", "pdf", 2, "iep")
    assert {c["id"] for c in report["checks"]} >= CHECK_IDS
    for check in report["checks"]:
        assert check["status"] in {"present", "weak", "missing", "not_applicable"}
        assert check["title"] and check["summary"] and check["basis"] and check["severity"]
        assert check["question"] or not check["applies"]
        assert all(set(e) >= {"page", "text"} for e in check["evidence"])
    assert report["services"][0]["minutes_per_week"] == 100.0
    assert report["services"][0]["page"] == 1
    assert report["goals"][0]["page"] == 1 and report["goals"][0]["measurable"] is True
    json.dumps(report)


@needs_shared()
def test_every_finding_quotes_the_plan_with_its_page(review_of) -> None:
    report = report_json(review_of(CORPUS / "dev_07.pdf"))
    weak = [c for c in report["checks"] if c["status"] in ("weak", "missing") and c["id"] != "transition"]
    assert weak
    for check in weak:
        if check["evidence"]:
            assert all(e["page"] in (1, 2) for e in check["evidence"])
    goals = next(c for c in report["checks"] if c["id"] == "goals")
    assert goals["evidence"][0]["text"] == "Kenji will work hard on spelling this year."


def test_document_text_is_shown_as_text_in_html(tmp_path: Path) -> None:
    doc = WordDocument()
    doc.add_paragraph("Individualized Education Program")
    doc.add_heading("Annual Goals", level=2)
    doc.add_paragraph('Goal 1: <script>alert("x")</script> Jo will <b>improve</b> reading.')
    doc.add_heading("Accommodations", level=2)
    doc.add_paragraph('<img src=x onerror="alert(1)"> extra time')
    doc.add_heading("Special Education Services", level=2)
    doc.add_paragraph("Reading instruction: 30 minutes weekly, resource room, special education teacher")
    path = tmp_path / "<script>.docx"
    doc.save(path)
    html = render(review_file(path), "html")
    assert "<script>" not in html and "onerror=" not in html.replace("onerror=&#34;", "")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x" in html


def test_html_is_self_contained_and_says_it_is_not_legal_advice_once() -> None:
    html = render(review_file(EXAMPLE), "html")
    assert html.count("not legal advice") == 1
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html
    assert "Questions to bring to the meeting" in html
    assert "Review of <span class=\"file\">example_iep.docx</span>" in html


def test_markdown_has_the_same_findings_as_json() -> None:
    review = review_file(EXAMPLE)
    markdown = render(review, "md")
    shown = [c for c in report_json(review)["checks"] if c["applies"]]
    assert len(shown) >= 15
    for check in shown:
        assert f"### {check['title']}" in markdown
        assert check["summary"] in markdown
    assert markdown.count("not legal advice") == 1


def test_a_document_that_is_not_a_plan_says_so(review_of) -> None:
    if not (CORPUS / "dev_13.docx").exists():
        return
    review = review_of(CORPUS / "dev_13.docx")
    html = render(review, "html")
    assert "This is not a plan" in html
    assert all(f["status"] == "not_applicable" for f in report_json(review)["checks"])


@needs_shared()
def test_html_for_an_iep_is_a_meeting_tool(review_of) -> None:
    """dev_07: weak goals, no service minutes. The top of the report says what to ask, with quotes and pages."""
    review = review_of(CORPUS / "dev_07.pdf")
    html = render(review, "html")
    top = html[html.index("things to ask about"):html.index("At a glance")]
    assert "Measurable annual goals" in top and "How much of each service" in top
    assert "How will we both know, with numbers" in top
    questions = html[html.index("Questions to bring to the meeting"):html.index("What we found")]
    assert questions.count("<li>") >= 3
    assert "“Kenji will work hard on spelling this year.” <cite>page 1</cite>" in html
    assert "Resource Math Support | on an as-needed basis" in html
    assert "Required by federal law (34 CFR 300.320(a)(2)(i))" in html


@needs_shared()
def test_html_for_a_504_explains_what_a_504_plan_does_not_need(review_of) -> None:
    html = render(review_of(CORPUS / "dev_12.pdf"), "html")
    assert "things to ask about" in html
    assert "the law does not require goals in it" in html
    assert "Least Restrictive" not in html  # an IDEA idea, hidden for a 504 Plan
    assert "<cite>page 1</cite>" in html
    assert "Social Skills Group" in html


def test_notes_about_reading_the_file_are_told_in_words() -> None:
    review = review_file(EXAMPLE)
    review.notes.append("pages_without_text:2,3")
    note = report_json(review)["notes"][-1]
    assert note["code"] == "pages_without_text:2,3"
    assert "page 2, 3" in note["message"] and "Tesseract" in note["message"]
    assert note["message"] in render(review, "html")


def test_markdown_lists_each_signal_and_each_quote_on_a_line_of_its_own(review_of) -> None:
    plan = Path(__file__).resolve().parent / "fixtures" / "blind5" / "blind5_17.docx"
    review = review_of(plan)
    assert len(review.extraction.signals) >= 2  # a 504 whose text shows several signs
    markdown = render(review, "md")
    bullets = [line for line in markdown.splitlines() if line.startswith("- **") and ":** “" in line]
    assert len(bullets) == len(report_json(review)["iep_signals"]) + len(report_json(review)["more_signals"])
    assert all(line.count("“") == 1 for line in bullets)
    quotes = [line for line in markdown.splitlines() if line.startswith("> “")]
    assert quotes and all(line.count("> “") == 1 for line in quotes)
