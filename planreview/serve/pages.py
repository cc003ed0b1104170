"""The HTML pages of the local web app, from the templates in reports/web/ (the results page extends the
report template itself, so the web page and the CLI's report share every word)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from ..checks.model import Review
from ..pipeline import error_message
from ..report import environment, render
from ..report.data import view
from ..report.redact import redactor_for
from .config import ServeConfig, format_megabytes

UPLOAD_URL = "/"
REVIEW_URL = "/review"


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
        max_upload=format_megabytes(config.max_upload_mb),
        max_bytes=config.max_upload_bytes,
        timeout_seconds=f"{config.timeout:g}",
        too_large_message=too_large_message(config),
    )


def results_page(review: Review, *, redact: bool = False) -> str:
    """The review as the CLI's HTML report shows it, inside the page with Print and Download buttons;
    with `redact`, the page and every download hide the child's name, birth date and ID numbers."""
    return environment().get_template("web/results.html.j2").render(
        **view(review, redact=redact), downloads=downloads(review, redact=redact), upload_url=UPLOAD_URL
    )


def problem_page(status: int, message: str | None = None) -> str:
    """The page for a request that led to no review; its words are in the template unless `message` is given."""
    return environment().get_template("web/problem.html.j2").render(
        status=status, message=message, upload_url=UPLOAD_URL
    )


def downloads(review: Review, *, redact: bool = False) -> list[Download]:
    """Each report format, rendered now from the review in memory and handed to the browser inside the page."""
    name = redactor_for(review).file_name(review.file) if redact else review.file
    return [
        Download(label=label, filename=f"{name}.{fmt}", url=_data_url(render(review, fmt, redact=redact), media_type))
        for fmt, label, media_type in DOWNLOAD_FORMATS
    ]


def _data_url(text: str, media_type: str) -> str:
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:{media_type};charset=utf-8;base64,{encoded}"
