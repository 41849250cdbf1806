"""The append-only, hash-chained audit log of a profile.

Each entry's hash covers its own fields and the previous entry's hash, and the newest
(seq, hash) pair is kept in `sync_state`, so an edited, deleted or reordered entry breaks the
chain where it happened. Entries are written in the same transaction as the change they record:
there is no change without its entry, and no entry for a change that rolled back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store.models import AuditEntry, SyncState

GENESIS = "0" * 64
HEAD_KEY = "audit_head"


@dataclass(frozen=True)
class Actor:
    """Who makes a change, and on which device; every audit entry names both."""

    user: str
    device: str


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def entry_hash(
    seq: int,
    at: str,
    actor: str,
    device: str,
    action: str,
    record_type: str,
    record_id: str,
    detail: dict[str, Any],
    prev_hash: str,
) -> str:
    body = [seq, at, actor, device, action, record_type, record_id, detail, prev_hash]
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _head(session: Session) -> tuple[int, str]:
    row = session.get(SyncState, HEAD_KEY)
    if row is None:
        return 0, GENESIS
    seq, digest = row.value.split(":")
    return int(seq), digest


def append(
    session: Session,
    actor: Actor,
    action: str,
    record_type: str,
    record_id: str,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    seq, prev = _head(session)
    seq += 1
    at = utc_now()
    detail = detail or {}
    digest = entry_hash(
        seq, at, actor.user, actor.device, action, record_type, record_id, detail, prev
    )
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor.user,
        device=actor.device,
        action=action,
        record_type=record_type,
        record_id=record_id,
        detail=detail,
        prev_hash=prev,
        hash=digest,
    )
    session.add(entry)
    session.merge(SyncState(key=HEAD_KEY, value=f"{seq}:{digest}"))
    return entry


def verify_chain(session: Session) -> list[str]:
    """Every break in the chain, in plain words; an empty list means the log is intact."""
    entries: Iterable[AuditEntry] = session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
    problems: list[str] = []
    expected_seq, prev = 1, GENESIS
    for e in entries:
        if e.seq != expected_seq:
            problems.append(f"audit entries {expected_seq}..{e.seq - 1} are missing")
        if e.prev_hash != prev:
            problems.append(f"audit entry {e.seq} does not follow the entry before it")
        recomputed = entry_hash(
            e.seq,
            e.at,
            e.actor,
            e.device,
            e.action,
            e.record_type,
            e.record_id,
            e.detail,
            e.prev_hash,
        )
        if recomputed != e.hash:
            problems.append(f"audit entry {e.seq} was changed after it was written")
        expected_seq, prev = e.seq + 1, e.hash
    head_seq, head_hash = _head(session)
    if (head_seq, head_hash) != (expected_seq - 1, prev):
        problems.append(
            f"the audit log ends at entry {expected_seq - 1} but entry {head_seq} was written last"
        )
    return problems
