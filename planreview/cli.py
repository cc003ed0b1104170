"""The command line (contracts: shared/spec/report.md, shared/spec/compare.md)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .compare import Comparison, compare
from .ingest import ReadOptions
from .ingest.sniff import PLAN_SUFFIXES
from .pipeline import ReviewOptions
from .report import FORMATS, render, report_json
from .report.compare import COMPARE_FORMATS, OUT_NAME, render_comparison
from .runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Limits, review_many, warm_up
from .serve.options import add_serve_arguments

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default also exits 2; say what to do in plain words
        self.print_usage(sys.stderr)
        print(f"planreview: {message}\nRun 'planreview {self.prog.split()[-1]} --help' for help.", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-28") from exc


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from exc
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planreview",
                     description="Review an IEP or Section 504 Plan and explain it in plain words.")
    parser.add_argument("--version", action="version", version=f"planreview {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    review = commands.add_parser("review", help="review one or more plans (PDF or Word .docx)")
    review.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a .pdf or .docx file, or a folder of them")
    review.add_argument("--format", choices=sorted(FORMATS),
                        help="report format (default: html with --out, md without)")
    review.add_argument("--out", type=Path, metavar="DIR", help="write one report per file into this folder")
    review.add_argument("--jobs", type=int, default=1, metavar="N", help="review N files at a time (default: 1)")
    _add_reading_arguments(review)
    review.add_argument("--quiet", action="store_true", help="print nothing but the reports")

    compare = commands.add_parser("compare", help="compare last year's plan with this year's: what changed")
    compare.add_argument("old", type=Path, metavar="OLD", help="last year's plan (.pdf or .docx)")
    compare.add_argument("new", type=Path, metavar="NEW", help="this year's plan (.pdf or .docx)")
    compare.add_argument("--format", choices=COMPARE_FORMATS,
                         help="format (default: html with --out, md without)")
    compare.add_argument("--out", type=Path, metavar="DIR",
                         help=f"write the comparison into this folder as {OUT_NAME}.html (.md, .json)")
    _add_reading_arguments(compare)

    serve = commands.add_parser("serve", help="review a plan in your web browser (it stays on this computer)")
    add_serve_arguments(serve, date=_date, positive=_positive)
    return parser


def _add_reading_arguments(command: argparse.ArgumentParser) -> None:
    """The options that decide how a plan is read and judged, the same for `review` and `compare`."""
    command.add_argument("--today", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                         help="the date deadlines are measured from (default: today)")
    command.add_argument("--ocr", choices=("auto", "on", "off"), default="auto",
                         help="read scanned pages with Tesseract: auto (pages without text), on, off")
    command.add_argument("--timeout", type=_positive, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                         help=f"give up on a file after this long (default: {DEFAULT_TIMEOUT:g})")
    command.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help=argparse.SUPPRESS)
    command.add_argument("--redact", action="store_true",
                         help="replace the student's name, date of birth and ID numbers in the reports, to share them")
    command.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="planreview: %(message)s", stream=sys.stderr)
    for noisy in ("pdfminer", "pdfplumber", "PIL"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if args.command == "serve":
        from .serve import main as serve  # loads the web framework only for the web page

        return serve(args)
    try:
        return _compare(args) if args.command == "compare" else _review(args, parser)
    except KeyboardInterrupt:
        print("planreview: stopped.", file=sys.stderr)
        return 130


def _review(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    files, problems = _collect(args.paths)
    for problem in problems:
        print(f"planreview: {problem}", file=sys.stderr)
    if problems or not files:
        if not files and not problems:
            print("planreview: no .pdf or .docx files found in the folders given.", file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format or ("html" if args.out else "md")
    if args.out is None and len(files) > 1 and fmt != "json":
        print("planreview: to review several files, add --out DIR (one report per file) or use --format json.",
              file=sys.stderr)
        return EXIT_USAGE
    if args.out is not None and not _made_folder(args.out):
        return EXIT_USAGE
    options = ReviewOptions(today=args.today, read=ReadOptions(ocr=args.ocr))
    limits = Limits(timeout=args.timeout, memory_mb=args.max_memory_mb, jobs=max(1, args.jobs))
    warm_up()
    failed = 0
    used_names: set[str] = set()
    items = [(path, path.name) for path in files]
    for review in review_many(items, options, limits):
        failed += review.error is not None
        if args.out is None:
            text = (json.dumps(report_json(review, redact=args.redact), ensure_ascii=False) + "\n"
                    if len(files) > 1 else render(review, fmt, redact=args.redact))
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            target = args.out / _report_name(review.file, fmt, used_names)
            target.write_text(render(review, fmt, redact=args.redact), encoding="utf-8")
            if not args.quiet:
                print(_progress_line(review, target), file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    """Review both plans exactly as `review` does (each in its own worker), then list what changed."""
    problems = [f"{label} plan is not a file: {path}" for label, path in (("last year's", args.old),
                                                                          ("this year's", args.new))
                if not path.is_file()]
    for problem in problems:
        print(f"planreview: {problem}", file=sys.stderr)
    if problems:
        print("planreview: compare takes two files: last year's plan, then this year's.", file=sys.stderr)
        return EXIT_USAGE
    fmt = args.format or ("html" if args.out else "md")
    if args.out is not None and not _made_folder(args.out):
        return EXIT_USAGE
    options = ReviewOptions(today=args.today, read=ReadOptions(ocr=args.ocr))
    # Two workers, one per plan: each keeps its own time and memory limit, and the wait is the longer one.
    limits = Limits(timeout=args.timeout, memory_mb=args.max_memory_mb, jobs=2)
    warm_up()
    old, new = review_many([(args.old, args.old.name), (args.new, args.new.name)], options, limits)
    comparison = compare(old, new)
    text = render_comparison(comparison, fmt, redact=args.redact)
    if args.out is None:
        sys.stdout.write(text)
    else:
        target = args.out / f"{OUT_NAME}.{fmt}"
        target.write_text(text, encoding="utf-8")
        print(_compare_progress_line(comparison, target), file=sys.stderr)
    return EXIT_OK if comparison.readable else EXIT_SOME_FAILED


def _compare_progress_line(comparison: Comparison, target: Path) -> str:
    if not comparison.readable:
        return f"{comparison.old.file}, {comparison.new.file}: could not be compared. The page explains why: {target}"
    return f"{comparison.old.file} → {comparison.new.file}: {len(comparison.changes)} changes → {target}"


def _collect(paths: list[Path]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"no such file or folder: {path}")
    return files, problems


def _report_name(file_name: str, fmt: str, used: set[str]) -> str:
    """The input's whole name plus the format, kept inside --out whatever the input was called."""
    safe = "".join(ch if ch.isprintable() and ch not in '/\\:*?"<>|' else "_" for ch in Path(file_name).name)
    safe = safe.lstrip(".") or "document"
    name, counter = f"{safe}.{fmt}", 2
    while name in used:
        name, counter = f"{safe} ({counter}).{fmt}", counter + 1
    used.add(name)
    return name


def _progress_line(review, target: Path) -> str:
    if review.error:
        return f"{review.file}: could not be reviewed ({review.error.code}). The report explains why: {target}"
    return f"{review.file}: reviewed → {target}"


if __name__ == "__main__":
    sys.exit(main())


def _made_folder(folder: Path) -> bool:
    """Make the --out folder; say plainly when it cannot be made (a file in the way, no permission)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"planreview: cannot create the folder {folder}: {exc.strerror}", file=sys.stderr)
        return False
    return True
