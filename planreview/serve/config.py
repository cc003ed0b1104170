"""What the local web page is told at start: where it listens, how big an upload may be, the review limits."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8150
DEFAULT_MAX_UPLOAD_MB = 50.0
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def default_jobs() -> int:
    # One review uses one core; a parent rarely sends more than one plan at a time.
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class ServeConfig:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    jobs: int = field(default_factory=default_jobs)
    ocr: str = "auto"
    # None: deadlines are measured from the day each plan is reviewed (the server may run past midnight).
    today: dt.date | None = None
    # Each upload gets its own private folder inside this one, removed before its answer is sent.
    temp_root: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def is_loopback(self) -> bool:
        return self.host in LOOPBACK_HOSTS or self.host.startswith("127.")

    def review_date(self) -> dt.date:
        return self.today or dt.date.today()


def format_megabytes(megabytes: float) -> str:
    """50.0 → "50 MB", 0.5 → "0.5 MB": how the limit reads to a parent."""
    return f"{megabytes:g} MB"
