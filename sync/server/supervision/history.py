"""A household's history from the server's audit trail: who recorded, changed, submitted,
reviewed and exported what, when, on which device (issue 7, "Audit view").

The household and its surveys, visits and reviews are found first (in the caller's scope, or
404); then every audit event about any of them, oldest first, with the user's name and the
device id. Versions received are listed from `record_version` too, since a batch's audit event
names the batch rather than each record.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import ApiError
from ..models import AuditEvent, Household, RecordVersion, Review, Survey, User, Visit
from ..scope import Caller


def household_history(
    session: Session, caller: Caller, household_id: uuid.UUID
) -> list[dict[str, Any]]:
    h = session.get(Household, household_id)
    if h is None or not caller.scope.contains(h.village_code, h.township_code, h.county_code):
        raise ApiError(404, "not_found", "No such household in your scope.")
    surveys = list(session.scalars(select(Survey.id).where(Survey.household_id == h.id)))
    visits = list(session.scalars(select(Visit.id).where(Visit.household_id == h.id)))
    reviews = list(
        session.scalars(select(Review.id).where(Review.survey_id.in_(surveys))) if surveys else []
    )
    ids = [str(i) for i in [h.id, *surveys, *visits, *reviews]]
    campaigns = {
        str(c)
        for c in session.scalars(select(Survey.campaign_id).where(Survey.household_id == h.id))
    }
    # Exports are recorded per campaign: the ones that covered this household's surveys count.
    exported = (AuditEvent.action.like("export.%")) & AuditEvent.entity_id.in_(
        sorted(campaigns | {""})
    )
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_id.in_(ids) | exported)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    versions = session.scalars(
        select(RecordVersion)
        .where(RecordVersion.record_id.in_([h.id, *surveys, *visits]))
        .order_by(RecordVersion.received_at, RecordVersion.id)
    ).all()
    user_ids = {e.user_id for e in events if e.user_id} | {v.user_id for v in versions}
    names = {
        u.id: u.display_name or u.username
        for u in session.scalars(select(User).where(User.id.in_(user_ids)))
    }
    rows: list[dict[str, Any]] = [
        {
            "at": v.received_at.isoformat(),
            "action": f"{v.kind}.received" if v.status == "accepted" else f"{v.kind}.conflict",
            "entity_kind": v.kind,
            "entity_id": str(v.record_id),
            "user": names.get(v.user_id, str(v.user_id)),
            "device_id": str(v.device_id),
            "detail": {"revision": v.revision, "status": v.payload.get("status")}
            if isinstance(v.payload, dict)
            else {"revision": v.revision},
        }
        for v in versions
    ]
    rows += [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "entity_kind": e.entity_kind,
            "entity_id": e.entity_id,
            "user": names.get(e.user_id, str(e.user_id)) if e.user_id else "",
            "device_id": str(e.device_id) if e.device_id else "",
            "detail": {
                k: v for k, v in (e.detail or {}).items() if k in ("level", "state", "review_id")
            },
        }
        for e in events
    ]
    return sorted(rows, key=lambda r: r["at"])
