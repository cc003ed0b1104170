"""Decide what a file really is from its first bytes, never from its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .model import IngestError

PLAN_SUFFIXES = (".pdf", ".docx")  # the file names a plan comes in; the bytes still decide what a file is
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .docx is stored inside an OLE container with a stream of this name (UTF-16).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

# Kinds we can name for the user even though we cannot read them.
OTHER_MAGIC: list[tuple[bytes, str]] = [
    (b"{\\rtf", "rtf"),
    (b"MZ", "exe"),
    (b"\x7fELF", "exe"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
]


def sniff(path: Path) -> str:
    """Return "pdf" or "docx", or raise IngestError saying why the file cannot be read."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise IngestError("unreadable", str(exc)) from exc
    if size == 0 or not head.strip(b"\x00 \t\r\n"):
        raise IngestError("empty")
    # The PDF header may be preceded by junk; readers accept it within the first 1 KiB.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK"):
        return _sniff_zip(path)
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(path)
    for magic, kind in OTHER_MAGIC:
        if head.startswith(magic):
            raise IngestError("unsupported_format", kind)
    if path.suffix.lower() in PLAN_SUFFIXES:
        # Named like a plan file but with no header of one: most likely damaged in copying or download.
        raise IngestError("corrupt", "no file header")
    raise IngestError("unsupported_format", "unknown")


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        # A Word file is a ZIP archive; a damaged one is a damaged Word file as far as a parent knows.
        raise IngestError("corrupt", f"bad zip: {exc}") from exc
    if not names:
        raise IngestError("unsupported_format", "empty zip")
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return "docx"
    if "[Content_Types].xml" in names or "_rels/.rels" in names:
        if any(n.startswith(("xl/", "ppt/")) for n in names):
            raise IngestError("unsupported_format", "office-other")
        return "docx"  # an Office package with a renamed main part; the reader follows its relationships
    if "mimetype" in names:
        raise IngestError("unsupported_format", "odf")
    raise IngestError("unsupported_format", "zip")


def _sniff_ole(path: Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    if ENCRYPTED_PACKAGE in data:
        raise IngestError("encrypted", "encrypted office document")
    raise IngestError("unsupported_format", "doc")
