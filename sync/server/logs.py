"""Structured (JSON lines) logging with a request id, and nothing personal in it.

Log calls pass only ids, counts, codes and timings. Paths are logged without their query string.
"""

from __future__ import annotations

import json
import logging
import secrets
import sys
import time
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import REQUEST_ID_HEADER

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
logger = logging.getLogger("doorstep.server")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = request_id_var.get()
        if rid:
            out["request_id"] = rid
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            out["exc_type"] = record.exc_info[0].__name__  # no message: it may quote data
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("doorstep")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = True


def log_event(msg: str, level: int = logging.INFO, **fields: Any) -> None:
    logger.log(level, msg, extra={"fields": fields})


def _clean_request_id(raw: str) -> str:
    keep = "".join(c for c in raw if c.isalnum() or c in "-_")[:64]
    return keep or secrets.token_hex(8)


class RequestContextMiddleware:
    """Gives each request an id (the client's X-Request-ID if sane) and logs one access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = ""
        for name, value in scope.get("headers", []):
            if name.decode("latin-1").lower() == REQUEST_ID_HEADER.lower():
                raw = value.decode("latin-1")
        rid = _clean_request_id(raw) if raw else secrets.token_hex(8)
        token = request_id_var.set(rid)
        scope.setdefault("state", {})["request_id"] = rid
        start = time.perf_counter()
        status = 500

        async def _send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), rid.encode()))
                message["headers"] = headers
            await send(message)

        started = False

        async def _send_tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await _send(message)

        try:
            await self.app(scope, receive, _send_tracking)
        except Exception as exc:
            # Log the type only (a message may quote data), answer a plain 500, and do not let
            # the exception reach the server's own logger with its traceback text.
            log_event("unhandled", logging.ERROR, exc_type=type(exc).__name__)
            if not started:
                body = b'{"error":"internal","message":"The server failed; try again later.","details":[]}'
                await _send(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"application/json")],
                    }
                )
                await _send({"type": "http.response.body", "body": body})
        finally:
            log_event(
                "request",
                method=scope.get("method"),
                path=scope.get("path"),
                status=status,
                ms=round((time.perf_counter() - start) * 1000, 1),
            )
            request_id_var.reset(token)
