"""One document through the five stages: ingest → structure → extract → checks → (report).

The command line, the local web page and `compare` are fronts on this one function.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
from dataclasses import dataclass, field
from pathlib import Path

from .checks import judge
from .checks.model import Review, ReviewError
from .extract import extract
from .ingest import IngestError, ReadOptions, read_document
from .resources import messages
from .structure import build_structure

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewOptions:
    today: dt.date = field(default_factory=dt.date.today)
    read: ReadOptions = field(default_factory=ReadOptions)


def review_file(path: Path, options: ReviewOptions | None = None, display_name: str | None = None) -> Review:
    """Review one file. Never raises for a bad file: the Review then carries an error a parent can read."""
    options = options or ReviewOptions()
    name = display_name or path.name
    try:
        document = read_document(path, options.read)
    except IngestError as exc:
        log.info("%s: %s", name, exc)
        return error_review(name, _format_of(path), exc.code, exc.detail, options.today)
    except MemoryError:
        raise  # the worker turns this into a too_large report
    except Exception as exc:
        log.info("%s: unreadable (%s)", name, type(exc).__name__)
        log.debug("traceback", exc_info=True)
        return error_review(name, _format_of(path), "corrupt", type(exc).__name__, options.today)
    document.file = name
    try:
        plan = build_structure(document)
        extraction = extract(plan, options.today)
        findings = judge(extraction, options.today)
    except Exception as exc:
        log.warning("%s: planreview could not finish this review (%s)", name, type(exc).__name__)
        log.debug("traceback", exc_info=True)
        return error_review(name, document.format, "corrupt", "internal", options.today)
    return Review(
        file=name,
        format=document.format,
        pages=document.pages,
        today=options.today,
        extraction=extraction,
        findings=findings,
        notes=list(document.notes),
    )


def error_review(name: str, fmt: str, code: str, detail: str, today: dt.date) -> Review:
    return Review(file=name, format=fmt, pages=None, today=today, error=ReviewError(code, error_message(code, detail)))


def error_message(code: str, detail: str = "") -> str:
    """The words a parent reads for an error code (patterns/messages.yaml)."""
    words = messages()
    template = words["errors"].get(detail if detail == "internal" else code) or words["errors"]["corrupt"]
    kind = words["unsupported_kinds"].get(detail, words["unsupported_kinds"]["unknown"])
    system = platform.system().lower()
    hint = words["ocr_hint"].get(system if system in ("linux", "darwin") else "windows")
    return " ".join(template.replace("{kind}", kind).replace("{hint}", hint).replace("{detail}", detail).split())


def _format_of(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("pdf", "docx") else "unknown"
