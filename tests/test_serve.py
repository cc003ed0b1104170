"""`planreview serve` through Starlette's TestClient: the pages, real uploads of corpus plans reviewed in real
worker processes (one plan, or two to compare), the error pages, the downloads, the response headers, and where
the upload lives meanwhile."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import re
import stat
import time
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from planreview.checks.model import Review
from planreview.cli import build_parser
from planreview.compare import Comparison, compare
from planreview.compare.wording import page_words
from planreview.pipeline import ReviewOptions, error_message, review_file
from planreview.report import render, report_json
from planreview.report.compare import comparison_json, comparison_view, render_comparison
from planreview.report.data import view
from planreview.report.redact import redactor_for
from planreview.serve.app import create_app
from planreview.serve.config import ServeConfig
from planreview.serve.reviewing import WorkerReviewer
from planreview.serve.upload import FOLDER_PREFIX, display_name, stored_name, sweep_stale_uploads

from .conftest import CORPUS, EXAMPLE, TODAY, needs_shared

PAIRS = CORPUS / "pairs"
PAIR_OLD, PAIR_NEW = PAIRS / "dev_pair_01_old.pdf", PAIRS / "dev_pair_01_new.pdf"
BASE_URL = "http://127.0.0.1:8150"  # the app accepts only its own host names (DNS-rebinding guard)
MEDIA_TYPES = {".pdf": "application/pdf",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


class PageParts(HTMLParser):
    """Every start tag with its attributes, and the text of <script> and <style> elements."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_code: list[str] = []
        self._in_code = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_code = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code and data.strip():
            self.inline_code.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def make_config(root: Path, **overrides) -> ServeConfig:
    root.mkdir(parents=True, exist_ok=True)
    return ServeConfig(**{"today": TODAY, "temp_root": root, "jobs": 2, "timeout": 120.0, **overrides})


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    return tmp_path / "uploads"


@pytest.fixture
def client(uploads: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_config(uploads)), base_url=BASE_URL) as test_client:
        yield test_client


def post_plan(client: TestClient, path: Path, name: str | None = None):
    name = name or path.name
    return client.post("/review", files={"file": (name, path.read_bytes(), MEDIA_TYPES.get(path.suffix, ""))})


def upload_of(path: Path, name: str | None = None) -> tuple[str, bytes, str]:
    return (name or path.name, path.read_bytes(), MEDIA_TYPES.get(path.suffix, ""))


def post_pair(client: TestClient, old: Path, new: Path, **data: str):
    return client.post("/compare", data=data, files={"old": upload_of(old), "new": upload_of(new)})


def form_posting_to(page: PageParts, action: str) -> tuple[dict[str, str | None], list[dict[str, str | None]]]:
    """The start page's form that posts to `action`, and the <input>s inside it."""
    current: dict[str, str | None] | None = None
    inputs: dict[str, list[dict[str, str | None]]] = {}
    for tag, attrs in page.tags:
        if tag == "form":
            current = attrs
            inputs[attrs["action"] or ""] = []
        elif tag == "input" and current is not None:
            inputs[current["action"] or ""].append(attrs)
    (form,) = [attrs for attrs in page.all("form") if attrs["action"] == action]
    return form, inputs[action]


def downloads_in(html: str) -> dict[str, str]:
    """The Download links of a results page: file name → the report they hold."""
    found = {}
    for attrs in PageParts(html).all("a"):
        if "download" in attrs:
            header, _, payload = (attrs["href"] or "").partition(",")
            assert header.startswith("data:") and header.endswith(";base64")
            found[attrs["download"]] = base64.b64decode(payload).decode("utf-8")
    return found


def shown_findings(review: Review) -> list[dict]:
    """The findings as the report templates get them (some checks are left out for some plan types)."""
    return view(review)["findings"]


def quotes_of(review: Review) -> list[str]:
    """Text taken from the plan itself, as the report shows it: only that plan's review can contain it."""
    texts = [e["text"] for finding in shown_findings(review) for e in finding["evidence"]]
    texts += [g["text"] for g in report_json(review)["goals"]]
    return [text for text in texts if len(text) > 25]


def in_html(text: str) -> str:
    return str(escape(text))


# ── the start page ──────────────────────────────────────────────────────────────────────────────────────────


def test_start_page_has_a_plain_form_that_works_without_javascript(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = PageParts(response.text)
    assert [form["action"] for form in page.all("form")] == ["/review", "/compare"]
    form, inputs = form_posting_to(page, "/review")
    assert (form["method"], form["action"], form["enctype"]) == ("post", "/review", "multipart/form-data")
    (file_input,) = [attrs for attrs in inputs if attrs.get("type") == "file"]
    assert file_input["name"] == "file"
    assert {".pdf", ".docx"} <= set((file_input["accept"] or "").split(","))
    labels = [attrs for attrs in page.all("label") if attrs.get("for") == file_input["id"]]
    assert labels, "the file field needs a label a screen reader can read"
    assert any(attrs.get("type") == "submit" for attrs in page.all("button"))
    hint = re.search(r'id="plan-file-hint">(.*?)</p>', response.text, re.S)
    assert hint and "PDF" in hint.group(1) and ".docx" in hint.group(1) and "50 MB" in hint.group(1)
    assert file_input["aria-describedby"] == "plan-file-hint"


def test_the_plain_form_can_be_submitted_as_a_browser_without_javascript_would(client: TestClient) -> None:
    """Read the form from the page and send exactly what it asks for, as a browser with scripts off does."""
    page = PageParts(client.get("/").text)
    form, inputs = form_posting_to(page, "/review")
    (file_input,) = [attrs for attrs in inputs if attrs.get("type") == "file"]
    response = client.post(form["action"], files={file_input["name"]: (EXAMPLE.name, EXAMPLE.read_bytes())})
    assert response.status_code == 200
    assert f'Review of <span class="file">{EXAMPLE.name}</span>' in response.text


def test_start_page_has_a_separate_plain_form_to_compare_two_plans(client: TestClient) -> None:
    html = client.get("/").text
    page = PageParts(html)
    form, inputs = form_posting_to(page, "/compare")
    assert (form["method"], form["enctype"], form["id"]) == ("post", "multipart/form-data", "compare-form")
    assert """<h2 id="compare-title">Compare last year's plan with this year's</h2>""" in html
    files = [attrs for attrs in inputs if attrs.get("type") == "file"]
    assert [attrs["name"] for attrs in files] == ["old", "new"]
    labels = {attrs["for"]: unescape(re.search(rf'<label for="{attrs["for"]}"[^>]*>(.*?)</label>', html).group(1))
              for attrs in page.all("label") if attrs.get("for")}
    assert [labels[attrs["id"]] for attrs in files] == ["Last year's plan", "This year's plan"]
    for attrs in files:
        assert "required" in attrs and {".pdf", ".docx"} <= set((attrs["accept"] or "").split(","))
        assert f'id="{attrs["aria-describedby"]}">A PDF file or a Word file (.docx), up to 50 MB.' in html
    (redact,) = [attrs for attrs in inputs if attrs.get("type") == "checkbox"]
    assert redact["name"] == "redact" and labels[redact["id"]].startswith("Hide my child's name, birth date and ID")
    assert 'id="compare-button">Compare the plans</button>' in html


@needs_shared()
def test_the_compare_form_can_be_submitted_as_a_browser_without_javascript_would(client: TestClient) -> None:
    form, inputs = form_posting_to(PageParts(client.get("/").text), "/compare")
    old, new = (attrs["name"] for attrs in inputs if attrs.get("type") == "file")
    response = client.post(form["action"], files={old: upload_of(PAIR_OLD), new: upload_of(PAIR_NEW)})
    assert response.status_code == 200
    assert "<h1>What changed between the two plans</h1>" in response.text


def test_pages_load_nothing_from_anywhere_else_and_run_no_inline_code(client: TestClient, uploads: Path) -> None:
    pages = [client.get("/").text, post_plan(client, EXAMPLE).text, client.get("/no-such-page").text,
             post_pair(client, EXAMPLE, EXAMPLE).text, client.post("/compare", files={"old": upload_of(EXAMPLE)}).text,
             client.post("/compare", files={"old": upload_of(EXAMPLE), "new": ("notes.txt", b"notes")}).text]
    for html in pages:
        page = PageParts(html)
        assert page.inline_code == [], "inline <script>/<style> would need 'unsafe-inline' in the CSP"
        assert not any("style" in attrs for _, attrs in page.tags)
        for tag, attrs in page.tags:
            for name in ("src", "href", "action"):
                value = attrs.get(name)
                if value is not None:
                    assert value.startswith(("/", "#", "data:")), f"<{tag} {name}={value[:60]!r}> leaves the app"
        for script in page.all("script"):
            assert client.get(script["src"]).status_code == 200
        for link in page.all("link"):
            assert client.get(link["href"]).status_code == 200


def test_assets_are_only_the_listed_files(client: TestClient) -> None:
    assert client.get("/assets/web.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/assets/report.css").headers["content-type"].startswith("text/css")
    assert client.get("/assets/compare.css").headers["content-type"].startswith("text/css")
    for name in ("report.html.j2", "compare.html.j2", "..%2Freport.html.j2", "web", "upload.py"):
        assert client.get(f"/assets/{name}").status_code == 404


# ── reviewing an upload ─────────────────────────────────────────────────────────────────────────────────────


@needs_shared()
@pytest.mark.parametrize("name", ["dev_05.pdf", "dev_01.docx"])
def test_uploaded_iep_shows_its_own_findings(client: TestClient, review_of, name: str) -> None:
    expected = review_of(CORPUS / name)
    response = post_plan(client, CORPUS / name)
    assert response.status_code == 200
    html = response.text
    assert f'<title>Plan review: {name}</title>' in html
    assert f'Review of <span class="file">{name}</span>' in html
    assert expected.plan_type == "iep" and "IEP (Individualized Education Program)" in html
    findings = shown_findings(expected)
    assert findings
    for finding in findings:
        assert in_html(finding["title"]) in html and in_html(finding["summary"]) in html
    quotes = quotes_of(expected)
    assert quotes and all(in_html(quote) in html for quote in quotes)


@needs_shared()
def test_corrupt_file_shows_the_same_clear_message_as_the_cli(client: TestClient) -> None:
    cli_review = review_file(CORPUS / "dev_15.docx", ReviewOptions(today=TODAY))
    assert cli_review.error is not None and cli_review.error.message == error_message("corrupt")
    response = post_plan(client, CORPUS / "dev_15.docx")
    assert response.status_code == 422  # lets a script (curl --fail) tell a failed review from a review
    assert "We could not review this file" in response.text
    assert in_html(cli_review.error.message) in response.text
    assert in_html(cli_review.error.message) in render(cli_review, "html")


def test_a_file_that_is_not_a_plan_document_gets_the_cli_message(client: TestClient) -> None:
    response = client.post("/review", files={"file": ("notes.txt", b"Just some notes about the meeting.\n")})
    assert response.status_code == 422
    assert in_html(error_message("unsupported_format", "unknown")) in response.text


@needs_shared()
def test_downloads_hold_the_same_review_in_each_format(client: TestClient, review_of) -> None:
    review = review_of(CORPUS / "dev_05.pdf")
    files = downloads_in(post_plan(client, CORPUS / "dev_05.pdf").text)
    assert set(files) == {"dev_05.pdf.html", "dev_05.pdf.md", "dev_05.pdf.json"}
    assert json.loads(files["dev_05.pdf.json"]) == report_json(review)
    assert files["dev_05.pdf.md"] == render(review, "md")
    assert files["dev_05.pdf.html"] == render(review, "html")
    assert "<style>" in files["dev_05.pdf.html"]  # the downloaded page stands alone, opened from a folder


def test_a_review_that_takes_too_long_is_stopped_by_the_worker_time_limit(uploads: Path) -> None:
    """Only a review in its own process can be stopped part way: the server kills the worker, answers with the
    CLI's 'timeout' words, and goes on serving."""
    config = make_config(uploads, timeout=0.001)
    with TestClient(create_app(config), base_url=BASE_URL) as client:
        response = post_plan(client, EXAMPLE)
        assert response.status_code == 422
        assert in_html(error_message("timeout")) in response.text
        assert client.get("/").status_code == 200
    assert list(uploads.iterdir()) == []




# ── upload limits and mistakes ──────────────────────────────────────────────────────────────────────────────


def test_oversize_upload_gets_a_friendly_413_page_and_leaves_nothing(uploads: Path) -> None:
    config = make_config(uploads, max_upload_mb=0.01)  # about 10 KB; the example plan is larger
    assert EXAMPLE.stat().st_size > config.max_upload_bytes
    with TestClient(create_app(config), base_url=BASE_URL) as client:
        response = post_plan(client, EXAMPLE)
    assert response.status_code == 413
    assert "This file is too large" in response.text
    assert in_html(error_message("too_large", "it is larger than 0.01 MB")) in response.text
    assert 'href="/"' in response.text
    assert list(uploads.iterdir()) == []


def test_oversize_upload_without_a_declared_length_is_stopped_while_streaming(uploads: Path) -> None:
    """No Content-Length (chunked): the limit is enforced on the bytes as they arrive."""
    config = make_config(uploads, max_upload_mb=0.01)
    boundary = "planreviewboundary"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(40):
            yield b"%PDF-1.4 " + b"x" * 4096
        yield tail

    with TestClient(create_app(config), base_url=BASE_URL) as client:
        response = client.post("/review", content=body(),
                               headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 413
    assert list(uploads.iterdir()) == []


def test_submitting_without_a_file_explains_what_to_do(client: TestClient, uploads: Path) -> None:
    # What a browser sends when the form is submitted with no file chosen: an empty, nameless file part.
    empty_choice = client.post("/review", files={"file": ("", b"", "application/octet-stream")})
    not_a_form = client.post("/review", content=b"file=plan.pdf",
                             headers={"content-type": "application/x-www-form-urlencoded"})
    wrong_field = client.post("/review", files={"document": ("plan.pdf", b"%PDF-1.4")})
    for response in (empty_choice, not_a_form, wrong_field):
        assert response.status_code == 400
        assert "No plan file was chosen" in response.text
    assert list(uploads.iterdir()) == []


def test_hostile_file_names_are_only_ever_shown_as_text(client: TestClient, uploads: Path, tmp_path: Path) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    response = post_plan(client, EXAMPLE, name='../../<img src=x onerror="alert(1)">plan.docx')
    assert response.status_code == 200
    assert "<img src=x" not in response.text
    assert 'Review of <span class="file">&lt;img src=x onerror=&#34;alert(1)&#34;&gt;plan.docx</span>' in response.text
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert list(uploads.iterdir()) == []


# ── privacy: where the upload lives, and for how long ───────────────────────────────────────────────────────


def test_the_upload_is_private_while_it_is_reviewed_and_gone_before_the_answer(uploads: Path) -> None:
    seen: dict[str, object] = {}
    config = make_config(uploads)
    real = WorkerReviewer(config)

    async def inspecting_review(path: Path, name: str) -> Review:
        seen["folder_mode"] = stat.S_IMODE(path.parent.stat().st_mode)
        seen["file_mode"] = stat.S_IMODE(path.stat().st_mode)
        seen["stored_as"] = path.name
        seen["in_root"] = path.parent.parent == uploads
        seen["same_bytes"] = path.read_bytes() == EXAMPLE.read_bytes()
        return await real(path, name)

    with TestClient(create_app(config, inspecting_review), base_url=BASE_URL) as client:
        response = post_plan(client, EXAMPLE, name="Jordan Smith IEP 2026.docx")
    assert response.status_code == 200
    assert seen == {"folder_mode": 0o700, "file_mode": 0o600, "stored_as": "plan.docx", "in_root": True,
                    "same_bytes": True}
    assert list(uploads.iterdir()) == []


def test_the_upload_is_deleted_when_the_review_fails_unexpectedly(uploads: Path) -> None:
    async def broken_review(path: Path, name: str) -> Review:
        assert path.exists()
        raise RuntimeError("a bug, not a bad file")

    app = create_app(make_config(uploads), broken_review)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        response = post_plan(client, EXAMPLE)
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "Your file was not kept" in response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert list(uploads.iterdir()) == []


def test_folders_left_by_a_killed_server_are_swept_at_start(uploads: Path) -> None:
    uploads.mkdir()
    stale = uploads / f"{FOLDER_PREFIX}stale"
    fresh = uploads / f"{FOLDER_PREFIX}fresh"
    other = uploads / "someone-elses-folder"
    for folder in (stale, fresh, other):
        folder.mkdir()
        (folder / "plan.pdf").write_bytes(b"%PDF-1.4")
    old = time.time() - 2 * 24 * 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    with TestClient(create_app(make_config(uploads)), base_url=BASE_URL):
        pass
    assert sorted(p.name for p in uploads.iterdir()) == sorted([fresh.name, other.name])
    assert sweep_stale_uploads(uploads, older_than_seconds=0) == 1
    assert [p.name for p in uploads.iterdir()] == [other.name]


def test_names_shown_and_stored() -> None:
    assert display_name("C:\\Users\\pat\\Desktop\\IEP 2026.pdf") == "IEP 2026.pdf"
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("Report %22final%22.pdf") == 'Report "final".pdf'  # as browsers send a quote
    assert display_name("a\x00b\x1b[31m.pdf") == "ab[31m.pdf"
    assert display_name("") == "plan" and display_name("///") == "plan"
    long = display_name("x" * 500 + ".pdf")
    assert len(long) <= 150 and long.endswith("x.pdf")
    assert stored_name("My Plan.PDF") == "plan.pdf"
    assert stored_name("plan.docx") == "plan.docx"
    assert stored_name("plan.exe") == "plan" and stored_name("../x/.pdf") == "plan.pdf"


# ── headers, hosts, routes ──────────────────────────────────────────────────────────────────────────────────


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    responses = [client.get("/"), client.get("/assets/web.js"), client.get("/assets/web.css"),
                 client.get("/no-such-page"), post_plan(client, EXAMPLE),
                 client.post("/review", files={"file": ("", b"")})]
    for response in responses:
        headers = response.headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"


def test_requests_for_other_host_names_are_refused(uploads: Path) -> None:
    with TestClient(create_app(make_config(uploads)), base_url="http://attacker.example") as client:
        assert client.get("/").status_code == 400
    for own_name in ("http://localhost:8150", "http://[::1]:8150"):
        with TestClient(create_app(make_config(uploads)), base_url=own_name) as client:
            assert client.get("/").status_code == 200
    with TestClient(create_app(make_config(uploads, host="0.0.0.0")), base_url="http://192.168.1.20") as client:
        assert client.get("/").status_code == 200  # opened to the network on purpose: any name


def test_reloading_the_results_address_goes_back_to_the_start(client: TestClient) -> None:
    for address in ("/review", "/compare"):
        response = client.get(address, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"
    assert client.get("/favicon.ico").status_code == 204
    missing = client.get("/nothing/here")
    assert missing.status_code == 404 and "This page does not exist" in missing.text


def test_serve_command_line_options() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.no_browser, args.max_upload_mb, args.today) == (
        "127.0.0.1", None, False, 50.0, None)
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "9000", "--no-browser",
                                      "--max-upload-mb", "5", "--today", "2026-01-02", "--timeout", "30"])
    assert (args.host, args.port, args.no_browser, args.max_upload_mb, args.today, args.timeout) == (
        "0.0.0.0", 9000, True, 5.0, dt.date(2026, 1, 2), 30.0)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--max-upload-mb", "0"])


# ── sharing ─────────────────────────────────────────────────────────────────────────────────────────────────


def test_the_hide_name_box_hides_the_child_in_the_page_and_every_download(client: TestClient,
                                                                           tmp_path: Path) -> None:
    from docx import Document as WordDocument

    doc = WordDocument()
    doc.add_paragraph("Individualized Education Program")
    doc.add_paragraph("Student Name: Marisol Quintanilla-Reyes    Date of Birth: 04/09/2012    Student ID: 00482913")
    doc.add_heading("Annual Goals", level=2)
    doc.add_paragraph("Goal 1: Given a passage, Marisol will read 90 words correct per minute on 3 consecutive probes.")
    doc.add_heading("Present Levels of Academic Achievement and Functional Performance", level=2)
    doc.add_paragraph("Marisol reads 42 words correct per minute on grade 3 passages (October probes).")
    doc.add_heading("Special Education and Related Services", level=2)
    doc.add_paragraph("Specialized reading instruction: 30 minutes, 3 times per week, special education teacher.")
    path = tmp_path / "Marisol_Quintanilla-Reyes_IEP.docx"
    doc.save(path)
    form = PageParts(client.get("/").text).all("input")
    assert any(field.get("name") == "redact" and field.get("type") == "checkbox" for field in form)

    plain = post_plan(client, path)
    assert "Marisol" in plain.text  # unticked, the review quotes the plan as it stands

    response = client.post("/review", data={"redact": "on"},
                           files={"file": (path.name, path.read_bytes(), MEDIA_TYPES[".docx"])})
    assert response.status_code == 200
    documents = {"page": response.text, **downloads_in(response.text)}
    assert set(documents) == {"page", "student_student-student_IEP.docx.html", "student_student-student_IEP.docx.md",
                              "student_student-student_IEP.docx.json"}
    for where, text in documents.items():
        for private in ("Marisol", "Quintanilla", "Reyes", "04/09/2012", "00482913"):
            assert private not in text, (where, private)
    report = json.loads(documents["student_student-student_IEP.docx.json"])
    assert report["goals"][0]["text"].startswith("Given a passage, [student] will read 90 words")
    assert 'Review of <span class="file">student_student-student_IEP.docx</span>' in documents["page"]


# ── comparing two plans ─────────────────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def cli_comparison() -> Comparison:
    """dev_pair_01 compared as `planreview compare OLD NEW` compares it (both reviewed, then compared)."""
    options = ReviewOptions(today=TODAY)
    return compare(review_file(PAIR_OLD, options), review_file(PAIR_NEW, options))


@needs_shared()
def test_compared_pair_shows_the_changes_the_cli_lists(client: TestClient, cli_comparison: Comparison) -> None:
    response = post_pair(client, PAIR_OLD, PAIR_NEW)
    assert response.status_code == 200
    html = response.text
    assert "<title>What changed between the two plans: dev_pair_01_old.pdf → dev_pair_01_new.pdf</title>" in html
    changes = comparison_view(cli_comparison)["changes"]
    assert len(changes) >= 3
    shown = re.findall(r'<article id="change-(\d+)" class="finding change severity-(\w+)">\s*<h3>.*?</span> (.*?)</h3>'
                       r'\s*<p class="subject">(.*?)</p>', html, re.S)
    # Each change once, under its heading (services, goals…), numbered in the CLI's order of importance.
    assert sorted(shown, key=lambda found: int(found[0])) == [
        (str(c["number"]), c["severity"], in_html(c["title"]), in_html(c["subject"])) for c in changes]
    for change in changes:
        assert in_html(change["question"]) in html
    # The page is the CLI's compare.html with its CSS linked instead of inlined, and the toolbar above it.
    cli_html = render_comparison(cli_comparison, "html")
    body = html[html.index('<main class="review compare">'):]
    assert body == cli_html[cli_html.index('<main class="review compare">'):]
    links = [attrs["href"] for attrs in PageParts(html).all("link")]
    assert links == ["/assets/report.css", "/assets/compare.css", "/assets/web.css"]
    assert '<a class="button" href="/#compare">Compare two other plans</a>' in html
    assert '<a class="button" href="/">Review one plan</a>' in html


@needs_shared()
def test_compare_downloads_are_the_cli_outputs(client: TestClient, cli_comparison: Comparison) -> None:
    files = downloads_in(post_pair(client, PAIR_OLD, PAIR_NEW).text)
    name = "compare_dev_pair_01_old_to_dev_pair_01_new"
    assert set(files) == {f"{name}.html", f"{name}.md", f"{name}.json"}
    assert files[f"{name}.json"] == render_comparison(cli_comparison, "json")  # byte for byte
    assert json.loads(files[f"{name}.json"]) == comparison_json(cli_comparison)
    assert files[f"{name}.md"] == render_comparison(cli_comparison, "md")
    assert files[f"{name}.html"] == render_comparison(cli_comparison, "html")
    assert "<style>" in files[f"{name}.html"] and ".sides {" in files[f"{name}.html"]  # stands alone


@needs_shared()
def test_compare_with_an_unreadable_plan_shows_the_comparisons_own_message(client: TestClient, uploads: Path) -> None:
    corrupt = CORPUS / "dev_15.docx"
    options = ReviewOptions(today=TODAY)
    expected = compare(review_file(PAIR_OLD, options), review_file(corrupt, options))
    message = comparison_json(expected)["error"]["message"]
    assert "dev_15.docx" in message and error_message("corrupt") in message
    response = post_pair(client, PAIR_OLD, corrupt)
    assert response.status_code == 422
    assert "We could not compare these plans" in response.text
    assert in_html(message) in response.text
    assert 'class="finding change' not in response.text
    assert list(uploads.iterdir()) == []


def test_compare_needs_both_files(client: TestClient, uploads: Path) -> None:
    only_old = client.post("/compare", files={"old": upload_of(EXAMPLE)})
    empty_new = client.post("/compare", files={"old": upload_of(EXAMPLE), "new": ("", b"", "application/octet-stream")})
    only_new = client.post("/compare", files={"new": upload_of(EXAMPLE)})
    one_field_twice = client.post("/compare", files=[("old", upload_of(EXAMPLE)), ("old", upload_of(EXAMPLE))])
    not_a_form = client.post("/compare", content=b"old=a.pdf&new=b.pdf",
                             headers={"content-type": "application/x-www-form-urlencoded"})
    for response in (only_old, empty_new, only_new, one_field_twice, not_a_form):
        assert response.status_code == 400
        assert "Two plan files are needed" in response.text
        assert "Choose last year's plan and this year's plan" in unescape(response.text)
        assert '<a class="button primary" href="/#compare">Compare two plans</a>' in response.text
    assert list(uploads.iterdir()) == []


def test_compare_limits_the_size_of_each_file(uploads: Path) -> None:
    config = make_config(uploads, max_upload_mb=0.01)
    small = b"%PDF-1.4\n" + b"0" * 1000
    with TestClient(create_app(config), base_url=BASE_URL) as client:
        response = client.post("/compare", files={"old": ("old.pdf", small, "application/pdf"),
                                                  "new": upload_of(EXAMPLE)})
    assert response.status_code == 413
    assert "This file is too large" in response.text
    assert in_html(error_message("too_large", "it is larger than 0.01 MB")) in response.text
    assert list(uploads.iterdir()) == []


def test_two_uploads_are_private_reviewed_at_once_and_gone_before_the_answer(uploads: Path) -> None:
    seen: dict[str, dict] = {}
    config = make_config(uploads)
    real = WorkerReviewer(config)
    both_started = None

    async def inspecting_review(path: Path, name: str) -> Review:
        import anyio

        nonlocal both_started
        seen[name] = {"folder_mode": stat.S_IMODE(path.parent.stat().st_mode),
                      "file_mode": stat.S_IMODE(path.stat().st_mode), "stored_as": path.name,
                      "folder": path.parent, "in_root": path.parent.parent == uploads,
                      "same_bytes": path.read_bytes() == EXAMPLE.read_bytes()}
        with anyio.fail_after(30):  # the other plan's review starts before this one ends
            while len(seen) < 2:
                await anyio.sleep(0.01)
        both_started = True
        return await real(path, name)

    with TestClient(create_app(config, inspecting_review), base_url=BASE_URL) as client:
        response = client.post("/compare", files={"old": upload_of(EXAMPLE, "Jordan 2025.docx"),
                                                  "new": upload_of(EXAMPLE, "Jordan 2026.docx")})
    assert response.status_code == 200 and both_started
    assert in_html(page_words()["no_changes"]) in response.text  # a plan compared with itself has no changes
    old, new = seen["Jordan 2025.docx"], seen["Jordan 2026.docx"]
    assert old.pop("folder") == new.pop("folder")  # one request, one private folder
    assert old == {"folder_mode": 0o700, "file_mode": 0o600, "stored_as": "old.docx", "in_root": True,
                   "same_bytes": True}
    assert new == {**old, "stored_as": "new.docx"}
    assert list(uploads.iterdir()) == []


def test_the_uploads_are_deleted_when_a_compare_fails_unexpectedly(uploads: Path) -> None:
    async def broken_review(path: Path, name: str) -> Review:
        assert path.exists()
        raise RuntimeError("a bug, not a bad file")

    app = create_app(make_config(uploads), broken_review)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        response = post_pair(client, EXAMPLE, EXAMPLE)
    assert response.status_code == 500
    assert "Something went wrong" in response.text and "Your file was not kept" in response.text
    assert list(uploads.iterdir()) == []


@needs_shared()
def test_the_hide_name_box_hides_the_child_in_the_comparison_and_every_download(client: TestClient) -> None:
    named_old, named_new = "Caspian_Larkspur_IEP_2025.pdf", "Caspian_Larkspur_IEP_2026.pdf"
    files = {"old": upload_of(PAIR_OLD, named_old), "new": upload_of(PAIR_NEW, named_new)}
    plain = client.post("/compare", files=files)
    assert "Caspian" in plain.text  # unticked, the changes quote the plans as they stand

    response = client.post("/compare", data={"redact": "on"}, files=files)
    assert response.status_code == 200
    documents = {"page": response.text, **downloads_in(response.text)}
    name = "compare_student_student_IEP_2025_to_student_student_IEP_2026"
    assert set(documents) == {"page", f"{name}.html", f"{name}.md", f"{name}.json"}
    private = set(redactor_for(review_file(PAIR_OLD, ReviewOptions(today=TODAY))).names) | {"01/08/2015"}
    assert "Caspian" in private and "Larkspur" in private
    for where, text in documents.items():
        for word in private:
            assert word not in text, (where, word)
        assert "[student]" in text, where
    data = json.loads(documents[f"{name}.json"])
    assert data["old"]["file"] == "student_student_IEP_2025.pdf"
    assert data["new"]["file"] == "student_student_IEP_2026.pdf"


def test_the_results_page_leads_to_the_compare_form(client: TestClient) -> None:
    html = post_plan(client, EXAMPLE).text
    assert '<a class="button" href="/#compare">Compare with another plan</a>' in html
    assert 'id="compare"' in client.get("/").text
    assert "Compare entry point" not in html and "Compare entry point" not in client.get("/").text
