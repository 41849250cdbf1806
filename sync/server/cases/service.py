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
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.caserules import CaseRules, ProgrammeRules
from sync import cases_wire as w

from ..audit import audit_many
from ..changes.numbering import NewChange
from ..models import (
    CaseFile,
    CaseOpLog,
    Household,
    Survey,
    utcnow,
)
from ..scope import Caller
from .clock import today
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
    from .steps import HANDLERS

    a = Applier(session, caller, op_id)
    handler = HANDLERS[op.op]
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
