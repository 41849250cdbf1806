"""`/api/v1/cases…`: the queue, a case, postings and their list, the ledgers, reports, intake.

Reading routes are for supervisors and county admins, scoped to their divisions (a case outside
looks like no case: 404). Laptops work cases offline from the feed and push operations in
batches; `POST /cases/intake` is the township window's way in from the server API (一门受理): an
`OpenCase` body, signed like every write, applied once by its case id. A refused intake is 409
with the refusal code as `error` and its parameters in `details`.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sync import cases_wire as w

from ..deps import CallerDep, SessionDep, refuse_nul, require, signed_json_body, verify_signature
from ..errors import ApiError, refusals
from ..models import CaseFile, CaseOpLog, CasePosting
from ..reports.xlsx import workbook_bytes
from ..scope import Caller
from .clock import today
from .ledger import (
    CASE_LEDGER_HEADER,
    POSTING_HEADER,
    STUCK_HEADER,
    case_ledger_rows,
    posting_rows,
    stuck_rows,
    township_report,
)
from .queries import QueueFilter, names_of, postings_in_scope, queue_page
from .rules import RulesError, rules_for
from .service import CaseRefusal, apply_op
from .views import posting_wire, wires

router = APIRouter(prefix="/cases", tags=["cases"], responses=refusals(401, 403, 404, 422))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The lists answer rows as JSON objects or, with ?format=xlsx (the default for the ledger and
# the posting list), a workbook.
EXPORTED: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rows as JSON objects, or an xlsx workbook with `format=xlsx`.",
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}

StepQ = Annotated[w.CaseStep | None, Query()]
ProgrammeQ = Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
TownshipQ = Annotated[str | None, Query(pattern=r"^[0-9]{1,12}$")]
VillageQ = Annotated[str | None, Query(pattern=r"^[0-9]{1,20}$")]
Format = Annotated[Literal["json", "xlsx"], Query()]


def _supervisor(caller: Caller) -> None:
    require(caller.is_supervisor, "Only supervisors and county admins work cases here.")


def _xlsx(name: str, header: list[str], rows: list[list[Any]], banner: str = "") -> Response:
    return Response(
        workbook_bytes([(name, header, rows)], banner=banner),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{name}.xlsx"',
            "Cache-Control": "no-store",
        },
    )


@router.get("", responses=refusals(400))
def case_queue(
    caller: CallerDep,
    session: SessionDep,
    step: StepQ = None,
    programme: ProgrammeQ = None,
    township: TownshipQ = None,
    village: VillageQ = None,
    days_left_max: Annotated[int | None, Query(ge=1, le=60)] = None,
    stuck_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    after: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    """The cases queue, longest-waiting first: `{items, cursor, done}`."""
    _supervisor(caller)
    f = QueueFilter(step, programme, township, village, days_left_max, stuck_days)
    with session.begin():
        rows, cursor = queue_page(session, caller, f, today(), after, limit)
        names = names_of(session, sorted({c.household_id for c in rows}))
        items = [
            {"case": c.model_dump(mode="json"), "head_name": names.get(c.household_id, "")}
            for c in wires(session, rows)
        ]
    return {"items": items, "cursor": cursor, "done": cursor is None}


@router.get("/ledger", responses=EXPORTED)
def case_ledger(
    caller: CallerDep,
    session: SessionDep,
    township: TownshipQ = None,
    village: VillageQ = None,
    programme: ProgrammeQ = None,
    format: Format = "xlsx",  # noqa: A002
) -> Any:
    """The county-wide case ledger (台账): names and case columns, no ID numbers."""
    _supervisor(caller)
    f = QueueFilter(programme=programme, township=township, village=village)
    with session.begin():
        rows = case_ledger_rows(session, caller, f, today())
    if format == "xlsx":
        return _xlsx("case-ledger", CASE_LEDGER_HEADER, rows)
    return [dict(zip(CASE_LEDGER_HEADER, r, strict=True)) for r in rows]


@router.get("/stuck", responses=EXPORTED)
def stuck_cases(
    caller: CallerDep,
    session: SessionDep,
    days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    township: TownshipQ = None,
    format: Format = "json",  # noqa: A002
) -> Any:
    """Cases in one step for longer than `days` (default: the county's rules, 30)."""
    _supervisor(caller)
    with session.begin():
        if days is None:
            try:
                days = rules_for(session, caller.county_code).stuck_days
            except RulesError:
                days = 30
        rows = stuck_rows(session, caller, QueueFilter(township=township, stuck_days=days), today())
    if format == "xlsx":
        return _xlsx("stuck-cases", STUCK_HEADER, rows)
    return [dict(zip(STUCK_HEADER, r, strict=True)) for r in rows]


@router.get("/report")
def cases_report(
    caller: CallerDep,
    session: SessionDep,
    township: TownshipQ = None,
    recheck_until: Annotated[date | None, Query(description="the round's last day")] = None,
) -> dict[str, Any]:
    """Per township: cases by programme and step, open postings with days left, re-checks
    due by `recheck_until` (default today), decisions this month with their amounts."""
    _supervisor(caller)
    day = today()
    with session.begin():
        return township_report(session, caller, township, day, recheck_until or day)


@router.get("/postings")
def list_postings(
    caller: CallerDep,
    session: SessionDep,
    township: TownshipQ = None,
    open_only: bool = False,
) -> list[dict[str, Any]]:
    _supervisor(caller)
    day = today()
    with session.begin():
        return [
            {
                **posting_wire(p).model_dump(mode="json"),
                "days_left": w.days_left(p.start_date, p.end_date, day),
            }
            for p in postings_in_scope(session, caller, township, day if open_only else None)
        ]


@router.get("/postings/{posting_id}/list", responses=EXPORTED)
def posting_list(
    caller: CallerDep,
    session: SessionDep,
    posting_id: uuid.UUID,
    format: Format = "xlsx",  # noqa: A002
) -> Any:
    """The list to pin up: name, village, programme, proposed monthly amount. Nothing else."""
    _supervisor(caller)
    with session.begin():
        posting = session.get(CasePosting, posting_id)
        if posting is None or not caller.scope.contains(
            posting.village_code, posting.township_code, posting.county_code
        ):
            raise ApiError(404, "not_found", "No such posting in your scope.")
        rows = posting_rows(session, caller, posting)
    if format == "xlsx":
        return _xlsx(f"posting-{posting.village_code}-{posting.start_date}", POSTING_HEADER, rows)
    return [dict(zip(POSTING_HEADER, r, strict=True)) for r in rows]


@router.get("/{case_id}")
def case_detail(caller: CallerDep, session: SessionDep, case_id: uuid.UUID) -> dict[str, Any]:
    _supervisor(caller)
    with session.begin():
        case = _case_in_scope(session, caller, case_id)
        wire = wires(session, [case])[0]
        return {
            "case": wire.model_dump(mode="json"),
            "head_name": names_of(session, [case.household_id]).get(case.household_id, ""),
        }


def _case_in_scope(session: Session, caller: Caller, case_id: uuid.UUID) -> CaseFile:
    case = session.get(CaseFile, case_id)
    if case is None or not caller.scope.contains(
        case.village_code, case.township_code, case.county_code
    ):
        raise ApiError(404, "not_found", "No such case in your scope.")
    return case


@router.post("/intake", openapi_extra=signed_json_body(w.OpenCase), responses=refusals(409))
async def intake(request: Request, caller: CallerDep) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    return await run_in_threadpool(_intake_sync, request, caller, body)


def _intake_sync(request: Request, caller: Caller, body: bytes) -> dict[str, Any]:
    verify_signature(caller, request, body)
    try:
        op = w.OpenCase.model_validate_json(body)
    except ValueError as exc:
        raise ApiError(422, "invalid_request", f"The application is not valid: {exc}") from exc
    refuse_nul(op)
    from ..changes.numbering import emit

    with request.app.state.sessionmaker() as session, session.begin():
        if session.get(CaseOpLog, op.case_id) is None:
            try:
                changes = apply_op(session, caller, op.case_id, op)
            except CaseRefusal as exc:
                raise ApiError(409, exc.code, exc.message, [exc.params]) from exc
            except RulesError as exc:
                raise ApiError(409, "unknown_programme", str(exc)) from exc
            emit(session, changes)
        case = _case_in_scope(session, caller, op.case_id)
        return {"case": wires(session, [case])[0].model_dump(mode="json")}
