"""The opaque, tamper-evident changes cursor.

`base64url(json{i: server instance, s: last change number, f: scope fingerprint}) . HMAC`.
A cursor from another server (other instance id) or from before a restore (a number above this
server's head) is answered 410 so the client re-pulls from the start instead of missing changes;
so is one minted before the caller's scope changed, since older changes of a newly added
village were filtered out of it. A cursor whose MAC does not match is refused with 400.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass

from ..errors import ApiError


@dataclass(frozen=True)
class CursorState:
    instance_id: str
    seq: int
    scope_fp: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest()[:18])


def encode_cursor(secret: str, state: CursorState) -> str:
    payload = _b64(
        json.dumps({"i": state.instance_id, "s": state.seq, "f": state.scope_fp}).encode()
    )
    return f"{payload}.{_mac(secret, payload)}"


def decode_cursor(secret: str, token: str, instance_id: str) -> CursorState:
    bad = ApiError(400, "bad_cursor", "The changes cursor is damaged. Pull again from the start.")
    try:
        payload, mac = token.split(".", 1)
        data = json.loads(_unb64(payload))
        state = CursorState(str(data["i"]), int(data["s"]), str(data["f"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise bad from exc
    if state.instance_id != instance_id:
        raise ApiError(
            410,
            "cursor_gone",
            "This cursor was issued by another server or before a restore. Pull again from "
            "the start.",
        )
    if not hmac.compare_digest(mac, _mac(secret, payload)):
        raise bad
    return state
