"""People, their scope, their enrolled devices and the one-time codes that enroll them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, new_uuid, utcnow


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(20))  # cadre | supervisor | county_admin
    county_code: Mapped[str] = mapped_column(ForeignKey("county.code"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled: Mapped[bool] = mapped_column(default=False)


class UserScope(Base):
    """One division a user may see: village codes for cadres, a township or county otherwise."""

    __tablename__ = "user_scope"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), primary_key=True)  # village|township|county
    code: Mapped[str] = mapped_column(String(20), primary_key=True)


class Device(Base):
    __tablename__ = "device"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    app_version: Mapped[str] = mapped_column(String(40), default="")
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    last_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    # Highest record sequence number received with no gap below it.
    seq_contiguous: Mapped[int] = mapped_column(default=0)


class DeviceSeq(Base):
    """Sequence numbers received above the contiguous mark (a gap is still open below them)."""

    __tablename__ = "device_seq"

    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_code"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
