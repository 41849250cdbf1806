"""Cases as the wire and the reports show them: `CaseWire` rows, postings, what is due next.

Loading is batched (the cases, then their objections in one query), so a feed page of a
thousand cases or a county ledger costs a few queries, not one per case. Cadres get cases
without the objections' texts or who raised them: they see the state and what is due.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.caserules import CaseRules
from sync import cases_wire as w

from ..models import CaseFile, CaseObjection, CasePosting, CaseRulesRow
from .clock import today
from .rules import RulesError, rules_for


def next_action(case: CaseFile, rules: CaseRules | None, day: date, open_objections: int) -> str:
    p = rules.programme(case.programme) if rules is not None else None
    stages = p.stages if p is not None else ()
    step = case.step
    if step == "intake":
        return "survey"
    if step in ("refused", "exited"):
        return "none"
    if step == "approved":
        return "recheck_due" if case.next_recheck_on and case.next_recheck_on <= day else "none"
    if step == "check_requested":
        return "record_check"
    if step == "posting":
        if case.posting_end is not None and day <= case.posting_end:
            return "wait_posting"
        return "settle_objections" if open_objections else "decide"
    done = {
        "check_recorded": "check",
        "appraised": "appraisal",
        "township_reviewed": "township_review",
    }
    after = done.get(step)
    rest = list(stages[stages.index(after) + 1 :]) if after in stages else list(stages)
    if not rest:
        return "decide"
    return {
        "check": "request_check",
        "appraisal": "appraisal",
        "township_review": "township_review",
        "posting": "posting",
    }[rest[0]]


def objections_by_case(
    session: Session, case_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[CaseObjection]]:
    out: dict[uuid.UUID, list[CaseObjection]] = defaultdict(list)
    for i in range(0, len(case_ids), 500):
        for o in session.scalars(
            select(CaseObjection)
            .where(CaseObjection.case_id.in_(case_ids[i : i + 500]))
            .order_by(CaseObjection.received_on, CaseObjection.id)
        ):
            out[o.case_id].append(o)
    return out


def case_wire(
    case: CaseFile,
    objections: list[CaseObjection],
    rules: CaseRules | None,
    day: date,
    *,
    for_cadre: bool = False,
) -> w.CaseWire:
    open_count = sum(1 for o in objections if o.outcome is None)
    p = rules.programme(case.programme) if rules is not None else None
    decision = None
    if case.decision_outcome and case.decided_on:
        decision = w.DecisionWire(
            outcome=case.decision_outcome,  # type: ignore[arg-type]
            decided_on=case.decided_on,
            level=case.decision_level or "county",  # type: ignore[arg-type]
            category=case.category,
            monthly_amount=case.monthly_amount,
            start_month=case.start_month,
            refusal_reason=case.refusal_reason,
        )
    return w.CaseWire(
        case_id=case.id,
        revision=max(case.revision, 1),
        household_id=case.household_id,
        programme=case.programme,
        source=case.source,  # type: ignore[arg-type]
        step=case.step,  # type: ignore[arg-type]
        step_since=case.step_since,
        opened_on=case.opened_on,
        village_code=case.village_code,
        township_code=case.township_code,
        county_code=case.county_code,
        rules_version=case.rules_version,
        decided_by=(p.decided_by if p is not None else "county"),  # type: ignore[arg-type]
        survey_id=case.survey_id,
        pending_change=case.pending_change,  # type: ignore[arg-type]
        check_outcome=case.check_outcome,  # type: ignore[arg-type]
        appraisal=w.AppraisalWire.model_validate(case.appraisal) if case.appraisal else None,
        proposed_category=case.proposed_category,
        proposed_monthly_amount=case.proposed_monthly_amount,
        posting_id=case.posting_id,
        posting_start=case.posting_start,
        posting_end=case.posting_end,
        objections_summary=w.ObjectionsSummary(
            total=len(objections),
            open=open_count,
            upheld=sum(1 for o in objections if o.outcome == "upheld"),
            dismissed=sum(1 for o in objections if o.outcome == "dismissed"),
        ),
        objections=[]
        if for_cadre
        else [
            w.ObjectionWire(
                objection_id=o.id,
                received_on=o.received_on,
                raised_by=o.raised_by,
                content=o.content,
                outcome=o.outcome,  # type: ignore[arg-type]
                reason=o.reason,
                settled_on=o.settled_on,
            )
            for o in objections
        ],
        decision=decision,
        next_recheck_on=case.next_recheck_on,
        next_action=next_action(case, rules, day, open_count),  # type: ignore[arg-type]
        note="" if for_cadre else case.note,
    )


class RulesCache:
    """Rules per county for one request (a county's rules are read once)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._by_county: dict[str, CaseRules | None] = {}

    def get(self, county: str) -> CaseRules | None:
        if county not in self._by_county:
            try:
                self._by_county[county] = rules_for(self.session, county)
            except RulesError:
                self._by_county[county] = None
        return self._by_county[county]


def wires(
    session: Session, cases: Iterable[CaseFile], *, for_cadre: bool = False
) -> list[w.CaseWire]:
    rows = list(cases)
    objs = objections_by_case(session, [c.id for c in rows])
    rules = RulesCache(session)
    day = today()
    return [
        case_wire(c, objs.get(c.id, []), rules.get(c.county_code), day, for_cadre=for_cadre)
        for c in rows
    ]


def load_cases(session: Session, ids: list[str], *, for_cadre: bool) -> dict[str, dict[str, Any]]:
    uuids = [uuid.UUID(i) for i in ids]
    cases = session.scalars(select(CaseFile).where(CaseFile.id.in_(uuids))).all()
    return {
        str(c.case_id): c.model_dump(mode="json")
        for c in wires(session, cases, for_cadre=for_cadre)
    }


def posting_wire(p: CasePosting) -> w.PostingWire:
    return w.PostingWire(
        posting_id=p.id,
        revision=p.revision,
        village_code=p.village_code,
        township_code=p.township_code,
        start_date=p.start_date,
        end_date=p.end_date,
        window_days=p.window_days,
        case_ids=[uuid.UUID(c) for c in p.case_ids],
    )


def load_postings(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    uuids = [uuid.UUID(i) for i in ids]
    return {
        str(p.id): posting_wire(p).model_dump(mode="json")
        for p in session.scalars(select(CasePosting).where(CasePosting.id.in_(uuids)))
    }


def load_rules(session: Session, keys: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for key in keys:
        county, _, version = key.rpartition("@")
        row = session.get(CaseRulesRow, (county, int(version)))
        if row is not None:
            out[key] = row.data
    return out
