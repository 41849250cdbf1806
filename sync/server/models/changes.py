"""The changes feed: one counter row numbered under a lock, so numbers follow commit order."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ChangeCounter(Base):
    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Change(Base):
    __tablename__ = "change"
    __table_args__ = (Index("ix_change_scope", "county_code", "seq"),)

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(100))
    county_code: Mapped[str] = mapped_column(String(12))
    township_code: Mapped[str | None] = mapped_column(String(12), default=None)
    village_code: Mapped[str | None] = mapped_column(String(20), default=None)
    user_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # only this user sees it
    # The device whose batch made this change: the feed does not send it back to that device.
    origin_device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ServerMeta(Base):
    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
