"""Spent request nonces: every signed device request's nonce, kept while its window is open.

A request is accepted once: its nonce is inserted here in the same database every node uses, so
a copy sent again, to this node or another, meets the primary key and is refused. A row is of
no use once its timestamp is outside the window (the timestamp check refuses the copy then), so
rows past `expires_at` are pruned.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class RequestNonce(Base):
    __tablename__ = "request_nonce"
    __table_args__ = (Index("ix_request_nonce_expires_at", "expires_at"),)

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    signed_at: Mapped[datetime]
    seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
