"""Shared fixtures: the labelled corpus in ../shared, the hostile files, and the bundled example."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from planreview.checks.model import Review
from planreview.pipeline import ReviewOptions, review_file

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
HOSTILE = SHARED / "hostile"
EXAMPLE = REPO / "examples" / "example_iep.docx"
TODAY = dt.date(2026, 11, 28)


def corpus_labels() -> list[dict]:
    if not CORPUS.is_dir():
        return []
    labels = [json.loads(p.read_text()) for p in sorted(CORPUS.glob("*.expected.json"))]
    return [label for label in labels if "file" in label]


def tesseract_available() -> bool:
    """The same look-up planreview makes (PLANREVIEW_TESSERACT, else tesseract on PATH)."""
    from planreview.ingest.ocr import tesseract_program

    return tesseract_program() is not None


def require_or_skip(available: bool, env: str, what: str) -> None:
    """Skip a test whose tool is missing on a developer's machine, but fail in CI, where it must exist."""
    if available:
        return
    if os.environ.get(env):
        pytest.fail(f"{what} is required here ({env} is set) but is not installed")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def review_of():
    """Review a file once per test session (reviews are pure, so the cache is safe)."""
    cache: dict[Path, Review] = {}

    def review(path: Path, today: dt.date = TODAY) -> Review:
        key = (path, today)
        if key not in cache:
            cache[key] = review_file(path, ReviewOptions(today=today))
        return cache[key]

    return review


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
