"""Applying one record of a batch: households, surveys, visits, attachment references, reviews.

`service.py` owns the transaction and the batch; this module owns what happens to each record
inside it: the scope check, the revision check (a stale base is kept as a conflict, never
applied), validation through the form engine, and the row written. Rows a batch touches are
prefetched and locked in one order (households, surveys, visits; each by id) before any record
is applied.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, make_transient_to_detached

from forms.idnumber import IdNumberError, normalize_id_number, parse_id_number
from sync.cases_wire import CaseOpRecord
from sync.protocol import (
    AttachmentRecord,
    HouseholdRecord,
    Problem,
    RecordResult,
    ReviewRecord,
    SurveyRecord,
    VisitRecord,
)

from ..cases.rules import RulesError
from ..cases.service import CaseRefusal, already_applied, apply_op
from ..changes.numbering import NewChange
from ..errors import ApiError
from ..models import (
    AttachmentRef,
    Campaign,
    Household,
    RecordVersion,
    Survey,
    Village,
    Visit,
    utcnow,
)
from ..review.service import apply_review
from ..scope import Caller
from .bulk import insert_rows
from .formcheck import UnknownForm, check_survey, survey_year

EDITABLE_STATES = (None, "returned_by_township")


class NewRow:
    """A row this batch creates, until it is written: its column values by name, read and
    changed as attributes like the ORM object it stands for (building ORM objects for a
    hundred new rows per batch, only to write them by COPY, was a tenth of ingest CPU)."""

    __slots__ = ("model", "values")

    def __init__(self, model: Any, values: dict[str, Any]) -> None:
        object.__setattr__(self, "model", model)
        object.__setattr__(self, "values", values)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        self.values[name] = value


class BatchContext:
    """What one batch application needs at hand: prefetched rows, results, changes, audit."""

    def __init__(self, session: Session, caller: Caller, batch_id: uuid.UUID) -> None:
        self.session = session
        self.caller = caller
        self.batch_id = batch_id
        self.now = utcnow()
        # loaded rows (ORM objects) and rows new in this batch (NewRow), by id
        self.households: dict[uuid.UUID, Any] = {}
        self.surveys: dict[uuid.UUID, Any] = {}
        self.visits: dict[uuid.UUID, Any] = {}
        self.refs: dict[uuid.UUID, AttachmentRef] = {}
        self.seen: set[tuple[uuid.UUID, int]] = set()
        self.villages: dict[str, Village] = {}
        self.campaign_years: dict[uuid.UUID, int] = {}
        self.versions: list[dict[str, Any]] = []
        self.audits: list[dict[str, Any]] = []
        self.changes: list[NewChange] = []
        self.new_surveys: list[NewRow] = []
        # the surveys accepted in this batch, for the registry check
        self.checked_surveys: list[Any] = []
        # New households, surveys and visits, written together by `write_new_rows` (one COPY
        # per table) instead of through the session's unit of work.
        self.new_rows: list[NewRow] = []
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


def _locked(session: Session, model: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Rows by id, locked FOR UPDATE in id order, so concurrent batches never deadlock."""
    if not ids:
        return {}
    rows = session.scalars(
        select(model).where(model.id.in_(sorted(ids))).order_by(model.id).with_for_update()
    )
    return {row.id: row for row in rows}


def record_result(
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
    return record_result(rec, "rejected", problems=[Problem(path=path, code=code, message=message)])


def prefetch(ctx: BatchContext, recs: list[Any]) -> None:
    s = ctx.session
    hh_ids = {r.id for r in recs if isinstance(r, HouseholdRecord)}
    hh_ids |= {r.data.household_id for r in recs if isinstance(r, SurveyRecord | VisitRecord)}
    survey_ids = {r.id for r in recs if isinstance(r, SurveyRecord)}
    survey_ids |= {r.data.survey_id for r in recs if isinstance(r, AttachmentRecord | ReviewRecord)}
    visit_ids = {r.id for r in recs if isinstance(r, VisitRecord)}
    ref_ids = {r.id for r in recs if isinstance(r, AttachmentRecord)}
    # Lock in one order (households, surveys, visits, attachments; each by id) everywhere.
    ctx.households = _locked(s, Household, hh_ids)
    ctx.surveys = _locked(s, Survey, survey_ids)
    ctx.visits = _locked(s, Visit, visit_ids)
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


def apply_record(ctx: BatchContext, rec: Any) -> RecordResult:
    if (rec.id, rec.revision) in ctx.seen:
        current = _current_revision(ctx, rec)
        return record_result(rec, "duplicate", server_revision=current)
    if isinstance(rec, HouseholdRecord):
        return _apply_household(ctx, rec)
    if isinstance(rec, SurveyRecord):
        return _apply_survey(ctx, rec)
    if isinstance(rec, VisitRecord):
        return _apply_visit(ctx, rec)
    if isinstance(rec, AttachmentRecord):
        return _apply_attachment(ctx, rec)
    if isinstance(rec, CaseOpRecord):
        return _apply_case_op(ctx, rec)
    assert isinstance(rec, ReviewRecord)
    return _apply_review(ctx, rec)


def _current_revision(ctx: BatchContext, rec: Any) -> int | None:
    tables: dict[str, dict[Any, Any]] = {
        "household": ctx.households,
        "survey": ctx.surveys,
        "visit": ctx.visits,
        "attachment": ctx.refs,
    }
    table = tables.get(rec.kind, {})
    row = table.get(rec.id)
    return int(row.revision) if row is not None else None


def _conflict(ctx: BatchContext, rec: Any, current: int, code: str, message: str) -> RecordResult:
    ctx.keep(rec, "conflict")
    ctx.seen.add((rec.id, rec.revision))
    return record_result(rec, "conflict", current, [Problem(code=code, message=message)])


def _accepted(ctx: BatchContext, rec: Any) -> RecordResult:
    ctx.keep(rec, "accepted")
    ctx.seen.add((rec.id, rec.revision))
    return record_result(rec, "accepted", rec.revision)


def _apply_household(ctx: BatchContext, rec: HouseholdRecord) -> RecordResult:
    d = rec.data
    village = ctx.villages.get(d.village_code)
    if village is None:
        return _reject(
            rec, "unknown_village", "The village code is not known to the server.", "village_code"
        )
    if not ctx.in_scope(village.code, village.township_code, village.county_code):
        return _reject(rec, "out_of_scope", "This village is outside your scope.", "village_code")
    # What an input method typed (full-width digits, spaces) is stored folded; a number still
    # wrong after that is refused, saying which character.
    id_number = normalize_id_number(d.head_id_number)
    if id_number:
        try:
            parse_id_number(id_number)
        except IdNumberError as exc:
            text = str(exc)
            return _reject(rec, "invalid_id_number", text[:1].upper() + text[1:], "head_id_number")
    h = ctx.households.get(rec.id)
    fields = {
        "village_code": village.code,
        "township_code": village.township_code,
        "county_code": village.county_code,
        "address": d.address,
        "head_name": d.head_name,
        "head_id_number": id_number,
        "phone": d.phone,
        "hukou_type": d.hukou_type,
        "categories": list(d.categories),
    }
    if h is None:
        h = NewRow(
            Household,
            {
                "id": rec.id,
                "revision": rec.revision,
                "source": "device",
                "created_by_device": ctx.caller.device_id,
                "updated_at": ctx.now,
                **fields,
            },
        )
        ctx.new_rows.append(h)
        ctx.households[rec.id] = h
    else:
        if not ctx.in_scope(h.village_code, h.township_code, h.county_code):
            return _reject(rec, "out_of_scope", "This household is outside your scope.")
        if h.revision >= rec.revision and _same_household(h, fields):
            return record_result(rec, "duplicate", h.revision)
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
        NewChange(
            "household",
            str(h.id),
            h.county_code,
            h.township_code,
            h.village_code,
            origin_device_id=ctx.caller.device_id,
        )
    )
    return _accepted(ctx, rec)


def _same_household(h: Household, fields: dict[str, Any]) -> bool:
    return all(getattr(h, k) == v for k, v in fields.items())


def _apply_survey(ctx: BatchContext, rec: SurveyRecord) -> RecordResult:
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
    if existing is not None and existing.withdrawn_at is not None:
        # County IT withdrew it as recorded in error: a laptop that had not heard yet must not
        # bring it back. Nothing is applied or kept; the laptop learns it on its next pull.
        return _withdrawn(rec, existing)
    if existing is not None:
        if (
            existing.revision == rec.revision
            and existing.answers == d.answers
            and existing.status == d.status
        ):
            return record_result(rec, "duplicate", existing.revision)
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
        return record_result(rec, "rejected", problems=check.problems)
    state = "submitted" if d.status == "submitted" else (existing.state if existing else None)
    if existing is None:
        s = NewRow(
            Survey,
            {
                "id": rec.id,
                "short_key": "",
                "household_id": hh.id,
                "campaign_id": d.campaign_id,
                "form_id": d.form_id,
                "form_version": d.form_version,
                "revision": rec.revision,
                "status": d.status,
                "state": state,
                "answers": d.answers,
                "computed": check.computed,
                "flags": check.flags,
                "cadre_id": ctx.caller.user_id,
                "created_by_device": ctx.caller.device_id,
                "device_created_at": d.created_at,
                "device_submitted_at": d.submitted_at,
                "received_at": ctx.now,
                "updated_at": ctx.now,
                "village_code": hh.village_code,
                "township_code": hh.township_code,
                "county_code": hh.county_code,
                "withdrawn_at": None,
                "withdrawn_reason": None,
            },
        )
        ctx.new_rows.append(s)
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
    ctx.checked_surveys.append(s)
    if state == "submitted":
        # Reviewers' laptops hold their queue offline: a (re)submitted survey goes on their feed.
        ctx.changes.append(
            NewChange("survey", str(s.id), s.county_code, s.township_code, s.village_code)
        )
    return _accepted(ctx, rec)


def _apply_visit(ctx: BatchContext, rec: VisitRecord) -> RecordResult:
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
        v = NewRow(
            Visit,
            {
                "id": rec.id,
                "household_id": hh.id,
                "campaign_id": d.campaign_id,
                "revision": rec.revision,
                "outcome": d.outcome,
                "visited_on": d.visited_on,
                "revisit_date": d.revisit_date,
                "note": d.note,
                "cadre_id": ctx.caller.user_id,
                "created_by_device": ctx.caller.device_id,
                "received_at": ctx.now,
                "village_code": hh.village_code,
                "township_code": hh.township_code,
                "county_code": hh.county_code,
            },
        )
        ctx.new_rows.append(v)
        ctx.visits[rec.id] = v
    else:
        if v.revision >= rec.revision:
            return record_result(rec, "duplicate", v.revision)
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


def _withdrawn(rec: Any, survey: Any) -> RecordResult:
    return _reject(
        rec,
        "survey_withdrawn",
        f"Survey {survey.short_key} was withdrawn by the county as recorded in error "
        f"({survey.withdrawn_reason}); it can no longer be changed.",
    )


def _apply_attachment(ctx: BatchContext, rec: AttachmentRecord) -> RecordResult:
    d = rec.data
    s = ctx.surveys.get(d.survey_id)
    if s is None or not ctx.in_scope(s.village_code, s.township_code, s.county_code):
        return _reject(
            rec,
            "unknown_survey",
            "The attachment's survey is not known in your scope.",
            "survey_id",
        )
    if s.withdrawn_at is not None:
        return _withdrawn(rec, s)
    ref = ctx.refs.get(rec.id)
    if ref is not None:
        if ref.sha256 == d.sha256 and ref.revision >= rec.revision:
            return record_result(rec, "duplicate", ref.revision)
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


def _apply_review(ctx: BatchContext, rec: ReviewRecord) -> RecordResult:
    d = rec.data
    # What the batch wrote so far becomes visible to the review, outside the savepoint: a
    # refused review rolls back only its own rows, never the records before it.
    write_new_rows(ctx, attach=True)
    ctx.session.flush()
    try:
        with ctx.session.begin_nested():
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
    return record_result(rec, "accepted", rec.revision)


def _apply_case_op(ctx: BatchContext, rec: CaseOpRecord) -> RecordResult:
    """A supervisor's case operation: applied once by its id (from any device or path), in a
    savepoint so a refused one changes nothing while the batch's other records stand."""
    if already_applied(ctx.session, rec.id):
        return record_result(rec, "duplicate", server_revision=rec.revision)
    write_new_rows(ctx, attach=True)
    ctx.session.flush()
    try:
        with ctx.session.begin_nested():
            changes = apply_op(ctx.session, ctx.caller, rec.id, rec.data)
    except CaseRefusal as exc:
        problem = Problem(code=exc.code, message=exc.message, params=exc.params)
        return record_result(rec, "rejected", problems=[problem])
    except RulesError as exc:
        return _reject(rec, "unknown_programme", str(exc))
    ctx.changes.extend(changes)
    ctx.keep(rec, "accepted")
    ctx.seen.add((rec.id, rec.revision))
    return record_result(rec, "accepted", rec.revision)


def write_new_rows(ctx: BatchContext, *, attach: bool = False) -> None:
    """Insert the batch's new rows so far, households before the surveys and visits that name
    them. With `attach` (a review record comes next and reads through the session), they are
    then loaded into the session as ORM objects, so a later record of the same batch that
    changes one is flushed as an UPDATE like any loaded row."""
    if not ctx.new_rows:
        return
    assign_short_keys(ctx)
    by_model: dict[Any, list[NewRow]] = {Household: [], Survey: [], Visit: []}
    for row in ctx.new_rows:
        by_model[row.model].append(row)
    for model, rows in by_model.items():
        if rows:
            insert_rows(ctx.session, model, [r.values for r in rows])  # fills in defaults
    ctx.new_rows.clear()
    ctx.new_surveys.clear()
    if not attach:
        return
    tables: dict[Any, dict[uuid.UUID, Any]] = {
        Household: ctx.households,
        Survey: ctx.surveys,
        Visit: ctx.visits,
    }
    for model, rows in by_model.items():
        for row in rows:
            obj = model(**row.values)
            make_transient_to_detached(obj)
            ctx.session.add(obj)
            tables[model][obj.id] = obj


def assign_short_keys(ctx: BatchContext) -> None:
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
