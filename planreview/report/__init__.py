"""Stage 5: `Review` → JSON, Markdown or HTML, through the Jinja templates in reports/."""

from __future__ import annotations

import json
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..checks.model import Review
from ..resources import reports_dir
from .data import report_json, view

FORMATS = {"json": "json", "md": "md", "html": "html"}

__all__ = ["FORMATS", "environment", "render", "report_json"]


@cache
def environment() -> Environment:
    """The one Jinja environment for every page and report (the web page extends the report templates)."""
    return Environment(
        loader=FileSystemLoader(str(reports_dir())),
        # Document text is untrusted: everything it puts into HTML is escaped.
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(review: Review, fmt: str, *, redact: bool = False) -> str:
    if fmt == "json":
        return json.dumps(report_json(review, redact=redact), indent=2, ensure_ascii=False) + "\n"
    template = environment().get_template(f"report.{fmt}.j2")
    return template.render(**view(review, redact=redact))
