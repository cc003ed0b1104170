"""Speed and memory of a review, measured on real files (not in the tests: timings belong here).

    .venv/bin/python benchmarks/bench.py [FOLDER ...]     (default: ../shared/corpus, tests/fixtures/varied)

Prints, per file, the seconds each stage took, then totals: start-up (imports and compiling the
patterns), the mean and slowest review, pages per second, and the peak memory of the process.
"""

from __future__ import annotations

import itertools
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(folders: list[Path]) -> int:
    started = time.perf_counter()
    from planreview.checks import judge
    from planreview.checks.model import Review
    from planreview.extract import extract
    from planreview.ingest import IngestError, read_document
    from planreview.pipeline import ReviewOptions
    from planreview.report import render
    from planreview.runner import warm_up
    from planreview.structure import build_structure

    warm_up()
    startup = time.perf_counter() - started
    options = ReviewOptions()
    files = sorted(p for folder in folders for p in folder.iterdir() if p.suffix.lower() in (".pdf", ".docx"))
    totals: list[float] = []
    pages = 0
    columns = ("read", "struct", "extract", "judge", "report", "total")
    print(f"{'file':34s} {'pages':>5s} " + " ".join(f"{c:>7s}" for c in columns))
    for path in files:
        marks = [time.perf_counter()]
        try:
            document = read_document(path, options.read)
        except IngestError as error:
            print(f"{path.name:34s} {'-':>5s} {time.perf_counter() - marks[0]:7.3f}  ({error.code})")
            continue
        marks.append(time.perf_counter())
        plan = build_structure(document)
        marks.append(time.perf_counter())
        extraction = extract(plan, options.today)
        marks.append(time.perf_counter())
        review = Review(path.name, document.format, document.pages, options.today, extraction=extraction,
                        findings=judge(extraction, options.today))
        marks.append(time.perf_counter())
        render(review, "html")
        marks.append(time.perf_counter())
        steps = [b - a for a, b in itertools.pairwise(marks)]
        total = marks[-1] - marks[0]
        totals.append(total)
        pages += document.pages or 1
        figures = " ".join(f"{s:7.3f}" for s in steps)
        print(f"{path.name:34s} {document.pages or '-':>5} {figures} {total:7.3f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nstart-up (imports, patterns, rulebook): {startup:.2f} s")
    if totals:
        print(f"reviews: {len(totals)}, mean {statistics.mean(totals):.3f} s, slowest {max(totals):.3f} s, "
              f"{pages / sum(totals):.1f} pages/s")
    print(f"peak memory of this process: {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    default = [REPO.parent / "shared" / "corpus", REPO / "tests" / "fixtures" / "varied"]
    given = [Path(a) for a in sys.argv[1:]] or default
    sys.exit(main(given))
