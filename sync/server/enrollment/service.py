"""Enrolling a device: codes are single-use, expire, and failed attempts are rate-limited.

Failed attempts are counted in the database per client address (`limits`, scope "enroll"), so
the limit holds across workers and machines; behind a load balancer the address is the one the
trusted proxy forwarded (`deps.client_address`). The token is returned once and stored only as its SHA-256.

The reply is bound to the device key it registered: the server signs the device id, the public
key exactly as the laptop sent it, the county and the server instance (`enroll_binding_bytes`)
with its reply key, derived from the server's secret so every node holds the same key. The
county profile names that key's public half (`doorstep-server admin server-key` prints it), so
a laptop can tell a reply meant for its own key from one a relay obtained for another.
"""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.orm import Session

from sync.protocol import (
    CountyProfile,
    EnrollReply,
    EnrollRequest,
    b64decode,
    b64encode,
    enroll_binding_bytes,
)

from .. import limits
from ..admin.service import normalize_code
from ..audit import audit
from ..changes.service import instance_id
from ..deps import hash_token
from ..errors import ApiError
from ..models import County, Device, EnrollmentCode, User, utcnow

WINDOW = 600  # seconds: the setting is wrong codes per ten minutes


def reply_key(secret_key: str) -> Ed25519PrivateKey:
    """The key enrollment replies are signed with, the same on every node sharing the secret."""
    seed = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"doorstep-enroll-reply-key-v1"
    ).derive(secret_key.encode("utf-8"))
    return Ed25519PrivateKey.from_private_bytes(seed)


def reply_public_key(secret_key: str) -> str:
    """base64 of the raw public reply key: what the county profile's `server_public_key` holds."""
    raw = (
        reply_key(secret_key)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return b64encode(raw)


def enroll(
    session: Session,
    req: EnrollRequest,
    client: str,
    limit: int,
    request_id: str,
    secret_key: str,
) -> EnrollReply:
    try:
        public_key = b64decode(req.public_key)
        Ed25519PublicKey.from_public_bytes(public_key)
    except ValueError as exc:
        raise ApiError(
            422, "bad_public_key", "public_key must be a base64 raw 32-byte Ed25519 key"
        ) from exc
    now = utcnow()
    refusal: ApiError | None = None
    with session.begin():
        verdict = limits.check(session, "enroll", client, WINDOW, limit)
        if verdict.blocked:
            raise ApiError(
                429,
                "too_many_attempts",
                "Too many wrong enrollment codes from this address. Wait ten minutes.",
                headers={"Retry-After": str(verdict.retry_after)},
            )
        code = session.get(
            EnrollmentCode, hash_token(normalize_code(req.code)), with_for_update=True
        )
        if code is None:
            refusal = ApiError(403, "bad_code", "This enrollment code is not known.")
        elif code.used_at is not None:
            refusal = ApiError(403, "code_used", "This enrollment code has been used already.")
        elif code.expires_at <= now:
            refusal = ApiError(403, "code_expired", "This enrollment code has expired.")
        if refusal is None and code is not None:
            user = session.get(User, code.user_id)
            assert user is not None
            if user.disabled:
                refusal = ApiError(403, "user_disabled", "This user account is disabled.")
        if refusal is not None:
            limits.hit(session, "enroll", client, WINDOW, limit)
            audit(
                session, "enroll.refused", detail={"reason": refusal.error}, request_id=request_id
            )
    if refusal is not None:
        raise refusal
    token = secrets.token_urlsafe(32)
    with session.begin():
        code = session.get(
            EnrollmentCode, hash_token(normalize_code(req.code)), with_for_update=True
        )
        if code is None or code.used_at is not None:
            raise ApiError(403, "code_used", "This enrollment code has been used already.")
        user = session.get(User, code.user_id)
        assert user is not None
        device = Device(
            user_id=user.id,
            public_key=public_key,
            token_hash=hash_token(token),
            label=req.label,
            app_version=req.app_version,
        )
        session.add(device)
        session.flush()
        code.used_at = now
        code.device_id = device.id
        county = session.get(County, user.county_code)
        assert county is not None
        audit(
            session,
            "device.enroll",
            entity_kind="device",
            entity_id=device.id,
            user_id=user.id,
            device_id=device.id,
            request_id=request_id,
        )
        server_instance = instance_id(session)
        key = reply_key(secret_key)
        binding = key.sign(
            enroll_binding_bytes(device.id, req.public_key, county.code, server_instance)
        )
        return EnrollReply(
            device_id=device.id,
            token=token,
            user_id=user.id,
            role=user.role,  # type: ignore[arg-type]
            county=CountyProfile(
                code=county.code,
                name=county.name,
                recovery_public_key=b64encode(county.recovery_public_key)
                if county.recovery_public_key
                else None,
            ),
            server_instance_id=server_instance,
            server_public_key=reply_public_key(secret_key),
            binding=b64encode(binding),
        )
