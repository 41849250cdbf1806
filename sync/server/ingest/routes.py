"""`POST /api/v1/batches`: read the exact bytes, check the signature, apply in a worker thread."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sync.protocol import REPLAY_HEADER, BatchResult, canonical_json

from ..deps import CallerDep, verify_signature
from ..errors import ApiError, refusals
from ..logs import log_event
from ..scope import Caller
from .service import ingest

router = APIRouter(tags=["ingest"])


@router.post(
    "/batches",
    response_model=BatchResult,
    responses=refusals(400, 401, 403, 409, 413, 422, 426),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/vnd.doorstep.batch+gzip": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    },
)
async def post_batch(request: Request, caller: CallerDep) -> Response:
    settings = request.app.state.settings
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_batch_bytes:
        raise ApiError(
            413, "batch_too_large", f"A batch may be at most {settings.max_batch_bytes} bytes."
        )
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > settings.max_batch_bytes:
                raise ApiError(
                    413,
                    "batch_too_large",
                    f"A batch may be at most {settings.max_batch_bytes} bytes.",
                )
            chunks.append(chunk)
    except ClientDisconnect:
        log_event("batch.cut_off", received=size)
        raise ApiError(
            400, "cut_off", "The batch upload was cut off; nothing was stored."
        ) from None
    body = b"".join(chunks)
    # A few batches at a time per worker: ingest is CPU-bound (form validation), and twenty
    # threads fighting over one interpreter lock only make every batch slower.
    async with _slots(request):
        outcome = await run_in_threadpool(_ingest_sync, request, caller, body)
    log_event(
        "batch",
        device_id=str(caller.device_id),
        records=len(outcome.result["results"]),
        replay=outcome.replay,
    )
    # Canonical JSON: the first reply and every replay are byte-identical (PostgreSQL's JSONB
    # does not keep key order, so the stored dict is re-serialised the same way each time).
    return Response(
        canonical_json(outcome.result),
        media_type="application/json",
        headers={REPLAY_HEADER: "1" if outcome.replay else "0"},
    )


def _slots(request: Request) -> asyncio.Semaphore:
    state = request.app.state
    if getattr(state, "ingest_slots", None) is None:
        state.ingest_slots = asyncio.Semaphore(state.settings.ingest_concurrency)
    slots: asyncio.Semaphore = state.ingest_slots
    return slots


def _ingest_sync(request: Request, caller: Caller, body: bytes):  # type: ignore[no-untyped-def]
    verify_signature(caller, request, body)
    return ingest(request.app.state.sessionmaker, request.app.state.settings, caller, body)
