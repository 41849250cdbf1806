"""State every node shares: uploads in progress and the counters of rate limits and lockouts.

A request may land on any node at any step, so nothing of this lives in a process: an upload's
chunks are objects in the attachment store, listed here in order; a limit's hits are one row per
(scope, key), updated under its row lock so two nodes never both let the last try through.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow


class UploadPart(Base):
    """One received chunk of an attachment upload, stored at `key` in the attachment store."""

    __tablename__ = "upload_part"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    offset: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int]
    key: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class LimitCounter(Base):
    """Hits of one key in one scope (enrollment codes per address, …) since `window_start`."""

    __tablename__ = "limit_counter"
    __table_args__ = (Index("ix_limit_counter_expires_at", "expires_at"),)

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(default=utcnow)
