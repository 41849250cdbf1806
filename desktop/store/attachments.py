"""Attaching a photo or signature to a survey: bytes, record, outbox entry and audit together.

The bytes stay inside the encrypted database; the outbox entry carries only the reference
(SHA-256, size, kind), which travels with the answers, and the bytes follow in resumable chunks
once the server has accepted the reference (answers travel before photos).
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy.orm import Session

from desktop.store import audit, outbox
from desktop.store.audit import Actor
from desktop.store.models import Attachment


def add_attachment(
    session: Session,
    actor: Actor,
    survey_id: str,
    content: bytes,
    kind: str = "photo",
    media_type: str = "image/jpeg",
    attachment_id: str | None = None,
) -> str:
    if not content:
        raise ValueError("An attachment cannot be empty.")
    aid = attachment_id or str(uuid.uuid4())
    sha = hashlib.sha256(content).hexdigest()
    session.add(
        Attachment(
            id=aid,
            survey_id=survey_id,
            sha256=sha,
            kind=kind,
            media_type=media_type,
            size=len(content),
            content=content,
            uploaded_bytes=0,
        )
    )
    payload = {
        "id": aid,
        "survey_id": survey_id,
        "sha256": sha,
        "size": len(content),
        "kind": kind,
        "content_type": media_type,
        "revision": 1,
    }
    outbox.enqueue(session, "attachment", aid, 1, 0, payload)
    audit.append(
        session, actor, "attach", "attachment", aid, {"survey_id": survey_id, "size": len(content)}
    )
    return aid
