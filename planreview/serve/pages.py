"""The HTML pages of the local web app, from the templates in reports/web/ (the results pages extend the
report templates themselves, so the web page and the CLI's reports share every word)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from ..checks.model import Review
from ..compare import Comparison
from ..ingest.sniff import PLAN_SUFFIXES
from ..pipeline import error_message
from ..report import environment, render
from ..report.compare import comparison_redactor, comparison_view, render_comparison
from ..report.data import view
from ..report.redact import redactor_for
from .config import ServeConfig, format_megabytes

UPLOAD_URL = "/"
REVIEW_URL = "/review"
COMPARE_URL = "/compare"
COMPARE_FORM_URL = UPLOAD_URL + "#compare"  # the start page's second form, for two plans


@dataclass(frozen=True)
class Download:
    label: str
    filename: str
    url: str  # a data: URL holding the whole report, so nothing is kept on the server to fetch it later


# The label a parent sees for each format, in the order the buttons appear.
DOWNLOAD_FORMATS = (
    ("html", "Web page (HTML)", "text/html"),
    ("md", "Text (Markdown)", "text/markdown"),
    ("json", "Data (JSON)", "application/json"),
)


def too_large_message(config: ServeConfig) -> str:
    """The CLI's own words for a file that is too large, with the limit in them."""
    return error_message("too_large", f"it is larger than {format_megabytes(config.max_upload_mb)}")


def upload_page(config: ServeConfig) -> str:
    return environment().get_template("web/upload.html.j2").render(
        review_url=REVIEW_URL,
        compare_url=COMPARE_URL,
        max_upload=format_megabytes(config.max_upload_mb),
        max_bytes=config.max_upload_bytes,
        timeout_seconds=f"{config.timeout:g}",
        too_large_message=too_large_message(config),
    )


def results_page(review: Review, *, redact: bool = False) -> str:
    """The review as the CLI's HTML report shows it, inside the page with Print and Download buttons;
    with `redact`, the page and every download hide the child's name, birth date and ID numbers."""
    return environment().get_template("web/results.html.j2").render(
        **view(review, redact=redact), downloads=downloads(review, redact=redact), upload_url=UPLOAD_URL,
        compare_form_url=COMPARE_FORM_URL,
    )


def compare_results_page(comparison: Comparison, *, redact: bool = False) -> str:
    """What changed, as the CLI's compare.html shows it, inside the page with Print and Download buttons."""
    return environment().get_template("web/compare_results.html.j2").render(
        **comparison_view(comparison, redact=redact), downloads=comparison_downloads(comparison, redact=redact),
        upload_url=UPLOAD_URL, compare_form_url=COMPARE_FORM_URL,
    )


def problem_page(status: int, message: str | None = None, *, comparing: bool = False) -> str:
    """The page for a request that led to no review; its words are in the template unless `message` is given.
    `comparing`: the request came from the two-plan form, so the page words it and leads back to that form."""
    return environment().get_template("web/problem.html.j2").render(
        status=status, message=message, comparing=comparing,
        back_url=COMPARE_FORM_URL if comparing else UPLOAD_URL,
    )


def downloads(review: Review, *, redact: bool = False) -> list[Download]:
    """Each report format, rendered now from the review in memory and handed to the browser inside the page."""
    name = redactor_for(review).file_name(review.file) if redact else review.file
    return [
        Download(label=label, filename=f"{name}.{fmt}", url=_data_url(render(review, fmt, redact=redact), media_type))
        for fmt, label, media_type in DOWNLOAD_FORMATS
    ]


def comparison_downloads(comparison: Comparison, *, redact: bool = False) -> list[Download]:
    """The comparison in each format, exactly as `planreview compare --format …` writes it."""
    old, new = comparison.old.file, comparison.new.file
    if redact:
        hide = comparison_redactor(comparison)
        old, new = hide.file_name(old), hide.file_name(new)
    name = f"compare_{_without_suffix(old)}_to_{_without_suffix(new)}"
    return [
        Download(label=label, filename=f"{name}.{fmt}",
                 url=_data_url(render_comparison(comparison, fmt, redact=redact), media_type))
        for fmt, label, media_type in DOWNLOAD_FORMATS
    ]


def _without_suffix(name: str) -> str:
    return next((name[: -len(s)] for s in PLAN_SUFFIXES if name.lower().endswith(s) and len(name) > len(s)), name)


def _data_url(text: str, media_type: str) -> str:
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{media_type};charset=utf-8;base64,{encoded}"
