"""The labelled development corpus (../shared/corpus): each plan reviewed as its label says, and the
scorer's figures above the bars the issues set. The corpus is a sample, so these tests guard
behaviour on real files; they are not where rules come from."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from .conftest import CORPUS, REPO, SHARED, corpus_labels, needs_shared, tesseract_available

pytestmark = needs_shared()
LABELS = corpus_labels()


def norm(text: str | None) -> str:
    text = (text or "").lower().replace("\u2019", "'")
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9%/.']+", " ", text)).strip()


def reviewable(label: dict) -> bool:
    return not label["error"] and (not label["scanned"] or tesseract_available())


@pytest.mark.parametrize("label", [x for x in LABELS if reviewable(x)], ids=lambda x: x["file"])
def test_plan_type_age_and_checks(label: dict, review_of) -> None:
    review = review_of(CORPUS / label["file"])
    assert review.error is None
    assert review.plan_type == label["plan_type"]
    if label["plan_type"] == "other":
        assert all(f.status == "not_applicable" for f in review.findings)
        return
    assert review.extraction.facts.student_age == label["student_age"]
    statuses = {f.id: f.status for f in review.findings}
    assert {k: statuses[k] for k in label["checks"]} == label["checks"]


@pytest.mark.parametrize("label", [x for x in LABELS if reviewable(x) and x["plan_type"] != "other"],
                         ids=lambda x: x["file"])
def test_goals_services_and_progress(label: dict, review_of) -> None:
    extraction = review_of(CORPUS / label["file"]).extraction
    goals = [(norm(g.text), g.measurable) for g in extraction.goals]
    assert len(goals) == len(label["goals"])
    for want, (text, measurable) in zip(label["goals"], goals, strict=True):
        assert text.startswith(norm(want["starts_with"]))
        assert measurable == want["measurable"]
    assert len(extraction.services) == len(label["services"])
    for want, service in zip(label["services"], extraction.services, strict=True):
        assert norm(want["service_contains"]) in norm(service.service)
        if want["provider_contains"] is None:
            assert service.provider is None
        else:
            assert norm(want["provider_contains"]) in norm(service.provider)
        assert service.minutes_per_week == (pytest.approx(want["minutes_per_week"], abs=0.6)
                                            if want["minutes_per_week"] is not None else None)
    progress = label["progress_reporting"]
    assert bool(extraction.progress.method) == progress["method"]
    assert extraction.progress.schedule == progress["schedule"]
    assert sorted(s.id for s in extraction.signals) == sorted(label["iep_signals"])


@pytest.mark.parametrize("label", [x for x in LABELS if x["error"]], ids=lambda x: x["file"])
def test_unreadable_plans_get_their_error(label: dict, review_of) -> None:
    review = review_of(CORPUS / label["file"])
    assert review.error is not None and review.error.code == label["error"]
    assert len(review.error.message) > 40  # a sentence a parent can act on, not a code


def test_score_over_the_whole_corpus(tmp_path) -> None:
    """The command line over every labelled file, scored by the shared scorer."""
    out = tmp_path / "reports"
    run = subprocess.run(
        [sys.executable, "-m", "planreview", "review", "--format", "json", "--out", str(out), str(CORPUS)],
        capture_output=True, text=True, cwd=REPO, timeout=600,
    )
    assert run.returncode == 1, run.stderr  # the corpus holds an encrypted and a truncated file
    assert "Traceback" not in run.stderr
    score = subprocess.run(
        [sys.executable, str(SHARED / "tools" / "score.py"), str(CORPUS), "--results", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    figures = dict(re.findall(r"^(\w+)\s+\d+/\d+\s+([\d.]+)%", score.stdout, re.MULTILINE))
    total = float(re.search(r"score=([\d.]+)", score.stdout).group(1))
    if not tesseract_available():
        figures.pop("scanned_reviewed", None)
    assert total >= 0.90 or not tesseract_available(), score.stdout
    assert all(float(v) >= 85.0 for v in figures.values()), score.stdout
    for name in ("checks_core", "checks_more", "signals_found", "signals_precise"):
        assert float(figures[name]) >= 90.0, score.stdout
    reports = {p.name: json.loads(p.read_text()) for p in out.glob("*.json")}
    assert len(reports) == len(LABELS)
