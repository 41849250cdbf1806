"""The records devices send: households, surveys, visits, reviews, attachment references.

Each current record carries its revision; every version ever received (accepted or in
conflict) is kept in `record_version`, so a conflict never loses what a cadre typed.
Geography (village, township, county) is copied onto each row so scope checks are a plain
filter in the query.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, new_uuid, utcnow


class _Geo:
    village_code: Mapped[str] = mapped_column(String(20), index=True)
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    county_code: Mapped[str] = mapped_column(String(12), index=True)


class Household(_Geo, Base):
    __tablename__ = "household"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    revision: Mapped[int] = mapped_column(default=1)
    address: Mapped[str] = mapped_column(String(500), default="")
    head_name: Mapped[str] = mapped_column(String(100), default="")
    head_id_number: Mapped[str] = mapped_column(String(18), default="", index=True)
    phone: Mapped[str] = mapped_column(String(30), default="")
    hukou_type: Mapped[str] = mapped_column(String(10), default="")
    categories: Mapped[list[str]] = mapped_column(JSONType, default=list)
    source: Mapped[str] = mapped_column(String(20), default="device")  # registry | device
    created_by_device: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Survey(_Geo, Base):
    __tablename__ = "survey"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    short_key: Mapped[str] = mapped_column(String(8), unique=True)
    household_id: Mapped[uuid.UUID] = mapped_column(index=True)
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[int]
    revision: Mapped[int]
    status: Mapped[str] = mapped_column(String(12))  # draft | completed | submitted (device)
    state: Mapped[str | None] = mapped_column(String(24), default=None, index=True)  # review
    answers: Mapped[dict[str, Any]] = mapped_column(JSONType)
    computed: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    flags: Mapped[list[str]] = mapped_column(JSONType, default=list)
    cadre_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_by_device: Mapped[uuid.UUID] = mapped_column(index=True)
    device_created_at: Mapped[datetime | None] = mapped_column(default=None)
    device_submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Withdrawn by county IT as recorded in error (`admin withdraw-survey`, migration 0012):
    # `state` is then "withdrawn" and the row is kept for the audit trail, but it leaves every
    # queue, report and check. Reads that count surveys filter on `withdrawn_at IS NULL`.
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)


class Visit(_Geo, Base):
    __tablename__ = "visit"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    household_id: Mapped[uuid.UUID] = mapped_column(index=True)
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    revision: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(20))
    visited_on: Mapped[date | None] = mapped_column(default=None)
    revisit_date: Mapped[date | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    cadre_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_by_device: Mapped[uuid.UUID] = mapped_column(index=True)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class Review(_Geo, Base):
    __tablename__ = "review"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey.id"), index=True)
    survey_revision: Mapped[int]
    level: Mapped[str] = mapped_column(String(10))  # township | county
    decision: Mapped[str] = mapped_column(String(10))  # approve | return
    state_after: Mapped[str] = mapped_column(String(24))
    comment: Mapped[str] = mapped_column(Text, default="")
    pinned: Mapped[list[dict[str, str]]] = mapped_column(JSONType, default=list)
    reviewer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


class AttachmentRef(Base):
    __tablename__ = "attachment_ref"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    survey_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("survey.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    content_type: Mapped[str] = mapped_column(String(100))
    revision: Mapped[int]
    created_by_device: Mapped[uuid.UUID] = mapped_column(index=True)


class AttachmentBlob(Base):
    """An attachment's bytes on disk: complete once the hash matched."""

    __tablename__ = "attachment_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    content_type: Mapped[str] = mapped_column(String(100))
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordVersion(Base):
    """Every version received, accepted or conflicting, with the batch that brought it."""

    __tablename__ = "record_version"
    __table_args__ = (Index("ix_record_version_record", "record_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    record_id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(12))
    revision: Mapped[int]
    base_revision: Mapped[int]
    status: Mapped[str] = mapped_column(String(10))  # accepted | conflict
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # No index on device_id or batch_id: nothing reads by them, and every record writes a row
    # here (migration 0004).
    device_id: Mapped[uuid.UUID]
    user_id: Mapped[uuid.UUID]
    batch_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class BatchReceipt(Base):
    """A batch's stored result, kept for the whole campaign so any retry gets the same reply."""

    __tablename__ = "batch"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"), index=True)
    body_sha256: Mapped[str] = mapped_column(String(64))
    record_count: Mapped[int]
    result: Mapped[dict[str, Any]] = mapped_column(JSONType)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
