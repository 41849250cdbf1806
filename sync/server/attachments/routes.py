"""`GET|PUT /api/v1/attachments/{sha256}` and `GET /api/v1/attachments/{sha256}/status`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sync.protocol import AttachmentStatus

from ..deps import CallerDep, ReadSessionDep, SessionDep, verify_signature
from ..errors import ApiError, refusals
from ..scope import Caller
from . import service
from .exif import strip_location

router = APIRouter(tags=["attachments"], responses=refusals(401, 403, 404, 422))


@router.get("/attachments/{sha256}/status", response_model=AttachmentStatus)
def get_status(sha256: str, caller: CallerDep, session: ReadSessionDep) -> AttachmentStatus:
    return service.status(session, caller, sha256)


@router.put(
    "/attachments/{sha256}",
    response_model=AttachmentStatus,
    responses=refusals(400, 409, 413, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    },
)
async def put_chunk(
    sha256: str,
    request: Request,
    caller: CallerDep,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> AttachmentStatus:
    settings = request.app.state.settings
    chunks: list[bytes] = []
    size = 0
    try:
        async for part in request.stream():
            size += len(part)
            if size > settings.max_chunk_bytes:
                raise ApiError(
                    413,
                    "chunk_too_large",
                    f"A chunk may be at most {settings.max_chunk_bytes} bytes.",
                )
            chunks.append(part)
    except ClientDisconnect:
        raise ApiError(
            400, "cut_off", "The chunk was cut off; ask for the status and resume."
        ) from None
    body = b"".join(chunks)
    return await run_in_threadpool(_put_sync, request, caller, sha256, offset, body)


def _put_sync(
    request: Request, caller: Caller, sha: str, offset: int, body: bytes
) -> AttachmentStatus:
    verify_signature(caller, request, body)
    settings = request.app.state.settings
    with request.app.state.sessionmaker() as session:
        return service.put_chunk(
            session,
            request.app.state.blob_store,
            caller,
            sha,
            offset,
            body,
            settings.max_attachment_bytes,
        )


@router.get(
    "/attachments/{sha256}",
    response_class=Response,
    responses={
        200: {"content": {"application/octet-stream": {}, "image/jpeg": {}, "image/png": {}}},
        **refusals(503),
    },
)
def download(sha256: str, request: Request, caller: CallerDep, session: SessionDep) -> Response:
    data, ctype = service.read(session, request.app.state.blob_store, caller, sha256)
    return Response(
        strip_location(data), media_type=ctype, headers={"Cache-Control": "private, no-store"}
    )
