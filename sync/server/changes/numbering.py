"""Numbering changes inside the writing transaction, under the lock of one counter row.

`UPDATE change_counter SET value = value + n ... RETURNING value` takes the row lock and holds it
until the writing transaction commits, so the next writer gets its numbers only after this one is
visible: change numbers follow commit order and a reader can never see N+1 before N. (A
PostgreSQL sequence would hand out numbers at once and commit them in any order.) Take the
counter last in a transaction, after any other row locks, to keep one lock order everywhere.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..ingest.bulk import insert_rows
from ..models import Change, utcnow


@dataclass(frozen=True)
class NewChange:
    kind: str
    entity_id: str
    county_code: str
    township_code: str | None = None
    village_code: str | None = None
    user_id: uuid.UUID | None = None
    origin_device_id: uuid.UUID | None = None  # not fed back to the device that wrote it


def emit(session: Session, changes: list[NewChange]) -> list[int]:
    if not changes:
        return []
    top = session.execute(
        text("UPDATE change_counter SET value = value + :n WHERE id = 1 RETURNING value"),
        {"n": len(changes)},
    ).scalar_one()
    first = int(top) - len(changes) + 1
    now = utcnow()
    rows = [
        {
            "seq": first + i,
            "kind": c.kind,
            "entity_id": c.entity_id,
            "county_code": c.county_code,
            "township_code": c.township_code,
            "village_code": c.village_code,
            "user_id": c.user_id,
            "origin_device_id": c.origin_device_id,
            "created_at": now,
        }
        for i, c in enumerate(changes)
    ]
    insert_rows(session, Change, rows)
    return [first + i for i in range(len(rows))]
