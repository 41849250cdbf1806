"""Applying a batch: all of it or none of it, exactly once, with a result per record.

The route hands over the exact body bytes. They are inflated with a size cap, parsed, and
applied in one transaction that first locks the sending device's row (so one device's batches
apply one at a time and its sequence numbers advance safely), then looks for a stored result
under the batch id: the same bytes again get the stored reply; other bytes under a used id are
refused. Records are applied in order; a stale base revision keeps the incoming version as a
conflict beside the current one, never over it. The result is stored with the effects, in the
same transaction, so a cut connection or a killed worker leaves either both or neither.
"""

from __future__ import annotations

import gc
import hashlib
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import (
    PROTOCOL_VERSION,
    BatchDecodeError,
    BatchResult,
    BatchTooLarge,
    Problem,
    Record,
    RecordKind,
    RecordResult,
    decode_batch_bytes,
)

from ..audit import audit_many
from ..changes.numbering import emit
from ..errors import ApiError, readable_validation_details
from ..models import (
    BatchReceipt,
    Device,
    DeviceSeq,
    RecordVersion,
)
from ..registry.hooks import on_surveys
from ..scope import Caller
from ..settings import Settings
from .bulk import insert_rows
from .records import BatchContext, apply_record, prefetch, record_result, write_new_rows

_record_adapter: TypeAdapter[Any] = TypeAdapter(Record)


class _Envelope(BaseModel):
    model_config = ConfigDict(extra="forbid")
    batch_id: uuid.UUID
    device_id: uuid.UUID
    protocol_version: int
    created_at: datetime | None = None
    records: list[dict[str, Any]] = Field(min_length=1)


class _Header(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: uuid.UUID
    kind: RecordKind  # an unknown kind refuses the batch: no result can name it
    revision: int
    seq: int = Field(ge=1, le=2**31 - 1)  # device_seq.seq is a 32-bit column


@dataclass(frozen=True)
class IngestOutcome:
    result: dict[str, Any]
    replay: bool


def parse_batch(settings: Settings, body: bytes) -> tuple[_Envelope, list[_Header]]:
    if len(body) > settings.max_batch_bytes:
        raise ApiError(
            413, "batch_too_large", f"A batch may be at most {settings.max_batch_bytes} bytes."
        )
    try:
        raw = decode_batch_bytes(body, settings.max_batch_inflated_bytes)
    except BatchTooLarge as exc:
        raise ApiError(413, "batch_too_large", str(exc)) from exc
    except BatchDecodeError as exc:
        raise ApiError(400, "bad_batch", f"The batch could not be read: {exc}.") from exc
    try:
        env = _Envelope.model_validate(raw)
    except ValidationError as exc:
        raise ApiError(
            422,
            "invalid_batch",
            "The batch envelope is not valid.",
            readable_validation_details(exc.errors()),
        ) from exc
    if env.protocol_version != PROTOCOL_VERSION:
        raise ApiError(
            426,
            "please_update",
            "This batch uses another protocol version. Please update Doorstep.",
        )
    if len(env.records) > settings.max_batch_records:
        raise ApiError(
            413,
            "batch_too_large",
            f"A batch may hold at most {settings.max_batch_records} records.",
        )
    try:
        headers = [_Header.model_validate(r) for r in env.records]
    except ValidationError as exc:
        raise ApiError(
            422,
            "invalid_batch",
            "A record in the batch has no valid id, kind, revision or seq.",
            readable_validation_details(exc.errors()),
        ) from exc
    ids = [(h.id, h.revision) for h in headers]
    if len(set(ids)) != len(ids) or len({h.seq for h in headers}) != len(headers):
        raise ApiError(422, "invalid_batch", "A batch lists the same record revision or seq twice.")
    return env, headers


def ingest(
    factory: sessionmaker[Session], settings: Settings, caller: Caller, body: bytes
) -> IngestOutcome:
    env, headers = parse_batch(settings, body)
    if env.device_id != caller.device_id:
        raise ApiError(403, "forbidden", "This batch was made by another device.")
    sha = hashlib.sha256(body).hexdigest()
    last: Exception | None = None
    for _attempt in range(5):
        try:
            with factory() as session, session.begin():
                outcome = _apply(session, caller, env, headers, sha)
            _freeze_long_lived_objects()
            return outcome
        except (IntegrityError, DBAPIError) as exc:
            # A race on a new row (unique key), a deadlock or a serialization failure: the
            # transaction rolled back in full, so run it again from the start.
            if isinstance(exc, DBAPIError) and not _retryable(exc):
                raise
            last = exc
    raise ApiError(
        503, "busy", "The server is busy; send the batch again.", headers={"Retry-After": "2"}
    ) from last


_frozen = threading.Lock()
_frozen_done = False


def _freeze_long_lived_objects() -> None:
    """Once per process, after the first batch: move everything alive then (the libraries, the
    app, the loaded forms and standards, SQLAlchemy's statement caches) out of the garbage
    collector's sight. Its full collections otherwise walk all of it again and again while
    batches make many short-lived objects: about a third of ingest CPU, measured in-process.
    Nothing is freed early; the price is that a frozen object which later becomes cyclic
    garbage is never reclaimed, and what is alive after the first batch (caches, forms,
    modules) lives as long as the process anyway."""
    global _frozen_done
    if _frozen_done:
        return
    with _frozen:
        if _frozen_done:
            return
        gc.collect()  # what is already garbage is freed, not frozen
        gc.freeze()
        _frozen_done = True


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40001", "40P01") or "database is locked" in str(exc.orig)


def _apply(
    session: Session, caller: Caller, env: _Envelope, headers: list[_Header], sha: str
) -> IngestOutcome:
    device = session.get(Device, caller.device_id, with_for_update=True)
    assert device is not None
    receipt = session.get(BatchReceipt, env.batch_id)
    if receipt is not None:
        if receipt.device_id != caller.device_id or receipt.body_sha256 != sha:
            raise ApiError(
                409,
                "batch_id_reused",
                "This batch id was already used for a different batch. Make a new batch id.",
            )
        return IngestOutcome(receipt.result, replay=True)

    ctx = BatchContext(session, caller, env.batch_id)
    parsed: list[Any] = []
    for raw in env.records:
        try:
            rec = _record_adapter.validate_python(raw)
            parsed.append(rec)
            ctx.raw_data[(rec.id, rec.revision)] = raw["data"]
        except ValidationError as exc:
            parsed.append(readable_validation_details(exc.errors()))
    prefetch(ctx, [p for p in parsed if not isinstance(p, list)])

    results: list[RecordResult] = []
    for header, rec in zip(headers, parsed, strict=True):
        if isinstance(rec, list):
            problems = [Problem(path=d["path"], code=d["code"], message=d["message"]) for d in rec]
            results.append(record_result(header, "rejected", problems=problems))
            continue
        results.append(apply_record(ctx, rec))

    write_new_rows(ctx)
    session.flush()  # rows loaded and changed (updates, reviews)
    if ctx.new_refs:
        session.add_all(ctx.new_refs)
        session.flush()
    if ctx.checked_surveys:
        ctx.changes.extend(on_surveys(session, ctx.checked_surveys, ctx.now))
    insert_rows(session, RecordVersion, ctx.versions)
    audit_many(session, ctx.audits)
    highest = _advance_seq(session, device, [h.seq for h in headers])
    emit(session, ctx.changes)  # the counter lock last, after every row lock
    result = BatchResult(
        batch_id=env.batch_id,
        received_at=ctx.now,
        highest_contiguous_seq=highest,
        results=[_with_key(ctx, r) for r in results],
    ).model_dump(mode="json")
    session.add(
        BatchReceipt(
            id=env.batch_id,
            device_id=caller.device_id,
            body_sha256=sha,
            record_count=len(headers),
            result=result,
            received_at=ctx.now,
        )
    )
    session.flush()
    return IngestOutcome(result, replay=False)


def _with_key(ctx: BatchContext, r: RecordResult) -> RecordResult:
    if r.kind == "survey" and r.status in ("accepted", "duplicate", "conflict"):
        s = ctx.surveys.get(r.id)
        if s is not None:
            return r.model_copy(update={"short_key": s.short_key})
    return r


def _advance_seq(session: Session, device: Device, seqs: list[int]) -> int:
    """Record the sequence numbers received and move the contiguous mark over any filled gap."""
    mark = device.seq_contiguous
    above = {s for s in seqs if s > mark}
    stored = set(session.scalars(select(DeviceSeq.seq).where(DeviceSeq.device_id == device.id)))
    known = above | stored
    start = mark
    while mark + 1 in known:
        mark += 1
    if mark != start:
        device.seq_contiguous = mark
        session.execute(
            delete(DeviceSeq).where(DeviceSeq.device_id == device.id, DeviceSeq.seq <= mark)
        )
    new_rows = [{"device_id": device.id, "seq": s} for s in sorted(above - stored) if s > mark]
    if new_rows:
        session.execute(insert(DeviceSeq), new_rows)
    return mark
