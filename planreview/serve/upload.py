"""Receive uploaded plans straight into a private folder, and make sure the folder goes away.

One plan comes in the `file` field (review), two in `old` and `new` (compare). The multipart body is parsed
as it streams in (python-multipart's parser), so each plan is written only to the request's own folder (mode
0700, file 0600) and never spooled to a shared temporary file, and a file over the size limit (which holds
for each file) is stopped at the limit rather than stored whole.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from ..ingest.sniff import PLAN_SUFFIXES

log = logging.getLogger(__name__)

UPLOAD_FIELD = "file"
# Form field → the fixed name its file is stored under (plus the suffix): never the parent's own file name.
REVIEW_FIELDS = {UPLOAD_FIELD: "plan"}
COMPARE_FIELDS = {"old": "old", "new": "new"}  # last year's plan, this year's plan
REDACT_FIELD = b"redact"  # the "hide my child's name" checkbox: present (any value) when ticked
FOLDER_PREFIX = "planreview-upload-"
# Room for the multipart boundaries and part headers around the file itself.
FORM_OVERHEAD_BYTES = 64 * 1024
# After the limit is passed the rest of the body is read and thrown away, so that a browser, which is still
# sending, gets the friendly 413 page instead of a broken connection. Past this much, the connection is cut.
DRAIN_LIMIT_BYTES = 1024 * 1024 * 1024
DISPLAY_NAME_MAX = 150


class UploadTooLarge(Exception):
    """The plan file is larger than the limit the server was started with."""


class NoPlanFile(Exception):
    """A file field the form needs carried no file (or the request was not a file upload at all)."""

    def __init__(self, missing: tuple[str, ...] = ()) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing  # the fields without a file, when the form itself was readable


@dataclass(frozen=True)
class ReceivedUpload:
    path: Path  # inside the request's private folder
    display_name: str  # the name the parent knows the file by, safe to show
    size: int
    redact: bool = False  # the parent asked for the child's name, birth date and ID numbers to be hidden


@dataclass(frozen=True)
class ReceivedForm:
    files: dict[str, ReceivedUpload]  # form field → its file, for every field asked for
    redact: bool = False


@contextmanager
def private_folder(root: Path) -> Iterator[Path]:
    """A folder only this user can enter (mkdtemp makes it 0700), removed whatever happens inside the block."""
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=root))
    try:
        yield folder
    finally:
        remove_folder(folder)


def remove_folder(folder: Path) -> None:
    try:
        shutil.rmtree(folder)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a plan left on disk must not go unnoticed
        log.error("could not delete the upload folder %s: %s", folder, exc)


def sweep_stale_uploads(root: Path, older_than_seconds: float) -> int:
    """Remove upload folders left behind by a server that was killed mid-review (a crash skips `finally`)."""
    removed = 0
    cutoff = time.time() - older_than_seconds
    try:
        entries = list(root.glob(FOLDER_PREFIX + "*"))
    except OSError:
        return 0
    for entry in entries:
        try:
            info = entry.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mtime < cutoff:
            remove_folder(entry)
            removed += 1
    return removed


def display_name(raw: str) -> str:
    """The uploaded file's own name, without any folder part or control characters, shortened if huge."""
    # Browsers escape these three characters in a form's file name (HTML standard); undo it for display.
    for escaped, char in (("%22", '"'), ("%0D", "\r"), ("%0A", "\n")):
        raw = raw.replace(escaped, char)
    base = re.split(r"[\\/]", raw)[-1]  # some browsers send a whole path
    clean = " ".join("".join(ch for ch in base if ch.isprintable()).split())
    if len(clean) > DISPLAY_NAME_MAX:
        clean = clean[: DISPLAY_NAME_MAX - 41] + "…" + clean[-40:]
    return clean or "plan"


def stored_name(raw: str, stem: str = "plan") -> str:
    """The name on disk: fixed, never the parent's file name, but with the suffix the reader uses to tell a
    damaged PDF or Word file from a file of another kind."""
    name = display_name(raw).lower()
    return stem + next((suffix for suffix in PLAN_SUFFIXES if name.endswith(suffix)), "")


class _PlanReceiver:
    """python-multipart callbacks: the first file in each of the wanted fields goes to disk, the `redact`
    checkbox is noted; everything else is ignored."""

    def __init__(self, folder: Path, max_bytes: int, fields: Mapping[str, str]) -> None:
        self.folder = folder
        self.max_bytes = max_bytes  # for each file
        self.fields = {name.encode(): (name, stem) for name, stem in fields.items()}
        self.files: dict[str, ReceivedUpload] = {}  # each file part that has arrived whole
        self.too_large = False
        self.redact = False
        self._field = ""
        self._size = 0
        self._target: BinaryIO | None = None
        self._path: Path | None = None
        self._raw_name = ""
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin,
            "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value,
            "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
            "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end,
        }

    def on_part_begin(self) -> None:
        self._disposition = b""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.strip().lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        field = options.get(b"name")
        if field == REDACT_FIELD:
            self.redact = True  # a browser sends an unticked checkbox not at all
            return
        if field not in self.fields:
            return
        name, stem = self.fields[field]
        if name in self.files:  # only the first file of a field
            return
        raw_name = options.get(b"filename", b"").decode("utf-8", "replace")
        if not raw_name:  # a browser sends an empty, nameless part when no file was chosen
            return
        self._field, self._raw_name, self._size = name, raw_name, 0
        self._path = self.folder / stored_name(raw_name, stem)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        self._target = os.fdopen(os.open(self._path, flags, 0o600), "wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._target is None or self._path is None:
            return
        self._size += end - start
        if self._size > self.max_bytes:
            self.too_large = True
            self.close()
            self._path.unlink(missing_ok=True)
            return
        # A plain write from the event loop: chunks are small and go to the page cache, and the folder is
        # private to this request, so there is nothing to share with a thread.
        self._target.write(data[start:end])

    def on_part_end(self) -> None:
        if self._target is not None and self._path is not None:
            self.close()
            self.files[self._field] = ReceivedUpload(self._path, display_name(self._raw_name), self._size)
        self._path = None

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
            self._target = None


async def receive_upload(request: Request, folder: Path, max_bytes: int) -> ReceivedUpload:
    """Stream the request body into `folder`; raise UploadTooLarge or NoPlanFile instead of a partial file."""
    form = await receive_files(request, folder, max_bytes, REVIEW_FIELDS)
    return replace(form.files[UPLOAD_FIELD], redact=form.redact)


async def receive_files(request: Request, folder: Path, max_bytes: int, fields: Mapping[str, str]) -> ReceivedForm:
    """Stream the request body into `folder`, one file for each of `fields` (form field → stored name), each
    at most `max_bytes`; raise UploadTooLarge, or NoPlanFile naming the fields left without a file."""
    content_type, params = parse_options_header(request.headers.get("content-type"))
    chunks = request.stream()
    if content_type != b"multipart/form-data" or not params.get(b"boundary"):
        await _drain(chunks)
        raise NoPlanFile
    declared = _declared_length(request)
    if declared is not None and declared > max_bytes * len(fields) + FORM_OVERHEAD_BYTES:
        await _drain(chunks)
        raise UploadTooLarge
    receiver = _PlanReceiver(folder, max_bytes, fields)
    parser = MultipartParser(params[b"boundary"], receiver.callbacks())
    try:
        async for chunk in chunks:
            parser.write(chunk)
            if receiver.too_large:
                await _drain(chunks)
                raise UploadTooLarge
        parser.finalize()
    except FormParserError as exc:
        await _drain(chunks)
        raise NoPlanFile from exc
    finally:
        receiver.close()
    missing = tuple(name for name in fields if name not in receiver.files)
    if missing:  # no such field, nothing chosen in it, or the body ended before the file did
        raise NoPlanFile(missing)
    return ReceivedForm(dict(receiver.files), redact=receiver.redact)


async def _drain(chunks: AsyncIterator[bytes]) -> None:
    drained = 0
    try:
        async for chunk in chunks:
            drained += len(chunk)
            if drained > DRAIN_LIMIT_BYTES:
                return
    except ClientDisconnect:
        return


def _declared_length(request: Request) -> int | None:
    try:
        return int(request.headers["content-length"])
    except (KeyError, ValueError):
        return None
