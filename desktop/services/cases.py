"""Cases on a supervisor's or cadre's laptop (no Qt): the queue, one case, and the operations.

A case is one household's path through one programme (低保, 特困, 临时救助 …) from an approved
survey to a decision and its re-checks; the server runs the state machine (`sync.cases_wire`).
Here the supervisor works offline: each operation checks what it can locally (a clear message,
nothing changed), moves the case on the laptop at once, and queues the operation in the outbox in
the same transaction (`desktop.store.cases`). Whether the step was legal is the server's to say;
a refusal comes back on the next sync, the case returns to the server's state, and the refusal's
code and params are on the row for the UI to word.

The operations are in `desktop.services.case_ops`. Rows are frozen dataclasses. Posting lines hold only what may be posted (name, village,
programme, proposed monthly amount) and never an ID number, health or income detail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, select

from desktop.store.models import (
    Campaign,
    CaseOpRow,
    CaseRow,
    CaseRules,
    Division,
    Household,
    PostingRow,
)
from desktop.store.profile import Store
from sync.cases_wire import CLOSED_STEPS, days_left, posting_day

DEFAULT_POSTING_DAYS = 7
DEFAULT_PROGRAMMES = ("dibao", "tekun", "temporary")  # until the county's rules arrive
DEFAULT_STUCK_DAYS = 30
SUPERVISOR_ROLES = frozenset({"supervisor", "county_admin"})


class CaseInputError(ValueError):
    """An operation that cannot be queued: `code` is stable, the UI words it."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Refusal:
    """The server's refusal of this laptop's operation: `code` a `sync.cases_wire.RefusalCode`,
    `params` its values (`REFUSAL_PARAMS`), `op` the operation refused."""

    code: str
    params: dict[str, str | int]
    op: str
    message: str = ""


@dataclass(frozen=True)
class CaseQueueRow:
    case_id: str
    household_id: str
    head_name: str
    village_code: str
    village_name: str
    programme: str
    programme_label: str
    step: str
    step_since: date | None
    days_in_step: int
    posting_start: date | None
    posting_end: date | None
    days_left: int | None  # of the 公示 window, None without a posting
    recheck_on: date | None
    overdue: bool  # re-check date passed, or longer in its step than the county allows
    next_action: str
    proposed_amount: str
    pending: bool  # this laptop's operations wait for the server
    refusal: Refusal | None


@dataclass(frozen=True)
class ObjectionLine:
    objection_id: str
    received_on: str
    raised_by: str
    content: str
    outcome: str | None
    reason: str


@dataclass(frozen=True)
class CaseHistoryLine:
    on: str
    what: str  # a stable code the UI words: opened, appraised, posted, objection, decided, …
    detail: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseQueueRow
    objections: tuple[ObjectionLine, ...]
    history: tuple[CaseHistoryLine, ...]
    actions: tuple[str, ...]  # what this user may do now (codes the UI words)
    posting_day: int | None
    decision: dict[str, Any] | None
    appraisal: dict[str, Any] | None
    categories: tuple[str, ...]
    pending_change: str | None = None  # adjust | exit under way (a change of circumstances)


@dataclass(frozen=True)
class PostingLine:
    """One line of a 公示 list: only what may be posted."""

    name: str
    village: str
    programme: str
    monthly_amount: str


@dataclass(frozen=True)
class PostingSheet:
    posting_id: str
    village_name: str
    start_date: date
    end_date: date
    window_days: int
    lines: tuple[PostingLine, ...]
    pending: bool


# --- rules -------------------------------------------------------------------------------------


def county_rules(store: Store) -> dict[str, Any]:
    with store.reading() as s:
        row = s.scalars(select(CaseRules).order_by(CaseRules.version.desc())).first()
        return dict(row.data) if row is not None else {}


def programme_rules(rules: dict[str, Any], code: str) -> dict[str, Any]:
    for p in rules.get("programmes") or []:
        if isinstance(p, dict) and p.get("code") == code:
            return p
    return {}


def programme_label(rules: dict[str, Any], code: str, lang: str) -> str:
    names = programme_rules(rules, code).get("name") or {}
    return str(names.get(lang) or names.get("zh") or code) if isinstance(names, dict) else code


def posting_days(rules: dict[str, Any], programme: str) -> int:
    try:
        return int(programme_rules(rules, programme).get("posting_days") or DEFAULT_POSTING_DAYS)
    except (TypeError, ValueError):
        return DEFAULT_POSTING_DAYS


def _categories(rules: dict[str, Any], programme: str) -> tuple[str, ...]:
    months = programme_rules(rules, programme).get("recheck_months") or {}
    return tuple(sorted(k for k in months if k)) if isinstance(months, dict) else ()


def user_role(store: Store) -> tuple[str, str]:
    """(role, level): county admins and county-level supervisors decide county cases."""
    role = store.get_state("role") or "cadre"
    if role == "county_admin":
        return role, "county"
    return role, store.get_state("review.level") or "township"


# --- reading -----------------------------------------------------------------------------------


def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _refusal(d: dict[str, Any] | None) -> Refusal | None:
    if not d:
        return None
    params = {str(k): v for k, v in (d.get("params") or {}).items() if isinstance(v, str | int)}
    return Refusal(str(d.get("code") or ""), params, str(d.get("op") or ""), str(d.get("message")))


def _queue_row(
    c: CaseRow, head: str | None, village: str | None, rules: dict[str, Any], lang: str, today: date
) -> CaseQueueRow:
    d = c.data
    since = _date(d.get("step_since"))
    start, end = _date(d.get("posting_start")), _date(d.get("posting_end"))
    recheck = _date(d.get("next_recheck_on"))
    in_step = (today - since).days if since else 0
    stuck = int(rules.get("stuck_days") or DEFAULT_STUCK_DAYS)
    step = str(d.get("step") or c.step)
    open_ = step not in CLOSED_STEPS and step != "approved"
    overdue = bool(recheck and recheck <= today and step == "approved") or (
        open_ and in_step > stuck
    )
    return CaseQueueRow(
        case_id=c.id,
        household_id=c.household_id,
        head_name=head or "",
        village_code=c.village_code,
        village_name=village or c.village_code,
        programme=c.programme,
        programme_label=programme_label(rules, c.programme, lang),
        step=step,
        step_since=since,
        days_in_step=max(0, in_step),
        posting_start=start,
        posting_end=end,
        days_left=days_left(start, end, today) if step == "posting" else None,
        recheck_on=recheck,
        overdue=overdue,
        next_action=_next_action(d, step, today),
        proposed_amount=str(d.get("proposed_monthly_amount") or ""),
        pending=c.pending > 0,
        refusal=_refusal(c.refusal),
    )


def _next_action(d: dict[str, Any], step: str, today: date) -> str:
    """The server's `next_action`, brought up to date for what only the calendar changes."""
    action = str(d.get("next_action") or "none")
    if step == "posting":
        end = _date(d.get("posting_end"))
        summary = d.get("objections_summary") or {}
        if end is not None and today <= end:
            return "wait_posting"
        return "settle_objections" if int(summary.get("open") or 0) else "decide"
    if step == "approved":
        # Due when the server says so (the round's assignments name it: due by the round's end)
        # or when its date has come on this laptop's calendar.
        recheck = _date(d.get("next_recheck_on"))
        due = action == "recheck_due" or (recheck is not None and recheck <= today)
        return "recheck_due" if due else "none"
    return action


def load_queue(store: Store, lang: str = "zh", today: date | None = None) -> list[CaseQueueRow]:
    """Every case on this laptop, the ones needing work first (re-checks, then by step age)."""
    day = today or date.today()
    rules = county_rules(store)
    with store.reading() as s:
        found = s.execute(
            select(CaseRow, Household.head_name, Division.name)
            .outerjoin(Household, Household.id == CaseRow.household_id)
            .outerjoin(Division, Division.code == CaseRow.village_code)
            .order_by(CaseRow.village_code, CaseRow.id)
        ).all()
        rows = [_queue_row(c, h, v, rules, lang, day) for c, h, v in found]
    rows.sort(key=lambda r: (not r.overdue, r.step in CLOSED_STEPS, -r.days_in_step))
    return rows


def household_cases(
    store: Store, household_id: str, lang: str = "zh", today: date | None = None
) -> list[CaseQueueRow]:
    """The cases of one household (for the case panel beside its survey)."""
    day = today or date.today()
    rules = county_rules(store)
    with store.reading() as s:
        found = s.execute(
            select(CaseRow, Household.head_name, Division.name)
            .outerjoin(Household, Household.id == CaseRow.household_id)
            .outerjoin(Division, Division.code == CaseRow.village_code)
            .where(CaseRow.household_id == household_id)
            .order_by(CaseRow.programme)
        ).all()
        return [_queue_row(c, h, v, rules, lang, day) for c, h, v in found]


def case_badges(store: Store, today: date | None = None) -> dict[str, tuple[str, str, str]]:
    """Per household: (programme, step, next action) of its most pressing case, for the list."""
    day = today or date.today()
    out: dict[str, tuple[str, str, str]] = {}
    with store.reading() as s:
        for c in s.scalars(select(CaseRow).order_by(CaseRow.programme)):
            step = str(c.data.get("step") or c.step)
            action = _next_action(c.data, step, day)
            held = out.get(c.household_id)
            if held is None or (held[2] == "none" and action != "none"):
                out[c.household_id] = (c.programme, step, action)
    return out


def load_detail(
    store: Store, case_id: str, lang: str = "zh", today: date | None = None
) -> CaseDetail:
    day = today or date.today()
    rules = county_rules(store)
    role, level = user_role(store)
    with store.reading() as s:
        found = s.execute(
            select(CaseRow, Household.head_name, Division.name)
            .outerjoin(Household, Household.id == CaseRow.household_id)
            .outerjoin(Division, Division.code == CaseRow.village_code)
            .where(CaseRow.id == case_id)
        ).first()
        if found is None:
            raise CaseInputError("not_found")
        c, head, village = found
        row = _queue_row(c, head, village, rules, lang, day)
        # The JSON list is text in SQLite: a LIKE narrows to the operations naming this case.
        ops = s.scalars(
            select(CaseOpRow)
            .where(cast(CaseOpRow.case_ids, String).like(f"%{case_id}%"))
            .order_by(CaseOpRow.created_at)
        ).all()
        mine = [o for o in ops if case_id in (o.case_ids or [])]
        d = dict(c.data)
    objections = tuple(
        ObjectionLine(
            str(o.get("objection_id")),
            str(o.get("received_on") or ""),
            str(o.get("raised_by") or ""),
            str(o.get("content") or ""),
            o.get("outcome"),
            str(o.get("reason") or ""),
        )
        for o in d.get("objections") or []
    )
    history = _history(d, mine)
    return CaseDetail(
        row=row,
        objections=objections,
        history=history,
        actions=_actions(row, d, role, level, rules),
        posting_day=posting_day(row.posting_start, day) if row.step == "posting" else None,
        decision=d.get("decision"),
        appraisal=d.get("appraisal"),
        categories=_categories(rules, row.programme),
        pending_change=d.get("pending_change"),
    )


def _history(d: dict[str, Any], ops: Sequence[CaseOpRow]) -> tuple[CaseHistoryLine, ...]:
    """What the case record says happened, then this laptop's operations and their answers.

    The feed's case row carries its dates, not a list of events, so the history is rebuilt
    from them (opened, appraised, posted, objections, decided)."""
    lines = [CaseHistoryLine(str(d.get("opened_on") or ""), "opened", str(d.get("source") or ""))]
    appraisal = d.get("appraisal") or {}
    if appraisal:
        votes = f"{appraisal.get('votes_for', 0)}/{appraisal.get('votes_against', 0)}/" + str(
            appraisal.get("votes_abstain", 0)
        )
        lines.append(
            CaseHistoryLine(
                str(appraisal.get("held_on")), "appraised", f"{appraisal.get('outcome')} {votes}"
            )
        )
    if d.get("posting_start"):
        lines.append(
            CaseHistoryLine(
                str(d["posting_start"]), "posted", f"{d['posting_start']} – {d.get('posting_end')}"
            )
        )
    for o in d.get("objections") or []:
        lines.append(CaseHistoryLine(str(o.get("received_on")), "objection", ""))
        if o.get("outcome"):
            lines.append(
                CaseHistoryLine(
                    str(o.get("settled_on") or ""), f"objection_{o['outcome']}", o.get("reason", "")
                )
            )
    decision = d.get("decision") or {}
    if decision:
        lines.append(
            CaseHistoryLine(
                str(decision.get("decided_on")),
                f"decided_{decision.get('outcome')}",
                str(decision.get("monthly_amount") or decision.get("refusal_reason") or ""),
            )
        )
    lines.sort(key=lambda h: h.on)
    for o in ops:
        lines.append(CaseHistoryLine(o.created_at[:10], f"op_{o.state}", o.op))
    return tuple(lines)


_ACTIONS: dict[str, tuple[str, ...]] = {
    "request_check": ("request_check",),
    "record_check": ("record_check",),
    "appraisal": ("meeting",),
    "township_review": ("township_review",),
    "posting": ("posting",),
    "wait_posting": ("objection",),
    "settle_objections": ("objection", "settle"),
    "decide": ("objection", "decide"),
    "recheck_due": ("recheck",),
}


def _actions(
    row: CaseQueueRow, d: dict[str, Any], role: str, level: str, rules: dict[str, Any]
) -> tuple[str, ...]:
    """What the user's role allows on this case now (the server still checks every one).

    Decisions inside the 公示 window are offered too, with the days left shown: the server
    counts on its own calendar and refuses them with the reason, so the laptop's clock never
    decides for it."""
    if role not in SUPERVISOR_ROLES:
        return ()  # offline, several operations may follow each other before a sync
    decided_by = str(
        programme_rules(rules, row.programme).get("decided_by") or d.get("decided_by") or "county"
    )
    out = list(_ACTIONS.get(row.next_action, ()))
    if row.step == "posting":
        # objections may be settled while the window still runs
        if "settle" not in out and any(o.get("outcome") is None for o in d.get("objections") or []):
            out.append("settle")
        if "decide" not in out:
            out.append("decide")
    if row.step == "approved":
        out += [a for a in ("recheck", "change") if a not in out]
    if "decide" in out and decided_by != level:
        out.remove("decide")
    return tuple(out)


# --- posting lists -----------------------------------------------------------------------------


def postings(store: Store) -> list[tuple[str, str, date, date]]:
    """(posting id, village name, start, end), newest first."""
    with store.reading() as s:
        rows = s.execute(
            select(PostingRow, Division.name)
            .outerjoin(Division, Division.code == PostingRow.village_code)
            .order_by(PostingRow.start_date.desc())
        ).all()
        return [(p.id, v or p.village_code, p.start_date, p.end_date) for p, v in rows]


def posting_sheet(store: Store, posting_id: str, lang: str = "zh") -> PostingSheet:
    """The 公示 list of one posting: name, village, programme, proposed monthly amount."""
    rules = county_rules(store)
    with store.reading() as s:
        p = s.get(PostingRow, posting_id)
        if p is None:
            raise CaseInputError("not_found")
        village = s.get(Division, p.village_code)
        vname = village.name if village is not None else p.village_code
        lines = []
        for cid in p.case_ids:
            c = s.get(CaseRow, str(cid))
            if c is None:
                continue
            hh = s.get(Household, c.household_id)
            lines.append(
                PostingLine(
                    name=hh.head_name if hh is not None else "",
                    village=vname,
                    programme=programme_label(rules, c.programme, lang),
                    monthly_amount=str(c.data.get("proposed_monthly_amount") or ""),
                )
            )
        return PostingSheet(
            p.id,
            vname,
            p.start_date,
            p.end_date,
            p.window_days,
            tuple(lines),
            p.server_revision == 0,
        )


def write_posting_xlsx(sheet: PostingSheet, headers: Sequence[str], path: Path) -> None:
    """The posting list as xlsx where the user chose; written whole to `path` (no temp file
    beside it holds anything the chosen file does not)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "公示"
    ws.append(
        [f"{sheet.village_name} {sheet.start_date.isoformat()} – {sheet.end_date.isoformat()}"]
    )
    ws.append(list(headers))
    for line in sheet.lines:
        ws.append([line.name, line.village, line.programme, line.monthly_amount])
    for col, width in zip("ABCD", (16, 16, 24, 14), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(path)


# --- the window's intake form ------------------------------------------------------------------


def may_work_cases(store: Store) -> bool:
    return (store.get_state("role") or "cadre") in SUPERVISOR_ROLES


def intake_choices(
    store: Store, lang: str = "zh"
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """For the intake form: (household id, "name · village") and (programme code, label).
    Households are named as in the list, never by ID number."""
    rules = county_rules(store)
    with store.reading() as s:
        names = dict(s.execute(select(Division.code, Division.name)).all())
        households = [
            (h.id, f"{h.head_name} · {names.get(h.village_code, h.village_code)}")
            for h in s.scalars(
                select(Household).order_by(Household.village_code, Household.head_name)
            )
        ]
    codes = [str(p.get("code")) for p in rules.get("programmes") or [] if isinstance(p, dict)]
    programmes = [(c, programme_label(rules, c, lang)) for c in codes or DEFAULT_PROGRAMMES]
    return households, programmes


# --- reports per township ----------------------------------------------------------------------


@dataclass(frozen=True)
class OpenPosting:
    posting_id: str
    village_code: str
    village_name: str
    start_date: date
    end_date: date
    days_left: int  # counting today
    cases: int


@dataclass(frozen=True)
class TownshipCaseReport:
    """One township's figures, from this laptop's own store (what the last sync brought and what
    was done here since): the same figures the server's `/cases/report` gives."""

    township_code: str
    township_name: str
    by_step: dict[str, dict[str, int]]  # programme → step → cases
    postings_open: tuple[OpenPosting, ...]
    rechecks_due: int  # approved cases whose re-check falls by the round's end
    decisions: int  # decided this month
    approved: int  # of them approved with an amount
    monthly_total: str  # yuan a month, of the approved ones

    def as_wire(self) -> dict[str, Any]:
        """The shape of one township in the server's report, to compare the two."""
        return {
            "by_step": self.by_step,
            "postings_open": [
                {
                    "posting_id": p.posting_id,
                    "village_code": p.village_code,
                    "start_date": p.start_date.isoformat(),
                    "end_date": p.end_date.isoformat(),
                    "days_left": p.days_left,
                    "cases": p.cases,
                }
                for p in self.postings_open
            ],
            "rechecks_due": self.rechecks_due,
            "decisions_this_month": {
                "count": self.decisions,
                "approved": self.approved,
                "monthly_total": self.monthly_total,
            },
        }


def round_end(store: Store) -> date | None:
    """The last day of the newest campaign round this laptop knows of."""
    with store.reading() as s:
        return s.scalar(select(Campaign.ends_on).order_by(Campaign.starts_on.desc()).limit(1))


def township_reports(
    store: Store, today: date | None = None, recheck_until: date | None = None
) -> list[TownshipCaseReport]:
    """Per township: cases by programme and step; postings open today with the days left;
    re-checks due by `recheck_until` (the round's end, else today); decisions this month with
    their amounts. Offline: read from the laptop's store, computed as the server computes it."""
    day = today or date.today()
    until = recheck_until or round_end(store) or day
    month_start = day.replace(day=1)
    by: dict[str, dict[str, Any]] = {}

    def entry(code: str) -> dict[str, Any]:
        return by.setdefault(
            code,
            {"by_step": {}, "postings": [], "due": 0, "decisions": 0, "approved": 0, "total": 0},
        )

    with store.reading() as s:
        names = dict(s.execute(select(Division.code, Division.name)).all())
        totals: dict[str, Decimal] = {}
        for c in s.scalars(select(CaseRow)):
            d = c.data
            t = entry(c.township_code)
            step = str(d.get("step") or c.step)
            programme = t["by_step"].setdefault(c.programme, {})
            programme[step] = programme.get(step, 0) + 1
            recheck = _date(d.get("next_recheck_on"))
            if step == "approved" and recheck is not None and recheck <= until:
                t["due"] += 1
            decision = d.get("decision") or {}
            decided = _date(decision.get("decided_on"))
            if decided is not None and month_start <= decided <= day:
                t["decisions"] += 1
                amount = decision.get("monthly_amount")
                if decision.get("outcome") == "approved" and amount:
                    t["approved"] += 1
                    totals[c.township_code] = totals.get(c.township_code, Decimal(0)) + Decimal(
                        str(amount)
                    )
        open_now = s.scalars(
            select(PostingRow)
            .where(PostingRow.start_date <= day, PostingRow.end_date >= day)
            .order_by(PostingRow.end_date, PostingRow.id)
        )
        for p in open_now:
            entry(p.township_code)["postings"].append(
                OpenPosting(
                    p.id,
                    p.village_code,
                    names.get(p.village_code, p.village_code),
                    p.start_date,
                    p.end_date,
                    (p.end_date - day).days + 1,
                    len(p.case_ids),
                )
            )
    return [
        TownshipCaseReport(
            code,
            names.get(code, code),
            {k: dict(sorted(v.items())) for k, v in sorted(t["by_step"].items())},
            tuple(t["postings"]),
            t["due"],
            t["decisions"],
            t["approved"],
            f"{totals.get(code, Decimal(0)):.2f}",
        )
        for code, t in sorted(by.items())
    ]


def write_sheets_xlsx(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[Any]]]], path: Path
) -> None:
    """Tables as xlsx where the user chose, one sheet each: (title, headers, rows) as the page
    words them in the user's language; written whole to `path`."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title[:31])  # xlsx caps a sheet's name at 31 characters
        ws.append(list(headers))
        for row in rows:
            ws.append(list(row))
        for i, h in enumerate(headers):
            ws.column_dimensions[chr(ord("A") + i)].width = max(12, min(40, len(str(h)) * 2))
    wb.save(path)


def report_page(
    store: Store, lang: str = "zh", today: date | None = None
) -> tuple[list[TownshipCaseReport], dict[str, str], date]:
    """The reports page in one store-thread call: the reports, programme code → label, and the
    day re-checks are counted to (the round's end, else today)."""
    day = today or date.today()
    until = round_end(store) or day
    rules = county_rules(store)
    found = township_reports(store, day, until)
    codes = {p for r in found for p in r.by_step}
    return found, {c: programme_label(rules, c, lang) for c in codes}, until
