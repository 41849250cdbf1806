"""Cases on the laptop (issue 14): the feed's case and posting rows, this laptop's operations,
and what the server answered about them.

A supervisor works offline, so an operation changes the case here at once (optimistic state in
`cases.data`, counted in `cases.pending`) and queues a `case_op` outbox record in the same
transaction; the server runs the state machine and answers per record. An accepted operation
leaves the optimistic state standing until the feed brings the server's newer revision; a refused
one puts the case back to what the server last sent and keeps the refusal (code and params, which
the app translates) on the case and on the operation. The feed never overwrites a case while
operations of this laptop wait: the server's copy is kept beside it (`server_data`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.store import audit, outbox
from desktop.store.audit import Actor, utc_now
from desktop.store.models import CaseFile, CaseOpRow, CaseRow, CaseRules, OutboxEntry, PostingRow

RECORD_TYPE = "case_op"


# --- pull -------------------------------------------------------------------------------------


def apply_case(s: Session, d: dict[str, Any]) -> bool:
    """A `CaseWire` from the feed; False when it is older than what is held."""
    cid, rev = str(d["case_id"]), int(d["revision"])
    row = s.get(CaseRow, cid)
    if row is not None and row.server_revision >= rev:
        return False
    if row is None:
        row = CaseRow(id=cid, pending=0, data=d)
        s.add(row)
    row.household_id = str(d["household_id"])
    row.programme = str(d["programme"])
    row.village_code = str(d["village_code"])
    row.township_code = str(d.get("township_code") or "")
    row.server_revision = rev
    row.server_data = d
    row.updated_at = utc_now()
    if not row.pending:
        row.data, row.step = d, str(d["step"])
    return True


def apply_posting(s: Session, d: dict[str, Any]) -> bool:
    pid, rev = str(d["posting_id"]), int(d["revision"])
    row = s.get(PostingRow, pid)
    if row is not None and row.server_revision >= rev:
        return False
    if row is None:
        row = PostingRow(id=pid)
        s.add(row)
    row.village_code = str(d["village_code"])
    row.township_code = str(d.get("township_code") or "")
    row.start_date = date.fromisoformat(str(d["start_date"]))
    row.end_date = date.fromisoformat(str(d["end_date"]))
    row.window_days = int(d["window_days"])
    row.case_ids = [str(c) for c in d.get("case_ids") or []]
    row.server_revision = rev
    return True


def apply_rules(s: Session, d: dict[str, Any], county_code: str) -> bool:
    """The county's case rules; only a newer version replaces the one held."""
    inner = d.get("rules")
    data: dict[str, Any] = inner if isinstance(inner, dict) else d
    try:
        version = int(data.get("version") or d.get("version") or 0)
    except (TypeError, ValueError):
        return False
    county = str(data.get("county_code") or d.get("county_code") or county_code)
    row = s.get(CaseRules, county)
    if row is not None and row.version >= version:
        return False
    s.merge(CaseRules(county_code=county, version=version, data=data, received_at=utc_now()))
    return True


# --- push -------------------------------------------------------------------------------------


def queue_op(
    s: Session,
    actor: Actor,
    op_id: str,
    payload: dict[str, Any],
    changes: dict[str, dict[str, Any]],
) -> str:
    """Queue one operation (`payload`, a `CaseOp` as JSON; `op_id` is the outbox record id) and
    apply `changes` (case id -> the case's new local data) in the caller's transaction, with the
    outbox entry and an audit line (which names no household)."""
    op = payload
    now = utc_now()
    case_ids = sorted(changes)
    s.add(
        CaseOpRow(
            id=op_id,
            op=str(op["op"]),
            case_ids=case_ids,
            payload=payload,
            created_at=now,
            state="pending",
        )
    )
    for cid, data in changes.items():
        row = s.get(CaseRow, cid)
        if row is None:
            continue
        row.data, row.step = data, str(data["step"])
        row.pending += 1
        row.refusal = None  # a new attempt: the last refusal has been read
        row.updated_at = now
    outbox.enqueue(s, RECORD_TYPE, op_id, 1, 0, payload)
    audit.append(s, actor, str(op["op"]), RECORD_TYPE, op_id, {"cases": len(case_ids)})
    return op_id


def add_file(s: Session, content: bytes, media_type: str) -> str:
    sha = hashlib.sha256(content).hexdigest()
    if s.get(CaseFile, sha) is None:
        s.add(
            CaseFile(
                sha256=sha,
                media_type=media_type,
                size=len(content),
                content=content,
                uploaded_bytes=0,
                created_at=utc_now(),
            )
        )
    return sha


def answered(
    s: Session, entry: OutboxEntry, status: str, problems: Iterable[dict[str, Any]]
) -> bool:
    """The server's answer to one case operation; True when the outbox entry is done with
    (accepted, duplicate or refused: a refusal is final and kept here, on the operation)."""
    op = s.get(CaseOpRow, entry.record_id)
    if op is None:
        return status in ("accepted", "duplicate")
    if op.state != "pending":
        return True
    refused = status not in ("accepted", "duplicate")
    problem: dict[str, Any] | None = None
    if refused:
        first = next(iter(problems), None) or {"code": status, "message": "", "params": {}}
        problem = {
            "code": str(first.get("code") or status),
            "message": str(first.get("message") or ""),
            "params": dict(first.get("params") or {}),
            "op": op.op,
        }
    op.state = "refused" if refused else "accepted"
    op.problem = problem
    for cid in op.case_ids:
        row = s.get(CaseRow, str(cid))
        if row is None:
            continue
        row.pending = max(0, row.pending - 1)
        if refused:
            row.refusal = problem
        if refused and row.pending == 0 and row.server_revision > 0:
            # Back to what the server holds; an accepted operation's effect stays shown until
            # the feed brings the server's newer revision. (A case opened here that the server
            # refused has no server state: it stays, with the refusal, until it is dismissed.)
            row.data, row.step = row.server_data, str(row.server_data["step"])
        row.updated_at = utc_now()
    if refused and op.op == "create_posting":
        posting = s.get(PostingRow, str(op.payload.get("posting_id")))
        if posting is not None and posting.server_revision == 0:
            s.delete(posting)
    return True


def _minutes_waiting(s: Session) -> list[str]:
    """SHA-256s of minutes photos of meetings not refused that have not all reached the server."""
    files = {
        str(sha)
        for sha in s.scalars(select(CaseFile.sha256).where(CaseFile.uploaded_bytes < CaseFile.size))
    }
    if not files:
        return []
    meetings = s.scalars(
        select(CaseOpRow).where(CaseOpRow.op == "record_meeting", CaseOpRow.state != "refused")
    )
    return sorted({str(m.payload.get("minutes_sha256")) for m in meetings} & files)


def held_back(s: Session, entries: Sequence[OutboxEntry]) -> set[int]:
    """Outbox seqs of case operations that must wait for an appraisal meeting's minutes photo.

    The server takes a meeting first and its photo after it (answers travel before photos) and
    refuses the township review until the photo is there; so while a meeting's minutes have not
    all reached the server, the case operations queued after that meeting wait, in order (other
    meetings still go). The engine pushes again once the round's uploads are done, so they
    normally go in the same round."""
    ops = [e for e in entries if e.record_type == RECORD_TYPE]
    waiting = set(_minutes_waiting(s)) if ops else set()
    if not waiting:
        return set()
    meetings = [
        e.seq
        for e in ops
        if e.payload.get("op") == "record_meeting" and e.payload.get("minutes_sha256") in waiting
    ]
    # A waiting meeting with no entry here has been sent already: everything after it waits.
    sent = len(meetings) < len(waiting)
    first = 0 if sent else min(meetings)
    return {e.seq for e in ops if e.seq > first and e.payload.get("op") != "record_meeting"}


def pending_files(s: Session) -> list[tuple[str, int]]:
    waiting = _minutes_waiting(s)
    rows = s.execute(select(CaseFile.sha256, CaseFile.size).where(CaseFile.sha256.in_(waiting)))
    return [(str(sha), int(size)) for sha, size in rows]


def read_file(s: Session, sha256: str, offset: int, size: int) -> bytes | None:
    row = s.get(CaseFile, sha256)
    if row is None:
        return None
    return bytes(row.content[offset : offset + size])


def note_file_uploaded(s: Session, sha256: str, received: int, complete: bool) -> None:
    row = s.get(CaseFile, sha256)
    if row is not None:
        row.uploaded_bytes = row.size if complete else min(received, row.size - 1)
