"""The typed SQLAlchemy models of the laptop's encrypted database.

What a cadre or supervisor holds offline: the division tree, campaigns, households, surveys
(answers as JSON, validated by the form engine), visit outcomes, attachments (photo and signature
bytes stay inside the encrypted database), review decisions, the outbox that sync drains, the sync
cursor and other small state, and the hash-chained audit log.

Records that travel have a UUID made on the device and a revision; `base_revision` is the server
revision an edit started from, so the server can tell a stale edit from a fresh one. Timestamps
are ISO-8601 UTC strings: device clocks are recorded, server times order events.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Division(Base):
    """County → township → village, by statistical division code."""

    __tablename__ = "divisions"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(10))  # county | township | village
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("divisions.code"), index=True)


class Campaign(Base):
    """One three-week round: 年初 (start), 年中 (mid) or 年底 (end) of a year."""

    __tablename__ = "campaigns"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    county_code: Mapped[str] = mapped_column(String(12))
    round: Mapped[str] = mapped_column(String(8))  # start | mid | end
    year: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    # The form new surveys of the campaign start on (None: the bundled household survey).
    form_id: Mapped[str | None] = mapped_column(String(100), default=None)
    form_version: Mapped[int | None] = mapped_column(Integer, default=None)


class Household(Base):
    __tablename__ = "households"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("divisions.code"), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    head_name: Mapped[str] = mapped_column(String(100))
    head_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    phone: Mapped[str | None] = mapped_column(String(20))
    hukou_type: Mapped[str | None] = mapped_column(String(8))  # urban | rural
    categories: Mapped[list[Any]] = mapped_column(default=list)  # from the registry
    origin: Mapped[str] = mapped_column(String(10), default="field")  # registry | field
    revision: Mapped[int] = mapped_column(Integer, default=1)
    base_revision: Mapped[int] = mapped_column(Integer, default=0)
    device_updated_at: Mapped[str] = mapped_column(String(32))
    server_updated_at: Mapped[str | None] = mapped_column(String(32))


class Survey(Base):
    __tablename__ = "surveys"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    base_revision: Mapped[int] = mapped_column(Integer, default=0)
    cadre: Mapped[str] = mapped_column(String(64))
    device_created_at: Mapped[str] = mapped_column(String(32))
    device_updated_at: Mapped[str] = mapped_column(String(32))
    server_updated_at: Mapped[str | None] = mapped_column(String(32))
    readable_key: Mapped[str | None] = mapped_column(String(8))
    # Withdrawn by the county as recorded in error (issue 19; status "withdrawn"): when, why.
    withdrawn_at: Mapped[str | None] = mapped_column(String(32))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)


class VisitOutcome(Base):
    """A visit that ended without a survey: nobody home, refused, moved, household gone."""

    __tablename__ = "visit_outcomes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id"), index=True)
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("campaigns.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    revisit_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")
    cadre: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    device_recorded_at: Mapped[str] = mapped_column(String(32))


class Attachment(Base):
    """A photo or signature, content-addressed; its bytes never leave the encrypted database."""

    __tablename__ = "attachments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_bytes: Mapped[int] = mapped_column(Integer, default=0)


class ReviewDecision(Base):
    __tablename__ = "review_decisions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id"), index=True)
    level: Mapped[str] = mapped_column(String(10))  # township | county
    decision: Mapped[str] = mapped_column(String(10))  # approve | return
    comment: Mapped[str] = mapped_column(Text, default="")
    pinned: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field path -> comment
    reviewer: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[str] = mapped_column(String(32))
    revision: Mapped[int] = mapped_column(Integer, default=1)


class ReviewItem(Base):
    """A survey in a reviewer's scope as the server last sent it: its review state, screening
    flags and computed values, who collected it and when the server received it (issue 7).

    `local_decision` is this laptop's own decision until the server's answer arrives on the feed.
    """

    __tablename__ = "review_items"
    survey_id: Mapped[str] = mapped_column(ForeignKey("surveys.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(24), index=True)
    server_revision: Mapped[int] = mapped_column(Integer)
    short_key: Mapped[str] = mapped_column(String(8))
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    township_code: Mapped[str] = mapped_column(String(12))
    cadre_id: Mapped[str] = mapped_column(String(36))
    cadre_name: Mapped[str] = mapped_column(String(100))
    flags: Mapped[list[Any]] = mapped_column(default=list)
    computed: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[str] = mapped_column(String(32))
    local_decision: Mapped[str | None] = mapped_column(String(10))


class OutboxEntry(Base):
    """One change waiting for the server; `seq` is the device's rising record sequence."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    base_revision: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), default="pending")
    batch_id: Mapped[str | None] = mapped_column(String(36))
    result: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outbox_state_seq", "state", "seq"),)


class SyncState(Base):
    """Small named values: the changes cursor, device id, last sync time."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Append-only and hash-chained: each entry's hash covers the previous entry's hash."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class SealedBatch(Base):
    """A batch whose id and exact bytes are fixed before its first send: retries are identical.

    Deleted when the server's per-record results have been applied to its outbox entries.
    """

    __tablename__ = "sealed_batches"
    batch_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(32))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    record_count: Mapped[int] = mapped_column(Integer)
    sends: Mapped[int] = mapped_column(Integer, default=0)


class SyncRecord(Base):
    """What the server holds of one record, as acknowledged: feeds the post-round digest."""

    __tablename__ = "sync_records"
    record_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_here: Mapped[int] = mapped_column(Integer, default=1)
    acked_revision: Mapped[int] = mapped_column(Integer, default=0)
    server_revision: Mapped[int] = mapped_column(Integer, default=0)


class SyncLogEntry(Base):
    """One sync round as a person or IT reads it: times, counts, error codes; no personal data."""

    __tablename__ = "sync_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[str] = mapped_column(String(32))
    finished_at: Mapped[str] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(20))
    via: Mapped[str] = mapped_column(String(10), default="network")  # network | usb
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(String(200))


class Assignment(Base):
    """A village (or one household) this laptop's cadre is assigned in a campaign (from the feed)."""

    __tablename__ = "assignments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(String(36), index=True)
    village_code: Mapped[str] = mapped_column(String(12))
    household_id: Mapped[str | None] = mapped_column(String(36))


class PublishedForm(Base):
    """A form definition as the county published it (checked by `forms.registry.form_from_json`)."""

    __tablename__ = "published_forms"
    form_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    definition: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[str] = mapped_column(String(32))


class PublishedStandards(Base):
    """A county's assistance standards for a year as published (`forms.standards.Standards`)."""

    __tablename__ = "published_standards"
    county_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[str] = mapped_column(String(32))


# --- cases (issue 14) ------------------------------------------------------------------------------


class CaseRow(Base):
    """A case as the server last sent it (`server_data`, a `sync.cases_wire.CaseWire`) and as this
    laptop shows it (`data`, the same shape): the two differ while `pending` operations of this
    laptop wait for the server's answer; a refusal puts `data` back to `server_data`."""

    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_id: Mapped[str] = mapped_column(String(36), index=True)
    programme: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(24), index=True)
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    township_code: Mapped[str] = mapped_column(String(12))
    server_revision: Mapped[int] = mapped_column(Integer)
    server_data: Mapped[dict[str, Any]] = mapped_column()
    data: Mapped[dict[str, Any]] = mapped_column()
    pending: Mapped[int] = mapped_column(Integer, default=0)
    refusal: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    updated_at: Mapped[str] = mapped_column(String(32))


class PostingRow(Base):
    """A 公示 for one village (`sync.cases_wire.PostingWire`), or one made here not yet sent
    (`server_revision` 0)."""

    __tablename__ = "postings"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    township_code: Mapped[str] = mapped_column(String(12))
    start_date: Mapped[date]
    end_date: Mapped[date]
    window_days: Mapped[int] = mapped_column(Integer)
    case_ids: Mapped[list[Any]] = mapped_column()
    server_revision: Mapped[int] = mapped_column(Integer, default=0)


class CaseOpRow(Base):
    """A case operation this laptop queued, kept after the outbox entry is answered: its state
    (pending | accepted | refused) and the server's refusal (code and params) to show."""

    __tablename__ = "case_ops"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    op: Mapped[str] = mapped_column(String(24))
    case_ids: Mapped[list[Any]] = mapped_column()
    payload: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), index=True)
    problem: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class CaseFile(Base):
    """An appraisal meeting's minutes photo: content-addressed, inside the encrypted database."""

    __tablename__ = "case_files"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_bytes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String(32))


class CaseRules(Base):
    """The county's case rules as published (`forms.caserules` JSON): the newest version only."""

    __tablename__ = "case_rules"
    county_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column()
    received_at: Mapped[str] = mapped_column(String(32))


class RecheckTask(Base):
    """A re-check task from the county's economic-status check (issue 15): what to confirm with
    the household, in words, never the department's row. Kept while open; the server closes it
    when a supervisor explains the flag or the flag stops holding."""

    __tablename__ = "recheck_tasks"
    id: Mapped[str] = mapped_column(String(20), primary_key=True)  # the server's flag id
    household_id: Mapped[str] = mapped_column(String(36), index=True)
    rule: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12))  # open | explained | closed
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    received_at: Mapped[str] = mapped_column(String(32))
