"""The economic-status check's tables: department extracts, what households declared, findings,
flags.

An extract (`registry_extract`) is one department file taken whole, with its rows
(`registry_row`, keyed by extract and line, carrying the normalized ID number and the few fields
the check reads). What arrives from surveys is kept apart from the survey's JSON answers in
three narrow tables so matching is a join, never a walk of answers: the household's latest
survey with its consent (`registry_subject`), one row per member's ID number
(`registry_member`), and the declared answers rules compare with (`registry_declared`, one row
per chosen value or amount). A finding (`registry_finding`) is one extract row matched to one
member; a flag (`registry_flag`) is one rule holding for one household, kept while it holds and
closed (not deleted) when it stops, so a laptop's re-check task can be withdrawn.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_uuid, utcnow

FlagId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite numbers only INTEGER keys
Money = Numeric(14, 2)


class RegistryExtract(Base):
    __tablename__ = "registry_extract"
    __table_args__ = (Index("ix_registry_extract_county_source", "county_code", "source"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    county_code: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(30))
    definition_version: Mapped[int]
    extracted_on: Mapped[date]  # the department's extract date (retention counts from it)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    file_sha256: Mapped[str] = mapped_column(String(64))
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_kept: Mapped[int] = mapped_column(default=0)
    rows_blank: Mapped[int] = mapped_column(default=0)
    # current | replaced (a newer extract of the source came) | purged (past retention)
    state: Mapped[str] = mapped_column(String(10), default="current")
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class RegistryRow(Base):
    __tablename__ = "registry_row"
    __table_args__ = (Index("ix_registry_row_id_number", "id_number"),)

    extract_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    line: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    county_code: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(30))
    id_number: Mapped[str] = mapped_column(String(18))
    kind: Mapped[str] = mapped_column(String(40))
    on_date: Mapped[date | None] = mapped_column(default=None)
    amount: Mapped[Decimal | None] = mapped_column(Money, default=None)
    village_code: Mapped[str | None] = mapped_column(String(20), default=None)


class RegistrySubject(Base):
    """A household as the check sees it: its latest completed survey and the consent in it."""

    __tablename__ = "registry_subject"
    __table_args__ = (Index("ix_registry_subject_county", "county_code", "consent"),)

    household_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    survey_id: Mapped[uuid.UUID]
    campaign_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    cadre_id: Mapped[uuid.UUID]
    consent: Mapped[bool]
    village_code: Mapped[str] = mapped_column(String(20), index=True)
    township_code: Mapped[str] = mapped_column(String(12), index=True)
    county_code: Mapped[str] = mapped_column(String(12))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class RegistryMember(Base):
    __tablename__ = "registry_member"
    __table_args__ = (Index("ix_registry_member_id_number", "id_number"),)

    household_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    member_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id_number: Mapped[str] = mapped_column(String(18))


class RegistryDeclared(Base):
    __tablename__ = "registry_declared"

    household_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(40), primary_key=True)  # a choice, or "" for amounts
    amount: Mapped[Decimal | None] = mapped_column(Money, default=None)


class RegistryFinding(Base):
    # No index besides the key: an import writes a source's findings anew (a million or more at
    # city scale), and an index on extract_id (read only when an extract is replaced or purged,
    # where a scan will do) made those inserts a third slower (bench/registry.py).
    __tablename__ = "registry_finding"

    household_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    extract_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    line: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    member_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(40))
    on_date: Mapped[date | None] = mapped_column(default=None)
    amount: Mapped[Decimal | None] = mapped_column(Money, default=None)


class RegistryFlag(Base):
    __tablename__ = "registry_flag"
    __table_args__ = (
        UniqueConstraint("household_id", "rule"),
        Index("ix_registry_flag_scope", "county_code", "township_code", "active"),
    )

    id: Mapped[int] = mapped_column(FlagId, primary_key=True, autoincrement=True)
    household_id: Mapped[uuid.UUID]
    rule: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)
    # what the findings add up to (numbers and kinds only): the task text is made from these
    hits: Mapped[int] = mapped_column(default=0)
    first_date: Mapped[date | None] = mapped_column(default=None)
    kind: Mapped[str] = mapped_column(String(40), default="")
    amount: Mapped[Decimal | None] = mapped_column(Money, default=None)
    declared_amount: Mapped[Decimal | None] = mapped_column(Money, default=None)
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    # when a match last opened the flag or changed its numbers (one that holds as it did is
    # not rewritten)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    explained_reason: Mapped[str] = mapped_column(Text, default="")
    explained_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    explained_at: Mapped[datetime | None] = mapped_column(default=None)
    cadre_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    village_code: Mapped[str] = mapped_column(String(20))
    township_code: Mapped[str] = mapped_column(String(12))
    county_code: Mapped[str] = mapped_column(String(12))
