"""Our own varied fixture set (tests/fixtures/varied): plans in 16 other layouts and wordings, labelled by
hand (generator: make_varied.py). The corpus in ../shared has only three district forms; this set keeps
the tool honest about the rest."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, SHARED, needs_shared

VARIED = Path(__file__).resolve().parent / "fixtures" / "varied"


HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"
BLIND2 = Path(__file__).resolve().parent / "fixtures" / "blind2"
BLIND3 = Path(__file__).resolve().parent / "fixtures" / "blind3"
BLIND4 = Path(__file__).resolve().parent / "fixtures" / "blind4"
BLIND5 = Path(__file__).resolve().parent / "fixtures" / "blind5"
BLIND6 = Path(__file__).resolve().parent / "fixtures" / "blind6"
BLIND7 = Path(__file__).resolve().parent / "fixtures" / "blind7"
PAIRS_BLIND2 = Path(__file__).resolve().parent / "fixtures" / "pairs_blind2"
PAIRS_BLIND = Path(__file__).resolve().parent / "fixtures" / "pairs_blind"  # each plan of the pairs, reviewed alone


@needs_shared()
@pytest.mark.parametrize("folder", [VARIED, HELDOUT, BLIND2, BLIND3, BLIND4, BLIND5, BLIND6, BLIND7, PAIRS_BLIND,
                                    PAIRS_BLIND2],
                         ids=["varied", "heldout", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7",
                              "pairs_blind", "pairs_blind2"])
def test_other_layouts_score_like_the_corpus(folder: Path, tmp_path: Path) -> None:
    """varied: 16 plans written to probe known weak spots; heldout and blind2 to blind7: 18 and 6 x 20 plans
    written blind to the code (make_*.py beside them), first scored 0.80, 0.89, 0.92, 0.89, 0.90, 0.92 and
    0.94 before the fixes they prompted (blind3 is mostly Section 504 plans, for the signals; blind4 tracked
    changes, content controls, merged grids, bilingual headings and scans; blind5 state forms, two-column
    pages, Word-made PDFs; blind6 text boxes, fillable PDF forms, preschool and narrative plans; blind7 long
    district-software plans); pairs_blind and pairs_blind2: the plans of the blind compare pairs, first
    scored 0.98 and 0.95."""
    out = tmp_path / "reports"
    review = subprocess.run([sys.executable, "-m", "planreview", "review", "--format", "json", "--out", str(out),
                             "--quiet", "--jobs", "2", str(folder)], capture_output=True, text=True, cwd=REPO,
                            timeout=600)
    assert review.returncode in (0, 1) and "Traceback" not in review.stderr
    score = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(folder), "--results", str(out)],
                           capture_output=True, text=True, timeout=120)
    figures = dict(re.findall(r"^(\w+)\s+\d+/\d+\s+([\d.]+)%", score.stdout, re.MULTILINE))
    assert float(re.search(r"score=([\d.]+)", score.stdout).group(1)) >= 0.95, score.stdout
    assert all(float(value) >= 85.0 for value in figures.values()), score.stdout
