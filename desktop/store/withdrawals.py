"""A survey the county withdrew as recorded in error (issue 19), as the changes feed says so.

The cadre's laptop gets a `withdrawal` change for its own survey; a reviewer's laptop gets the
survey again in state "withdrawn" (`review_items.apply_survey`). Either way the survey row keeps
its answers, becomes read-only (status "withdrawn", outside every open status) and holds when
and why. What was still waiting to be sent for it leaves the outbox: the server refuses it
(`survey_withdrawn`), so sending it would only fill the sync log with refusals. Entries already
sealed in a batch are left alone: a sealed batch is resent byte for byte, and the server's
answer for them is kept as a refusal the cadre can read.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.store import audit
from desktop.store.audit import Actor
from desktop.store.models import OutboxEntry, Survey

WITHDRAWN = "withdrawn"
_UNSENT = ("pending", "conflict")


def mark_withdrawn(survey: Survey, at: str, reason: str) -> None:
    survey.status = WITHDRAWN
    survey.withdrawn_at = at
    survey.withdrawn_reason = reason


def withdraw_survey(s: Session, d: dict[str, Any]) -> bool:
    """Apply one `withdrawal` change; False for a survey this laptop does not hold."""
    sid = str(d.get("survey_id") or "")
    survey = s.get(Survey, sid)
    if survey is None:
        return False
    already = survey.status == WITHDRAWN
    mark_withdrawn(survey, str(d.get("withdrawn_at") or ""), str(d.get("reason") or ""))
    if already:
        return True
    s.execute(
        delete(OutboxEntry).where(
            OutboxEntry.record_type == "survey",
            OutboxEntry.record_id == sid,
            OutboxEntry.state.in_(_UNSENT),
        )
    )
    for e in s.scalars(
        select(OutboxEntry).where(
            OutboxEntry.record_type == "attachment", OutboxEntry.state.in_(_UNSENT)
        )
    ):
        if str((e.payload or {}).get("survey_id") or "") == sid:
            s.delete(e)
    audit.append(
        s,
        Actor(user="server", device="server"),
        "withdrawn",
        "survey",
        sid,
        {"reason": survey.withdrawn_reason or ""},
    )
    return True
