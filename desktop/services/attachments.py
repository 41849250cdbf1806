"""Attachments of a survey: photos and the consent signature, kept inside the encrypted store.

Bytes arrive already prepared by the UI (decoded, downscaled, re-encoded in memory, which drops
EXIF, location included); this module refuses anything that is not a JPEG or PNG without
metadata segments, stores it content-addressed (SHA-256) through the store's `add_attachment`,
which writes the record, its outbox entry (so the photo syncs) and the audit line in one
transaction, and gives back a reference for the answer. Nothing is ever written to a plain file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select

from desktop.store.attachments import add_attachment
from desktop.store.models import Attachment, Survey
from desktop.store.profile import Store

KINDS = frozenset({"photo", "signature"})
MEDIA_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
MAX_BYTES = 2 * 1024 * 1024


class AttachmentError(Exception):
    """Refused bytes; `code`: kind, media_type, too_large, exif, survey_unknown."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class AttachmentRef:
    sha256: str
    kind: str
    media_type: str
    size: int

    def answer(self) -> dict[str, str | int]:
        return {"sha256": self.sha256, "mime": self.media_type, "size": self.size}


def _media_type(content: bytes) -> str:
    for magic, media in MEDIA_TYPES.items():
        if content.startswith(magic):
            return media
    raise AttachmentError("media_type")


def has_exif(content: bytes) -> bool:
    """True when a JPEG carries an APP1 (EXIF/XMP) segment or a PNG an eXIf chunk."""
    if content.startswith(b"\x89PNG"):
        return b"eXIf" in content
    i = 2
    while i + 4 <= len(content) and content[i] == 0xFF:
        marker = content[i + 1]
        if marker == 0xDA:  # start of scan: no metadata segments after this
            return False
        if marker == 0xE1:
            return True
        i += 2 + int.from_bytes(content[i + 2 : i + 4], "big")
    return False


def add(store: Store, survey_id: str, kind: str, content: bytes) -> AttachmentRef:
    if kind not in KINDS:
        raise AttachmentError("kind")
    media_type = _media_type(content)
    if len(content) > MAX_BYTES:
        raise AttachmentError("too_large")
    if has_exif(content):
        raise AttachmentError("exif")
    digest = hashlib.sha256(content).hexdigest()
    actor = store.actor  # read before the write lock: it may need its own query
    with store.transaction() as s:
        if s.get(Survey, survey_id) is None:
            raise AttachmentError("survey_unknown")
        existing = s.scalars(
            select(Attachment).where(Attachment.survey_id == survey_id, Attachment.sha256 == digest)
        ).first()
        if existing is None:
            add_attachment(s, actor, survey_id, content, kind, media_type)
    return AttachmentRef(digest, kind, media_type, len(content))


def content(store: Store, sha256: str) -> bytes:
    with store.reading() as s:
        row = s.scalars(select(Attachment).where(Attachment.sha256 == sha256)).first()
        if row is None:
            raise KeyError(sha256)
        return bytes(row.content)
