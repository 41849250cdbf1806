"""The store side of sync: `sync.engine.SyncStore` over an unlocked profile.

Responsible for turning outbox entries into wire records (chaining base revisions so a record
edited twice before the server answered is not its own conflict), sealing batches with their exact
bytes, applying the server's per-record results (acknowledged entries leave the outbox; conflicts
and refusals stay, with the server's reason, for a person to see), applying pulled pages of
changes together with the cursor, the attachment upload marks, the digest of what the server
acknowledged, and the sync log. Every method is one local transaction, so a crash between two
of them leaves the store at a clean step that the next round resumes from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.store import audit, cases, review_items
from desktop.store.audit import Actor, utc_now
from desktop.store.models import (
    Assignment,
    Attachment,
    AuditEntry,
    Campaign,
    Division,
    Household,
    OutboxEntry,
    PublishedForm,
    PublishedStandards,
    RecheckTask,
    ReviewDecision,
    SealedBatch,
    Survey,
    SyncLogEntry,
    SyncRecord,
    SyncState,
)
from desktop.store.profile import Store
from desktop.store.withdrawals import withdraw_survey
from forms.errors import FormsError
from forms.form import Form
from forms.registry import form_from_json
from forms.standards import Standards
from sync.engine import AckSummary, OutgoingRecord, PendingUpload, RoundReport
from sync.engine import SealedBatch as WireSealed
from sync.protocol import BatchResult, Change

WIRE_KIND = {
    "household": "household",
    "survey": "survey",
    "visit_outcome": "visit",
    "review_decision": "review",
    "attachment": "attachment",
    "case_op": "case_op",
}
LOCAL_KIND = {v: k for k, v in WIRE_KIND.items()}
CURSOR_KEY = "sync.cursor"
OPEN_STATES = ("pending", "sealed", "conflict")


def wire_data(record_type: str, p: dict[str, Any]) -> dict[str, Any]:
    """The protocol's `data` for one local payload (see `desktop.store.records`)."""
    if record_type == "household":
        return {
            "village_code": p["village_code"],
            "address": p.get("address") or "",
            "head_name": p.get("head_name") or "",
            "head_id_number": p.get("head_id_number") or "",
            "phone": p.get("phone") or "",
            "hukou_type": p.get("hukou_type") or "",
            "categories": list(p.get("categories") or []),
        }
    if record_type == "survey":
        status = p["status"]
        return {
            "household_id": p["household_id"],
            "campaign_id": p.get("campaign_id"),
            "form_id": p["form_id"],
            "form_version": p["form_version"],
            # A returned survey being corrected travels as a draft until it is submitted again.
            "status": "draft" if status == "returned" else status,
            "answers": p["answers"],
            "created_at": p.get("device_created_at"),
        }
    if record_type == "visit_outcome":
        return {
            "household_id": p["household_id"],
            "campaign_id": p.get("campaign_id"),
            "outcome": p["outcome"],
            "visited_on": (p.get("device_recorded_at") or "")[:10] or None,
            "revisit_date": p.get("revisit_on"),
            "note": p.get("note") or "",
        }
    if record_type == "review_decision":
        return {
            "survey_id": p["survey_id"],
            "decision": p["decision"],
            "comment": p.get("comment") or "",
            "pinned": [{"path": k, "comment": v} for k, v in (p.get("pinned") or {}).items()],
        }
    if record_type == "case_op":
        return dict(p)  # already a `sync.cases_wire` operation as JSON
    if record_type == "attachment":
        return {
            "survey_id": p["survey_id"],
            "sha256": p["sha256"],
            "size": p["size"],
            "kind": p.get("kind") or "photo",
            "content_type": p.get("content_type") or "image/jpeg",
        }
    raise ValueError(f"unknown record type {record_type}")


def _reasons_given(
    s: Session, entries: Sequence[OutboxEntry]
) -> dict[str, list[tuple[int, list[str], str]]]:
    """Per survey: (revision, answer paths, reason) for each change made with a reason.

    The reason a cadre gives for changing a returned survey is written to the audit log with the
    revision it made; an unsent entry is updated in place by later saves, so the reasons of every
    revision the server has not seen yet are gathered here and travel with the newest one.
    """
    ids = [e.record_id for e in entries if e.record_type == "survey" and e.base_revision > 0]
    if not ids:
        return {}
    out: dict[str, list[tuple[int, list[str], str]]] = {}
    rows = s.scalars(
        select(AuditEntry)
        .where(AuditEntry.record_type == "survey", AuditEntry.record_id.in_(ids))
        .order_by(AuditEntry.seq)
    )
    for a in rows:
        d = a.detail or {}
        if d.get("reason") and isinstance(d.get("revision"), int):
            paths = [str(f) for f in d.get("fields") or []]
            out.setdefault(a.record_id, []).append((d["revision"], paths, str(d["reason"])))
    return out


def _state(s: Session, key: str) -> str | None:
    row = s.get(SyncState, key)
    return row.value if row else None


class DesktopSyncStore:
    """Implements `sync.engine.SyncStore` for one unlocked profile."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- small state ------------------------------------------------------------------------------

    def get_value(self, key: str) -> str | None:
        return self.store.get_state(key)

    def set_value(self, key: str, value: str) -> None:
        self.store.set_state(key, value)

    def cursor(self) -> str | None:
        return self.store.get_state(CURSOR_KEY)

    def reset_cursor(self) -> None:
        with self.store.transaction() as s:
            s.execute(delete(SyncState).where(SyncState.key == CURSOR_KEY))

    # --- pull --------------------------------------------------------------------------------------

    def apply_changes(self, changes: Sequence[Change], cursor: str) -> int:
        applied = 0
        with self.store.transaction() as s:
            for ch in changes:
                applied += int(self._apply_change(s, ch))
            s.merge(SyncState(key=CURSOR_KEY, value=cursor))
        return applied

    def _open_entries(self, s: Session, record_type: str, record_id: str) -> bool:
        return (
            s.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(
                    OutboxEntry.record_type == record_type,
                    OutboxEntry.record_id == record_id,
                    OutboxEntry.state.in_(OPEN_STATES),
                )
            )
            or 0
        ) > 0

    def _sync_record(self, s: Session, record_type: str, record_id: str) -> SyncRecord:
        row = s.get(SyncRecord, (record_type, record_id))
        if row is None:
            row = SyncRecord(
                record_type=record_type,
                record_id=record_id,
                created_here=0,
                acked_revision=0,
                server_revision=0,
            )
            s.add(row)
        return row

    def _apply_change(self, s: Session, ch: Change) -> bool:
        d = ch.data
        if ch.kind == "household":
            return self._apply_household(s, d)
        if ch.kind == "review":
            if review_items.is_review_copy(s, str(d["survey_id"])):
                return review_items.apply_review(s, d)
            return self._apply_review(s, d)
        if ch.kind == "survey":
            return review_items.apply_survey(s, d)
        if ch.kind == "campaign":
            row = s.get(Campaign, d["id"]) or Campaign(id=d["id"])
            row.county_code = _state(s, "county_code") or ""
            row.round, row.year = d["round"], int(d["year"])
            row.starts_on = date.fromisoformat(d["starts_on"])
            row.ends_on = date.fromisoformat(d["ends_on"])
            if d.get("form_id"):
                row.form_id, row.form_version = str(d["form_id"]), int(d["form_version"])
            s.merge(row)
            return True
        if ch.kind == "revocation":
            if d.get("device_id") == _state(s, "device_id") and d.get("revoked_at"):
                s.merge(SyncState(key="sync.revoked", value=str(d["revoked_at"])))
            return True
        if ch.kind == "county":
            s.merge(SyncState(key="county_code", value=str(d["code"])))
            return True
        if ch.kind == "assignment":
            return self._apply_assignment(s, d)
        if ch.kind == "form":
            return self._apply_form(s, d)
        if ch.kind == "standards":
            return self._apply_standards(s, d)
        if ch.kind == "case":
            return cases.apply_case(s, d)
        if ch.kind == "posting":
            return cases.apply_posting(s, d)
        if ch.kind == "case_rules":
            return cases.apply_rules(s, d, _state(s, "county_code") or "")
        if ch.kind == "recheck":
            return self._apply_recheck(s, d)
        if ch.kind == "withdrawal":
            return withdraw_survey(s, d)
        return False

    def _apply_recheck(self, s: Session, d: dict[str, Any]) -> bool:
        """A re-check task for a household: kept in the encrypted store with its words only."""
        raw = d.get("text")
        text: dict[str, Any] = raw if isinstance(raw, dict) else {}
        s.merge(
            RecheckTask(
                id=str(d["id"])[:20],
                household_id=str(d.get("household_id", "")),
                rule=str(d.get("rule", ""))[:40],
                state=str(d.get("state", "open"))[:12],
                text_zh=str(text.get("zh", "")),
                text_en=str(text.get("en", "")),
                received_at=utc_now(),
            )
        )
        return True

    def _apply_assignment(self, s: Session, d: dict[str, Any]) -> bool:
        if d.get("withdrawn"):
            # Taken back by the county: the village leaves this cadre's work list. Households and
            # surveys already made stay (they are the cadre's work and still sync).
            s.execute(delete(Assignment).where(Assignment.id == str(d["id"])))
            return True
        row = s.get(Assignment, str(d["id"])) or Assignment(id=str(d["id"]))
        row.campaign_id = str(d["campaign_id"])
        row.village_code = str(d["village_code"])
        row.household_id = str(d["household_id"]) if d.get("household_id") else None
        s.merge(row)
        return True

    def _apply_form(self, s: Session, d: dict[str, Any]) -> bool:
        definition = d.get("definition")
        try:
            if not isinstance(definition, dict):
                raise ValueError("no definition")
            form = form_from_json(definition)
        except (FormsError, ValueError, KeyError, TypeError):
            # A definition this version of the app cannot build is not kept: the bundled form
            # stays in use, and the cursor still moves (the next app version re-pulls from zero).
            return False
        if (form.id, form.version) != (str(d["form_id"]), int(d["version"])):
            return False
        s.merge(
            PublishedForm(
                form_id=form.id, version=form.version, definition=definition, received_at=utc_now()
            )
        )
        return True

    def _apply_standards(self, s: Session, d: dict[str, Any]) -> bool:
        data = d.get("standards")
        try:
            if not isinstance(data, dict):
                raise ValueError("no standards")
            Standards.from_json(data)
        except (ValueError, KeyError, TypeError):
            return False
        # Kept under the county and year it was published for: a county still using its city's
        # figures (or an earlier year's) gets that set under its own key.
        s.merge(
            PublishedStandards(
                county_code=str(d["county_code"]),
                year=int(d["year"]),
                data=data,
                received_at=utc_now(),
            )
        )
        return True

    def _apply_household(self, s: Session, d: dict[str, Any]) -> bool:
        hid, rev = d["id"], int(d["revision"])
        sr = self._sync_record(s, "household", hid)
        sr.server_revision = max(sr.server_revision, rev)
        if self._open_entries(s, "household", hid):
            return False  # this laptop's own edit waits to be pushed; the server decides then
        row = s.get(Household, hid)
        if row is not None and row.revision > rev:
            return False
        if s.get(Division, d["village_code"]) is None:
            # The feed names villages by code only; a placeholder keeps the foreign key whole.
            s.add(Division(code=d["village_code"], name=d["village_code"], level="village"))
            s.flush()
        now = utc_now()
        if row is None:
            row = Household(id=hid, device_updated_at=now)
            s.add(row)
        row.village_code = d["village_code"]
        row.address = d.get("address") or ""
        row.head_name = d.get("head_name") or ""
        row.head_id_number = d.get("head_id_number") or None
        row.phone = d.get("phone") or None
        row.hukou_type = d.get("hukou_type") or None
        row.categories = list(d.get("categories") or [])
        row.origin = "field" if d.get("source") == "device" else "registry"
        row.revision = row.base_revision = rev
        row.server_updated_at = now
        sr.acked_revision = max(sr.acked_revision, rev)
        return True

    def _apply_review(self, s: Session, d: dict[str, Any]) -> bool:
        survey = s.get(Survey, d["survey_id"])
        if survey is None or s.get(ReviewDecision, d["id"]) is not None:
            return False
        s.add(
            ReviewDecision(
                id=d["id"],
                survey_id=d["survey_id"],
                level=d["level"],
                decision=d["decision"],
                comment=d.get("comment") or "",
                pinned={p["path"]: p["comment"] for p in d.get("pinned") or []},
                reviewer=str(d.get("reviewer_id") or ""),
                decided_at=str(d.get("decided_at") or utc_now()),
                revision=1,
            )
        )
        s.flush()
        if d.get("state") == "returned_by_township" and survey.status == "submitted":
            # Editable again; edits chain from the revision the supervisor returned.
            survey.status = "returned"
            survey.base_revision = max(survey.base_revision, int(d.get("survey_revision") or 0))
            audit.append(
                s,
                Actor(user=str(d.get("reviewer_id") or "server"), device="server"),
                "returned",
                "survey",
                survey.id,
                {"review_id": d["id"], "level": d["level"]},
            )
        return True

    # --- push --------------------------------------------------------------------------------------

    def sealed_batches(self) -> list[WireSealed]:
        with self.store.reading() as s:
            rows = s.scalars(select(SealedBatch).order_by(SealedBatch.created_at)).all()
            return [WireSealed(r.batch_id, bytes(r.body), r.record_count) for r in rows]

    def pending_records(self, limit: int) -> list[OutgoingRecord]:
        with self.store.reading() as s:
            entries = s.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.state == "pending")
                .order_by(OutboxEntry.seq)
                .limit(limit)
            ).all()
            in_flight: dict[tuple[str, str], int] = {
                (t, i): int(r or 0)
                for t, i, r in s.execute(
                    select(
                        OutboxEntry.record_type,
                        OutboxEntry.record_id,
                        func.max(OutboxEntry.revision),
                    )
                    .where(OutboxEntry.state == "sealed")
                    .group_by(OutboxEntry.record_type, OutboxEntry.record_id)
                )
            }
            reasons = _reasons_given(s, entries)
            held = cases.held_back(s, entries)
            out: list[OutgoingRecord] = []
            for e in entries:
                if e.seq in held:
                    continue
                key = (e.record_type, e.record_id)
                sr = s.get(SyncRecord, key)
                base = max(e.base_revision, sr.acked_revision if sr else 0, in_flight.get(key, 0))
                in_flight[key] = e.revision
                try:
                    data = wire_data(e.record_type, e.payload)
                except (KeyError, ValueError):
                    data = {}
                why = {
                    path: reason
                    for rev, paths, reason in reasons.get(e.record_id, [])
                    if base < rev <= e.revision
                    for path in paths
                }
                if why and e.record_type == "survey":
                    data["change_reasons"] = why
                out.append(
                    OutgoingRecord(
                        seq=e.seq,
                        wire={
                            "kind": WIRE_KIND.get(e.record_type, e.record_type),
                            "id": e.record_id,
                            "revision": e.revision,
                            "base_revision": min(base, e.revision - 1),
                            "seq": e.seq,
                            "data": data,
                        },
                    )
                )
            return out

    def seal(self, batch_id: str, seqs: Sequence[int], body: bytes) -> None:
        with self.store.transaction() as s:
            s.add(
                SealedBatch(
                    batch_id=batch_id,
                    created_at=utc_now(),
                    body=body,
                    record_count=len(seqs),
                    sends=0,
                )
            )
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.seq.in_(list(seqs)))):
                e.state, e.batch_id = "sealed", batch_id

    def unseal(self, batch_id: str) -> None:
        with self.store.transaction() as s:
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.batch_id == batch_id)):
                if e.state == "sealed":
                    e.state, e.batch_id = "pending", None
            s.execute(delete(SealedBatch).where(SealedBatch.batch_id == batch_id))

    def quarantine(self, seq: int, code: str, message: str) -> None:
        with self.store.transaction() as s:
            e = s.get(OutboxEntry, seq)
            if e is not None:
                e.state = "quarantined"
                e.result = json.dumps(
                    {"status": "rejected", "problems": [{"code": code, "message": message}]},
                    ensure_ascii=False,
                )

    def apply_result(self, result: BatchResult) -> AckSummary:
        bid = str(result.batch_id)
        acked = dups = conflicts = quarantined = 0
        with self.store.transaction() as s:
            entries = {
                e.seq: e for e in s.scalars(select(OutboxEntry).where(OutboxEntry.batch_id == bid))
            }
            for r in result.results:
                e = entries.pop(r.seq, None)
                if e is None or e.record_id != str(r.id):
                    continue  # answered already (the same receipt imported twice)
                if e.record_type == cases.RECORD_TYPE:
                    # A case operation: its answer (a refusal too, which is final) is kept on
                    # the operation and the case, not as an outbox problem.
                    problems = [p.model_dump(mode="json") for p in r.problems]
                    if cases.answered(s, e, r.status, problems):
                        s.delete(e)
                        acked += r.status == "accepted"
                        dups += r.status == "duplicate"
                        acked += r.status == "rejected"  # answered for good
                        continue
                sr = s.get(SyncRecord, (e.record_type, e.record_id))
                if sr is None:
                    sr = SyncRecord(
                        record_type=e.record_type,
                        record_id=e.record_id,
                        created_here=1 if e.base_revision == 0 else 0,
                        acked_revision=0,
                        server_revision=0,
                    )
                    s.add(sr)
                if e.base_revision == 0:
                    # Made on this laptop, even if the feed brought it back before this answer
                    # (a reply lost to a cut, then a pull): the server counts it as ours.
                    sr.created_here = 1
                if r.status in ("accepted", "duplicate"):
                    sr.acked_revision = max(sr.acked_revision, r.revision)
                    sr.server_revision = max(r.server_revision or r.revision, r.revision)
                    self._mark_local(s, e, r.revision, r.short_key)
                    s.delete(e)
                    acked += r.status == "accepted"
                    dups += r.status == "duplicate"
                    continue
                body = r.model_dump(mode="json", include={"status", "server_revision", "problems"})
                e.result = json.dumps(body, ensure_ascii=False)
                if r.status == "conflict":
                    e.state = "conflict"
                    if r.server_revision is not None:
                        sr.server_revision = r.server_revision
                    conflicts += 1
                else:
                    e.state = "quarantined"
                    quarantined += 1
            for e in entries.values():  # not answered: send again in a later batch
                e.state, e.batch_id = "pending", None
            s.execute(delete(SealedBatch).where(SealedBatch.batch_id == bid))
        return AckSummary(acked, dups, conflicts, quarantined)

    def _mark_local(self, s: Session, e: OutboxEntry, revision: int, short_key: str | None) -> None:
        now = utc_now()
        if e.record_type == "survey":
            row = s.get(Survey, e.record_id)
            if row is not None:
                row.base_revision = max(row.base_revision, revision)
                row.server_updated_at = now
                if short_key:
                    row.readable_key = short_key
        elif e.record_type == "household":
            hh = s.get(Household, e.record_id)
            if hh is not None:
                hh.base_revision = max(hh.base_revision, revision)
                hh.server_updated_at = now

    # --- attachments -------------------------------------------------------------------------------

    def pending_uploads(self) -> list[PendingUpload]:
        with self.store.reading() as s:
            rows = s.execute(
                select(Attachment.sha256, func.max(Attachment.size))
                .join(
                    SyncRecord,
                    (SyncRecord.record_type == "attachment")
                    & (SyncRecord.record_id == Attachment.id),
                )
                .join(Survey, Survey.id == Attachment.survey_id)
                .where(
                    SyncRecord.acked_revision > 0,
                    Attachment.uploaded_bytes < Attachment.size,
                    Survey.status != "withdrawn",  # the server no longer wants its photos
                )
                .group_by(Attachment.sha256)
                .order_by(Attachment.sha256)
            ).all()
            found = [PendingUpload(sha, int(size)) for sha, size in rows]
            # Appraisal minutes go first: the meeting that names them waits for them.
            minutes = [PendingUpload(sha, size) for sha, size in cases.pending_files(s)]
            return minutes + found

    def read_attachment(self, sha256: str, offset: int, size: int) -> bytes:
        with self.store.reading() as s:
            minutes = cases.read_file(s, sha256, offset, size)
            if minutes is not None:
                return minutes
            chunk = s.scalar(
                select(func.substr(Attachment.content, offset + 1, size))
                .where(Attachment.sha256 == sha256)
                .limit(1)
            )
            return bytes(chunk or b"")

    def note_uploaded(self, sha256: str, received: int, complete: bool) -> None:
        with self.store.transaction() as s:
            for a in s.scalars(select(Attachment).where(Attachment.sha256 == sha256)):
                a.uploaded_bytes = a.size if complete else min(received, a.size - 1)
            cases.note_file_uploaded(s, sha256, received, complete)

    # --- verification, counts, log -----------------------------------------------------------------

    def local_digest(self) -> dict[str, tuple[int, list[tuple[str, int]]]]:
        out: dict[str, tuple[int, list[tuple[str, int]]]] = {
            k: (0, []) for k in ("household", "survey", "visit", "attachment")
        }
        with self.store.reading() as s:
            rows = s.execute(
                select(
                    SyncRecord.record_type, SyncRecord.record_id, SyncRecord.server_revision
                ).where(SyncRecord.created_here == 1, SyncRecord.server_revision > 0)
            ).all()
        grouped: dict[str, list[tuple[str, int]]] = {}
        for t, i, r in rows:
            kind = WIRE_KIND.get(t, t)
            if kind in out:
                grouped.setdefault(kind, []).append((i, int(r)))
        for kind, pairs in grouped.items():
            out[kind] = (len(pairs), pairs)
        return out

    def outbox_counts(self) -> dict[str, int]:
        with self.store.reading() as s:
            rows = s.execute(
                select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)
            ).all()
        counts = {"pending": 0, "sealed": 0, "conflict": 0, "quarantined": 0}
        counts.update({state: int(n) for state, n in rows})
        return counts

    def write_log(self, report: RoundReport) -> None:
        counts = dict(report.counts)
        for kind in report.diverged:
            counts[f"diverged_{kind}"] = 1
        with self.store.transaction() as s:
            s.add(
                SyncLogEntry(
                    started_at=report.started_at,
                    finished_at=report.finished_at or utc_now(),
                    outcome=report.outcome,
                    via=report.via,
                    counts=counts,
                    error=(report.error or None) and str(report.error)[:200],
                )
            )


# --- what the county published, for the services ------------------------------------------------


def published_form(s: Session, form_id: str, version: int | None = None) -> Form | None:
    """The county's published form (a given version, else the highest), or None if none came."""
    q = select(PublishedForm).where(PublishedForm.form_id == form_id)
    if version is not None:
        q = q.where(PublishedForm.version == version)
    row = s.scalars(q.order_by(PublishedForm.version.desc()).limit(1)).first()
    return form_from_json(row.definition) if row is not None else None


def published_standards(s: Session, county_code: str, year: int) -> Standards | None:
    """The county's published standards in force in `year` (latest year not after it), or None."""
    row = s.scalars(
        select(PublishedStandards)
        .where(PublishedStandards.county_code == county_code, PublishedStandards.year <= year)
        .order_by(PublishedStandards.year.desc())
        .limit(1)
    ).first()
    return Standards.from_json(row.data) if row is not None else None


def assigned_villages(s: Session, campaign_id: str | None = None) -> list[str]:
    """Village codes this laptop's cadre is assigned (in one campaign, or in any)."""
    q = select(Assignment.village_code).distinct()
    if campaign_id is not None:
        q = q.where(Assignment.campaign_id == campaign_id)
    return sorted(str(v) for v in s.scalars(q))
