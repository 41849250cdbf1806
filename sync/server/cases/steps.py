"""The steps of a case, one handler per operation: its checks, then the move.

Each handler receives the `Applier` of the operation (`service.py`: the caller, today's date,
the rules, the audit rows and feed changes it collects) and raises `CaseRefusal` before it
changes anything it would not keep: the caller applies the operation in a savepoint anyway, so
a refusal part-way leaves nothing behind.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync import cases_wire as w

from ..changes.numbering import NewChange
from ..models import (
    AttachmentBlob,
    CaseFile,
    CaseMeeting,
    CaseObjection,
    CasePosting,
    Household,
    Survey,
)
from .clock import add_months
from .service import Applier, CaseRefusal, open_case_row


def _open_case(a: Applier, op: w.OpenCase) -> None:
    a.require_supervisor(op.op)
    household = a.session.get(Household, op.household_id)
    if household is None or not a.caller.scope.contains(
        household.village_code, household.township_code, household.county_code
    ):
        raise CaseRefusal(
            "unknown_household", "no such household in scope", household_id=str(op.household_id)
        )
    survey = None
    if op.survey_id is not None:
        survey = a.session.get(Survey, op.survey_id)
        if survey is None or survey.household_id != household.id:
            raise CaseRefusal("unknown_survey", "no such survey", survey_id=str(op.survey_id))
        if survey.state != "county_approved":
            raise CaseRefusal(
                "survey_not_approved", "the survey is not approved", survey_id=str(survey.id)
            )
    if a.session.get(CaseFile, op.case_id) is not None:
        raise CaseRefusal(
            "case_exists", "the case id is taken", case_id=str(op.case_id), programme=op.programme
        )
    open_case_row(
        a, op.case_id, household, op.programme, op.source, survey, op.applicant_name, op.note
    )


# --- the check -------------------------------------------------------------------------------


def _request_check(a: Applier, op: w.RequestCheck) -> None:
    a.require_supervisor(op.op)
    case = a.case(op.case_id)
    a.expect(case, a.before_stage(case, "check"))
    survey_id = op.survey_id or case.survey_id
    survey = a.session.get(Survey, survey_id) if survey_id else None
    if survey is None or survey.household_id != case.household_id:
        raise CaseRefusal("unknown_survey", "no approved survey", survey_id=str(survey_id or ""))
    if survey.state != "county_approved":
        raise CaseRefusal(
            "survey_not_approved", "the survey is not approved", survey_id=str(survey.id)
        )
    signature = (survey.answers or {}).get("consent_signature")
    if not isinstance(signature, str) or not signature.strip():
        raise CaseRefusal(
            "consent_missing", "no signed consent to the check", survey_id=str(survey.id)
        )
    case.survey_id = survey.id
    a.move(case, "check_requested", op.op, survey_id=str(survey.id))


def _record_check(a: Applier, op: w.RecordCheck) -> None:
    a.require_supervisor(op.op)
    case = a.case(op.case_id)
    a.expect(case, ("check_requested",))
    case.check_outcome = op.outcome
    case.check_note = op.note
    a.move(case, "check_recorded", op.op, outcome=op.outcome)


# --- the appraisal meeting -------------------------------------------------------------------


def _record_meeting(a: Applier, op: w.RecordMeeting) -> None:
    a.require_supervisor(op.op)
    if a.session.get(CaseMeeting, op.meeting_id) is not None:
        raise CaseRefusal(
            "case_exists", "the meeting id is taken", case_id=str(op.meeting_id), programme=""
        )
    cases = []
    for outcome in op.outcomes:
        case = a.case(outcome.case_id)
        if case.village_code != op.village_code:
            raise CaseRefusal(
                "wrong_village",
                "the case is in another village",
                case_id=str(case.id),
                village_code=case.village_code,
            )
        a.expect(case, a.before_stage(case, "appraisal"))
        cases.append((case, outcome))
    first = cases[0][0]
    a.session.add(
        CaseMeeting(
            id=op.meeting_id,
            village_code=op.village_code,
            township_code=first.township_code,
            county_code=first.county_code,
            held_on=op.held_on,
            place=op.place,
            members_present=list(op.members_present),
            minutes_sha256=op.minutes_sha256,
            minutes_size=op.minutes_size,
            minutes_content_type=op.minutes_content_type,
            outcomes=[o.model_dump(mode="json") for o in op.outcomes],
            recorded_by=a.caller.user_id,
        )
    )
    for case, outcome in cases:
        case.meeting_id = op.meeting_id
        case.appraisal = {
            "meeting_id": str(op.meeting_id),
            "held_on": op.held_on.isoformat(),
            "outcome": outcome.outcome,
            "votes_for": outcome.votes_for,
            "votes_against": outcome.votes_against,
            "votes_abstain": outcome.votes_abstain,
        }
        a.move(case, "appraised", op.op, meeting_id=str(op.meeting_id), outcome=outcome.outcome)


# --- township review and posting -------------------------------------------------------------


def _township_review(a: Applier, op: w.TownshipReview) -> None:
    a.require_supervisor(op.op)
    case = a.case(op.case_id)
    a.expect(case, a.before_stage(case, "township_review"))
    if case.meeting_id is not None and a.programme(case).uses("appraisal"):
        meeting = a.session.get(CaseMeeting, case.meeting_id)
        if meeting is not None and a.session.get(AttachmentBlob, meeting.minutes_sha256) is None:
            raise CaseRefusal(
                "minutes_missing",
                "the minutes photo has not arrived",
                sha256=meeting.minutes_sha256,
            )
    if op.outcome == "return":
        if not op.comment.strip():
            raise CaseRefusal("reason_required", "a return needs a comment", field="comment")
        case.note = op.comment
        a.move(case, "recheck", op.op, outcome="return")
        return
    case.proposed_category = op.proposed_category
    case.proposed_monthly_amount = op.proposed_monthly_amount
    a.move(case, "township_reviewed", op.op, outcome="pass")


def _create_posting(a: Applier, op: w.CreatePosting) -> None:
    a.require_supervisor(op.op)
    if a.session.get(CasePosting, op.posting_id) is not None:
        raise CaseRefusal(
            "case_exists", "the posting id is taken", case_id=str(op.posting_id), programme=""
        )
    cases: list[CaseFile] = []
    days = 7
    for case_id in op.case_ids:
        case = a.case(case_id)
        if case.village_code != op.village_code:
            raise CaseRefusal(
                "wrong_village",
                "the case is in another village",
                case_id=str(case.id),
                village_code=case.village_code,
            )
        a.expect(case, a.before_stage(case, "posting"))
        days = max(days if cases else 0, a.programme(case).posting_days)
        cases.append(case)
    end = w.posting_end(op.start_date, days)
    first = cases[0]
    a.session.add(
        CasePosting(
            id=op.posting_id,
            village_code=op.village_code,
            township_code=first.township_code,
            county_code=first.county_code,
            start_date=op.start_date,
            end_date=end,
            window_days=days,
            case_ids=[str(c.id) for c in cases],
            created_by=a.caller.user_id,
        )
    )
    a.changes.append(
        NewChange(
            "posting",
            str(op.posting_id),
            first.county_code,
            first.township_code,
            first.village_code,
        )
    )
    for case in cases:
        case.posting_id = op.posting_id
        case.posting_start = op.start_date
        case.posting_end = end
        a.move(case, "posting", op.op, posting_id=str(op.posting_id))


# --- objections ------------------------------------------------------------------------------


def _record_objection(a: Applier, op: w.RecordObjection) -> None:
    a.require_supervisor(op.op)
    case = a.case(op.case_id)
    a.expect(case, ("posting",))
    assert case.posting_start is not None
    assert case.posting_end is not None
    if not case.posting_start <= op.received_on <= case.posting_end or op.received_on > a.today:
        raise CaseRefusal(
            "outside_posting_window",
            "objections are taken during the posting",
            starts_on=case.posting_start.isoformat(),
            ends_on=case.posting_end.isoformat(),
        )
    if a.session.get(CaseObjection, op.objection_id) is not None:
        raise CaseRefusal(
            "already_settled", "the objection id is taken", objection_id=str(op.objection_id)
        )
    a.session.add(
        CaseObjection(
            id=op.objection_id,
            case_id=case.id,
            posting_id=case.posting_id,
            received_on=op.received_on,
            raised_by=op.raised_by,
            content=op.content,
            recorded_by=a.caller.user_id,
        )
    )
    a.move(case, case.step, op.op, objection_id=str(op.objection_id))


def _settle_objection(a: Applier, op: w.SettleObjection) -> None:
    a.require_supervisor(op.op)
    case = a.case(op.case_id)
    objection = a.session.get(CaseObjection, op.objection_id, with_for_update=True)
    if objection is None or objection.case_id != case.id:
        raise CaseRefusal(
            "unknown_objection", "no such objection", objection_id=str(op.objection_id)
        )
    if objection.outcome is not None:
        raise CaseRefusal(
            "already_settled", "the objection is settled", objection_id=str(op.objection_id)
        )
    if op.outcome == "dismissed" and not op.reason.strip():
        raise CaseRefusal("reason_required", "a dismissal needs a written reason", field="reason")
    objection.outcome = op.outcome
    objection.reason = op.reason
    objection.settled_on = a.today
    objection.settled_by = a.caller.user_id
    if op.outcome == "upheld" and case.step == "posting":
        # Back to re-check: the posting no longer stands for this case.
        case.note = op.reason
        a.move(case, "recheck", op.op, objection_id=str(op.objection_id), outcome="upheld")
    else:
        a.move(case, case.step, op.op, objection_id=str(op.objection_id), outcome=op.outcome)


def open_objections(session: Session, case_id: uuid.UUID) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(CaseObjection)
            .where(CaseObjection.case_id == case_id, CaseObjection.outcome.is_(None))
        )
        or 0
    )


# --- decision and dynamic management ----------------------------------------------------------


def _decide(a: Applier, op: w.Decide) -> None:
    case = a.case(op.case_id)
    p = a.programme(case)
    level = a.caller.review_level
    if not a.caller.is_supervisor or level != p.decided_by:
        raise CaseRefusal(
            "not_allowed_for_role",
            f"{p.code} is decided at the {p.decided_by}",
            role=a.caller.role,
            level=a.level(),
            op=op.op,
        )
    a.expect(case, a.ready_to_decide(case))
    if case.step == "posting":
        assert case.posting_start is not None
        assert case.posting_end is not None
        if a.today <= case.posting_end:
            raise CaseRefusal(
                "posting_window_open",
                "the posting window has not closed",
                day=w.posting_day(case.posting_start, a.today) or 0,
                window_days=(case.posting_end - case.posting_start).days + 1,
                ends_on=case.posting_end.isoformat(),
                days_left=w.days_left(case.posting_start, case.posting_end, a.today) or 0,
            )
        unsettled = open_objections(a.session, case.id)
        if unsettled:
            raise CaseRefusal("objection_unsettled", "objections are open", count=unsettled)
    if op.outcome == "approved":
        for name in ("monthly_amount", "start_month"):
            if getattr(op, name) is None:
                raise CaseRefusal("decision_incomplete", f"{name} is required", field=name)
        if p.categories and op.category not in p.categories:
            raise CaseRefusal("decision_incomplete", "a category is required", field="category")
    elif op.outcome == "refused":
        if not op.refusal_reason.strip():
            raise CaseRefusal("reason_required", "a refusal needs a reason", field="refusal_reason")
    elif case.pending_change != "exit" and case.decision_outcome != "approved":
        raise CaseRefusal(
            "wrong_step",
            "only a case in the programme can exit",
            step=case.step,
            expected="approved",
        )
    case.decision_outcome = op.outcome
    case.decided_on = a.today
    case.decision_level = level
    case.refusal_reason = op.refusal_reason
    case.pending_change = None
    if op.outcome == "approved":
        case.category = op.category
        case.monthly_amount = op.monthly_amount
        case.start_month = op.start_month
        months = p.recheck_interval(op.category)
        case.next_recheck_on = add_months(a.today, months) if months else None
    else:
        case.next_recheck_on = None
    a.move(case, op.outcome, op.op, outcome=op.outcome, level=level)


def _start_recheck(a: Applier, op: w.StartRecheck) -> None:
    a.require_supervisor(op.op)
    case = a.case(op.case_id)
    a.expect(case, ("approved",))
    case.note = op.reason
    _reset_path(case)
    a.move(case, "recheck", op.op)


def _change_circumstances(a: Applier, op: w.ChangeCircumstances) -> None:
    a.require_supervisor(op.op)
    case = a.case(op.case_id)
    a.expect(case, ("approved",))
    case.pending_change = op.action
    case.note = op.reason
    _reset_path(case)
    a.move(case, "recheck", op.op, action=op.action)


def _reset_path(case: CaseFile) -> None:
    """A re-check goes through the steps again: the last round's evidence stays in the audit
    trail and the op log, the case row holds the round in progress."""
    case.check_outcome = None
    case.meeting_id = None
    case.appraisal = None
    case.posting_id = None
    case.posting_start = None
    case.posting_end = None


HANDLERS: dict[str, Any] = {
    "open_case": _open_case,
    "request_check": _request_check,
    "record_check": _record_check,
    "record_meeting": _record_meeting,
    "township_review": _township_review,
    "create_posting": _create_posting,
    "record_objection": _record_objection,
    "settle_objection": _settle_objection,
    "decide": _decide,
    "start_recheck": _start_recheck,
    "change_circumstances": _change_circumstances,
}
