"""Review one uploaded plan in its own worker process, off the event loop, a few at a time.

`runner.review_many` gives each file a fresh process with the same time and memory limits as the command
line, so a hostile file costs one answer (a `timeout` or `too_large` review), never the server. Each request
gets its own worker and its own result: nothing is shared between two families' reviews.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.concurrency import run_in_threadpool

from ..checks.model import Review
from ..ingest import ReadOptions
from ..pipeline import ReviewOptions
from ..runner import Limits, review_many
from .config import ServeConfig

# What the app calls for each upload: (file on disk, name to show) → the review. Tests may pass their own.
ReviewFunction = Callable[[Path, str], Awaitable[Review]]


class WorkerReviewer:
    def __init__(self, config: ServeConfig) -> None:
        self._config = config
        # Bounds the worker processes running at once; requests beyond it wait their turn in their thread.
        # A threading semaphore, not an asyncio one, so it does not belong to any one event loop.
        self._slots = threading.BoundedSemaphore(max(1, config.jobs))

    async def __call__(self, path: Path, name: str) -> Review:
        return await run_in_threadpool(self._review, path, name)

    def _review(self, path: Path, name: str) -> Review:
        options = ReviewOptions(today=self._config.review_date(), read=ReadOptions(ocr=self._config.ocr))
        limits = Limits(timeout=self._config.timeout, memory_mb=self._config.memory_mb, jobs=1)
        with self._slots:
            (review,) = review_many([(path, name)], options, limits)
        return review
