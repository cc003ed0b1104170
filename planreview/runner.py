"""Review many files, each in its own worker process with a time and memory limit.

A hostile or broken file can make a PDF library loop forever or eat all memory. In a worker, that
costs one report (`timeout`, `too_large`), never the whole run, and never the computer.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .checks.model import Review
from .pipeline import ReviewOptions, error_review, review_file

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
DEFAULT_MEMORY_MB = 2048
TOO_MUCH_MEMORY = "reading it needs more memory than planreview allows"


@dataclass(frozen=True)
class Limits:
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int = DEFAULT_MEMORY_MB
    jobs: int = 1


@dataclass
class _Job:
    index: int
    path: Path
    name: str
    process: multiprocessing.process.BaseProcess
    connection: Connection
    started: float


def warm_up() -> None:
    """Compile every pattern and the rulebook once, before forking, so workers start ready."""
    from .checks import rules
    from .matching import PATTERN_FAMILIES, family

    for name in PATTERN_FAMILIES:
        family(name)
    rules()


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the warmed-up patterns; elsewhere (macOS, Windows) fork is unsafe or missing.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _worker(connection: Connection, path: Path, name: str, options: ReviewOptions, memory_mb: int) -> None:
    _limit_memory(memory_mb)
    try:
        review = review_file(path, options, name)
    except MemoryError:
        review = error_review(name, path.suffix.lstrip(".").lower(), "too_large", TOO_MUCH_MEMORY,
                              options.today)
    try:
        connection.send(review)
    except MemoryError:
        connection.send(error_review(name, "unknown", "too_large", TOO_MUCH_MEMORY, options.today))
    finally:
        connection.close()


def _limit_memory(memory_mb: int) -> None:
    if memory_mb <= 0:
        return
    try:
        import resource

        with open("/proc/self/statm") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass  # not Linux: the time limit still protects the run


def review_many(items: list[tuple[Path, str]], options: ReviewOptions, limits: Limits) -> Iterator[Review]:
    """Reviews in input order, running up to `limits.jobs` workers at once."""
    context = _context()
    pending = list(enumerate(items))
    running: list[_Job] = []
    done: dict[int, Review] = {}
    next_to_yield = 0
    while pending or running:
        while pending and len(running) < max(1, limits.jobs):
            index, (path, name) = pending.pop(0)
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(sender, path, name, options, limits.memory_mb),
                                      daemon=True)
            process.start()
            sender.close()
            running.append(_Job(index, path, name, process, receiver, time.monotonic()))
        _collect(running, done, options, limits)
        while next_to_yield in done:
            yield done.pop(next_to_yield)
            next_to_yield += 1


def _collect(running: list[_Job], done: dict[int, Review], options: ReviewOptions, limits: Limits) -> None:
    now = time.monotonic()
    soonest = min(job.started + limits.timeout for job in running) - now
    ready = wait([job.connection for job in running], timeout=max(0.0, soonest))
    for job in list(running):
        review: Review | None = None
        if job.connection in ready:
            try:
                review = job.connection.recv()
            except (EOFError, OSError):
                review = error_review(job.name, _fmt(job.path), "corrupt", "worker ended", options.today)
                log.info("%s: the worker stopped without a report (exit %s)", job.name, job.process.exitcode)
        elif time.monotonic() - job.started >= limits.timeout:
            job.process.kill()
            review = error_review(job.name, _fmt(job.path), "timeout", "", options.today)
        if review is not None:
            job.process.join(timeout=5)
            if job.process.is_alive():
                job.process.kill()
            job.connection.close()
            running.remove(job)
            done[job.index] = review


def _fmt(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in ("pdf", "docx") else "unknown"
