"""The case state machine: every operation checks step, role, scope and evidence, then moves.

    intake ─(approved survey)→ survey_approved ─request_check→ check_requested ─record_check→
    check_recorded ─record_meeting→ appraised ─township_review→ township_reviewed
    ─create_posting→ posting ─decide (window closed, objections settled)→ approved | refused
    approved ─start_recheck / change_circumstances→ recheck ─request_check→ … → decide again

The optional stages (check, appraisal, township review, posting) a programme uses come from the
county's rules; a stage the rules skip is skipped, and who decides (township or county) is the
rules' too. An upheld objection sends the case back to `recheck`; a dismissed one needs a
reason. Each operation is applied once by its id (`case_op`), writes an audit row per case, and
puts the changed cases (and postings) on the feed. A refusal raises `CaseRefusal` with a code
and parameters from `sync.cases_wire.REFUSAL_PARAMS`; nothing is changed then.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.caserules import CaseRules, ProgrammeRules
from sync import cases_wire as w

from ..audit import audit_many
from ..changes.numbering import NewChange
from ..models import (
    AttachmentBlob,
    CaseFile,
    CaseMeeting,
    CaseObjection,
    CaseOpLog,
    CasePosting,
    Household,
    Survey,
    utcnow,
)
from ..scope import Caller
from .clock import add_months, today
from .rules import rules_for

ENTRY_STEPS = ("survey_approved", "recheck")
DONE_STEP = {
    "check": "check_recorded",
    "appraisal": "appraised",
    "township_review": "township_reviewed",
    "posting": "posting",
}
OPEN_STEPS = tuple(s for s in w.STEPS if s not in w.CLOSED_STEPS)


class CaseRefusal(Exception):
    """An illegal operation: `code` and `params` travel to the laptop, `message` is for logs."""

    def __init__(self, code: str, message: str, **params: str | int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params: dict[str, str | int] = params


class Applier:
    """One operation's application inside the caller's transaction."""

    def __init__(self, session: Session, caller: Caller, op_id: uuid.UUID) -> None:
        self.session = session
        self.caller = caller
        self.op_id = op_id
        self.today = today()
        self.now = utcnow()
        self.changes: list[NewChange] = []
        self.audits: list[dict[str, Any]] = []
        self._rules: dict[str, CaseRules] = {}
        self._touched: dict[uuid.UUID, CaseFile] = {}

    # --- lookups ---------------------------------------------------------------------------

    def rules(self, county: str) -> CaseRules:
        if county not in self._rules:
            self._rules[county] = rules_for(self.session, county)
        return self._rules[county]

    def programme(self, case: CaseFile) -> ProgrammeRules:
        p = self.rules(case.county_code).programme(case.programme)
        if p is None:
            raise CaseRefusal(
                "unknown_programme", "programme not in the rules", programme=case.programme
            )
        return p

    def case(self, case_id: uuid.UUID) -> CaseFile:
        case = self.session.get(CaseFile, case_id, with_for_update=True)
        if case is None:
            raise CaseRefusal("unknown_case", "no such case", case_id=str(case_id))
        if not self.caller.scope.contains(case.village_code, case.township_code, case.county_code):
            raise CaseRefusal(
                "out_of_scope", "the case is outside your scope", case_id=str(case_id)
            )
        return case

    def level(self) -> str:
        return self.caller.review_level or "village"

    def require_supervisor(self, op: str) -> None:
        if not self.caller.is_supervisor or self.caller.review_level is None:
            raise CaseRefusal(
                "not_allowed_for_role",
                f"a {self.caller.role} may not {op}",
                role=self.caller.role,
                level=self.level(),
                op=op,
            )

    def expect(self, case: CaseFile, allowed: tuple[str, ...] | list[str]) -> None:
        if case.step not in allowed:
            raise CaseRefusal(
                "wrong_step",
                f"the case is {case.step}, not {'/'.join(allowed)}",
                step=case.step,
                expected=",".join(allowed),
            )

    def before_stage(self, case: CaseFile, stage: str) -> tuple[str, ...]:
        """Steps from which `stage` is next under the programme's rules."""
        p = self.programme(case)
        if not p.uses(stage):
            raise CaseRefusal(
                "step_not_used",
                f"{p.code} does not use {stage} in this county",
                programme=p.code,
                step=stage,
            )
        earlier = [s for s in p.stages if p.stages.index(s) < p.stages.index(stage)]
        return (DONE_STEP[earlier[-1]],) if earlier else ENTRY_STEPS

    def ready_to_decide(self, case: CaseFile) -> tuple[str, ...]:
        p = self.programme(case)
        return (DONE_STEP[p.stages[-1]],) if p.stages else ENTRY_STEPS

    # --- writing ---------------------------------------------------------------------------

    def move(self, case: CaseFile, step: str, verb: str, **detail: Any) -> None:
        before = case.step
        if step != case.step:
            case.step = step
            case.step_since = self.today
        case.revision += 1
        case.updated_at = self.now
        self._touched[case.id] = case
        self.audits.append(
            {
                "action": f"case.{verb}",
                "entity_kind": "case",
                "entity_id": str(case.id),
                "user_id": self.caller.user_id,
                "device_id": self.caller.device_id,
                "request_id": self.caller.request_id,
                "detail": {"op_id": str(self.op_id), "from": before, "to": step, **detail},
                "at": self.now,
            }
        )

    def finish_without_log(self) -> None:
        """For moves that are no laptop's operation (a survey's approval opens cases)."""
        self.session.flush()
        self._emit()
        audit_many(self.session, self.audits)

    def _emit(self) -> None:
        for case in self._touched.values():
            self.changes.append(
                NewChange(
                    "case", str(case.id), case.county_code, case.township_code, case.village_code
                )
            )

    def finish(self, op: str, payload: dict[str, Any]) -> None:
        self.session.flush()
        self._emit()
        self.session.add(
            CaseOpLog(
                id=self.op_id,
                op=op,
                case_ids=[str(c) for c in self._touched],
                payload=payload,
                user_id=self.caller.user_id,
                device_id=self.caller.device_id,
                applied_on=self.today,
                applied_at=self.now,
            )
        )
        self.session.flush()
        audit_many(self.session, self.audits)


def already_applied(session: Session, op_id: uuid.UUID) -> bool:
    return session.get(CaseOpLog, op_id) is not None


def apply_op(session: Session, caller: Caller, op_id: uuid.UUID, op: Any) -> list[NewChange]:
    """Apply one operation; the feed changes it makes (the caller numbers them last)."""
    a = Applier(session, caller, op_id)
    handler = _HANDLERS[op.op]
    handler(a, op)
    a.finish(op.op, op.model_dump(mode="json"))
    return a.changes


# --- opening ---------------------------------------------------------------------------------


def open_case_row(
    a: Applier,
    case_id: uuid.UUID,
    household: Household,
    programme: str,
    source: str,
    survey: Survey | None,
    applicant_name: str = "",
    note: str = "",
) -> CaseFile:
    rules = a.rules(household.county_code)
    if rules.programme(programme) is None:
        raise CaseRefusal("unknown_programme", "programme not in the rules", programme=programme)
    existing = a.session.scalars(
        select(CaseFile.id).where(
            CaseFile.household_id == household.id,
            CaseFile.programme == programme,
            CaseFile.step.in_(OPEN_STEPS),
        )
    ).first()
    if existing is not None:
        raise CaseRefusal(
            "case_exists",
            "the household has an open case",
            case_id=str(existing),
            programme=programme,
        )
    approved = survey if survey is not None else latest_approved_survey(a.session, household.id)
    case = CaseFile(
        id=case_id,
        revision=0,
        household_id=household.id,
        programme=programme,
        source=source,
        step="survey_approved" if approved is not None else "intake",
        step_since=a.today,
        opened_on=a.today,
        village_code=household.village_code,
        township_code=household.township_code,
        county_code=household.county_code,
        rules_version=rules.version,
        survey_id=approved.id if approved is not None else None,
        applicant_name=applicant_name,
        note=note,
    )
    a.session.add(case)
    a.move(case, case.step, "open", programme=programme, source=source)
    return case


def latest_approved_survey(session: Session, household_id: uuid.UUID) -> Survey | None:
    return session.scalars(
        select(Survey)
        .where(Survey.household_id == household_id, Survey.state == "county_approved")
        .order_by(Survey.updated_at.desc())
        .limit(1)
    ).first()


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


_HANDLERS: dict[str, Any] = {
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


def days_in_step(case: CaseFile, day: date) -> int:
    return (day - case.step_since).days
