"""Attaching a photo or signature to a survey: bytes, record, outbox entry and audit together.

The bytes stay inside the encrypted database; the outbox entry carries only the reference
(SHA-256, size, kind), which travels with the answers, and the bytes follow in resumable chunks
once the server has accepted the reference (answers travel before photos).

A photo rotated (stored again upright) or removed leaves its earlier version behind; when the
answers stop referring to it, `discard_dropped` takes it out of the upload queue: the bytes go,
and so does its outbox entry if the reference has not left the laptop yet. A version already
uploaded in full is kept (the server holds it; deleting here would only break the digest).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store import audit, outbox
from desktop.store.audit import Actor
from desktop.store.models import Attachment, OutboxEntry


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


def referenced_digests(answers: Any) -> set[str]:
    """Every attachment digest an answer tree refers to ({"sha256": ...} anywhere in it)."""
    found: set[str] = set()
    stack = [answers]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            sha = value.get("sha256")
            if isinstance(sha, str):
                found.add(sha)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def discard_dropped(
    session: Session, actor: Actor, survey_id: str, dropped: Iterable[str], kept: set[str]
) -> int:
    """Take the survey's attachments with a digest in `dropped` (and not in `kept`) out of the
    upload queue unless already uploaded in full; returns how many went."""
    gone = set(dropped) - kept
    if not gone:
        return 0
    count = 0
    rows = session.scalars(
        select(Attachment).where(Attachment.survey_id == survey_id, Attachment.sha256.in_(gone))
    )
    for a in rows:
        if a.uploaded_bytes >= a.size:
            continue
        for entry in session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.record_type == "attachment",
                OutboxEntry.record_id == a.id,
                OutboxEntry.state == outbox.PENDING,
                OutboxEntry.batch_id.is_(None),
            )
        ):
            session.delete(entry)  # never sent: the server need not hear of it
        audit.append(
            session, actor, "discard", "attachment", a.id, {"survey_id": survey_id, "size": a.size}
        )
        session.delete(a)
        count += 1
    return count
