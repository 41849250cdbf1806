"""FastAPI dependencies as annotated types: settings, a database session, the calling device.

Every request but enrollment and the health probes is bound to an enrolled, unrevoked device by
its bearer token (stored hashed) and signed with that device's Ed25519 key over
`sync.protocol.signing_bytes`: method, target, body digest, device id, timestamp and nonce.
`current_caller` (behind `CallerDep`, which every device route takes) verifies all of it and
spends the nonce; a route that reads its body by hand checks it against the signed digest with
`verify_signature`. docs/request-signing.md lists the refusals.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Depends, Request
from pydantic import BaseModel
from sqlalchemy import delete, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import (
    CONTENT_DIGEST_HEADER,
    DEVICE_HEADER,
    NONCE_HEADER,
    NONCE_RE,
    SIGNATURE_HEADER,
    SIGNATURE_WINDOW,
    TIMESTAMP_HEADER,
    b64decode,
    body_digest,
    holds_nul,
    signing_bytes,
)

from .errors import ApiError
from .models import Device, RequestNonce, User
from .scope import Caller, load_scope
from .settings import Settings

EMPTY_DIGEST = body_digest(b"")
PRUNE_EVERY = 60.0  # seconds between two prunings of spent nonces by one worker
_NONCE = re.compile(NONCE_RE)
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_sessionmaker(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    return factory


def get_session(request: Request) -> Iterator[Session]:
    with get_sessionmaker(request)() as session:
        yield session


def get_read_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.read_sessionmaker
    with factory() as session:
        yield session


def _trusted(address: str, proxies: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(p, strict=False) for p in proxies)


def client_address(request: Request) -> str:
    """The caller's address: the socket peer's, or, when that peer is one of the trusted
    proxies, the last address in X-Forwarded-For that is not itself a trusted proxy (each proxy
    appends the peer it saw, so what a client wrote further left is not believed)."""
    peer = request.client.host if request.client else "unknown"
    proxies: list[str] = request.app.state.settings.trusted_proxies
    if not proxies or not _trusted(peer, proxies):
        return peer
    hops = [
        h.strip()
        for line in request.headers.getlist("x-forwarded-for")
        for h in line.split(",")
        if h.strip()
    ]
    for hop in reversed(hops):
        if not _trusted(hop, proxies):
            return hop[:64]
    return hops[0][:64] if hops else peer


SettingsDep = Annotated[Settings, Depends(get_settings)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
SessionDep = Annotated[Session, Depends(get_session)]
SessionFactoryDep = Annotated[sessionmaker[Session], Depends(get_sessionmaker)]


def authenticate(session: Session, authorization: str | None, request_id: str) -> Caller:
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(
            401,
            "not_authenticated",
            "This request has no device token. Enroll the laptop first.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = authorization.removeprefix("Bearer ").strip()
    with session.begin():
        row = session.execute(
            select(Device, User)
            .join(User, User.id == Device.user_id)
            .where(Device.token_hash == hash_token(token))
        ).first()
        if row is None:
            raise ApiError(401, "unknown_device", "This device token is not known to the server.")
        device, user = row
        if device.revoked_at is not None:
            raise ApiError(
                401,
                "device_revoked",
                "This laptop's enrollment has been revoked. Ask county IT to enroll it again.",
            )
        if user.disabled:
            raise ApiError(401, "user_disabled", "This user account is disabled.")
        scope = load_scope(session, user)
    return Caller(
        user_id=user.id,
        device_id=device.id,
        role=user.role,
        county_code=user.county_code,
        scope=scope,
        public_key=device.public_key,
        request_id=request_id,
    )


def _refuse(error: str, message: str, details: list[dict[str, Any]] | None = None) -> ApiError:
    return ApiError(401, error, message, details)


def _signed_headers(request: Request) -> tuple[str, uuid.UUID, int, str, str]:
    """The signature, device id, timestamp, nonce and body digest the request claims."""
    h = request.headers
    if not any(h.get(name) for name in (DEVICE_HEADER, TIMESTAMP_HEADER, NONCE_HEADER)):
        # A laptop from before every request was signed sends none of them.
        raise ApiError(
            426,
            "client_outdated",
            "This Doorstep app is too old for the server: it does not sign its requests the way "
            "the server now requires. Update the app (ask county IT for the new installer).",
        )
    raw = {n: (h.get(n) or "").strip() for n in (SIGNATURE_HEADER, DEVICE_HEADER)}
    raw[TIMESTAMP_HEADER] = (h.get(TIMESTAMP_HEADER) or "").strip()
    raw[NONCE_HEADER] = (h.get(NONCE_HEADER) or "").strip()
    missing = [n for n, v in raw.items() if not v]
    if missing:
        raise _refuse("signature_missing", f"A device request needs {', '.join(missing)}.")
    digest = (h.get(CONTENT_DIGEST_HEADER) or EMPTY_DIGEST).strip().lower()
    try:
        device_id = uuid.UUID(raw[DEVICE_HEADER])
        timestamp = int(raw[TIMESTAMP_HEADER])
    except ValueError:
        raise _refuse(
            "signature_malformed", f"{DEVICE_HEADER} or {TIMESTAMP_HEADER} is not readable."
        ) from None
    if not _NONCE.match(raw[NONCE_HEADER]) or not _DIGEST.match(digest):
        raise _refuse(
            "signature_malformed",
            f"{NONCE_HEADER} must be 32 hex digits and {CONTENT_DIGEST_HEADER} 64.",
        )
    return raw[SIGNATURE_HEADER], device_id, timestamp, raw[NONCE_HEADER], digest


def _span(seconds: int) -> str:
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [f"{days} days"] if days else []
    parts += [f"{hours} hours"] if hours else []
    parts += [f"{minutes} minutes"] if minutes or not parts else []
    return " ".join(parts)


def _check_time(session: Session, device_id: uuid.UUID, timestamp: int, now: datetime) -> None:
    offset = timestamp - int(now.timestamp())
    if abs(offset) <= SIGNATURE_WINDOW:
        return
    details = [{"offset_seconds": offset, "server_time": now.isoformat(timespec="seconds")}]
    # A timestamp from the past is either a copy sent again after its window or a laptop clock
    # that runs behind. The device's own requests just before tell them apart: accepted ones
    # mean its clock was right a moment ago, so this request is stale, not the clock.
    if offset < 0:
        recent = session.scalar(
            select(
                exists().where(
                    RequestNonce.device_id == device_id,
                    RequestNonce.seen_at >= now - timedelta(seconds=SIGNATURE_WINDOW),
                )
            )
        )
        if recent:
            raise _refuse(
                "request_expired",
                f"This request was signed {_span(offset)} ago; a signed request is accepted for "
                f"{SIGNATURE_WINDOW // 60} minutes only. Nothing was changed: sync again.",
                details,
            )
    server = now.strftime("%Y-%m-%d %H:%M UTC")
    raise _refuse(
        "clock_skewed",
        f"This laptop's clock is {_span(offset)} {'ahead of' if offset > 0 else 'behind'} the "
        f"server's (the server's time is {server}). Set the laptop's date, time and time zone "
        "correctly, then sync again.",
        details,
    )


def _spend_nonce(
    request: Request, device_id: uuid.UUID, nonce: str, timestamp: int, now: datetime
) -> None:
    """Record the nonce in the database every node shares; a second use is a replay."""
    factory = get_sessionmaker(request)
    state = request.app.state
    with factory() as session, session.begin():
        values = {
            "device_id": device_id,
            "nonce": nonce,
            "signed_at": datetime.fromtimestamp(timestamp, UTC),
            "seen_at": now,
            "expires_at": datetime.fromtimestamp(timestamp + SIGNATURE_WINDOW, UTC),
        }
        ins = (
            pg_insert
            if session.bind is not None and session.bind.dialect.name == "postgresql"
            else sqlite_insert
        )
        stmt = (
            ins(RequestNonce)
            .values(**values)
            .on_conflict_do_nothing()
            .returning(RequestNonce.nonce)
        )
        result = session.execute(stmt)
        if result.scalar() is None:
            raise _refuse(
                "nonce_reused",
                "This exact request has been received already (its nonce is spent); a copy is "
                "never applied twice. Nothing was changed.",
            )
        # Spent nonces whose window has closed protect nothing: the timestamp check refuses
        # their requests now. Each worker prunes now and then, not on every request.
        if time.monotonic() - getattr(state, "nonces_pruned_at", 0.0) > PRUNE_EVERY:
            state.nonces_pruned_at = time.monotonic()
            session.execute(delete(RequestNonce).where(RequestNonce.expires_at < now))


def current_caller(request: Request, session: ReadSessionDep) -> Caller:
    """The enrolled device a request comes from, once its signature, time and nonce hold."""
    rid: str = request.scope.get("state", {}).get("request_id", "")
    authorization = request.headers.get("authorization")
    if not authorization or not authorization.startswith("Bearer "):
        authenticate(session, authorization, rid)  # raises not_authenticated
    signature, device_id, timestamp, nonce, digest = _signed_headers(request)
    caller = authenticate(session, authorization, rid)
    if device_id != caller.device_id:
        raise _refuse(
            "device_mismatch",
            "The device id this request claims is not the device its token was issued to.",
        )
    try:
        Ed25519PublicKey.from_public_bytes(caller.public_key).verify(
            b64decode(signature),
            signing_bytes(
                request.method, request_target(request), device_id, digest, timestamp, nonce
            ),
        )
    except (InvalidSignature, ValueError) as exc:
        raise _refuse(
            "bad_signature",
            "The request signature does not match this device's key: it was not signed by "
            "this laptop, or it was changed on the way.",
        ) from exc
    now = datetime.now(UTC)
    with session.begin():
        _check_time(session, device_id, timestamp, now)
    _spend_nonce(request, device_id, nonce, timestamp, now)
    request.state.signed_digest = digest
    # FastAPI has read the body already when the route declares one; a route that reads its
    # body by hand (streamed, size-limited) checks it with `verify_signature` instead.
    body = getattr(request, "_body", None)
    if body is not None:
        _check_digest(digest, body)
    elif request.method in ("GET", "HEAD", "DELETE") and digest != EMPTY_DIGEST:
        raise _body_changed()
    return caller


CallerDep = Annotated[Caller, Depends(current_caller)]


def request_target(request: Request) -> str:
    """Path and query as the client sent them (percent-encoded), which is what it signed."""
    raw = request.scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) and raw else request.url.path
    path = path.split("?", 1)[0]
    query = request.scope.get("query_string", b"").decode("latin-1")
    return f"{path}?{query}" if query else path


def _body_changed() -> ApiError:
    return ApiError(
        400,
        "body_changed",
        "The request body is not the one the laptop signed: it was changed or damaged on the "
        "way. Nothing was stored; sync again.",
    )


def _check_digest(signed: str, body: bytes) -> None:
    if not hmac.compare_digest(signed, body_digest(body)):
        raise _body_changed()


def verify_signature(caller: Caller, request: Request, body: bytes) -> None:
    """Check a body read by hand against the digest `current_caller` verified as signed."""
    signed = getattr(request.state, "signed_digest", None)
    if signed is None:  # unreachable for a route taking CallerDep; refuse rather than trust
        raise _refuse("signature_missing", "This request was not signed.")
    _check_digest(signed, body)


# Models of the JSON bodies that routes read as raw bytes (to check the signature over them
# first); `create_app` adds their schemas to the OpenAPI components.
SIGNED_BODY_MODELS: dict[str, type[BaseModel]] = {}


def signed_json_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra=` declaring a signed route's JSON body, which FastAPI cannot see."""
    SIGNED_BODY_MODELS[model.__name__] = model
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            },
        }
    }


def refuse_nul(body: BaseModel) -> None:
    """422 for a body with U+0000 in any text: PostgreSQL cannot store it (nor can JSONB)."""
    if holds_nul(body.model_dump(mode="json")):
        raise ApiError(422, "invalid_text", "Text in this request holds a NUL character (U+0000).")


def require(condition: bool, message: str = "This is outside your role or scope.") -> None:
    if not condition:
        raise ApiError(403, "forbidden", message)
