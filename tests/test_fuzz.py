"""A small sample of the mutation fuzzer (`make fuzz` runs 1,000+ cases): damaged copies of real plans
must each end in a report or a clear error, without hanging."""

from __future__ import annotations

from . import fuzz
from .conftest import needs_shared


@needs_shared()
def test_damaged_plans_get_a_report_or_a_clear_error() -> None:
    figures = fuzz.run(count=40, seed=20261128, jobs=2, timeout=30.0)
    assert figures["cases"] == 40
    assert figures["problems"] == []
    assert sum(figures["outcomes"].values()) == 40


def test_mutations_really_damage_the_files() -> None:
    made = fuzz.cases(30, seed=7)
    originals = {p.read_bytes() for p in fuzz.SEEDS if p.exists()}
    assert all(case.data not in originals for case in made if case.mutation != "truncate")
    assert {case.mutation for case in made} >= {"flip_bytes", "truncate"}
