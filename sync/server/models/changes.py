"""The changes feed: one counter row numbered under a lock, so numbers follow commit order."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class ChangeCounter(Base):
    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


COUNTY_WIDE = "village_code IS NULL AND township_code IS NULL AND user_id IS NULL"


class Change(Base):
    __tablename__ = "change"
    # The feed reads one scope at a time in seq order: each way a row can be visible has its
    # own (column, seq) index, so a page is a short ordered index range, never a walk of the
    # whole table (migration 0003). County-wide rows (forms, standards, campaigns) are few: a
    # partial index keeps them apart from the county's many village rows.
    __table_args__ = (
        Index("ix_change_scope", "county_code", "seq"),
        Index("ix_change_village_seq", "village_code", "seq"),
        Index("ix_change_township_seq", "township_code", "seq"),
        Index(
            "ix_change_user_seq",
            "user_id",
            "seq",
            postgresql_where=text("user_id IS NOT NULL"),
            sqlite_where=text("user_id IS NOT NULL"),
        ),
        Index(
            "ix_change_county_wide",
            "county_code",
            "seq",
            postgresql_where=text(COUNTY_WIDE),
            sqlite_where=text(COUNTY_WIDE),
        ),
    )

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
