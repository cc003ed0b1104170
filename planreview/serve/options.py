"""The options of `planreview serve`. Its own module so the command line can list them without loading the
web framework; the value checkers come from the CLI so both commands judge a date or a number alike."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from ..runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from .config import DEFAULT_HOST, DEFAULT_MAX_UPLOAD_MB, DEFAULT_PORT, default_jobs


def add_serve_arguments(parser: argparse.ArgumentParser, date: Callable[[str], Any],
                        positive: Callable[[str], float]) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"the address to listen on (default: {DEFAULT_HOST}, this computer only)")
    parser.add_argument("--port", type=int, default=None,
                        help=f"the port to listen on (default: {DEFAULT_PORT}, or a free one if it is taken)")
    parser.add_argument("--no-browser", action="store_true", help="do not open the web browser")
    parser.add_argument("--max-upload-mb", type=positive, default=DEFAULT_MAX_UPLOAD_MB, metavar="MB",
                        help=f"the largest file accepted (default: {DEFAULT_MAX_UPLOAD_MB:g})")
    parser.add_argument("--today", type=date, default=None, metavar="YYYY-MM-DD",
                        help="the date deadlines are measured from (default: the day of each review)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), metavar="N",
                        help="review up to N plans at a time (default: %(default)s)")
    parser.add_argument("--ocr", choices=("auto", "on", "off"), default="auto",
                        help="read scanned pages with Tesseract: auto (pages without text), on, off")
    parser.add_argument("--timeout", type=positive, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"give up on a file after this long (default: {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--max-memory-mb", type=int, default=DEFAULT_MEMORY_MB, help=argparse.SUPPRESS)
    parser.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
