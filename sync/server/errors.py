"""One error shape for every refusal: `{"error": code, "message": plain words, "details": [...]}`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import ErrorReply

# What each refusal means, for the OpenAPI document: every route declares the codes it really
# answers with, so a client (or a fuzzer) can hold the server to its document.
REFUSALS: dict[int, str] = {
    400: "Malformed or cut-off input; nothing was stored.",
    401: "No token, an unknown or revoked device, or a bad request signature.",
    403: "Outside the caller's role or scope.",
    404: "Not found within the caller's scope.",
    409: "Conflicts with what the server holds; nothing was changed.",
    410: "The cursor is from another or a restored server: pull again from the start.",
    413: "The body is larger than the server accepts.",
    415: "The body is not of the declared content type.",
    422: "The request does not validate; `details` says where.",
    426: "The laptop's Doorstep is too old for this server.",
    429: "Too many attempts; wait before trying again.",
    503: "A store the server needs cannot be reached now; try again after Retry-After.",
}


def refusals(*codes: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route or router: each code answers the one error shape."""
    return {code: {"model": ErrorReply, "description": REFUSALS[code]} for code in codes}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.details = details or []
        self.headers = headers


def error_response(
    status: int,
    error: str,
    message: str,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorReply(error=error, message=message, details=details or [])
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def readable_validation_details(errors: Any) -> list[dict[str, Any]]:
    out = []
    for err in errors:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body",))
        out.append({"path": loc, "code": str(err.get("type", "invalid")), "message": err["msg"]})
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.error, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = readable_validation_details(exc.errors())
        summary = "; ".join(f"{d['path'] or 'request'}: {d['message']}" for d in details[:5])
        return error_response(
            422, "invalid_request", f"The request is not valid: {summary}", details
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, "http_error", str(exc.detail))
