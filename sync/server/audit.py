"""Writing the audit trail: one row per change or export, inside the transaction that made it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from .ingest.bulk import insert_rows
from .models import AuditEvent, utcnow


def audit(
    session: Session,
    action: str,
    *,
    entity_kind: str = "",
    entity_id: str | uuid.UUID = "",
    user_id: uuid.UUID | None = None,
    device_id: uuid.UUID | None = None,
    request_id: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    audit_many(
        session,
        [
            {
                "action": action,
                "entity_kind": entity_kind,
                "entity_id": str(entity_id),
                "user_id": user_id,
                "device_id": device_id,
                "request_id": request_id,
                "detail": detail or {},
            }
        ],
    )


def audit_many(session: Session, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    now = utcnow()
    for row in rows:
        row.setdefault("at", now)
        row.setdefault("detail", {})
        row.setdefault("entity_kind", "")
        row.setdefault("entity_id", "")
        row.setdefault("request_id", "")
    insert_rows(session, AuditEvent, rows)
