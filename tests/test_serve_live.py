"""`planreview serve` as a real server on 127.0.0.1: twenty families at once, the command itself, and the
size limit over a real connection. Sockets may reach 127.0.0.1 and nothing else."""

from __future__ import annotations

import base64
import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from markupsafe import escape

from planreview.report import report_json
from planreview.serve.config import ServeConfig
from planreview.serve.server import bind, serve_in_background
from planreview.serve.upload import FOLDER_PREFIX

from .conftest import CORPUS, EXAMPLE, REPO, TODAY, needs_shared

pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])

CONCURRENT_UPLOADS = 20
# Every corpus document but the scanned one, whose review depends on Tesseract being installed.
DOCUMENTS = ["dev_01.docx", "dev_02.docx", "dev_03.docx", "dev_04.docx", "dev_05.pdf", "dev_06.pdf", "dev_07.pdf",
             "dev_08.pdf", "dev_10.pdf", "dev_11.docx", "dev_12.pdf", "dev_13.docx", "dev_14.pdf", "dev_15.docx"]


@dataclass(frozen=True)
class Family:
    """One parent's upload: a corpus plan sent under a name no other upload has."""

    index: int
    document: str

    @property
    def upload_name(self) -> str:
        return f"family-{self.index:02d}-{self.document}"


def fingerprint(report: dict) -> set[str]:
    """Text only this document's review contains: quotes from the plan, or the error message."""
    texts = {e["text"] for check in report["checks"] for e in check["evidence"]}
    texts |= {g["text"] for g in report["goals"]} | {e["text"] for e in report.get("plan_type_evidence", [])}
    if report["error"]:
        texts.add(report["error"]["message"])
    return {text for text in texts if len(text) > 20}


def unique_markers(reports: dict[str, dict]) -> dict[str, str]:
    """For each document, its longest quote that appears in no other document's report at all."""
    dumps = {name: json.dumps(report, ensure_ascii=False) for name, report in reports.items()}
    markers = {}
    for name, report in reports.items():
        others = [dump for other, dump in dumps.items() if other != name]
        own = sorted((text for text in fingerprint(report)
                      if not any(json.dumps(text, ensure_ascii=False)[1:-1] in dump for dump in others)), key=len)
        assert own, f"{name}: no quote of its own to recognise it by"
        markers[name] = own[-1]
    return markers


def json_download(html: str) -> dict:
    start = html.index('href="data:application/json;charset=utf-8;base64,') + len('href="data:application/json;'
                                                                                    'charset=utf-8;base64,')
    return json.loads(base64.b64decode(html[start:html.index('"', start)]))


class FolderWatcher(threading.Thread):
    """Notes the modes of the upload folders and files it sees while the uploads are being reviewed."""

    def __init__(self, root: Path) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.stop = threading.Event()
        self.folder_modes: set[int] = set()
        self.file_modes: set[int] = set()

    def run(self) -> None:
        while not self.stop.is_set():
            for folder in self.root.glob(FOLDER_PREFIX + "*"):
                try:
                    self.folder_modes.add(stat.S_IMODE(folder.stat().st_mode))
                    self.file_modes.update(stat.S_IMODE(f.stat().st_mode) for f in folder.iterdir())
                except OSError:
                    pass  # removed between the listing and the look: that is the point
            time.sleep(0.005)


@needs_shared()
def test_twenty_families_at_once_each_get_their_own_review_and_nothing_stays(tmp_path: Path, review_of) -> None:
    expected = {name: report_json(review_of(CORPUS / name)) for name in DOCUMENTS}
    markers = unique_markers(expected)
    families = [Family(i, DOCUMENTS[i % len(DOCUMENTS)]) for i in range(CONCURRENT_UPLOADS)]
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    config = ServeConfig(today=TODAY, temp_root=uploads, jobs=2, timeout=180.0)
    start_together = threading.Barrier(len(families))

    with serve_in_background(config) as url:
        def send(family: Family) -> httpx2.Response:
            content = (CORPUS / family.document).read_bytes()
            with httpx2.Client(base_url=url, timeout=300.0) as client:
                start_together.wait()
                return client.post("/review", files={"file": (family.upload_name, content)})

        watcher = FolderWatcher(uploads)
        watcher.start()
        with ThreadPoolExecutor(max_workers=len(families)) as pool:
            responses = list(pool.map(send, families))
        watcher.stop.set()
        watcher.join()
        with httpx2.Client(base_url=url) as client:
            assert client.get("/").status_code == 200  # the server is still up

    for family, response in zip(families, responses, strict=True):
        report = expected[family.document]
        assert response.status_code == (422 if report["error"] else 200), family
        html = response.text
        assert f'Review of <span class="file">{escape(family.upload_name)}</span>' in html
        others = [f.upload_name for f in families if f is not family]
        assert not any(name in html for name in others), f"{family.upload_name} got another family's name"
        assert str(escape(markers[family.document])) in html
        for document, marker in markers.items():
            if document != family.document:
                assert str(escape(marker)) not in html, f"{family.upload_name} shows text from {document}"
        # The whole report, downloaded from the page, is this document's review and nobody else's.
        assert json_download(html) == {**report, "file": family.upload_name}

    assert list(uploads.iterdir()) == [], "an upload was left on disk"
    assert watcher.folder_modes == {0o700} and watcher.file_modes <= {0o600}


def read_until(stream, marker: str, seconds: float) -> str:
    """Lines from a child's stderr until one contains `marker` (a reader thread keeps this from blocking)."""
    lines: list[str] = []
    found = threading.Event()

    def reader() -> None:
        for line in stream:
            lines.append(line)
            if marker in line:
                found.set()
                return

    threading.Thread(target=reader, daemon=True).start()
    found.wait(seconds)
    return "".join(lines)


def test_the_serve_command_starts_answers_and_stops_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "planreview", "serve", "--port", "0", "--no-browser", "--today", "2026-11-28"]
    child = subprocess.Popen(command, cwd=REPO, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                             text=True)
    try:
        said = read_until(child.stderr, "ready at", 60)
        assert "ready at http://127.0.0.1:" in said, said
        url = said.split("ready at ", 1)[1].split()[0]
        with httpx2.Client(base_url=url, timeout=120) as client:
            assert "Review your child's plan" in client.get("/").text
            response = client.post("/review", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())})
            assert response.status_code == 200
            assert f'Review of <span class="file">{EXAMPLE.name}</span>' in response.text
            assert "reviewed 2026-11-28" in response.text
        child.send_signal(signal.SIGINT)  # what Ctrl+C does
        assert child.wait(timeout=30) == 0
        assert "the web page has stopped" in child.stderr.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert not list(tmp_path.glob(FOLDER_PREFIX + "*"))


def test_the_browser_is_opened_once_the_page_answers(tmp_path: Path) -> None:
    """$BROWSER stands in for the parent's browser: a script that fetches the address it is given."""
    opened = tmp_path / "opened.txt"
    fake_browser = tmp_path / "browser"
    fake_browser.write_text(f"#!{sys.executable}\n"
                            "import os, sys, urllib.request\n"
                            "status = urllib.request.urlopen(sys.argv[1], timeout=30).status\n"
                            f"open({str(opened)!r} + '.part', 'w').write(sys.argv[1] + ' ' + str(status))\n"
                            f"os.replace({str(opened)!r} + '.part', {str(opened)!r})\n")
    fake_browser.chmod(0o700)
    env = {**os.environ, "TMPDIR": str(tmp_path), "BROWSER": str(fake_browser), "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, "-m", "planreview", "serve", "--port", "0"], cwd=REPO, env=env,
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        said = read_until(child.stderr, "ready at", 60)
        url = said.split("ready at ", 1)[1].split()[0]
        deadline = time.monotonic() + 60
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == f"{url} 200"
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def test_a_too_large_upload_gets_the_413_page_over_a_real_connection(tmp_path: Path) -> None:
    """The server reads and drops the rest of the body, so the sender gets the page, not a broken connection."""
    config = ServeConfig(today=TODAY, temp_root=tmp_path, max_upload_mb=0.5)
    big = b"%PDF-1.4\n" + os.urandom(3 * 1024 * 1024)
    with serve_in_background(config) as url, httpx2.Client(base_url=url, timeout=60) as client:
        declared = client.post("/review", files={"file": ("big.pdf", big)})

        def chunked():
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n\r\n'
            for start in range(0, len(big), 65536):
                yield big[start:start + 65536]
            yield b"\r\n--b--\r\n"

        streamed = client.post("/review", content=chunked(),
                               headers={"content-type": "multipart/form-data; boundary=b"})
        after = client.post("/review", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes())})
    for response in (declared, streamed):
        assert response.status_code == 413
        assert "This file is too large" in response.text
    assert after.status_code == 200
    assert list(tmp_path.iterdir()) == []


def test_an_upload_cut_off_half_way_leaves_nothing_behind(tmp_path: Path) -> None:
    """A parent closes the tab while the file is still being sent."""
    config = ServeConfig(today=TODAY, temp_root=tmp_path)
    head = (b"POST /review HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\n\r\n"
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="plan.pdf"\r\n\r\n%PDF-1.4\n')
    with serve_in_background(config) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port)) as connection:
            connection.sendall(head + b"0" * 200_000)
            deadline = time.monotonic() + 30
            while not list(tmp_path.glob(FOLDER_PREFIX + "*/plan.pdf")) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert list(tmp_path.glob(FOLDER_PREFIX + "*/plan.pdf")), "the upload never started"
        deadline = time.monotonic() + 30
        while list(tmp_path.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert list(tmp_path.iterdir()) == []
        with httpx2.Client(base_url=url) as client:
            assert client.get("/").status_code == 200


def test_a_taken_default_port_falls_back_to_a_free_one_but_a_chosen_port_does_not() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with bind("127.0.0.1", port, any_port_if_taken=True) as listener:
            assert listener.getsockname()[1] not in (port, 0)
        with pytest.raises(OSError) as refused:
            bind("127.0.0.1", port, any_port_if_taken=False)
        assert refused.value.errno == errno.EADDRINUSE
