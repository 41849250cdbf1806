"""Campaigns, assignments of villages or households to cadres, form definitions and standards."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, new_uuid, utcnow


class Campaign(Base):
    __tablename__ = "campaign"
    __table_args__ = (UniqueConstraint("county_code", "year", "round"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    year: Mapped[int]
    round: Mapped[str] = mapped_column(String(10))  # start | mid | end
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Assignment(Base):
    __tablename__ = "assignment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    campaign_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("campaign.id"), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    village_code: Mapped[str] = mapped_column(ForeignKey("village.code"), index=True)
    household_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # A household assigned because its case is due for re-check this round (issue 14).
    case_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FormDefinition(Base):
    __tablename__ = "form_definition"

    form_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StandardsRow(Base):
    __tablename__ = "standards"

    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
