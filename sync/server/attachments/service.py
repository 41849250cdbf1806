"""Attachment uploads and downloads over the attachment store (`storage.py`).

An upload is resumable at any byte: each chunk is stored as its own object and listed in
`upload_part` under (sha256, offset), so how much the server has is the sum of the parts in the
database, whichever node received them; a client asks (`status`), then sends the rest from that
offset. Two nodes given the same offset at once cannot both keep it: the second insert of the
part's key fails and its object is removed. When the last byte arrives the parts are joined and
the SHA-256 is checked before the attachment counts; a mismatch discards them all. Only a
device whose scope holds a survey that references the hash may upload or download it, or, for
the photographed minutes of an appraisal meeting, a supervisor whose scope holds the meeting.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.protocol import AttachmentStatus

from ..audit import audit
from ..errors import ApiError
from ..models import AttachmentBlob, AttachmentRef, CaseMeeting, Survey, UploadPart, utcnow
from ..scope import Caller
from .storage import BlobStore, final_key, part_prefix


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
    if size is None and caller.is_supervisor:
        size, ctype = session.execute(
            select(
                func.max(CaseMeeting.minutes_size), func.max(CaseMeeting.minutes_content_type)
            ).where(
                CaseMeeting.minutes_sha256 == sha,
                caller.scope.clause(
                    CaseMeeting.village_code, CaseMeeting.township_code, CaseMeeting.county_code
                ),
            )
        ).one()
    if size is None:
        raise ApiError(404, "not_found", "No such attachment in your scope.")
    return int(size), str(ctype)


def _received(session: Session, sha: str) -> int:
    return int(
        session.scalar(
            select(func.coalesce(func.sum(UploadPart.size), 0)).where(UploadPart.sha256 == sha)
        )
        or 0
    )


def status(session: Session, caller: Caller, sha: str) -> AttachmentStatus:
    with session.begin():
        size, _ = expected(session, caller, sha)
        if session.get(AttachmentBlob, sha) is not None:
            return AttachmentStatus(sha256=sha, size=size, received=size, complete=True)
        received = _received(session, sha)
    return AttachmentStatus(sha256=sha, size=size, received=received, complete=False)


def put_chunk(
    session: Session,
    store: BlobStore,
    caller: Caller,
    sha: str,
    offset: int,
    chunk: bytes,
    max_bytes: int,
) -> AttachmentStatus:
    key = f"{part_prefix(sha)}{uuid.uuid4().hex}"
    stored = False
    mismatch = False
    try:
        with session.begin():
            size, ctype = expected(session, caller, sha)
            if session.get(AttachmentBlob, sha) is not None:
                return AttachmentStatus(sha256=sha, size=size, received=size, complete=True)
            if size > max_bytes:
                raise ApiError(
                    413, "attachment_too_large", f"An attachment may be at most {max_bytes} bytes."
                )
            received = _received(session, sha)
            if offset != received:
                raise _offset_mismatch(received)
            if offset + len(chunk) > size:
                raise ApiError(
                    413, "attachment_too_large", "The upload is longer than the declared size."
                )
            store.put(key, chunk)
            stored = True
            session.add(UploadPart(sha256=sha, offset=offset, size=len(chunk), key=key))
            session.flush()  # another node that took this offset first makes this fail here
            received = offset + len(chunk)
            if received < size:
                return AttachmentStatus(sha256=sha, size=size, received=received, complete=False)
            if session.scalar(select(AttachmentBlob.sha256).where(AttachmentBlob.sha256 == sha)):
                raise _Raced  # another node completed it while this chunk waited for the offset
            keys = session.scalars(
                select(UploadPart.key).where(UploadPart.sha256 == sha).order_by(UploadPart.offset)
            ).all()
            data = b"".join(store.get(k) for k in keys)
            session.execute(delete(UploadPart).where(UploadPart.sha256 == sha))
            if hashlib.sha256(data).hexdigest() != sha:
                mismatch = True
            else:
                # Content-addressed: writing the same bytes again (a node died between this
                # write and the commit) leaves the same object.
                store.put(final_key(sha), data)
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
    except (IntegrityError, _Raced):
        # The same offset was stored by another request first (a retry racing the original),
        # or another node completed the attachment meanwhile: say where things stand.
        store.delete(key)
        now = status(session, caller, sha)
        if now.complete:
            return now
        raise _offset_mismatch(now.received) from None
    except BaseException:
        if stored:
            store.delete(key)
        raise
    store.delete_prefix(part_prefix(sha))
    if mismatch:
        raise ApiError(
            422, "hash_mismatch", "The uploaded bytes do not match the SHA-256; send them again."
        )
    return AttachmentStatus(sha256=sha, size=size, received=size, complete=True)


class _Raced(Exception):
    pass


def _offset_mismatch(received: int) -> ApiError:
    return ApiError(
        409,
        "offset_mismatch",
        f"The server has {received} bytes of this attachment; send from there.",
        [{"received": received}],
    )


def read(session: Session, store: BlobStore, caller: Caller, sha: str) -> tuple[bytes, str]:
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
    return store.get(final_key(sha)), blob.content_type
