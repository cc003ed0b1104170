"""Bad input: every kind gets a report whose error says what happened and what to do, exit status 1,
no traceback, and never stops the other files in the same run."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from planreview.pipeline import review_file

from .conftest import CORPUS, HOSTILE, REPO, needs_shared


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planreview", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)


def make_files(folder: Path) -> dict[str, Path]:
    """One file of each bad kind a parent or advocate might really have."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty": folder / "empty.pdf",
        "exe": folder / "setup.pdf",  # a program renamed .pdf: the bytes decide, not the name
        "doc": folder / "old-plan.docx",  # an old Word .doc saved with a .docx name
        "image": folder / "photo.pdf",
        "zip": folder / "archive.docx",
        "garbage": folder / "garbled.pdf",
    }
    files["empty"].write_bytes(b"")
    files["exe"].write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    files["doc"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    files["image"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with zipfile.ZipFile(files["zip"], "w") as archive:
        archive.writestr("notes.txt", "not a document")
    files["garbage"].write_bytes(b"\x01\x02 this is not a pdf at all " * 20)
    return files


EXPECTED = {"empty": "empty", "exe": "unsupported_format", "doc": "unsupported_format",
            "image": "unsupported_format", "zip": "unsupported_format", "garbage": "corrupt"}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_bad_kind_gets_its_error_code_and_advice(kind: str, tmp_path: Path) -> None:
    review = review_file(make_files(tmp_path)[kind])
    assert review.error is not None
    assert review.error.code == EXPECTED[kind]
    assert review.findings == []
    assert "planreview" in review.error.message or "file" in review.error.message


def test_an_old_word_file_is_told_how_to_convert(tmp_path: Path) -> None:
    review = review_file(make_files(tmp_path)["doc"])
    assert ".docx or PDF" in review.error.message


@needs_shared()
def test_bad_files_do_not_stop_good_ones(tmp_path: Path) -> None:
    files = make_files(tmp_path / "in")
    out = tmp_path / "out"
    inputs = [CORPUS / "dev_05.pdf", *files.values(), CORPUS / "dev_14.pdf", CORPUS / "dev_15.docx"]
    run = run_cli("review", "--format", "json", "--out", str(out), *map(str, inputs))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    good = json.loads((out / "dev_05.pdf.json").read_text())
    assert good["error"] is None and good["plan_type"] == "iep"
    assert json.loads((out / "dev_14.pdf.json").read_text())["error"]["code"] == "encrypted"
    assert json.loads((out / "dev_15.docx.json").read_text())["error"]["code"] == "corrupt"
    for kind, path in files.items():
        report = json.loads((out / f"{path.name}.json").read_text())
        assert report["error"]["code"] == EXPECTED[kind]


@needs_shared()
def test_every_hostile_file_gets_a_report_or_a_clear_error(tmp_path: Path) -> None:
    """36 real malformed and odd files: a report or a clear error each, in bounded time, no traceback."""
    files = sorted(p for p in HOSTILE.iterdir() if p.name != "MANIFEST.md")
    run = run_cli("review", "--format", "json", "--out", str(tmp_path), "--timeout", "60", "--jobs", "2",
                  *map(str, files), timeout=900)
    assert run.returncode in (0, 1)
    assert "Traceback" not in run.stderr and "Error" not in run.stderr.replace("error", "")
    for path in files:
        report = json.loads((tmp_path / f"{path.name}.json").read_text())
        assert report["schema"] == "planreview.report/1"
        if report["error"]:
            assert report["error"]["code"] in {"encrypted", "corrupt", "unsupported_format", "empty", "too_large",
                                               "timeout", "scanned_needs_ocr"}
            assert len(report["error"]["message"]) > 40
        else:
            assert report["plan_type"] in {"iep", "504", "other"}


@needs_shared()
@pytest.mark.parametrize("name", ["pdfplumber__password-example.pdf", "pdfminer__aes-256-r6.pdf",
                                  "qpdf__bad-encryption-length.pdf"])
def test_password_protected_pdfs_are_reported_as_locked(name: str) -> None:
    review = review_file(HOSTILE / name)
    assert review.error.code == "encrypted"
    assert "password" in review.error.message


@needs_shared()
def test_a_pdf_with_only_an_owner_password_is_read() -> None:
    review = review_file(HOSTILE / "pypdf__r4-owner-password.pdf")
    assert review.error is None


def test_command_line_mistakes_exit_2(tmp_path: Path) -> None:
    missing = run_cli("review", str(tmp_path / "nope.pdf"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
    bad_date = run_cli("review", "--today", "yesterday", str(REPO / "examples" / "example_iep.docx"))
    assert bad_date.returncode == 2 and "2026-11-28" in bad_date.stderr
    assert run_cli().returncode == 2
    assert "Traceback" not in missing.stderr + bad_date.stderr
