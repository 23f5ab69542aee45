"""Evidence files, parsed at the boundary: size limit and type allow-list decided by the bytes, not the name.

A file is accepted when its content sniffs as one of the allowed types **and** its extension is one of that
type's extensions. The stored content type is the sniffed one; the file is stored under a random,
extension-less name and served only as a download (``views.evidence_download``). Text must be UTF-8 without
control characters and must not look like markup, so nothing a browser could render as a page is accepted.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final, Protocol

from microcred.assessment.errors import EvidenceTooLarge, EvidenceTypeNotAllowed, InvalidEvidenceUrl

MAX_EVIDENCE_BYTES: Final = 10 * 1024 * 1024
MAX_FILES_PER_RECORD: Final = 5

EXTENSIONS: Final = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "text/plain": (".txt", ".text", ".md", ".csv"),
    "video/mp4": (".mp4", ".m4v"),
}
_MP4_BRANDS: Final = (
    b"isom",
    b"iso2",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4VH",
    b"dash",
    b"3gp4",
    b"3gp5",
)
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP: Final = re.compile(r"^\s*<", re.S)
_SAFE_NAME: Final = re.compile(r"[^A-Za-z0-9._ -]+")


class Upload(Protocol):
    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> object: ...


def sniff(head: bytes, whole: bytes | None = None) -> str | None:
    """The allowed content type ``head`` (the file's first bytes) proves, or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        return "video/mp4"
    if whole is not None and _is_plain_text(whole):
        return "text/plain"
    return None


def _is_plain_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return bool(text.strip()) and not _CONTROL.search(text) and not _MARKUP.match(text)


def safe_filename(name: str) -> str:
    """A display/download name: no path, no quotes or control characters, at most 120 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _SAFE_NAME.sub("_", base).strip(" .") or "evidence"
    return cleaned[-120:]


@dataclass(frozen=True)
class EvidenceFile:
    """A checked upload: sniffed type, exact size and digest, and the bytes to store."""

    name: str
    content_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def parse_upload(upload: Upload) -> EvidenceFile:
    """Read an uploaded file within the size limit and check its type. Raises the stable errors."""
    if upload.size is not None and upload.size > MAX_EVIDENCE_BYTES:
        raise EvidenceTooLarge(str(upload.size))
    buffer = bytearray()
    for chunk in upload.chunks():  # type: ignore[attr-defined]
        buffer += chunk
        if len(buffer) > MAX_EVIDENCE_BYTES:
            raise EvidenceTooLarge(f">{MAX_EVIDENCE_BYTES}")
    content = bytes(buffer)
    name = safe_filename(upload.name or "")
    content_type = sniff(content[:16], content)
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if content_type is None or extension not in EXTENSIONS[content_type]:
        raise EvidenceTypeNotAllowed(f"{name}: sniffed {content_type}")
    return EvidenceFile(name, content_type, content, hashlib.sha256(content).hexdigest())


def parse_url(value: str) -> str:
    """An evidence link: https only (no javascript:, data: or plain http)."""
    value = value.strip()
    if not value.lower().startswith("https://") or len(value) > 500 or any(c.isspace() for c in value):
        raise InvalidEvidenceUrl(value[:80])
    return value
