"""`planreview serve` in a real headless Chromium (Debian's `chromium`, driven by Playwright for Python — never a
browser Playwright downloads). Skips on a machine without Chromium, fails in CI (PLANREVIEW_REQUIRE_BROWSER=1).

Chromium may resolve no host but 127.0.0.1, and every request the pages make is checked to stay on the app.
Screenshots and the printed handout go to tests/output/ (git-ignored)."""

from __future__ import annotations

import base64
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import anyio
import pytest

from planreview.checks.model import Review
from planreview.pipeline import error_message
from planreview.report.data import view
from planreview.serve.app import create_app
from planreview.serve.config import ServeConfig
from planreview.serve.reviewing import WorkerReviewer
from planreview.serve.server import serve_in_background

from .conftest import CORPUS, REPO, TODAY, needs_shared, require_or_skip

pytestmark = [needs_shared(), pytest.mark.allow_hosts(["127.0.0.1"])]

OUTPUT = REPO / "tests" / "output"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Belt and braces: no proxy, and no name but the app's own address resolves.
    "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
PHONE = {"width": 390, "height": 844}
LIMIT_MB = 1.0
# Long enough to see the progress bar, short enough not to slow the suite.
REVIEW_DELAY_SECONDS = 1.0


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def playwright_installed() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class Site:
    url: str
    uploads: Path


@dataclass
class Watch:
    """What a page did that it must not: console errors (a CSP violation is one) and requests elsewhere."""

    url: str
    errors: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("request", lambda request: request.url.startswith((self.url + "/", "data:"))
                or self.elsewhere.append(request.url))
        page.on("response", self._response)

    def _console(self, message) -> None:
        # Chrome also logs a page answered with 413 or 422 as "Failed to load resource"; those answers are meant.
        # A missing script or stylesheet is caught by _response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.elsewhere == []


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    require_or_skip(bool(executable) and playwright_installed(), "PLANREVIEW_REQUIRE_BROWSER",
                    "Chromium (Debian's chromium package) with Playwright for Python")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    uploads = tmp_path_factory.mktemp("uploads")
    config = ServeConfig(today=TODAY, temp_root=uploads, max_upload_mb=LIMIT_MB, timeout=120.0)
    real = WorkerReviewer(config)

    async def unhurried_review(path: Path, name: str) -> Review:
        await anyio.sleep(REVIEW_DELAY_SECONDS)
        return await real(path, name)

    with serve_in_background(config, create_app(config, unhurried_review)) as url:
        yield Site(url, uploads)
    assert list(uploads.iterdir()) == []


@pytest.fixture
def page(browser, site: Site):
    context = browser.new_context(accept_downloads=True)
    watch = Watch(site.url)
    new_page = context.new_page()
    watch.attach(new_page)
    yield new_page
    context.close()
    watch.assert_clean()


def screenshot(page, name: str, full_page: bool = True) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / name), full_page=full_page)


def fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def drop_file(page, selector: str, path: Path) -> None:
    """Drag a file from the desktop onto the page, as a parent does: a real drop event with a DataTransfer."""
    data = page.evaluate_handle(
        """([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name));
            return transfer;
        }""",
        [path.name, base64.b64encode(path.read_bytes()).decode()],
    )
    for event in ("dragenter", "dragover", "drop"):
        page.dispatch_event(selector, event, {"dataTransfer": data})


def test_start_page_is_labelled_keyboard_reachable_and_fits_a_phone(page, site: Site) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size(PHONE)
    page.goto(site.url + "/")
    file_field = page.get_by_label("Choose the plan file")
    expect(file_field).to_have_attribute("type", "file")
    expect(page.locator("#plan-file-hint")).to_contain_text("A PDF file or a Word file (.docx), up to 1 MB.")
    expect(page.get_by_text("You can also drag the file into this box.")).to_be_visible()  # script loaded
    expect(page.get_by_label("Hide my child's name, birth date and ID numbers in the review")).to_have_attribute(
        "type", "checkbox")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "plan-file"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "redact"
    page.keyboard.press("Space")
    assert page.evaluate("document.getElementById('redact').checked")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "review-button"

    # The second form, for two plans, comes after the first: its own labelled fields, box and button.
    expect(page.get_by_role("heading", name="Compare last year's plan with this year's")).to_be_visible()
    expect(page.get_by_label("Last year's plan", exact=True)).to_have_attribute("name", "old")
    expect(page.get_by_label("This year's plan", exact=True)).to_have_attribute("name", "new")
    expect(page.get_by_text("You can also drag this year's plan into this box.")).to_be_visible()
    expect(page.get_by_label("Hide my child's name, birth date and ID numbers in the comparison")).to_have_attribute(
        "type", "checkbox")
    for expected in ("old-file", "new-file", "compare-redact", "compare-button"):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == expected
    assert fits_width(page)
    screenshot(page, "serve-start-phone.png")


def test_upload_an_iep_read_its_findings_print_and_download(page, site: Site, review_of) -> None:
    from playwright.sync_api import expect

    expected = view(review_of(CORPUS / "dev_05.pdf"))
    page.goto(site.url + "/")
    page.set_input_files("#plan-file", str(CORPUS / "dev_05.pdf"))
    expect(page.locator("#chosen-file")).to_have_text("Chosen file: dev_05.pdf")
    # Click from inside the page and look at it in the same breath: the submit handler runs during the click,
    # while Playwright's own click and locators wait for the navigation, by which time the review is shown.
    waiting = page.evaluate("""() => {
        document.getElementById('review-button').click();
        const bar = document.querySelector('#working progress');
        return {bar: bar.getBoundingClientRect().height > 0, busy: document.getElementById('review-button').disabled,
                said: document.getElementById('announce').textContent};
    }""")
    assert waiting["bar"] and waiting["busy"] and "Reading your plan" in waiting["said"]

    expect(page.get_by_role("heading", level=1)).to_have_text("Review of dev_05.pdf", timeout=60_000)
    assert page.title() == "Plan review: dev_05.pdf"
    for finding in expected["findings"]:
        expect(page.locator(f"#check-{finding['id']} h3")).to_contain_text(finding["title"])
    goal = expected["report"]["goals"][0]["text"]
    expect(page.locator(".goals").get_by_text(goal, exact=False)).to_be_visible()
    screenshot(page, "serve-results-dev_05.png")

    # Print: the button calls the browser's print; the printout (print media) leaves the buttons out.
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") is True
    expect(page.locator(".no-js-print")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.locator(".toolbar")).to_be_hidden()
    expect(page.locator("main.review")).to_be_visible()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(OUTPUT / "serve-handout-dev_05.pdf"))
    page.emulate_media(media="screen")

    saved = {}
    for label in ("Web page (HTML)", "Text (Markdown)", "Data (JSON)"):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        saved[download.value.suggested_filename] = Path(download.value.path()).read_text(encoding="utf-8")
    assert set(saved) == {"dev_05.pdf.html", "dev_05.pdf.md", "dev_05.pdf.json"}
    assert json.loads(saved["dev_05.pdf.json"])["file"] == "dev_05.pdf"
    assert saved["dev_05.pdf.md"].startswith("# Review of dev_05.pdf")
    assert "<style>" in saved["dev_05.pdf.html"] and goal in saved["dev_05.pdf.md"]


def test_a_corrupt_file_dropped_on_the_page_shows_the_clear_message(page, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    drop_file(page, "#dropzone", CORPUS / "dev_15.docx")
    expect(page.locator("#chosen-file")).to_have_text("Chosen file: dev_15.docx")
    page.get_by_role("button", name="Review my plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review of dev_15.docx", timeout=60_000)
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("We could not review this file")
    expect(alert).to_contain_text(error_message("corrupt"))
    screenshot(page, "serve-results-corrupt.png")
    page.get_by_role("link", name="Review another plan").click()
    expect(page.get_by_label("Choose the plan file")).to_be_visible()


def test_a_file_over_the_limit_is_stopped_before_it_is_sent(page, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    big = b"%PDF-1.4\n" + b"0" * int(1.5 * 1024 * 1024)
    page.set_input_files("#plan-file", files=[{"name": "big.pdf", "mimeType": "application/pdf", "buffer": big}])
    too_large = page.locator("#too-large")
    expect(too_large).to_be_visible()
    expect(too_large).to_contain_text("This file is too large to review safely")
    page.get_by_role("button", name="Review my plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your child's plan")  # never sent
    assert page.url == site.url + "/"


def test_without_javascript_the_form_still_reviews_and_the_limit_still_answers(browser, site: Site) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    watch = Watch(site.url)
    watch.attach(page)
    try:
        page.set_viewport_size(PHONE)
        page.goto(site.url + "/")
        expect(page.get_by_text("You can also drag the file into this box.")).to_be_hidden()
        page.set_input_files("#plan-file", str(CORPUS / "dev_01.docx"))
        page.get_by_role("button", name="Review my plan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Review of dev_01.docx", timeout=60_000)
        expect(page.locator(".no-js-print")).to_be_visible()  # how to print without the Print button
        expect(page.get_by_role("button", name="Print")).to_be_hidden()
        assert fits_width(page)
        screenshot(page, "serve-results-phone-no-js.png", full_page=False)

        page.goto(site.url + "/")
        big = b"%PDF-1.4\n" + b"0" * int(1.5 * 1024 * 1024)
        page.set_input_files("#plan-file", files=[{"name": "big.pdf", "mimeType": "application/pdf", "buffer": big}])
        page.get_by_role("button", name="Review my plan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("This file is too large")
        expect(page.get_by_role("alert")).to_contain_text("larger than 1 MB")
    finally:
        context.close()
    watch.assert_clean()



def test_compare_two_plans_read_the_changes_and_download(page, site: Site, review_of) -> None:
    from playwright.sync_api import expect

    from planreview.compare import compare
    from planreview.report.compare import comparison_view

    old, new = CORPUS / "pairs" / "dev_pair_01_old.pdf", CORPUS / "pairs" / "dev_pair_01_new.pdf"
    changes = comparison_view(compare(review_of(old), review_of(new)))["changes"]
    page.goto(site.url + "/")
    page.get_by_label("Last year's plan", exact=True).set_input_files(str(old))
    page.get_by_label("This year's plan", exact=True).set_input_files(str(new))
    expect(page.locator("#old-chosen-file")).to_have_text("Chosen file: dev_pair_01_old.pdf")
    expect(page.locator("#new-chosen-file")).to_have_text("Chosen file: dev_pair_01_new.pdf")
    waiting = page.evaluate("""() => {
        document.getElementById('compare-button').click();
        const bar = document.querySelector('#compare-working progress');
        return {bar: bar.getBoundingClientRect().height > 0, busy: document.getElementById('compare-button').disabled,
                said: document.getElementById('compare-announce').textContent,
                review: document.getElementById('review-button').disabled};
    }""")
    assert waiting["bar"] and waiting["busy"] and "Reading both plans" in waiting["said"]
    assert not waiting["review"]  # the other form is left alone

    expect(page.get_by_role("heading", level=1)).to_have_text("What changed between the two plans", timeout=60_000)
    expect(page.locator("#change-1 h3")).to_contain_text(changes[0]["title"])
    for change in changes:
        expect(page.locator(f"#change-{change['number']} .subject")).to_have_text(change["subject"])
    screenshot(page, "serve-compare-dev_pair_01.png")

    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") is True
    with page.expect_download() as download:
        page.get_by_role("link", name="Data (JSON)").click()
    assert download.value.suggested_filename == "compare_dev_pair_01_old_to_dev_pair_01_new.json"
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(data["changes"]) == len(changes)

    page.set_viewport_size(PHONE)
    assert fits_width(page)
    page.get_by_role("link", name="Compare two other plans").click()
    expect(page.get_by_label("Last year's plan", exact=True)).to_be_visible()
    assert page.url == site.url + "/#compare"


def test_a_plan_dropped_on_a_compare_box_goes_to_that_box(page, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(site.url + "/")
    drop_file(page, "#new-dropzone", CORPUS / "pairs" / "dev_pair_01_new.pdf")
    expect(page.locator("#new-chosen-file")).to_have_text("Chosen file: dev_pair_01_new.pdf")
    assert page.evaluate("document.getElementById('plan-file').files.length") == 0
    assert page.evaluate("document.activeElement.id") == "old-file"  # next: the box still empty
    drop_file(page, "#old-dropzone", CORPUS / "pairs" / "dev_pair_01_old.pdf")
    expect(page.locator("#old-chosen-file")).to_have_text("Chosen file: dev_pair_01_old.pdf")
    assert page.evaluate("document.activeElement.id") == "compare-button"
    big = b"%PDF-1.4\n" + b"0" * int(1.5 * 1024 * 1024)
    page.get_by_label("This year's plan", exact=True).set_input_files(
        files=[{"name": "big.pdf", "mimeType": "application/pdf", "buffer": big}])
    expect(page.locator("#compare-too-large")).to_be_visible()
    expect(page.locator("#too-large")).to_be_hidden()
    page.get_by_role("button", name="Compare the plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review your child's plan")  # never sent
