"""Attachment storage under `DOORSTEP_ATTACHMENT_DIR`.

An upload is resumable at any byte: the partial file's length *is* how much the server has, so
a client asks (`status`), then sends the rest from that offset. When the last byte arrives the
SHA-256 is checked before the attachment is accepted; a mismatch discards the partial file.
Only a device whose scope holds a survey that references the hash may upload or download it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import AttachmentStatus

from ..audit import audit
from ..errors import ApiError
from ..models import AttachmentBlob, AttachmentRef, Survey, utcnow
from ..scope import Caller


def _final_path(root: Path, sha: str) -> Path:
    return root / sha[:2] / sha


def _part_path(root: Path, sha: str) -> Path:
    return root / "partial" / f"{sha}.part"


def expected(session: Session, caller: Caller, sha: str) -> tuple[int, str]:
    """(size, content type) declared by an in-scope reference; 404 when none is in scope."""
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ApiError(404, "not_found", "No such attachment in your scope.")
    stmt = (
        select(func.max(AttachmentRef.size), func.max(AttachmentRef.content_type))
        .join(Survey, Survey.id == AttachmentRef.survey_id)
        .where(
            AttachmentRef.sha256 == sha,
            caller.scope.clause(Survey.village_code, Survey.township_code, Survey.county_code),
        )
    )
    if caller.role == "cadre":
        stmt = stmt.where(Survey.cadre_id == caller.user_id)
    size, ctype = session.execute(stmt).one()
    if size is None:
        raise ApiError(404, "not_found", "No such attachment in your scope.")
    return int(size), str(ctype)


def status(session: Session, root: Path, caller: Caller, sha: str) -> AttachmentStatus:
    with session.begin():
        size, _ = expected(session, caller, sha)
        done = session.get(AttachmentBlob, sha) is not None
    if done:
        return AttachmentStatus(sha256=sha, size=size, received=size, complete=True)
    part = _part_path(root, sha)
    received = part.stat().st_size if part.exists() else 0
    return AttachmentStatus(sha256=sha, size=size, received=received, complete=False)


def put_chunk(
    session: Session,
    root: Path,
    caller: Caller,
    sha: str,
    offset: int,
    chunk: bytes,
    max_bytes: int,
) -> AttachmentStatus:
    current = status(session, root, caller, sha)
    if current.complete:
        return current
    if current.size > max_bytes:
        raise ApiError(
            413, "attachment_too_large", f"An attachment may be at most {max_bytes} bytes."
        )
    if offset != current.received:
        raise ApiError(
            409,
            "offset_mismatch",
            f"The server has {current.received} bytes of this attachment; send from there.",
            [{"received": current.received}],
        )
    if offset + len(chunk) > current.size:
        raise ApiError(413, "attachment_too_large", "The upload is longer than the declared size.")
    part = _part_path(root, sha)
    part.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, chunk, offset)
        os.fsync(fd)
    finally:
        os.close(fd)
    received = offset + len(chunk)
    if received < current.size:
        return AttachmentStatus(sha256=sha, size=current.size, received=received, complete=False)
    digest = hashlib.sha256()
    with part.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha:
        part.unlink(missing_ok=True)
        raise ApiError(
            422, "hash_mismatch", "The uploaded bytes do not match the SHA-256; send them again."
        )
    final = _final_path(root, sha)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, final)
    with session.begin():
        size, ctype = expected(session, caller, sha)
        if session.get(AttachmentBlob, sha) is None:
            session.add(
                AttachmentBlob(sha256=sha, size=size, content_type=ctype, completed_at=utcnow())
            )
        audit(
            session,
            "attachment.complete",
            entity_kind="attachment",
            entity_id=sha,
            user_id=caller.user_id,
            device_id=caller.device_id,
            request_id=caller.request_id,
            detail={"size": size},
        )
    return AttachmentStatus(sha256=sha, size=size, received=size, complete=True)


def read(session: Session, root: Path, caller: Caller, sha: str) -> tuple[bytes, str]:
    with session.begin():
        expected(session, caller, sha)
        blob = session.get(AttachmentBlob, sha)
        if blob is None:
            raise ApiError(404, "not_uploaded", "This attachment has not been uploaded yet.")
        audit(
            session,
            "attachment.download",
            entity_kind="attachment",
            entity_id=sha,
            user_id=caller.user_id,
            device_id=caller.device_id,
            request_id=caller.request_id,
        )
    return _final_path(root, sha).read_bytes(), blob.content_type
