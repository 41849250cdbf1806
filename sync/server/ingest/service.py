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

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import (
    PROTOCOL_VERSION,
    AttachmentRecord,
    BatchDecodeError,
    BatchResult,
    BatchTooLarge,
    HouseholdRecord,
    Problem,
    Record,
    RecordResult,
    ReviewRecord,
    SurveyRecord,
    VisitRecord,
    decode_batch_bytes,
)

from ..audit import audit_many
from ..changes.numbering import NewChange, emit
from ..errors import ApiError, readable_validation_details
from ..models import (
    AttachmentRef,
    BatchReceipt,
    Campaign,
    Device,
    DeviceSeq,
    Household,
    RecordVersion,
    Survey,
    Village,
    Visit,
    utcnow,
)
from ..review.service import apply_review
from ..scope import Caller
from ..settings import Settings
from .formcheck import UnknownForm, check_survey, survey_year

EDITABLE_STATES = (None, "returned_by_township")
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
    kind: str
    revision: int
    seq: int = Field(ge=1)


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
                return _apply(session, caller, env, headers, sha)
        except (IntegrityError, DBAPIError) as exc:
            # A race on a new row (unique key), a deadlock or a serialization failure: the
            # transaction rolled back in full, so run it again from the start.
            if isinstance(exc, DBAPIError) and not _retryable(exc):
                raise
            last = exc
    raise ApiError(
        503, "busy", "The server is busy; send the batch again.", headers={"Retry-After": "2"}
    ) from last


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in ("40001", "40P01") or "database is locked" in str(exc.orig)


class _Ctx:
    """What one batch application needs at hand: prefetched rows, results, changes, audit."""

    def __init__(self, session: Session, caller: Caller, batch_id: uuid.UUID) -> None:
        self.session = session
        self.caller = caller
        self.batch_id = batch_id
        self.now = utcnow()
        self.households: dict[uuid.UUID, Household] = {}
        self.surveys: dict[uuid.UUID, Survey] = {}
        self.visits: dict[uuid.UUID, Visit] = {}
        self.refs: dict[uuid.UUID, AttachmentRef] = {}
        self.seen: set[tuple[uuid.UUID, int]] = set()
        self.villages: dict[str, Village] = {}
        self.campaign_years: dict[uuid.UUID, int] = {}
        self.versions: list[dict[str, Any]] = []
        self.audits: list[dict[str, Any]] = []
        self.changes: list[NewChange] = []
        self.new_surveys: list[Survey] = []
        self.new_refs: list[AttachmentRef] = []
        self.standards: dict[tuple[str, int], Any] = {}
        self.raw_data: dict[tuple[uuid.UUID, int], dict[str, Any]] = {}

    def in_scope(self, village: str, township: str | None, county: str | None) -> bool:
        return self.caller.scope.contains(village, township, county)

    def keep(self, rec: Any, status: str) -> None:
        self.versions.append(
            {
                "record_id": rec.id,
                "kind": rec.kind,
                "revision": rec.revision,
                "base_revision": rec.base_revision,
                "status": status,
                # the data exactly as the device sent it (already JSON: no re-serialising)
                "payload": self.raw_data.get((rec.id, rec.revision))
                or rec.data.model_dump(mode="json"),
                "device_id": self.caller.device_id,
                "user_id": self.caller.user_id,
                "batch_id": self.batch_id,
                "received_at": self.now,
            }
        )
        self.audits.append(
            {
                "action": f"record.{status}",
                "entity_kind": rec.kind,
                "entity_id": str(rec.id),
                "user_id": self.caller.user_id,
                "device_id": self.caller.device_id,
                "request_id": self.caller.request_id,
                "detail": {"revision": rec.revision, "batch_id": str(self.batch_id)},
                "at": self.now,
            }
        )


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

    ctx = _Ctx(session, caller, env.batch_id)
    parsed: list[Any] = []
    for raw in env.records:
        try:
            rec = _record_adapter.validate_python(raw)
            parsed.append(rec)
            ctx.raw_data[(rec.id, rec.revision)] = raw["data"]
        except ValidationError as exc:
            parsed.append(readable_validation_details(exc.errors()))
    _prefetch(ctx, [p for p in parsed if not isinstance(p, list)])

    results: list[RecordResult] = []
    for header, rec in zip(headers, parsed, strict=True):
        if isinstance(rec, list):
            problems = [Problem(path=d["path"], code=d["code"], message=d["message"]) for d in rec]
            results.append(_result(header, "rejected", problems=problems))
            continue
        results.append(_apply_record(ctx, rec))

    _assign_short_keys(ctx)
    session.flush()
    if ctx.new_refs:
        session.add_all(ctx.new_refs)
        session.flush()
    if ctx.versions:
        session.execute(insert(RecordVersion), ctx.versions)
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


def _with_key(ctx: _Ctx, r: RecordResult) -> RecordResult:
    if r.kind == "survey" and r.status in ("accepted", "duplicate", "conflict"):
        s = ctx.surveys.get(r.id)
        if s is not None:
            return r.model_copy(update={"short_key": s.short_key})
    return r


def _result(
    rec: Any, status: str, server_revision: int | None = None, problems: list[Problem] | None = None
) -> RecordResult:
    return RecordResult(
        id=rec.id,
        kind=rec.kind,
        revision=rec.revision,
        seq=rec.seq,
        status=status,  # type: ignore[arg-type]
        server_revision=server_revision,
        problems=problems or [],
    )


def _reject(rec: Any, code: str, message: str, path: str = "") -> RecordResult:
    return _result(rec, "rejected", problems=[Problem(path=path, code=code, message=message)])


def _prefetch(ctx: _Ctx, recs: list[Any]) -> None:
    s = ctx.session
    hh_ids = {r.id for r in recs if isinstance(r, HouseholdRecord)}
    hh_ids |= {r.data.household_id for r in recs if isinstance(r, SurveyRecord | VisitRecord)}
    survey_ids = {r.id for r in recs if isinstance(r, SurveyRecord)}
    survey_ids |= {r.data.survey_id for r in recs if isinstance(r, AttachmentRecord | ReviewRecord)}
    visit_ids = {r.id for r in recs if isinstance(r, VisitRecord)}
    ref_ids = {r.id for r in recs if isinstance(r, AttachmentRecord)}
    # Lock in one order (households, surveys, visits, attachments; each by id) everywhere.
    if hh_ids:
        ctx.households = {
            h.id: h
            for h in s.scalars(
                select(Household)
                .where(Household.id.in_(sorted(hh_ids)))
                .order_by(Household.id)
                .with_for_update()
            )
        }
    if survey_ids:
        ctx.surveys = {
            x.id: x
            for x in s.scalars(
                select(Survey)
                .where(Survey.id.in_(sorted(survey_ids)))
                .order_by(Survey.id)
                .with_for_update()
            )
        }
    if visit_ids:
        ctx.visits = {
            v.id: v
            for v in s.scalars(
                select(Visit)
                .where(Visit.id.in_(sorted(visit_ids)))
                .order_by(Visit.id)
                .with_for_update()
            )
        }
    if ref_ids:
        ctx.refs = {
            a.id: a
            for a in s.scalars(select(AttachmentRef).where(AttachmentRef.id.in_(sorted(ref_ids))))
        }
    all_ids = sorted({r.id for r in recs})
    if all_ids:
        ctx.seen = {
            (rid, rev)
            for rid, rev in s.execute(
                select(RecordVersion.record_id, RecordVersion.revision).where(
                    RecordVersion.record_id.in_(all_ids),
                    RecordVersion.device_id == ctx.caller.device_id,
                )
            )
        }
    codes = {r.data.village_code for r in recs if isinstance(r, HouseholdRecord)}
    if codes:
        ctx.villages = {
            v.code: v for v in s.scalars(select(Village).where(Village.code.in_(sorted(codes))))
        }
    camp_ids = {
        r.data.campaign_id
        for r in recs
        if isinstance(r, SurveyRecord | VisitRecord) and r.data.campaign_id
    }
    if camp_ids:
        rows = s.execute(
            select(Campaign.id, Campaign.year).where(Campaign.id.in_(sorted(camp_ids)))
        ).all()
        ctx.campaign_years = {row[0]: row[1] for row in rows}


def _apply_record(ctx: _Ctx, rec: Any) -> RecordResult:
    if (rec.id, rec.revision) in ctx.seen:
        current = _current_revision(ctx, rec)
        return _result(rec, "duplicate", server_revision=current)
    if isinstance(rec, HouseholdRecord):
        return _apply_household(ctx, rec)
    if isinstance(rec, SurveyRecord):
        return _apply_survey(ctx, rec)
    if isinstance(rec, VisitRecord):
        return _apply_visit(ctx, rec)
    if isinstance(rec, AttachmentRecord):
        return _apply_attachment(ctx, rec)
    assert isinstance(rec, ReviewRecord)
    return _apply_review(ctx, rec)


def _current_revision(ctx: _Ctx, rec: Any) -> int | None:
    tables: dict[str, dict[Any, Any]] = {
        "household": ctx.households,
        "survey": ctx.surveys,
        "visit": ctx.visits,
        "attachment": ctx.refs,
    }
    table = tables.get(rec.kind, {})
    row = table.get(rec.id)
    return int(row.revision) if row is not None else None


def _conflict(ctx: _Ctx, rec: Any, current: int, code: str, message: str) -> RecordResult:
    ctx.keep(rec, "conflict")
    ctx.seen.add((rec.id, rec.revision))
    return _result(rec, "conflict", current, [Problem(code=code, message=message)])


def _accepted(ctx: _Ctx, rec: Any) -> RecordResult:
    ctx.keep(rec, "accepted")
    ctx.seen.add((rec.id, rec.revision))
    return _result(rec, "accepted", rec.revision)


def _apply_household(ctx: _Ctx, rec: HouseholdRecord) -> RecordResult:
    d = rec.data
    village = ctx.villages.get(d.village_code)
    if village is None:
        return _reject(
            rec, "unknown_village", "The village code is not known to the server.", "village_code"
        )
    if not ctx.in_scope(village.code, village.township_code, village.county_code):
        return _reject(rec, "out_of_scope", "This village is outside your scope.", "village_code")
    h = ctx.households.get(rec.id)
    fields = {
        "village_code": village.code,
        "township_code": village.township_code,
        "county_code": village.county_code,
        "address": d.address,
        "head_name": d.head_name,
        "head_id_number": d.head_id_number.upper(),
        "phone": d.phone,
        "hukou_type": d.hukou_type,
        "categories": list(d.categories),
    }
    if h is None:
        h = Household(
            id=rec.id,
            revision=rec.revision,
            source="device",
            created_by_device=ctx.caller.device_id,
            updated_at=ctx.now,
            **fields,
        )
        ctx.session.add(h)
        ctx.households[rec.id] = h
    else:
        if not ctx.in_scope(h.village_code, h.township_code, h.county_code):
            return _reject(rec, "out_of_scope", "This household is outside your scope.")
        if h.revision >= rec.revision and _same_household(h, fields):
            return _result(rec, "duplicate", h.revision)
        if rec.base_revision != h.revision:
            return _conflict(
                ctx,
                rec,
                h.revision,
                "stale_base",
                "The household changed on the server since this edit was based on it.",
            )
        for k, v in fields.items():
            setattr(h, k, v)
        h.revision = rec.revision
        h.updated_at = ctx.now
    ctx.changes.append(
        NewChange("household", str(h.id), h.county_code, h.township_code, h.village_code)
    )
    return _accepted(ctx, rec)


def _same_household(h: Household, fields: dict[str, Any]) -> bool:
    return all(getattr(h, k) == v for k, v in fields.items())


def _apply_survey(ctx: _Ctx, rec: SurveyRecord) -> RecordResult:
    d = rec.data
    hh = ctx.households.get(d.household_id)
    if hh is None:
        return _reject(
            rec,
            "unknown_household",
            "The survey's household is not known to the server.",
            "household_id",
        )
    if not ctx.in_scope(hh.village_code, hh.township_code, hh.county_code):
        return _reject(rec, "out_of_scope", "This household is outside your scope.")
    if d.campaign_id is not None and d.campaign_id not in ctx.campaign_years:
        return _reject(
            rec, "unknown_campaign", "The survey names an unknown campaign.", "campaign_id"
        )
    existing = ctx.surveys.get(rec.id)
    if existing is not None:
        if (
            existing.revision == rec.revision
            and existing.answers == d.answers
            and existing.status == d.status
        ):
            return _result(rec, "duplicate", existing.revision)
        if existing.cadre_id != ctx.caller.user_id:
            return _conflict(
                ctx, rec, existing.revision, "not_holder", "Another cadre holds this survey."
            )
        if rec.base_revision != existing.revision:
            return _conflict(
                ctx,
                rec,
                existing.revision,
                "stale_base",
                "The survey changed on the server since this edit was based on it.",
            )
        if existing.state not in EDITABLE_STATES:
            return _conflict(
                ctx,
                rec,
                existing.revision,
                "under_review",
                f"The survey is {existing.state} and cannot be edited until it is returned.",
            )
    year = ctx.campaign_years.get(d.campaign_id) if d.campaign_id else None
    year = year or survey_year(d.answers, ctx.now.year)
    try:
        check = check_survey(
            ctx.session,
            d.form_id,
            d.form_version,
            d.answers,
            hh.county_code,
            year,
            d.status != "draft",
            ctx.standards,
        )
    except UnknownForm as exc:
        return _reject(rec, "unknown_form", str(exc), "form_id")
    if check.problems:
        return _result(rec, "rejected", problems=check.problems)
    state = "submitted" if d.status == "submitted" else (existing.state if existing else None)
    if existing is None:
        s = Survey(
            id=rec.id,
            short_key="",
            household_id=hh.id,
            campaign_id=d.campaign_id,
            form_id=d.form_id,
            form_version=d.form_version,
            revision=rec.revision,
            status=d.status,
            state=state,
            answers=d.answers,
            computed=check.computed,
            flags=check.flags,
            cadre_id=ctx.caller.user_id,
            created_by_device=ctx.caller.device_id,
            device_created_at=d.created_at,
            device_submitted_at=d.submitted_at,
            received_at=ctx.now,
            updated_at=ctx.now,
            village_code=hh.village_code,
            township_code=hh.township_code,
            county_code=hh.county_code,
        )
        ctx.session.add(s)
        ctx.surveys[rec.id] = s
        ctx.new_surveys.append(s)
    else:
        s = existing
        s.revision = rec.revision
        s.status = d.status
        s.state = state
        s.answers = d.answers
        s.computed = check.computed
        s.flags = check.flags
        s.form_id, s.form_version = d.form_id, d.form_version
        s.device_submitted_at = d.submitted_at
        s.updated_at = ctx.now
    return _accepted(ctx, rec)


def _apply_visit(ctx: _Ctx, rec: VisitRecord) -> RecordResult:
    d = rec.data
    hh = ctx.households.get(d.household_id)
    if hh is None:
        return _reject(
            rec,
            "unknown_household",
            "The visit's household is not known to the server.",
            "household_id",
        )
    if not ctx.in_scope(hh.village_code, hh.township_code, hh.county_code):
        return _reject(rec, "out_of_scope", "This household is outside your scope.")
    if d.outcome == "nobody_home" and d.revisit_date is None:
        return _reject(
            rec,
            "revisit_required",
            "A visit with nobody home needs a revisit date.",
            "revisit_date",
        )
    v = ctx.visits.get(rec.id)
    if v is None:
        v = Visit(
            id=rec.id,
            household_id=hh.id,
            campaign_id=d.campaign_id,
            revision=rec.revision,
            outcome=d.outcome,
            visited_on=d.visited_on,
            revisit_date=d.revisit_date,
            note=d.note,
            cadre_id=ctx.caller.user_id,
            created_by_device=ctx.caller.device_id,
            received_at=ctx.now,
            village_code=hh.village_code,
            township_code=hh.township_code,
            county_code=hh.county_code,
        )
        ctx.session.add(v)
        ctx.visits[rec.id] = v
    else:
        if v.revision >= rec.revision:
            return _result(rec, "duplicate", v.revision)
        if rec.base_revision != v.revision:
            return _conflict(
                ctx,
                rec,
                v.revision,
                "stale_base",
                "The visit changed on the server since this edit.",
            )
        v.revision, v.outcome, v.visited_on = rec.revision, d.outcome, d.visited_on
        v.revisit_date, v.note = d.revisit_date, d.note
    return _accepted(ctx, rec)


def _apply_attachment(ctx: _Ctx, rec: AttachmentRecord) -> RecordResult:
    d = rec.data
    s = ctx.surveys.get(d.survey_id)
    if s is None or not ctx.in_scope(s.village_code, s.township_code, s.county_code):
        return _reject(
            rec,
            "unknown_survey",
            "The attachment's survey is not known in your scope.",
            "survey_id",
        )
    ref = ctx.refs.get(rec.id)
    if ref is not None:
        if ref.sha256 == d.sha256 and ref.revision >= rec.revision:
            return _result(rec, "duplicate", ref.revision)
        if rec.base_revision != ref.revision:
            return _conflict(
                ctx,
                rec,
                ref.revision,
                "stale_base",
                "The attachment reference changed on the server.",
            )
        ref.sha256, ref.size, ref.kind, ref.content_type, ref.revision = (
            d.sha256,
            d.size,
            d.kind,
            d.content_type,
            rec.revision,
        )
    else:
        ref = AttachmentRef(
            id=rec.id,
            survey_id=s.id,
            sha256=d.sha256,
            size=d.size,
            kind=d.kind,
            content_type=d.content_type,
            revision=rec.revision,
            created_by_device=ctx.caller.device_id,
        )
        ctx.new_refs.append(ref)  # added after the surveys are flushed (no ORM relationships)
        ctx.refs[rec.id] = ref
    return _accepted(ctx, rec)


def _apply_review(ctx: _Ctx, rec: ReviewRecord) -> RecordResult:
    d = rec.data
    try:
        with ctx.session.begin_nested():
            ctx.session.flush()  # new surveys earlier in this batch become visible to the review
            _review, _new = apply_review(
                ctx.session,
                ctx.caller,
                rec.id,
                d.survey_id,
                d.decision,
                d.comment,
                list(d.pinned),
                defer=ctx.changes,
            )
    except ApiError as exc:
        return _reject(rec, exc.error, exc.message)
    ctx.keep(rec, "accepted")
    return _result(rec, "accepted", rec.revision)


def _assign_short_keys(ctx: _Ctx) -> None:
    """8-digit keys a person can read over the phone, checked against the ones in use."""
    pending = list(ctx.new_surveys)
    while pending:
        candidates = {f"{secrets.randbelow(10**8):08d}": s for s in pending}
        taken = set(
            ctx.session.scalars(
                select(Survey.short_key).where(Survey.short_key.in_(sorted(candidates)))
            )
        )
        still = []
        for key, s in candidates.items():
            if key in taken:
                still.append(s)
            else:
                s.short_key = key
        pending = still + [s for s in pending if not s.short_key and s not in still]


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


def as_utc(dt: datetime | None) -> datetime | None:
    return dt.astimezone(UTC) if dt else None
