"""`/healthz`, `/readyz`, `POST /api/v1/handshake`, `GET /api/v1/digest`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select, text, update

from forms import __version__
from sync.protocol import (
    PROTOCOL_VERSION,
    DigestReply,
    HandshakeReply,
    HandshakeRequest,
    record_digest,
)

from ..changes.service import instance_id
from ..deps import CallerDep, ReadSessionDep, SessionDep, SettingsDep, refuse_nul
from ..errors import ApiError, refusals
from ..migrate import schema_problem
from ..models import AttachmentRef, Device, Household, Survey, Visit, utcnow

probes = APIRouter(tags=["system"])
router = APIRouter(tags=["system"])


@probes.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@probes.get(
    "/readyz",
    responses={
        200: {"description": "Database reachable and migrations current."},
        503: {"description": "Database unreachable or migrations pending."},
    },
)
def readyz(request: Request) -> JSONResponse:
    engine = request.app.state.engine
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        problem = schema_problem(engine)
    except Exception:
        return JSONResponse({"status": "database unreachable"}, status_code=503)
    if problem:
        # A balancer takes this node out: the database was migrated for a newer release, or
        # not yet for this one.
        return JSONResponse({"status": problem}, status_code=503)
    return JSONResponse({"status": "ready"})


def _version_tuple(v: str) -> tuple[int, ...]:
    parts = []
    for p in v.split("."):
        digits = "".join(c for c in p if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


@router.post("/handshake", response_model=HandshakeReply, responses=refusals(401, 422, 426))
def handshake(
    req: HandshakeRequest, caller: CallerDep, session: SessionDep, settings: SettingsDep
) -> HandshakeReply:
    refuse_nul(req)
    if req.protocol_version != PROTOCOL_VERSION or _version_tuple(req.app_version) < _version_tuple(
        settings.min_app_version
    ):
        raise ApiError(
            426,
            "please_update",
            f"This laptop's Doorstep is too old for the server. Please update Doorstep to "
            f"version {settings.min_app_version} or newer before syncing "
            f"(请更新入户通到 {settings.min_app_version} 或更高版本后再同步).",
        )
    with session.begin():
        session.execute(
            update(Device)
            .where(Device.id == caller.device_id)
            .values(last_seen_at=utcnow(), app_version=req.app_version)
        )
        inst = instance_id(session)
    return HandshakeReply(
        protocol_version=PROTOCOL_VERSION,
        min_app_version=settings.min_app_version,
        server_time=utcnow(),
        server_instance_id=inst,
        device_id=caller.device_id,
        user_id=caller.user_id,
        role=caller.role,  # type: ignore[arg-type]
    )


@router.get("/digest", response_model=DigestReply, responses=refusals(401, 422))
def digest(
    caller: CallerDep,
    session: ReadSessionDep,
    kinds: Annotated[list[str] | None, Query()] = None,
) -> DigestReply:
    """Counts and digests of (id, revision) of the records this device created, per kind."""
    tables: dict[str, Any] = {
        "household": Household,
        "survey": Survey,
        "visit": Visit,
        "attachment": AttachmentRef,
    }
    wanted = [k for k in (kinds or list(tables)) if k in tables]
    counts: dict[str, int] = {}
    digests: dict[str, str] = {}
    with session.begin():
        for kind in wanted:
            model = tables[kind]
            pairs = [
                (str(i), int(r))
                for i, r in session.execute(
                    select(model.id, model.revision).where(
                        model.created_by_device == caller.device_id
                    )
                )
            ]
            counts[kind] = len(pairs)
            digests[kind] = record_digest(pairs)
    return DigestReply(counts=counts, digests=digests)
