"""`/api/v1/registry/…`: extracts in (county admins), findings and flags out (supervisors).

    POST /registry/imports?source=S[&extracted_on=D]   the file's bytes, signed; county admins
    GET  /registry/imports                             the county's import history
    GET  /registry/households/{id}                     findings and flags (audited per look)
    GET  /registry/discrepancies[?township=|village=]  open flags, no consent, possible misses
    POST /registry/flags/{id}/explain {reason}         signed; supervisors in scope

Cadres get 403 on every one of them: what reaches a cadre is the re-check task on the feed.
Routes parse, authorize and call the services; writes run in their own transaction.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from ..deps import CallerDep, ReadSessionDep, refuse_nul, signed_json_body, verify_signature
from ..errors import ApiError, refusals
from ..reports.service import narrow
from . import service
from .importing import RegistryImportError, import_extract

router = APIRouter(prefix="/registry", tags=["registry"], responses=refusals(401, 403, 404, 422))
Lang = Annotated[Literal["zh", "en"], Query()]


class ExplainRequest(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


def import_refusal(exc: RegistryImportError) -> ApiError:
    details = [{"line": p.line, "reason": p.reason, "message": p.message} for p in exc.problems]
    return ApiError(422, "registry_file_refused", str(exc), details)


@router.post("/imports", responses=refusals(413))
async def import_file(
    request: Request,
    caller: CallerDep,
    source: Annotated[str, Query(max_length=30)],
    extracted_on: Annotated[date | None, Query()] = None,
) -> dict[str, Any]:
    body = await request.body()
    settings = request.app.state.settings

    def work() -> dict[str, Any]:
        verify_signature(caller, request, body)
        if caller.role != "county_admin":
            raise ApiError(403, "forbidden", "Only county admins import department extracts.")
        if len(body) > settings.max_registry_bytes:
            raise ApiError(413, "file_too_large", "The file is larger than this server takes.")
        with request.app.state.sessionmaker() as session:
            try:
                with session.begin():
                    report = import_extract(
                        session,
                        caller.county_code,
                        source,
                        body,
                        extracted_on=extracted_on,
                        actor=f"user:{caller.user_id}",
                        user_id=caller.user_id,
                    )
            except RegistryImportError as exc:
                raise import_refusal(exc) from None
        return report.summary()

    return await run_in_threadpool(work)


@router.get("/imports")
def imports(caller: CallerDep, session: ReadSessionDep) -> list[dict[str, Any]]:
    with session.begin():
        return service.list_imports(session, caller)


@router.get("/households/{household_id}")
def household(
    request: Request, caller: CallerDep, household_id: uuid.UUID, lang: Lang = "zh"
) -> dict[str, Any]:
    # a write session: the look itself is an audit row
    with request.app.state.sessionmaker() as session, session.begin():
        return service.household_findings(session, caller, household_id, lang)


@router.get("/discrepancies")
def discrepancies(
    request: Request,
    caller: CallerDep,
    township: Annotated[str | None, Query(max_length=12)] = None,
    village: Annotated[str | None, Query(max_length=20)] = None,
    lang: Lang = "zh",
) -> dict[str, Any]:
    if not caller.is_supervisor:
        raise ApiError(403, "forbidden", "Only supervisors and county admins read the check.")
    with request.app.state.sessionmaker() as session, session.begin():
        within = narrow(session, caller, township, village)
        out = {
            "flags": service.flag_rows(session, within.scope, lang),
            "no_consent": service.no_consent_rows(session, within.scope),
            "possible_misses": service.miss_rows(session, within.scope, caller.county_code),
        }
        from ..audit import audit

        audit(
            session,
            "registry.list",
            entity_kind="county",
            entity_id=caller.county_code,
            user_id=caller.user_id,
            device_id=caller.device_id,
            request_id=caller.request_id,
            detail={k: len(v) for k, v in out.items()}
            | {
                "within": sorted(
                    within.scope.villages | within.scope.townships | within.scope.counties
                )
            },  # fmt: skip
        )
        return out


@router.post(
    "/flags/{flag_id}/explain",
    openapi_extra=signed_json_body(ExplainRequest),
    responses=refusals(409),
)
async def explain(request: Request, caller: CallerDep, flag_id: int) -> dict[str, Any]:
    body = await request.body()

    def work() -> dict[str, Any]:
        verify_signature(caller, request, body)
        try:
            req = ExplainRequest.model_validate_json(body)
        except ValueError as exc:
            raise ApiError(422, "invalid_request", f"The request is not valid: {exc}") from exc
        refuse_nul(req)
        with request.app.state.sessionmaker() as session, session.begin():
            return service.explain_flag(session, caller, flag_id, req.reason)

    return await run_in_threadpool(work)
