"""Make docs/screenshot-results.png: the results page of `planreview serve` for the bundled example plan.

    .venv/bin/python docs/make_screenshot.py          # needs Debian's chromium and the test extra (playwright)

The page is served on 127.0.0.1 only and Chromium may resolve no other host, so nothing leaves the machine.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from planreview.serve.config import ServeConfig
from planreview.serve.server import serve_in_background

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "example_iep.docx"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-proxy-server", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as uploads:
        config = ServeConfig(today=dt.date(2025, 10, 1), temp_root=Path(uploads))
        with serve_in_background(config) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1250}, device_scale_factor=1)
            page.goto(url + "/")
            page.set_input_files("#plan-file", str(EXAMPLE))
            page.get_by_role("button", name="Review my plan").click()
            page.wait_for_selector("h1 .file")
            page.screenshot(path=str(target))
            browser.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshot-results.png")
