"""The audit trail: every change and every export, with who, which device, when, which request."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, JSONType, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    # Indexed only where a query filters (action, entity_id): every ingested record writes a
    # row here, and indexes on `at` and `user_id` were written per record and never read (0004).
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(40), index=True)
    entity_kind: Mapped[str] = mapped_column(String(20), default="")
    entity_id: Mapped[str] = mapped_column(String(100), default="", index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    request_id: Mapped[str] = mapped_column(String(64), default="")
    # Ids, counts, codes and reasons only: never names, ID numbers, health or income.
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
