"""Case operations a supervisor makes on the laptop (no Qt), offline: each checks what it can
here (a clear code, nothing changed), moves the case on the laptop at once, and queues one
`sync.cases_wire` operation in the outbox in the same transaction (`desktop.store.cases`).

Whether the step is legal is the server's to say (it runs the state machine on its own calendar);
its refusal comes back with the next sync and shows on the case (`desktop.services.cases`).
"""

from __future__ import annotations

import copy
import hashlib
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from desktop.services.attachments import MEDIA_TYPES, has_exif
from desktop.services.cases import (
    SUPERVISOR_ROLES,
    CaseInputError,
    county_rules,
    posting_days,
    programme_rules,
    user_role,
)
from desktop.store import cases as case_store
from desktop.store.models import CaseRow, Household, PostingRow
from desktop.store.profile import Store
from sync.cases_wire import CLOSED_STEPS, posting_end

MAX_MINUTES_BYTES = 4 * 1024 * 1024
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def _check_supervisor(store: Store) -> None:
    if (store.get_state("role") or "cadre") not in SUPERVISOR_ROLES:
        raise CaseInputError("not_allowed")


def _amount(text: str) -> str:
    try:
        value = Decimal(text.strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        raise CaseInputError("amount_invalid") from None
    if value <= 0 or value >= Decimal("100000000"):
        raise CaseInputError("amount_invalid")
    return f"{value.quantize(Decimal('0.01')):.2f}"


def _queue(
    store: Store,
    op_id: str,
    payload: dict[str, Any],
    case_ids: Iterable[str],
    change: Any,
) -> str:
    """Load each case, let `change(case_id, data)` move a copy, and queue it all at once. What
    is due next is worked out as the server does (from the county's stages), so the queue
    shows the next step offline too."""
    actor = store.actor  # read before the write lock: it may query
    rules = county_rules(store)
    with store.transaction() as s:
        changes: dict[str, dict[str, Any]] = {}
        for cid in case_ids:
            row = s.get(CaseRow, cid)
            if row is None:
                raise CaseInputError("not_found")
            data = copy.deepcopy(row.data)
            change(cid, data)
            data["next_action"] = expected_next(rules, data)
            changes[cid] = data
        case_store.queue_op(s, actor, op_id, payload, changes)
    return op_id


def _moved(data: dict[str, Any], step: str, today: date) -> None:
    data["step"], data["step_since"] = step, today.isoformat()


_AFTER = {
    "check_recorded": "check",
    "appraised": "appraisal",
    "township_reviewed": "township_review",
}
_STAGE_ACTION = {
    "check": "request_check",
    "appraisal": "appraisal",
    "township_review": "township_review",
    "posting": "posting",
}


def expected_next(rules: dict[str, Any], data: dict[str, Any]) -> str:
    """What is due after this step by the county's stages, as the server words it (the posting
    window and the re-check date are the calendar's: `desktop.services.cases` adds those)."""
    step = str(data.get("step"))
    if step == "intake":
        return "survey"
    if step in ("refused", "exited", "approved"):
        return "none"
    if step == "check_requested":
        return "record_check"
    if step == "posting":
        return "wait_posting"
    stages = programme_rules(rules, str(data.get("programme"))).get("stages")
    if not isinstance(stages, list):
        stages = ["check", "appraisal", "township_review", "posting"]
    after = _AFTER.get(step)
    rest = stages[stages.index(after) + 1 :] if after in stages else stages
    return _STAGE_ACTION.get(str(rest[0]), "decide") if rest else "decide"


@dataclass(frozen=True)
class MeetingOutcome:
    case_id: str
    outcome: str  # agree | disagree | defer
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0


def record_meeting(
    store: Store,
    village_code: str,
    held_on: date,
    place: str,
    members_present: Sequence[str],
    outcomes: Sequence[MeetingOutcome],
    minutes: bytes,
    today: date | None = None,
) -> str:
    """One village appraisal meeting (民主评议) for many cases, with its minutes photographed."""
    _check_supervisor(store)
    day = today or date.today()
    if held_on > day:
        raise CaseInputError("date_in_future")
    members = [m.strip() for m in members_present if m.strip()]
    if not members:
        raise CaseInputError("members_required")
    if not outcomes:
        raise CaseInputError("cases_required")
    for o in outcomes:
        if o.outcome not in ("agree", "disagree", "defer"):
            raise CaseInputError("outcome_invalid")
        if min(o.votes_for, o.votes_against, o.votes_abstain) < 0:
            raise CaseInputError("votes_invalid")
    media = next((m for magic, m in MEDIA_TYPES.items() if minutes.startswith(magic)), None)
    if not minutes or media is None:
        raise CaseInputError("minutes_required")
    if len(minutes) > MAX_MINUTES_BYTES:
        raise CaseInputError("minutes_too_large")
    if has_exif(minutes):
        raise CaseInputError("minutes_exif")
    meeting_id = str(uuid.uuid4())
    sha = hashlib.sha256(minutes).hexdigest()
    payload = {
        "op": "record_meeting",
        "meeting_id": meeting_id,
        "village_code": village_code,
        "held_on": held_on.isoformat(),
        "place": place.strip(),
        "members_present": members,
        "minutes_sha256": sha,
        "minutes_size": len(minutes),
        "minutes_content_type": media,
        "outcomes": [
            {
                "case_id": o.case_id,
                "outcome": o.outcome,
                "votes_for": o.votes_for,
                "votes_against": o.votes_against,
                "votes_abstain": o.votes_abstain,
            }
            for o in outcomes
        ],
    }
    by_case = {o.case_id: o for o in outcomes}

    def change(cid: str, data: dict[str, Any]) -> None:
        if data.get("village_code") != village_code:
            raise CaseInputError("wrong_village")
        o = by_case[cid]
        data["appraisal"] = {
            "meeting_id": meeting_id,
            "held_on": held_on.isoformat(),
            "outcome": o.outcome,
            "votes_for": o.votes_for,
            "votes_against": o.votes_against,
            "votes_abstain": o.votes_abstain,
        }
        _moved(data, "appraised", day)

    op = _queue(store, meeting_id, payload, list(by_case), change)
    with store.transaction() as s:
        case_store.add_file(s, minutes, media)
    return op


def _exiting(store: Store, case_id: str) -> bool:
    """An exit (退出) under way: its township review proposes no amount."""
    with store.reading() as s:
        row = s.get(CaseRow, case_id)
        return row is not None and row.data.get("pending_change") == "exit"


def township_review(
    store: Store,
    case_id: str,
    outcome: str,
    category: str = "",
    monthly_amount: str = "",
    comment: str = "",
    today: date | None = None,
) -> str:
    _check_supervisor(store)
    day = today or date.today()
    if outcome not in ("pass", "return"):
        raise CaseInputError("outcome_invalid")
    amount = (
        _amount(monthly_amount)
        if outcome == "pass" and (monthly_amount.strip() or not _exiting(store, case_id))
        else None
    )
    if outcome == "return" and not comment.strip():
        raise CaseInputError("reason_required")
    payload: dict[str, Any] = {
        "op": "township_review",
        "case_id": case_id,
        "outcome": outcome,
        "proposed_category": category.strip(),
        "proposed_monthly_amount": amount,
        "comment": comment.strip(),
    }

    def change(_cid: str, data: dict[str, Any]) -> None:
        if outcome == "pass":
            data["proposed_category"], data["proposed_monthly_amount"] = category.strip(), amount
            _moved(data, "township_reviewed", day)
        else:
            _moved(data, "recheck", day)

    return _queue(store, str(uuid.uuid4()), payload, [case_id], change)


def request_check(store: Store, case_id: str, today: date | None = None) -> str:
    _check_supervisor(store)
    day = today or date.today()
    payload = {"op": "request_check", "case_id": case_id, "survey_id": None}

    def change(_cid: str, data: dict[str, Any]) -> None:
        _moved(data, "check_requested", day)

    return _queue(store, str(uuid.uuid4()), payload, [case_id], change)


def record_check(
    store: Store, case_id: str, outcome: str, note: str = "", today: date | None = None
) -> str:
    _check_supervisor(store)
    day = today or date.today()
    if outcome not in ("eligible", "ineligible", "unclear"):
        raise CaseInputError("outcome_invalid")
    payload = {"op": "record_check", "case_id": case_id, "outcome": outcome, "note": note.strip()}

    def change(_cid: str, data: dict[str, Any]) -> None:
        data["check_outcome"] = outcome
        _moved(data, "check_recorded", day)

    return _queue(store, str(uuid.uuid4()), payload, [case_id], change)


def create_posting(
    store: Store,
    village_code: str,
    start_date: date,
    case_ids: Sequence[str],
    today: date | None = None,
) -> str:
    """A 公示 for one village from `start_date` (not in the past) for the listed cases."""
    _check_supervisor(store)
    day = today or date.today()
    if not case_ids:
        raise CaseInputError("cases_required")
    if start_date < day:
        raise CaseInputError("start_in_past")
    rules = county_rules(store)
    posting_id = str(uuid.uuid4())
    payload = {
        "op": "create_posting",
        "posting_id": posting_id,
        "village_code": village_code,
        "start_date": start_date.isoformat(),
        "case_ids": list(case_ids),
    }
    windows: dict[str, int] = {}

    def change(cid: str, data: dict[str, Any]) -> None:
        if data.get("village_code") != village_code:
            raise CaseInputError("wrong_village")
        window = posting_days(rules, str(data.get("programme")))
        windows[cid] = window
        data["posting_id"] = posting_id
        data["posting_start"] = start_date.isoformat()
        data["posting_end"] = posting_end(start_date, window).isoformat()
        data["objections"], data["objections_summary"] = [], {"total": 0, "open": 0}
        _moved(data, "posting", day)

    _queue(store, posting_id, payload, case_ids, change)
    window = max(windows.values())
    with store.transaction() as s:
        s.add(
            PostingRow(
                id=posting_id,
                village_code=village_code,
                township_code=village_code[:9],
                start_date=start_date,
                end_date=posting_end(start_date, window),
                window_days=window,
                case_ids=list(case_ids),
                server_revision=0,
            )
        )
    return posting_id


def record_objection(
    store: Store,
    case_id: str,
    received_on: date,
    content: str,
    raised_by: str = "",
    today: date | None = None,
) -> str:
    _check_supervisor(store)
    day = today or date.today()
    if not content.strip():
        raise CaseInputError("content_required")
    if received_on > day:
        raise CaseInputError("date_in_future")
    objection_id = str(uuid.uuid4())
    payload = {
        "op": "record_objection",
        "objection_id": objection_id,
        "case_id": case_id,
        "received_on": received_on.isoformat(),
        "raised_by": raised_by.strip(),
        "content": content.strip(),
    }

    def change(_cid: str, data: dict[str, Any]) -> None:
        data.setdefault("objections", []).append(
            {
                "objection_id": objection_id,
                "received_on": received_on.isoformat(),
                "raised_by": raised_by.strip(),
                "content": content.strip(),
                "outcome": None,
                "reason": "",
                "settled_on": None,
            }
        )
        _summarise(data)

    return _queue(store, objection_id, payload, [case_id], change)


def _summarise(data: dict[str, Any]) -> None:
    objections = data.get("objections") or []
    outcomes = [o.get("outcome") for o in objections]
    data["objections_summary"] = {
        "total": len(objections),
        "open": outcomes.count(None),
        "upheld": outcomes.count("upheld"),
        "dismissed": outcomes.count("dismissed"),
    }


def settle_objection(
    store: Store,
    case_id: str,
    objection_id: str,
    outcome: str,
    reason: str = "",
    today: date | None = None,
) -> str:
    """Upheld sends the case back to re-check; dismissed needs a written reason."""
    _check_supervisor(store)
    day = today or date.today()
    if outcome not in ("upheld", "dismissed"):
        raise CaseInputError("outcome_invalid")
    if outcome == "dismissed" and not reason.strip():
        raise CaseInputError("reason_required")
    payload = {
        "op": "settle_objection",
        "objection_id": objection_id,
        "case_id": case_id,
        "outcome": outcome,
        "reason": reason.strip(),
    }

    def change(_cid: str, data: dict[str, Any]) -> None:
        found = [o for o in data.get("objections") or [] if o.get("objection_id") == objection_id]
        if not found:
            raise CaseInputError("not_found")
        if found[0].get("outcome") is not None:
            raise CaseInputError("already_settled")
        found[0].update(outcome=outcome, reason=reason.strip(), settled_on=day.isoformat())
        _summarise(data)
        if outcome == "upheld":
            _moved(data, "recheck", day)

    return _queue(store, str(uuid.uuid4()), payload, [case_id], change)


def decide(
    store: Store,
    case_id: str,
    outcome: str,
    category: str = "",
    monthly_amount: str = "",
    start_month: str = "",
    refusal_reason: str = "",
    today: date | None = None,
) -> str:
    """Approve (category, monthly amount, start month) or refuse (a reason the household is
    told). Whether the 公示 window has closed is the server's to say: it counts days on its
    own calendar, so a decision made here inside the window is queued and refused there."""
    _check_supervisor(store)
    day = today or date.today()
    payload: dict[str, Any] = {"op": "decide", "case_id": case_id, "outcome": outcome}
    if outcome == "approved":
        if not category.strip():
            raise CaseInputError("category_required")
        amount = _amount(monthly_amount)
        if not _MONTH.match(start_month.strip()):
            raise CaseInputError("month_invalid")
        payload.update(
            category=category.strip(), monthly_amount=amount, start_month=start_month.strip()
        )
    elif outcome in ("refused", "exited"):
        if not refusal_reason.strip():
            raise CaseInputError("reason_required")
        payload["refusal_reason"] = refusal_reason.strip()
    else:
        raise CaseInputError("outcome_invalid")
    _, level = user_role(store)

    def change(_cid: str, data: dict[str, Any]) -> None:
        data["decision"] = {
            "outcome": outcome,
            "decided_on": day.isoformat(),
            "level": level,
            "category": payload.get("category", ""),
            "monthly_amount": payload.get("monthly_amount"),
            "start_month": payload.get("start_month"),
            "refusal_reason": payload.get("refusal_reason", ""),
        }
        _moved(data, outcome, day)

    return _queue(store, str(uuid.uuid4()), payload, [case_id], change)


def start_recheck(store: Store, case_id: str, reason: str = "", today: date | None = None) -> str:
    _check_supervisor(store)
    day = today or date.today()
    payload = {"op": "start_recheck", "case_id": case_id, "reason": reason.strip()}

    def change(_cid: str, data: dict[str, Any]) -> None:
        _moved(data, "recheck", day)

    return _queue(store, str(uuid.uuid4()), payload, [case_id], change)


def change_circumstances(
    store: Store, case_id: str, action: str, reason: str, today: date | None = None
) -> str:
    """A change of circumstances on an approved case: adjust the amount or exit (退出), through
    the same steps again (check, appraisal, review, posting, decision)."""
    _check_supervisor(store)
    day = today or date.today()
    if action not in ("adjust", "exit"):
        raise CaseInputError("outcome_invalid")
    if not reason.strip():
        raise CaseInputError("reason_required")
    payload = {
        "op": "change_circumstances",
        "case_id": case_id,
        "action": action,
        "reason": reason.strip(),
    }

    def change(_cid: str, data: dict[str, Any]) -> None:
        data.update(
            pending_change=action,
            note=reason.strip(),
            check_outcome=None,
            appraisal=None,
            posting_id=None,
            posting_start=None,
            posting_end=None,
        )
        _moved(data, "recheck", day)

    return _queue(store, str(uuid.uuid4()), payload, [case_id], change)


def dismiss_refusal(store: Store, case_id: str) -> None:
    """The user has read the refusal: it leaves the case's row (the operation keeps it). A case
    opened here that the server refused never existed there: it goes."""
    with store.transaction() as s:
        row = s.get(CaseRow, case_id)
        if row is None:
            return
        if row.server_revision == 0 and not row.pending:
            s.delete(row)
        else:
            row.refusal = None


def open_case(
    store: Store,
    household_id: str,
    programme: str,
    applicant_name: str = "",
    note: str = "",
    today: date | None = None,
) -> str:
    """An application taken at the township window (一门受理): a case at `intake` for a
    household, which then needs a survey. Returns the new case's id."""
    _check_supervisor(store)
    day = today or date.today()
    rules = county_rules(store)
    known = {str(p.get("code")) for p in rules.get("programmes") or [] if isinstance(p, dict)}
    if not programme or (known and programme not in known):
        raise CaseInputError("programme_invalid")
    case_id = str(uuid.uuid4())
    payload = {
        "op": "open_case",
        "case_id": case_id,
        "household_id": household_id,
        "programme": programme,
        "source": "intake",
        "survey_id": None,
        "applicant_name": applicant_name.strip(),
        "note": note.strip(),
    }
    actor = store.actor  # read before the write lock: it may query
    with store.transaction() as s:
        household = s.get(Household, household_id)
        if household is None:
            raise CaseInputError("household_unknown")
        open_ = s.scalars(
            select(CaseRow).where(
                CaseRow.household_id == household_id, CaseRow.programme == programme
            )
        ).all()
        if any(str(c.data.get("step")) not in CLOSED_STEPS for c in open_):
            raise CaseInputError("case_exists")
        village = household.village_code
        data: dict[str, Any] = {
            "case_id": case_id,
            "revision": 1,
            "household_id": household_id,
            "programme": programme,
            "source": "intake",
            "step": "intake",
            "step_since": day.isoformat(),
            "opened_on": day.isoformat(),
            "village_code": village,
            "township_code": village[:9],
            "county_code": village[:6],
            "rules_version": int(rules.get("version") or 1),
            "decided_by": str(programme_rules(rules, programme).get("decided_by") or "county"),
            "next_action": "survey",
            "note": note.strip(),
        }
        s.add(
            CaseRow(
                id=case_id,
                household_id=household_id,
                programme=programme,
                step="intake",
                village_code=village,
                township_code=village[:9],
                server_revision=0,
                server_data={},
                data=data,
                pending=0,
                updated_at=day.isoformat(),
            )
        )
        s.flush()
        case_store.queue_op(s, actor, case_id, payload, {case_id: data})
    return case_id
