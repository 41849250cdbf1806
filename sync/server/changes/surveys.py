"""Surveys on the supervisors' feed: what a reviewer's laptop needs to hold its queue offline.

A survey goes on the feed when it is submitted (first time or again after a return); later state
changes travel as `review` changes, which carry the state after the decision. Only supervisors
and county admins receive `survey` changes; cadres hold their own surveys already.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Household, Survey, User


def survey_feed_json(s: Survey, h: Household | None, cadre: User | None) -> dict[str, Any]:
    return {
        "id": str(s.id),
        "revision": s.revision,
        "short_key": s.short_key,
        "household_id": str(s.household_id),
        "campaign_id": str(s.campaign_id) if s.campaign_id else None,
        "form_id": s.form_id,
        "form_version": s.form_version,
        "status": s.status,
        "state": s.state,
        "answers": s.answers,
        "computed": s.computed,
        "flags": list(s.flags or []),
        "cadre_id": str(s.cadre_id),
        "cadre_name": (cadre.display_name or cadre.username) if cadre else "",
        "village_code": s.village_code,
        "township_code": s.township_code,
        "county_code": s.county_code,
        "received_at": s.received_at.isoformat(),
        "updated_at": s.updated_at.isoformat(),
        # state "withdrawn" (admin withdraw-survey): the reviewer's copy leaves the queue
        "withdrawn_at": s.withdrawn_at.isoformat() if s.withdrawn_at else None,
        "withdrawn_reason": s.withdrawn_reason or "",
        # Enough of the household that the laptop can hold the survey even if the household's own
        # change has not arrived yet (it follows on the same feed).
        "household": {
            "village_code": h.village_code,
            "address": h.address,
            "head_name": h.head_name,
            "revision": h.revision,
        }
        if h is not None
        else None,
    }


def load_withdrawals(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    """What the cadre's laptop needs to mark its own survey withdrawn: which, when and why."""
    rows = session.execute(
        select(Survey.id, Survey.short_key, Survey.withdrawn_at, Survey.withdrawn_reason).where(
            Survey.id.in_([uuid.UUID(i) for i in ids]), Survey.withdrawn_at.is_not(None)
        )
    ).all()
    return {
        str(sid): {
            "survey_id": str(sid),
            "short_key": key,
            "withdrawn_at": at.isoformat(),
            "reason": reason or "",
        }
        for sid, key, at, reason in rows
        if at is not None
    }


def load_surveys(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = session.scalars(select(Survey).where(Survey.id.in_([uuid.UUID(i) for i in ids]))).all()
    hh_ids = {s.household_id for s in rows}
    households = {
        h.id: h for h in session.scalars(select(Household).where(Household.id.in_(hh_ids)))
    }
    user_ids = {s.cadre_id for s in rows}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
    return {
        str(s.id): survey_feed_json(s, households.get(s.household_id), users.get(s.cadre_id))
        for s in rows
        # Drafts being corrected after a return are the cadre's business until resubmitted.
        if s.state is not None
    }
