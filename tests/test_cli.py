"""The command line as users run it: output naming, stdout, limits, redaction."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from planreview.cli import _report_name

from .conftest import CORPUS, EXAMPLE, REPO, needs_shared


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planreview", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)


def test_one_input_prints_its_report_to_stdout() -> None:
    run = run_cli("review", "--format", "json", "--today", "2025-10-01", str(EXAMPLE))
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["file"] == "example_iep.docx" and report["plan_type"] == "iep"
    assert report["today"] == "2025-10-01"


@needs_shared()
def test_several_inputs_to_stdout_are_json_lines() -> None:
    run = run_cli("review", "--format", "json", str(CORPUS / "dev_05.pdf"), str(CORPUS / "dev_10.pdf"))
    lines = run.stdout.splitlines()
    assert [json.loads(line)["file"] for line in lines] == ["dev_05.pdf", "dev_10.pdf"]


def test_several_inputs_as_html_need_an_output_folder() -> None:
    run = run_cli("review", str(EXAMPLE), str(EXAMPLE))
    assert run.returncode == 2 and "--out" in run.stderr


def test_report_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    used: set[str] = set()
    assert _report_name("../../etc/passwd.pdf", "html", used) == "passwd.pdf.html"
    assert _report_name("..pdf", "json", used) == "pdf.json"
    assert _report_name("a:b*c?.docx", "md", used) == "a_b_c_.docx.md"
    assert _report_name("passwd.pdf", "html", used) == "passwd.pdf (2).html"
    odd = tmp_path / "in" / "plan <1>.docx"
    odd.parent.mkdir()
    shutil.copy(EXAMPLE, odd)
    out = tmp_path / "out"
    run = run_cli("review", "--out", str(out), str(odd))
    assert run.returncode == 0, run.stderr
    assert [p.name for p in out.iterdir()] == ["plan _1_.docx.html"]


def test_a_file_that_takes_too_long_gets_a_timeout_report(tmp_path: Path) -> None:
    run = run_cli("review", "--format", "json", "--out", str(tmp_path), "--timeout", "0.01", str(EXAMPLE))
    assert run.returncode == 1
    report = json.loads((tmp_path / "example_iep.docx.json").read_text())
    assert report["error"]["code"] == "timeout"
    assert "took too long" in report["error"]["message"]


def test_a_folder_is_reviewed_file_by_file_in_parallel(tmp_path: Path) -> None:
    folder = tmp_path / "caseload"
    folder.mkdir()
    for name in ("a.docx", "b.docx", "c.docx"):
        shutil.copy(EXAMPLE, folder / name)
    (folder / "notes.txt").write_text("not a plan file")
    run = run_cli("review", "--format", "json", "--out", str(tmp_path / "out"), "--jobs", "2", str(folder))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.docx.json", "b.docx.json", "c.docx.json"]


def test_redacted_reports_hide_the_students_name_birth_date_and_ids(tmp_path: Path) -> None:
    from docx import Document as WordDocument

    doc = WordDocument()
    doc.add_paragraph("Individualized Education Program")
    doc.add_paragraph("Student Name: Marisol Quintanilla-Reyes    Date of Birth: 04/09/2012    Student ID: 00482913")
    doc.add_heading("Annual Goals", level=2)
    doc.add_paragraph("Goal 1: Given a passage, Marisol will read 90 words correct per minute on 3 consecutive probes.")
    doc.add_heading("Present Levels", level=2)
    doc.add_paragraph("Marisol's reading rate is 42 wcpm. Birthday noted as 04/09/2012. SSN 123-45-6789.")
    path = tmp_path / "plan.docx"
    doc.save(path)
    for fmt in ("json", "md", "html"):
        run = run_cli("review", "--format", fmt, "--redact", str(path))
        assert run.returncode == 0, run.stderr
        for private in ("Marisol", "Quintanilla", "04/09/2012", "00482913", "123-45-6789", "2012-04-09"):
            assert private not in run.stdout, (fmt, private)
        assert "[student]" in run.stdout
    plain = run_cli("review", "--format", "json", str(path))
    assert "Marisol" in plain.stdout  # without --redact the report quotes the plan as it stands
