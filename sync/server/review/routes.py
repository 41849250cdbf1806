"""`POST /api/v1/reviews`, `GET /api/v1/surveys`, `GET /api/v1/surveys/{id or short key}`."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from sync.protocol import ReviewReply, ReviewRequest, ReviewState

from ..deps import (
    CallerDep,
    ReadSessionDep,
    refuse_nul,
    require,
    signed_json_body,
    verify_signature,
)
from ..errors import ApiError, refusals
from ..models import Survey
from .service import (
    apply_review,
    get_survey_in_scope,
    open_conflicts,
    survey_detail,
    survey_summary,
)

router = APIRouter(tags=["review"], responses=refusals(401, 403, 404, 422))


@router.post(
    "/reviews",
    response_model=ReviewReply,
    responses=refusals(409),
    openapi_extra=signed_json_body(ReviewRequest),
)
async def post_review(request: Request, caller: CallerDep) -> ReviewReply:
    from starlette.concurrency import run_in_threadpool

    body = await request.body()
    return await run_in_threadpool(_post_review_sync, request, caller, body)


def _post_review_sync(request: Request, caller: Any, body: bytes) -> ReviewReply:
    verify_signature(caller, request, body)
    try:
        req = ReviewRequest.model_validate_json(body)
    except ValueError as exc:
        raise ApiError(422, "invalid_request", f"The review is not valid: {exc}") from exc
    refuse_nul(req)
    with request.app.state.sessionmaker() as session, session.begin():
        review, _new = apply_review(
            session, caller, req.id, req.survey_id, req.decision, req.comment, list(req.pinned)
        )
        return ReviewReply(
            id=review.id,
            survey_id=review.survey_id,
            state=review.state_after,  # type: ignore[arg-type]
            level=review.level,  # type: ignore[arg-type]
            reviewer_id=review.reviewer_id,
            decided_at=review.decided_at,
        )


@router.get("/surveys")
def list_surveys(
    caller: CallerDep,
    session: ReadSessionDep,
    # Closed vocabularies at the door: a stray byte (a NUL, say) never reaches the database,
    # where PostgreSQL would refuse it as a server error instead of a plain 422.
    state: Annotated[ReviewState | None, Query()] = None,
    village: Annotated[str | None, Query(pattern=r"^[0-9]{1,20}$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    require(caller.is_supervisor, "Only supervisors list surveys.")
    stmt = select(Survey).where(
        caller.scope.clause(Survey.village_code, Survey.township_code, Survey.county_code)
    )
    if state:
        stmt = stmt.where(Survey.state == state)
    if village:
        stmt = stmt.where(Survey.village_code == village)
    with session.begin():
        return [
            survey_summary(s)
            for s in session.scalars(stmt.order_by(Survey.updated_at).limit(limit))
        ]


@router.get("/review/conflicts")
def list_conflicts(caller: CallerDep, session: ReadSessionDep) -> list[dict[str, Any]]:
    """Surveys in scope with a conflicting version not yet settled (see `open_conflicts`)."""
    require(caller.is_supervisor, "Only supervisors list conflicting versions.")
    with session.begin():
        return open_conflicts(session, caller)


@router.get("/surveys/{key}")
def get_survey(caller: CallerDep, session: ReadSessionDep, key: str) -> dict[str, Any]:
    with session.begin():
        if key.isdigit() and len(key) == 8:
            found = session.scalar(select(Survey.id).where(Survey.short_key == key))
            if found is None:
                raise ApiError(404, "not_found", "No such survey in your scope.")
            survey_id = found
        else:
            try:
                survey_id = uuid.UUID(key)
            except ValueError as exc:
                raise ApiError(404, "not_found", "No such survey in your scope.") from exc
        survey = get_survey_in_scope(session, caller, survey_id)
        if caller.role == "cadre" and survey.cadre_id != caller.user_id:
            raise ApiError(404, "not_found", "No such survey in your scope.")
        return survey_detail(session, survey)
