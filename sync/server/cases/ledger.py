"""The case ledger (台账), the stuck list, the posting list and the township reports.

What each household's ledger row says about its cases: programme, step and since when, the
appraisal's outcome, the posting's dates and its objections, the decision, the amount and the
next re-check. The county-wide case ledger and the posting list carry names, villages and
amounts only, never ID numbers, health or income (the posting list is what is pinned up in the
village). Rows are built from a few batched queries, so a county of 8,000 cases is one pass.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import audit
from ..models import CaseFile, CaseObjection, CasePosting
from ..scope import Caller
from .queries import QueueFilter, filtered, names_of, scoped, village_names
from .views import RulesCache

CASE_COLUMNS = [
    "programme",
    "step",
    "since",
    "appraisal",
    "posting",
    "objections",
    "decision",
    "monthly amount",
    "next re-check",
]

CASE_LEDGER_HEADER = [
    "township",
    "village",
    "head name",
    *CASE_COLUMNS[:3],
    "days in step",
    *CASE_COLUMNS[3:7],
    "category",
    CASE_COLUMNS[7],
    "start month",
    CASE_COLUMNS[8],
]

STUCK_HEADER = ["township", "village", "head name", "programme", "step", "since", "days in step"]
POSTING_HEADER = ["name", "village", "programme", "proposed monthly amount"]


def _objection_counts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
    out: dict[uuid.UUID, list[str]] = defaultdict(list)
    for i in range(0, len(ids), 1000):
        rows = session.execute(
            select(CaseObjection.case_id, CaseObjection.outcome).where(
                CaseObjection.case_id.in_(ids[i : i + 1000])
            )
        )
        for case_id, outcome in rows:
            out[case_id].append(outcome or "open")
    return out


def _objections_text(outcomes: list[str]) -> str:
    if not outcomes:
        return ""
    parts = [f"{outcomes.count(k)} {k}" for k in ("open", "upheld", "dismissed") if k in outcomes]
    return f"{len(outcomes)}: " + ", ".join(parts)


def case_cells(c: CaseFile, objections: list[str], programme_name: str) -> list[Any]:
    """The nine case columns of a ledger row, in `CASE_COLUMNS` order."""
    appraisal = ""
    if c.appraisal:
        a = c.appraisal
        appraisal = (
            f"{a.get('outcome')} {a.get('votes_for', 0)}/{a.get('votes_against', 0)}/"
            f"{a.get('votes_abstain', 0)} ({a.get('held_on')})"
        )
    posting = (
        f"{c.posting_start.isoformat()} – {c.posting_end.isoformat()}"
        if c.posting_start and c.posting_end
        else ""
    )
    decision = ""
    if c.decision_outcome and c.decided_on:
        decision = f"{c.decision_outcome} {c.decided_on.isoformat()} ({c.decision_level})"
        if c.refusal_reason:
            decision += f": {c.refusal_reason}"
    return [
        programme_name,
        c.step,
        c.step_since.isoformat(),
        appraisal,
        posting,
        _objections_text(objections),
        decision,
        c.monthly_amount or c.proposed_monthly_amount or "",
        c.next_recheck_on.isoformat() if c.next_recheck_on else "",
    ]


def _programme_name(rules: RulesCache, c: CaseFile, lang: str = "zh") -> str:
    r = rules.get(c.county_code)
    p = r.programme(c.programme) if r is not None else None
    return (p.name.get(lang) or c.programme) if p is not None else c.programme


def case_columns_by_household(
    session: Session, household_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[Any]]:
    """The case columns for the survey ledger: one household's cases joined with "; "."""
    cases: list[CaseFile] = []
    for i in range(0, len(household_ids), 1000):
        cases += session.scalars(
            select(CaseFile)
            .where(CaseFile.household_id.in_(household_ids[i : i + 1000]))
            .order_by(CaseFile.opened_on, CaseFile.id)
        )
    objections = _objection_counts(session, [c.id for c in cases])
    rules = RulesCache(session)
    per: dict[uuid.UUID, list[list[Any]]] = defaultdict(list)
    for c in cases:
        per[c.household_id].append(case_cells(c, objections[c.id], _programme_name(rules, c)))
    return {
        hid: ["; ".join(str(cells[i]) for cells in rows if cells[i] != "") for i in range(9)]
        for hid, rows in per.items()
    }


def _export_audit(session: Session, caller: Caller, action: str, rows: int) -> None:
    audit(
        session,
        action,
        entity_kind="case",
        user_id=caller.user_id,
        device_id=caller.device_id,
        request_id=caller.request_id,
        detail={"rows": rows},
    )


def case_ledger_rows(
    session: Session, caller: Caller, f: QueueFilter, day: date
) -> list[list[Any]]:
    cases = list(
        session.scalars(
            filtered(caller, f, day).order_by(
                CaseFile.township_code, CaseFile.village_code, CaseFile.opened_on, CaseFile.id
            )
        )
    )
    names = names_of(session, sorted({c.household_id for c in cases}))
    villages = village_names(session, sorted({c.village_code for c in cases}))
    objections = _objection_counts(session, [c.id for c in cases])
    rules = RulesCache(session)
    out = []
    for c in cases:
        cells = case_cells(c, objections[c.id], _programme_name(rules, c))
        out.append(
            [
                c.township_code,
                villages.get(c.village_code, c.village_code),
                names.get(c.household_id, ""),
                *cells[:3],
                (day - c.step_since).days,
                *cells[3:7],
                c.category,
                cells[7],
                c.start_month or "",
                cells[8],
            ]
        )
    _export_audit(session, caller, "export.case_ledger", len(out))
    return out


def stuck_rows(session: Session, caller: Caller, f: QueueFilter, day: date) -> list[list[Any]]:
    cases = list(session.scalars(filtered(caller, f, day).order_by(CaseFile.step_since)))
    names = names_of(session, sorted({c.household_id for c in cases}))
    villages = village_names(session, sorted({c.village_code for c in cases}))
    rules = RulesCache(session)
    return [
        [
            c.township_code,
            villages.get(c.village_code, c.village_code),
            names.get(c.household_id, ""),
            _programme_name(rules, c),
            c.step,
            c.step_since.isoformat(),
            (day - c.step_since).days,
        ]
        for c in cases
    ]


def posting_rows(session: Session, caller: Caller, posting: CasePosting) -> list[list[Any]]:
    """What may be posted: name, village, programme, proposed monthly amount. Nothing else."""
    ids = [uuid.UUID(i) for i in posting.case_ids]
    cases = list(session.scalars(select(CaseFile).where(CaseFile.id.in_(ids), scoped(caller))))
    names = names_of(session, sorted({c.household_id for c in cases}))
    villages = village_names(session, [posting.village_code])
    rules = RulesCache(session)
    order = {cid: i for i, cid in enumerate(ids)}
    cases.sort(key=lambda c: order[c.id])
    rows = [
        [
            names.get(c.household_id, ""),
            villages.get(c.village_code, c.village_code),
            _programme_name(rules, c),
            c.proposed_monthly_amount or "",
        ]
        for c in cases
    ]
    _export_audit(session, caller, "export.posting_list", len(rows))
    return rows


def township_report(
    session: Session, caller: Caller, township: str | None, day: date, recheck_until: date
) -> dict[str, Any]:
    """Per township: cases by step and programme; postings open with days left; re-checks due
    by `recheck_until` (the round's end); decisions this month with their amounts."""
    stmt = select(CaseFile).where(scoped(caller))
    if township:
        stmt = stmt.where(CaseFile.township_code == township)
    by: dict[str, dict[str, Any]] = {}

    def entry(code: str) -> dict[str, Any]:
        return by.setdefault(
            code,
            {
                "by_step": defaultdict(lambda: defaultdict(int)),
                "postings_open": [],
                "rechecks_due": 0,
                "decisions_this_month": {"count": 0, "approved": 0, "monthly_total": "0.00"},
            },
        )

    month_start = day.replace(day=1)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for c in session.scalars(stmt):
        t = entry(c.township_code)
        t["by_step"][c.programme][c.step] += 1
        if c.step == "approved" and c.next_recheck_on and c.next_recheck_on <= recheck_until:
            t["rechecks_due"] += 1
        if c.decided_on and month_start <= c.decided_on <= day:
            d = t["decisions_this_month"]
            d["count"] += 1
            if c.decision_outcome == "approved" and c.monthly_amount:
                d["approved"] += 1
                totals[c.township_code] += Decimal(c.monthly_amount)
    from .queries import postings_in_scope

    for p in postings_in_scope(session, caller, township, day):
        entry(p.township_code)["postings_open"].append(
            {
                "posting_id": str(p.id),
                "village_code": p.village_code,
                "start_date": p.start_date.isoformat(),
                "end_date": p.end_date.isoformat(),
                "days_left": (p.end_date - day).days + 1,
                "cases": len(p.case_ids),
            }
        )
    for code, total in totals.items():
        by[code]["decisions_this_month"]["monthly_total"] = f"{total:.2f}"
    return {
        code: {**t, "by_step": {k: dict(v) for k, v in t["by_step"].items()}}
        for code, t in sorted(by.items())
    }
