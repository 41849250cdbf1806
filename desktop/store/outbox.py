"""The outbox: changes waiting for the server, written in the same transaction as the change.

Drafts autosave every few seconds, so an entry that is still pending and not yet sealed into a
batch is updated in place with the newest revision instead of queuing every keystroke; it keeps
its sequence number, so the device's record sequence has no gaps. Once an entry belongs to a
sealed batch it is never touched again (retries must be byte-identical); a later save queues a
new entry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.store.audit import utc_now
from desktop.store.models import OutboxEntry

PENDING = "pending"


def enqueue(
    session: Session,
    record_type: str,
    record_id: str,
    revision: int,
    base_revision: int,
    payload: dict[str, Any],
) -> OutboxEntry:
    entry = session.scalars(
        select(OutboxEntry).where(
            OutboxEntry.record_type == record_type,
            OutboxEntry.record_id == record_id,
            OutboxEntry.state == PENDING,
            OutboxEntry.batch_id.is_(None),
        )
    ).first()
    if entry is None:
        entry = OutboxEntry(
            record_type=record_type,
            record_id=record_id,
            base_revision=base_revision,
            created_at=utc_now(),
            state=PENDING,
        )
        session.add(entry)
    entry.revision = revision
    entry.payload = payload
    return entry


def pending_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.state == PENDING)
        )
        or 0
    )
