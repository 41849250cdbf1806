"""FastAPI dependencies as annotated types: settings, a database session, the calling device.

Every request but enrollment and the health probes is bound to an enrolled, unrevoked device by
its bearer token (stored hashed). Writing requests are also signed with the device's Ed25519
key over `sync.protocol.signing_bytes`; `verify_signature` checks that once the body is read.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterator
from typing import Annotated, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Depends, Request
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import SIGNATURE_HEADER, b64decode, holds_nul, signing_bytes

from .errors import ApiError
from .models import Device, User
from .scope import Caller, load_scope
from .settings import Settings


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


def current_caller(request: Request, session: ReadSessionDep) -> Caller:
    rid: str = request.scope.get("state", {}).get("request_id", "")
    return authenticate(session, request.headers.get("authorization"), rid)


CallerDep = Annotated[Caller, Depends(current_caller)]


def request_target(request: Request) -> str:
    path = request.url.path
    query = request.url.query
    return f"{path}?{query}" if query else path


def verify_signature(caller: Caller, request: Request, body: bytes) -> None:
    raw = request.headers.get(SIGNATURE_HEADER)
    if not raw:
        raise ApiError(401, "signature_missing", f"A signed request needs {SIGNATURE_HEADER}.")
    try:
        signature = b64decode(raw)
        key = Ed25519PublicKey.from_public_bytes(caller.public_key)
        key.verify(
            signature,
            signing_bytes(request.method, request_target(request), caller.device_id, body),
        )
    except (InvalidSignature, ValueError) as exc:
        raise ApiError(
            401, "bad_signature", "The request signature does not match this device's key."
        ) from exc


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
