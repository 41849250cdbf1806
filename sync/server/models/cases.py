"""Cases: one household's path through one programme, and what its steps recorded.

`case_file` is the case as it stands now (its step, since when, and the latest of each step's
outcome, copied onto the row so the queue and the ledger read one table); meetings, postings and
objections are their own rows because one meeting or posting serves many cases. `case_op` keeps
every operation applied, by the id the laptop gave it, so a re-sent one is applied once whatever
path it came by. `case_rules` holds each county's published rules versions.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, utcnow


class CaseRulesRow(Base):
    __tablename__ = "case_rules"

    county_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str] = mapped_column(String(100), default="")


class CaseFile(Base):
    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_file_county_step", "county_code", "step", "step_since"),
        Index("ix_case_file_township_step", "township_code", "step", "step_since"),
        Index("ix_case_file_household_programme", "household_id", "programme"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=1)
    household_id: Mapped[uuid.UUID]
    programme: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(10))  # survey | intake
    step: Mapped[str] = mapped_column(String(20))
    step_since: Mapped[date]
    opened_on: Mapped[date]
    village_code: Mapped[str] = mapped_column(String(20), index=True)
    township_code: Mapped[str] = mapped_column(String(12))
    county_code: Mapped[str] = mapped_column(String(12))
    rules_version: Mapped[int]
    survey_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    applicant_name: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    pending_change: Mapped[str | None] = mapped_column(String(10), default=None)
    check_outcome: Mapped[str | None] = mapped_column(String(12), default=None)
    check_note: Mapped[str] = mapped_column(Text, default="")
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    appraisal: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=None)
    proposed_category: Mapped[str] = mapped_column(String(20), default="")
    proposed_monthly_amount: Mapped[str | None] = mapped_column(String(14), default=None)
    posting_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    posting_start: Mapped[date | None] = mapped_column(default=None)
    posting_end: Mapped[date | None] = mapped_column(default=None)
    decision_outcome: Mapped[str | None] = mapped_column(String(10), default=None)
    decided_on: Mapped[date | None] = mapped_column(default=None, index=True)
    decision_level: Mapped[str | None] = mapped_column(String(10), default=None)
    category: Mapped[str] = mapped_column(String(20), default="")
    monthly_amount: Mapped[str | None] = mapped_column(String(14), default=None)
    start_month: Mapped[str | None] = mapped_column(String(7), default=None)
    refusal_reason: Mapped[str] = mapped_column(Text, default="")
    next_recheck_on: Mapped[date | None] = mapped_column(default=None, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseMeeting(Base):
    """A village appraisal meeting (民主评议); the per-case outcomes are on the cases."""

    __tablename__ = "case_meeting"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    village_code: Mapped[str] = mapped_column(String(20), index=True)
    township_code: Mapped[str] = mapped_column(String(12))
    county_code: Mapped[str] = mapped_column(String(12))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    members_present: Mapped[list[str]] = mapped_column(JSONType, default=list)
    minutes_sha256: Mapped[str] = mapped_column(String(64), index=True)
    minutes_size: Mapped[int | None] = mapped_column(default=None)
    minutes_content_type: Mapped[str] = mapped_column(String(100), default="image/jpeg")
    outcomes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    recorded_by: Mapped[uuid.UUID]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CasePosting(Base):
    """A public posting (公示) in one village, from its start date for `window_days` days."""

    __tablename__ = "case_posting"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(default=1)
    village_code: Mapped[str] = mapped_column(String(20), index=True)
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    county_code: Mapped[str] = mapped_column(String(12), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date]
    window_days: Mapped[int]
    case_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    created_by: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CaseObjection(Base):
    """An objection (异议) raised during a posting, and how it was settled."""

    __tablename__ = "case_objection"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    posting_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    received_on: Mapped[date]
    raised_by: Mapped[str] = mapped_column(String(100), default="")
    content: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(10), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    settled_on: Mapped[date | None] = mapped_column(default=None)
    recorded_by: Mapped[uuid.UUID]
    settled_by: Mapped[uuid.UUID | None] = mapped_column(default=None)


class CaseOpLog(Base):
    """Every case operation applied, by its id: the same id again is a duplicate."""

    __tablename__ = "case_op"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    op: Mapped[str] = mapped_column(String(24))
    case_ids: Mapped[list[str]] = mapped_column(JSONType, default=list)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    user_id: Mapped[uuid.UUID]
    device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    applied_on: Mapped[date]
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
