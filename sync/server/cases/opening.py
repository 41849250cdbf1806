"""Cases from an approved survey: what its screening or the cadre's recommendation proposes.

Called where the county approves a survey (`review.service.apply_review`), inside the same
transaction. For each programme the county's rules say the survey proposes (the cadre's
recommendation value, or a screening flag) a case is opened unless the household already has
an open one; a case waiting at `intake` for this household's survey goes on to
`survey_approved`; a case in `recheck` takes the new survey as its evidence. The case id is
derived from the survey and the programme, so approving again can never open a second case.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..changes.numbering import NewChange
from ..models import CaseFile, Household, Survey
from ..scope import Caller
from .rules import RulesError
from .service import OPEN_STEPS, Applier, open_case_row

_NAMESPACE = uuid.UUID("5b0c6a4e-3f0e-4c55-9d8e-14ca5e5f0014")


def case_id_for(survey_id: uuid.UUID, programme: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"{survey_id}:{programme}")


def cases_from_survey(
    session: Session, caller: Caller, survey: Survey, review_id: uuid.UUID
) -> list[NewChange]:
    a = Applier(session, caller, review_id)
    try:
        rules = a.rules(survey.county_code)
    except RulesError:
        return []  # a county without case rules runs no cases
    household = session.get(Household, survey.household_id)
    if household is None:
        return []
    session.flush()
    waiting = session.scalars(
        select(CaseFile)
        .where(CaseFile.household_id == household.id, CaseFile.step.in_(OPEN_STEPS))
        .with_for_update()
    ).all()
    held = {c.programme for c in waiting}
    for case in waiting:
        if case.step == "intake":
            case.survey_id = survey.id
            a.move(case, "survey_approved", "survey_approved", survey_id=str(survey.id))
        elif case.step == "recheck":
            case.survey_id = survey.id
            a.move(case, case.step, "survey_approved", survey_id=str(survey.id))
    recommendation = str((survey.answers or {}).get("recommendation") or "")
    for programme in rules.proposed_by(recommendation, set(survey.flags or [])):
        if programme in held:
            continue
        open_case_row(a, case_id_for(survey.id, programme), household, programme, "survey", survey)
    session.flush()
    a.finish_without_log()
    return a.changes
