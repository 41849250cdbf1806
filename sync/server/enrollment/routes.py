"""`POST /api/v1/enroll` (no token yet: the code is the credential)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from sync.protocol import EnrollReply, EnrollRequest

from ..deps import SessionDep, SettingsDep, client_address, refuse_nul
from ..errors import refusals
from .service import enroll

router = APIRouter(tags=["enrollment"], responses=refusals(403, 422, 429))


@router.post("/enroll", response_model=EnrollReply)
def post_enroll(
    req: EnrollRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> EnrollReply:
    refuse_nul(req)
    client = client_address(request)
    rid = request.scope.get("state", {}).get("request_id", "")
    return enroll(
        session, req, client, settings.enroll_attempts_per_10min, rid, settings.secret_key
    )
