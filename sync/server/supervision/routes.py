"""`GET /api/v1/supervision/me`, `/supervision/spot-checks…`, `/supervision/audit`.

Routes parse, authorize and call the services; drawing and recording outcomes are signed
POSTs like reviews, and run in their own transaction.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from sync.protocol import ReviewState

from ..deps import (
    CallerDep,
    ReadSessionDep,
    refuse_nul,
    require,
    signed_json_body,
    verify_signature,
)
from ..errors import ApiError, refusals
from . import history, spotchecks

router = APIRouter(
    prefix="/supervision", tags=["supervision"], responses=refusals(401, 403, 404, 422)
)


class DrawRequest(BaseModel):
    percent: float = Field(gt=0, le=100)
    campaign_id: uuid.UUID | None = None
    states: list[ReviewState] | None = None
    seed: int | None = Field(default=None, ge=0, lt=2**53)


class OutcomeRequest(BaseModel):
    survey_id: uuid.UUID
    outcome: str = Field(max_length=20)


@router.get("/me")
def me(caller: CallerDep) -> dict[str, Any]:
    return {
        "user_id": str(caller.user_id),
        "role": caller.role,
        "review_level": caller.review_level,
        "county_code": caller.county_code,
        "counties": sorted(caller.scope.counties),
        "townships": sorted(caller.scope.townships),
        "villages": sorted(caller.scope.villages),
    }


def _body(request: Request, caller: Any, body: bytes, model: type[BaseModel]) -> Any:
    verify_signature(caller, request, body)
    try:
        req = model.model_validate_json(body)
    except ValueError as exc:
        raise ApiError(422, "invalid_request", f"The request is not valid: {exc}") from exc
    refuse_nul(req)
    return req


@router.post("/spot-checks", openapi_extra=signed_json_body(DrawRequest))
async def draw(request: Request, caller: CallerDep) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    body = await request.body()

    def work() -> dict[str, Any]:
        req = _body(request, caller, body, DrawRequest)
        with request.app.state.sessionmaker() as session, session.begin():
            return spotchecks.create(
                session, caller, req.percent, req.campaign_id, req.states, req.seed
            )

    return await run_in_threadpool(work)


@router.get("/spot-checks")
def list_checks(caller: CallerDep, session: ReadSessionDep) -> list[dict[str, Any]]:
    with session.begin():
        return spotchecks.list_checks(session, caller)


@router.get("/spot-checks/{check_id}")
def get_check(caller: CallerDep, session: ReadSessionDep, check_id: uuid.UUID) -> dict[str, Any]:
    with session.begin():
        return spotchecks.get(session, caller, check_id)


@router.get("/spot-checks/{check_id}/verify")
def verify_check(caller: CallerDep, session: ReadSessionDep, check_id: uuid.UUID) -> dict[str, Any]:
    with session.begin():
        return spotchecks.verify(session, caller, check_id)


@router.post("/spot-checks/{check_id}/outcomes", openapi_extra=signed_json_body(OutcomeRequest))
async def outcome(request: Request, caller: CallerDep, check_id: uuid.UUID) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool

    body = await request.body()

    def work() -> dict[str, Any]:
        req = _body(request, caller, body, OutcomeRequest)
        with request.app.state.sessionmaker() as session, session.begin():
            return spotchecks.record_outcome(session, caller, check_id, req.survey_id, req.outcome)

    return await run_in_threadpool(work)


@router.get("/audit")
def household_audit(
    caller: CallerDep,
    session: ReadSessionDep,
    household_id: Annotated[uuid.UUID, Query()],
) -> list[dict[str, Any]]:
    require(caller.is_supervisor, "Only supervisors and county admins read the audit trail.")
    with session.begin():
        return history.household_history(session, caller, household_id)
