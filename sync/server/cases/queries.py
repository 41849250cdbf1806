"""Reading cases for supervisors: the queue with its filters and cursor, and the lists.

The queue is ordered by (step since, case id), the longest-waiting first, and paged with a
cursor over that pair, fetching `limit + 1` rows to know whether more follow. Every statement
is scoped in its WHERE clause by the caller's divisions, so nothing outside is ever loaded.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session

from ..errors import ApiError
from ..models import CaseFile, CasePosting, Household, Village
from ..scope import Caller

WAITING_STEPS = (
    "intake",
    "survey_approved",
    "check_requested",
    "check_recorded",
    "appraised",
    "township_reviewed",
    "posting",
    "recheck",
)


@dataclass(frozen=True)
class QueueFilter:
    step: str | None = None
    programme: str | None = None
    township: str | None = None
    village: str | None = None
    days_left_max: int | None = None  # postings whose window has at most this many days left
    stuck_days: int | None = None  # in one waiting step for at least this many days


def scoped(caller: Caller) -> Any:
    return caller.scope.clause(CaseFile.village_code, CaseFile.township_code, CaseFile.county_code)


def filtered(caller: Caller, f: QueueFilter, day: date) -> Select[Any]:
    stmt = select(CaseFile).where(scoped(caller))
    if f.step:
        stmt = stmt.where(CaseFile.step == f.step)
    if f.programme:
        stmt = stmt.where(CaseFile.programme == f.programme)
    if f.township:
        stmt = stmt.where(CaseFile.township_code == f.township)
    if f.village:
        stmt = stmt.where(CaseFile.village_code == f.village)
    if f.days_left_max is not None:
        # days left = end - today + 1 <= n  <=>  end <= today + n - 1 (and not yet closed)
        stmt = stmt.where(
            CaseFile.step == "posting",
            CaseFile.posting_end >= day,
            CaseFile.posting_end <= day + timedelta(days=f.days_left_max - 1),
        )
    if f.stuck_days is not None:
        stmt = stmt.where(
            CaseFile.step.in_(WAITING_STEPS),
            CaseFile.step_since <= day - timedelta(days=f.stuck_days),
        )
    return stmt


def encode_after(case: CaseFile) -> str:
    raw = f"{case.step_since.isoformat()}~{case.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_after(text: str) -> tuple[date, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        day, _, ident = raw.partition("~")
        return date.fromisoformat(day), uuid.UUID(ident)
    except ValueError:
        raise ApiError(400, "bad_cursor", "The cursor could not be read.") from None


def queue_page(
    session: Session, caller: Caller, f: QueueFilter, day: date, after: str | None, limit: int
) -> tuple[list[CaseFile], str | None]:
    stmt = filtered(caller, f, day)
    if after:
        since, ident = decode_after(after)
        stmt = stmt.where(
            or_(
                CaseFile.step_since > since,
                and_(CaseFile.step_since == since, CaseFile.id > ident),
            )
        )
    rows = list(session.scalars(stmt.order_by(CaseFile.step_since, CaseFile.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_after(rows[-1]) if more and rows else None)


def names_of(session: Session, household_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    out: dict[uuid.UUID, str] = {}
    for i in range(0, len(household_ids), 1000):
        rows = session.execute(
            select(Household.id, Household.head_name).where(
                Household.id.in_(household_ids[i : i + 1000])
            )
        )
        out.update((row[0], row[1]) for row in rows)
    return out


def village_names(session: Session, codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = session.execute(select(Village.code, Village.name).where(Village.code.in_(codes)))
    return {row[0]: row[1] for row in rows}


def postings_in_scope(
    session: Session, caller: Caller, township: str | None, open_on: date | None
) -> list[CasePosting]:
    stmt = select(CasePosting).where(
        caller.scope.clause(
            CasePosting.village_code, CasePosting.township_code, CasePosting.county_code
        )
    )
    if township:
        stmt = stmt.where(CasePosting.township_code == township)
    if open_on is not None:
        stmt = stmt.where(CasePosting.start_date <= open_on, CasePosting.end_date >= open_on)
    return list(session.scalars(stmt.order_by(CasePosting.end_date, CasePosting.id)))
