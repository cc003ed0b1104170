"""Seeded mutation fuzzing: damage real plan files and check every one ends in a report or a clear error.

    python -m tests.fuzz --cases 1000 --seed 1        (make fuzz)

Mutations: byte flips, truncation, and for Word files damage to ZIP entries and their XML. Each case is
reviewed the way the command line does it (a worker process with a time limit), so a hang shows up as
a `timeout` report and a crash as a missing or broken report.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import random
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = [*sorted((REPO.parent / "shared" / "corpus").glob("dev_*.pdf")),
         *sorted((REPO.parent / "shared" / "corpus").glob("dev_*.docx")),
         REPO / "examples" / "example_iep.docx"]
ERROR_CODES = {"encrypted", "corrupt", "unsupported_format", "empty", "too_large", "timeout", "scanned_needs_ocr"}


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    mutation: str


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 64)):
        buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(0, len(data))]


def splice_junk(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    junk = rng.choice([b"<<" * 500, b"[" * 2000, b"endobj " * 50, b"\x00" * 4096, b"<w:p><w:r>", b"%%EOF"])
    return data[:at] + junk + data[at:]


def damage_zip_entry(data: bytes, rng: random.Random) -> bytes:
    """Rewrite a Word file with one entry removed, emptied, truncated, or its XML scrambled."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return flip_bytes(data, rng)
    names = source.namelist()
    victim = rng.choice(names)
    how = rng.choice(["drop", "empty", "truncate", "scramble", "garbage"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name == victim:
                if how == "drop":
                    continue
                content = {"empty": b"", "truncate": content[: len(content) // 2],
                           "scramble": flip_bytes(content, rng) if content else content,
                           "garbage": bytes(rng.randrange(256) for _ in range(512))}[how]
            target.writestr(name, content)
    return out.getvalue()


PDF_MUTATIONS = (flip_bytes, truncate, splice_junk)
DOCX_MUTATIONS = (flip_bytes, truncate, damage_zip_entry, damage_zip_entry)


def cases(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    seeds = [p for p in SEEDS if p.exists()]
    made = []
    for number in range(count):
        source = rng.choice(seeds)
        data = source.read_bytes()
        mutations = DOCX_MUTATIONS if source.suffix == ".docx" else PDF_MUTATIONS
        mutation = rng.choice(mutations)
        made.append(Case(f"case{number:05d}-{source.stem}{source.suffix}", mutation(data, rng) if data else data,
                         mutation.__name__))
    return made


def run(count: int, seed: int, jobs: int, timeout: float) -> dict:
    """Review every case; return the figures and the problems (a case without a proper report)."""
    import logging

    from planreview.pipeline import ReviewOptions
    from planreview.report import report_json
    from planreview.runner import Limits, review_many, warm_up

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged files make it chatty; the outcome is what counts
    warm_up()
    made = cases(count, seed)
    outcomes: collections.Counter[str] = collections.Counter()
    problems: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="planreview-fuzz-") as folder:
        paths = []
        for case in made:
            path = Path(folder) / case.name
            path.write_bytes(case.data)
            paths.append((path, case.name))
        limits = Limits(timeout=timeout, jobs=jobs)
        for case, review in zip(made, review_many(paths, ReviewOptions(), limits), strict=True):
            report = json.loads(json.dumps(report_json(review)))
            if report["error"]:
                code = report["error"]["code"]
                outcomes[code] += 1
                if code not in ERROR_CODES or len(report["error"]["message"]) < 40:
                    problems.append(f"{case.name} ({case.mutation}): unclear error {report['error']}")
                if code == "timeout":
                    problems.append(f"{case.name} ({case.mutation}): hung until the time limit")
            elif report["plan_type"] in ("iep", "504", "other"):
                outcomes[f"reviewed:{report['plan_type']}"] += 1
            else:
                problems.append(f"{case.name} ({case.mutation}): report without a plan type")
    return {"cases": len(made), "seconds": round(time.monotonic() - started, 1), "outcomes": dict(outcomes),
            "problems": problems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    figures = run(args.cases, args.seed, args.jobs, args.timeout)
    print(json.dumps(figures, indent=2))
    return 1 if figures["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
