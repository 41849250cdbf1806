"""Attachments of a survey: photos and the consent signature, kept inside the encrypted store.

Bytes arrive already prepared by the UI (decoded, downscaled, re-encoded in memory, which drops
EXIF, location included); this module refuses anything that is not a JPEG or PNG without
metadata segments, stores it content-addressed (SHA-256) through the store's `add_attachment`,
which writes the record, its outbox entry (so the photo syncs) and the audit line in one
transaction, and gives back a reference for the answer. Nothing is ever written to a plain file.

Photos can wait for the township office network (a setting): a village link is slow and often
metered, and one photo weighs more than a thousand surveys' answers. The office network is what
county IT writes in the settings as address ranges ("10.42.0.0/16, 192.168.8.0/24"); the laptop
is on it when one of its own addresses is in a range. While photos wait, a round sends answers
and their references as usual and uploads no photo bytes (`PhotosHeldSyncStore`).
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.store import cases as case_store
from desktop.store.attachments import add_attachment
from desktop.store.models import Attachment, Survey
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from sync.engine import PendingUpload

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

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


def waiting_photos(store: Store) -> int:
    """Attachments whose bytes have not all reached the server yet."""
    with store.reading() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(Attachment)
                .where(Attachment.uploaded_bytes < Attachment.size)
            )
            or 0
        )


class PhotosHeldSyncStore(DesktopSyncStore):
    """The profile's sync store for a round off the office network: answers, references and
    everything else go as usual; no survey photo bytes are uploaded this round. An appraisal
    meeting's minutes photo still goes (one per meeting): the case steps queued after the
    meeting wait for it on the server (`desktop.store.cases.held_back`)."""

    def pending_uploads(self) -> list[PendingUpload]:
        with self.store.reading() as s:
            return [PendingUpload(sha, size) for sha, size in case_store.pending_files(s)]


class OfficeNetworkError(ValueError):
    """An office network range that cannot be read; `entry` is the offending text."""

    def __init__(self, entry: str) -> None:
        self.entry = entry
        super().__init__(entry)


def parse_office_networks(text: str) -> tuple[Network, ...]:
    """Address ranges separated by commas, semicolons or spaces; a bare address is one host."""
    out: list[Network] = []
    for entry in text.replace(";", ",").replace("，", ",").replace(",", " ").split():
        try:
            out.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise OfficeNetworkError(entry) from None
    return tuple(out)


def on_office_network(addresses: Iterable[str], networks: Sequence[Network]) -> bool:
    """True when one of the laptop's own addresses lies in one of the office ranges."""
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone
        except ValueError:
            continue
        if any(address.version == n.version and address in n for n in networks):
            return True
    return False
