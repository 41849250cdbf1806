"""Withdrawing a survey recorded in error (issue 19): the service behind `admin withdraw-survey`.

A withdrawn survey is kept (the audit trail and a data-subject answer still find it) but leaves
everything that acts on it: its `state` becomes "withdrawn", so the review queues, spot checks
and review decisions pass it by, and reports filter `withdrawn_at IS NULL`. Inside the same
transaction the economic-status check forgets it (the household's subject rows are rebuilt from
its other latest survey, or removed with their findings, and open flags that no longer hold are
closed, which withdraws the cadre's re-check tasks), and the feed tells the cadre's laptops (a
`withdrawal` change for that user only) and the reviewers' laptops (the survey again, in its
withdrawn state). A later batch carrying the survey is refused with `survey_withdrawn`
(`ingest.records`), so nothing resurrects it.

Cases: a survey on which an open case rests is refused, whatever the case's step: the case was
opened and perhaps worked on the strength of this survey, and ending it is a case decision with
its own record (the case's exit or refusal), not a side effect of a correction. Once the case is
closed the survey can be withdrawn.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sync.cases_wire import CLOSED_STEPS

from ..audit import audit
from ..changes.numbering import NewChange, emit
from ..models import (
    CaseFile,
    RegistryDeclared,
    RegistryExtract,
    RegistryFinding,
    RegistryFlag,
    RegistryMember,
    RegistrySubject,
    Survey,
    utcnow,
)
from .common import AdminError

WITHDRAWN = "withdrawn"
REASON_MAX = 1000


@dataclass(frozen=True)
class Withdrawal:
    survey_id: uuid.UUID
    short_key: str
    state_before: str | None
    withdrawn_at: datetime
    reason: str
    already: bool = False  # withdrawn before this call: nothing was changed
    flags_closed: int = 0


def find_survey(session: Session, key: str, county: str | None) -> Survey:
    """A survey by its UUID or its 8-digit short key, locked for the change."""
    text = key.strip()
    stmt = select(Survey).with_for_update()
    if text.isdigit() and len(text) == 8:
        stmt = stmt.where(Survey.short_key == text)
    else:
        try:
            stmt = stmt.where(Survey.id == uuid.UUID(text))
        except ValueError:
            raise AdminError(
                f"{key!r} is neither a survey id (UUID) nor a short key (8 digits)"
            ) from None
    survey = session.scalar(stmt)
    if survey is None or (county is not None and survey.county_code != county):
        where = f" in county {county}" if county is not None else ""
        raise AdminError(f"no survey {text}{where} on this server")
    return survey


def check_reason(reason: str | None) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise AdminError("give the reason for withdrawing with --reason (it is kept in the audit)")
    if len(text) > REASON_MAX:
        raise AdminError(f"the reason is {len(text)} characters; keep it under {REASON_MAX}")
    return text


def withdraw_survey(
    session: Session, key: str, reason: str | None, actor: str, county: str | None = None
) -> Withdrawal:
    """Withdraw one survey in its own transaction; a refusal changes nothing."""
    text = check_reason(reason)
    with session.begin():
        survey = find_survey(session, key, county)
        if survey.withdrawn_at is not None:
            return Withdrawal(
                survey.id,
                survey.short_key,
                WITHDRAWN,
                survey.withdrawn_at,
                survey.withdrawn_reason or "",
                already=True,
            )
        _refuse_open_cases(session, survey)
        now = utcnow()
        before = survey.state
        survey.state = WITHDRAWN
        survey.withdrawn_at = now
        survey.withdrawn_reason = text
        survey.updated_at = now
        session.flush()
        changes, closed = _leave_registry_check(session, survey, now)
        audit(
            session,
            "survey.withdraw",
            entity_kind="survey",
            entity_id=survey.id,
            # ids and the reason only: the survey's answers never go into the audit
            detail={
                "actor": actor,
                "short_key": survey.short_key,
                "state_before": before,
                "reason": text,
                "flags_closed": closed,
            },
        )
        geo = (survey.county_code, survey.township_code, survey.village_code)
        changes += [
            # the cadre who holds it, on each of their laptops (a user's change is theirs alone)
            NewChange("withdrawal", str(survey.id), *geo, user_id=survey.cadre_id),
            # reviewers in scope hold a copy for their queue: send it again, withdrawn
            NewChange("survey", str(survey.id), *geo),
        ]
        emit(session, changes)  # the change counter last, as everywhere
        return Withdrawal(survey.id, survey.short_key, before, now, text, flags_closed=closed)


def _refuse_open_cases(session: Session, survey: Survey) -> None:
    cases = session.execute(
        select(CaseFile.id, CaseFile.programme, CaseFile.step)
        .where(CaseFile.survey_id == survey.id, CaseFile.step.not_in(sorted(CLOSED_STEPS)))
        .order_by(CaseFile.id)
    ).all()
    if cases:
        raise AdminError(
            f"survey {survey.short_key} is the evidence of an open case: end the case first "
            "with its exit (退出) or refusal, then withdraw the survey; nothing was changed",
            [f"case {cid} ({programme}, at step {step})" for cid, programme, step in cases],
        )


def _leave_registry_check(
    session: Session, survey: Survey, now: datetime
) -> tuple[list[NewChange], int]:
    """Take the survey out of the economic-status check; the recheck changes and flags closed.

    The check holds one subject per household: the household's latest survey. When that is the
    withdrawn one, the subject is rebuilt from the latest survey still standing, or removed with
    its members, declared answers and findings when none is left, and the flags are matched
    again (or closed), so no finding or re-check task rests on the withdrawn answers."""
    from ..registry.matching import recheck_change
    from ..registry.subjects import facts_of, record_surveys

    subject = session.get(RegistrySubject, survey.household_id)
    if subject is None or subject.survey_id != survey.id:
        return [], 0
    hid = survey.household_id
    other = session.scalar(
        select(Survey)
        .where(
            Survey.household_id == hid,
            Survey.id != survey.id,
            Survey.withdrawn_at.is_(None),
        )
        .order_by(Survey.updated_at.desc(), Survey.id)
        .limit(1)
    )
    if other is not None:
        record_surveys(session, facts_of([other]), now)
        return _match_household(session, other.county_code, hid)
    for model in (RegistryFinding, RegistrySubject, RegistryMember, RegistryDeclared):
        session.execute(delete(model).where(model.household_id == hid))
    f = RegistryFlag
    closing = session.execute(
        select(f.id, f.cadre_id, f.county_code, f.township_code, f.village_code).where(
            f.household_id == hid, f.active.is_(True)
        )
    ).all()
    if closing:
        session.execute(
            update(f)
            .where(f.household_id == hid, f.active.is_(True))
            .values(active=False, closed_at=now)
            .execution_options(synchronize_session=False)
        )
    changes = [recheck_change(fid, cadre, cty, town, vil) for fid, cadre, cty, town, vil in closing]
    return changes, len(closing)


def _match_household(
    session: Session, county: str, household_id: uuid.UUID
) -> tuple[list[NewChange], int]:
    from forms.registry_check import CheckDefinitionError, load_check

    from ..registry.matching import match

    has_extracts = session.scalar(
        select(RegistryExtract.id)
        .where(RegistryExtract.county_code == county, RegistryExtract.state == "current")
        .limit(1)
    )
    if has_extracts is None:
        return [], 0
    try:
        check = load_check(county)
    except CheckDefinitionError:
        return [], 0
    report = match(session, check, county, households=[household_id])
    return report.changes, report.closed
