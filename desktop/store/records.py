"""Saving the records that travel: each save writes the record, its outbox entry and its audit
entry in the caller's transaction, so none of the three exists without the others.

Inputs are frozen dataclasses; the services build them and never hand ORM objects to the UI.
A submitted survey is read-only here until a supervisor's return reaches the laptop.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.store import audit, outbox
from desktop.store.audit import Actor, utc_now
from desktop.store.models import Household, ReviewDecision, Survey, VisitOutcome

EDITABLE_STATUSES = frozenset({"draft", "completed", "returned"})


class ReadOnlyRecordError(Exception):
    """The record cannot be changed in its current state."""


@dataclass(frozen=True)
class HouseholdData:
    id: str
    village_code: str
    head_name: str
    address: str = ""
    head_id_number: str | None = None
    phone: str | None = None
    hukou_type: str | None = None
    categories: tuple[str, ...] = ()
    origin: str = "field"


@dataclass(frozen=True)
class SurveyData:
    id: str
    household_id: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    status: str = "draft"
    campaign_id: str | None = None


@dataclass(frozen=True)
class VisitOutcomeData:
    id: str
    household_id: str
    outcome: str
    revisit_on: date | None = None
    note: str = ""
    campaign_id: str | None = None


@dataclass(frozen=True)
class ReviewDecisionData:
    id: str
    survey_id: str
    level: str
    decision: str
    comment: str = ""
    pinned: dict[str, str] = field(default_factory=dict)


def _changed(row: Any, values: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in values.items() if getattr(row, k) != v)


def save_household(session: Session, actor: Actor, data: HouseholdData) -> int:
    values = asdict(data)
    values["categories"] = list(data.categories)
    row = session.get(Household, data.id)
    if row is None:
        row = Household(**values, revision=1, base_revision=0, device_updated_at=utc_now())
        session.add(row)
        action, changed = "create", sorted(values)
    else:
        changed = _changed(row, values)
        for k, v in values.items():
            setattr(row, k, v)
        row.revision += 1
        row.device_updated_at = utc_now()
        action = "update"
    payload = {**values, "revision": row.revision, "device_updated_at": row.device_updated_at}
    outbox.enqueue(session, "household", row.id, row.revision, row.base_revision, payload)
    audit.append(
        session, actor, action, "household", row.id, {"revision": row.revision, "fields": changed}
    )
    return row.revision


def save_survey(session: Session, actor: Actor, data: SurveyData, reason: str | None = None) -> int:
    """Save a survey; `reason` is recorded with the change (required after a return)."""
    row = session.get(Survey, data.id)
    now = utc_now()
    if row is None:
        row = Survey(
            id=data.id,
            household_id=data.household_id,
            campaign_id=data.campaign_id,
            form_id=data.form_id,
            form_version=data.form_version,
            answers=data.answers,
            status=data.status,
            revision=1,
            base_revision=0,
            cadre=actor.user,
            device_created_at=now,
            device_updated_at=now,
        )
        session.add(row)
        action, changed = "create", sorted(data.answers)
    else:
        if row.status not in EDITABLE_STATUSES:
            raise ReadOnlyRecordError(
                f"Survey is {row.status} and read-only until a supervisor returns it."
            )
        changed = sorted(
            k
            for k in set(row.answers) | set(data.answers)
            if row.answers.get(k) != data.answers.get(k)
        )
        if row.status == "returned" and changed and not reason:
            raise ReadOnlyRecordError("A change to a returned survey needs a reason.")
        row.answers = data.answers
        row.status = data.status
        row.form_version = data.form_version
        row.revision += 1
        row.device_updated_at = now
        action = "update" if row.status == "draft" else row.status
    payload = {
        "id": row.id,
        "household_id": row.household_id,
        "campaign_id": row.campaign_id,
        "form_id": row.form_id,
        "form_version": row.form_version,
        "answers": row.answers,
        "status": row.status,
        "cadre": row.cadre,
        "revision": row.revision,
        "device_created_at": row.device_created_at,
        "device_updated_at": row.device_updated_at,
    }
    outbox.enqueue(session, "survey", row.id, row.revision, row.base_revision, payload)
    detail: dict[str, Any] = {"revision": row.revision, "status": row.status, "fields": changed}
    if reason:
        detail["reason"] = reason
    audit.append(session, actor, action, "survey", row.id, detail)
    return row.revision


def save_visit_outcome(session: Session, actor: Actor, data: VisitOutcomeData) -> int:
    row = session.get(VisitOutcome, data.id)
    if row is None:
        row = VisitOutcome(
            id=data.id,
            household_id=data.household_id,
            campaign_id=data.campaign_id,
            outcome=data.outcome,
            revisit_on=data.revisit_on,
            note=data.note,
            cadre=actor.user,
            revision=1,
            device_recorded_at=utc_now(),
        )
        session.add(row)
    else:
        row.outcome, row.revisit_on, row.note = data.outcome, data.revisit_on, data.note
        row.revision += 1
    payload = {
        "id": row.id,
        "household_id": row.household_id,
        "campaign_id": row.campaign_id,
        "outcome": row.outcome,
        "revisit_on": row.revisit_on.isoformat() if row.revisit_on else None,
        "note": row.note,
        "cadre": row.cadre,
        "revision": row.revision,
        "device_recorded_at": row.device_recorded_at,
    }
    outbox.enqueue(session, "visit_outcome", row.id, row.revision, 0, payload)
    audit.append(session, actor, "visit", "visit_outcome", row.id, {"outcome": row.outcome})
    return row.revision


def save_review_decision(session: Session, actor: Actor, data: ReviewDecisionData) -> int:
    if data.decision == "return" and not data.comment.strip():
        raise ValueError("A return needs a comment for the cadre.")
    row = ReviewDecision(
        id=data.id,
        survey_id=data.survey_id,
        level=data.level,
        decision=data.decision,
        comment=data.comment,
        pinned=dict(data.pinned),
        reviewer=actor.user,
        decided_at=utc_now(),
        revision=1,
    )
    session.add(row)
    payload = {
        "id": row.id,
        "survey_id": row.survey_id,
        "level": row.level,
        "decision": row.decision,
        "comment": row.comment,
        "pinned": row.pinned,
        "reviewer": row.reviewer,
        "decided_at": row.decided_at,
        "revision": 1,
    }
    outbox.enqueue(session, "review_decision", row.id, 1, 0, payload)
    audit.append(
        session, actor, data.decision, "review_decision", row.id, {"survey_id": data.survey_id}
    )
    return 1
