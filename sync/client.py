"""The laptop's HTTP client for the central server, on `requests`.

Responsible for one thing: turning a protocol call into bytes on the wire and a validated reply
back, over a link that drops, stalls and lies. Every request has a connect and a read timeout.
Connection errors, timeouts, cut replies and 429/502/503/504 answers are retried with exponential backoff and full
jitter (honouring `Retry-After`); every other 4xx is final and raised as `ServerRefused`, since
sending the same bytes again cannot change the answer. HTTPS is verified against the county's
pinned certificate or CA file from the profile (never switched off); plain HTTP is accepted only
for loopback, where the demo and the tests run. Every request a device makes is signed with its
Ed25519 key over `sync.protocol.signing_bytes` (method, target, body digest, device id, time and
a fresh nonce), and signed again for every attempt: a retry is a new request to the server,
whose nonce has never been spent (docs/request-signing.md). Only a reply that parses as the expected protocol
message counts: a captive portal's `200 OK` HTML page raises `BadReply`. The sleeper and the
random source are injectable so tests never wait.
"""

from __future__ import annotations

import email.utils
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ValidationError

from sync.protocol import (
    API_PREFIX,
    AUTH_HEADER,
    CLOCK_REFUSALS,
    CONTENT_DIGEST_HEADER,
    CONTENT_TYPE_BATCH,
    DEVICE_HEADER,
    NONCE_HEADER,
    REQUEST_ID_HEADER,
    SIGNATURE_HEADER,
    SIGNATURE_REFUSALS,
    TIMESTAMP_HEADER,
    AttachmentStatus,
    BatchResult,
    ChangesPage,
    DigestReply,
    EnrollReply,
    EnrollRequest,
    ErrorReply,
    HandshakeReply,
    HandshakeRequest,
    b64decode,
    b64encode,
    body_digest,
    enroll_binding_bytes,
    signing_bytes,
)

M = TypeVar("M", bound=BaseModel)

# Busy (429, 503) or a gateway in front of the server that lost it for a moment (502, 504).
# Every request the engine makes is safe to repeat: reads, sealed batches (the server keeps
# their receipts) and chunks at a stated offset; enrollment alone is sent once.
RETRY_STATUSES = frozenset({429, 502, 503, 504})
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class SyncError(Exception):
    """Base of what a sync call can fail with; messages are meant for the person at the laptop."""


class TransportError(SyncError):
    """The server could not be reached or the link broke, after every retry: try again later."""


class BadReply(SyncError):
    """Something answered, but not with the protocol (a captive portal, a proxy's error page)."""


class ServerRefused(SyncError):
    """The server answered with a final refusal (a 4xx other than 429, or a 5xx)."""

    def __init__(self, status: int, error: str, message: str, details: list[Any]) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.details = details


class UpdateRequired(ServerRefused):
    """The server needs a newer Doorstep (HTTP 426)."""


class NotEnrolled(ServerRefused):
    """The device token is unknown or revoked (HTTP 401): the laptop must be enrolled again."""


class SignatureRefused(ServerRefused):
    """The server refused how the request was signed or that it arrived changed or twice
    (`sync.protocol.SIGNATURE_REFUSALS`): nothing it carried was stored."""


class ClockSkewed(ServerRefused):
    """The server refused the request's timestamp: the laptop's clock is off by `offset`."""

    @property
    def offset_seconds(self) -> int:
        for d in self.details:
            if isinstance(d, dict) and isinstance(d.get("offset_seconds"), int):
                return int(d["offset_seconds"])
        return 0


class EnrollmentNotBound(SyncError):
    """The enrollment reply is not signed by the county's server for this laptop's key."""


class Cancelled(SyncError):
    """The person pressed cancel; the round stopped between two requests."""


@dataclass(frozen=True)
class DeviceIdentity:
    """What an enrolled laptop holds: its id, bearer token and Ed25519 signing key."""

    device_id: uuid.UUID
    token: str
    key: Ed25519PrivateKey

    @staticmethod
    def new_key() -> tuple[Ed25519PrivateKey, str]:
        key = Ed25519PrivateKey.generate()
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return key, b64encode(raw)

    def private_bytes(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )


@dataclass
class ClientConfig:
    base_url: str
    ca_file: Path | None = None
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    max_attempts: int = 5
    backoff_base: float = 0.5
    backoff_cap: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)
    clock: Callable[[], float] = time.time  # the time each request is signed with
    user_agent: str = "doorstep-sync"


@dataclass
class Traffic:
    """Counted by the client so the sync log and the benchmark can report the link's use."""

    requests: int = 0
    attempts: int = 0
    retries: int = 0
    bytes_up: int = 0
    bytes_down: int = 0


def _check_url(config: ClientConfig) -> str:
    parts = urlsplit(config.base_url)
    if parts.scheme == "https":
        if config.ca_file is not None and not config.ca_file.exists():
            raise SyncError(f"The county's pinned certificate {config.ca_file} is missing.")
    elif parts.scheme == "http":
        if (parts.hostname or "") not in LOOPBACK:
            raise SyncError(
                "The server address must start with https:// (plain http only on this computer)."
            )
    else:
        raise SyncError("The server address must start with https://.")
    return config.base_url.rstrip("/")


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """`Retry-After` as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class SyncClient:
    """One server, one device; safe to reuse across rounds (keeps a connection pool)."""

    def __init__(self, config: ClientConfig, identity: DeviceIdentity | None = None) -> None:
        self.config = config
        self.base = _check_url(config)
        self.identity = identity
        self.traffic = Traffic()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = config.user_agent
        self.session.headers["Accept-Encoding"] = "gzip"
        # The pinned CA (or certificate) file replaces the system store; None means the system
        # store, which still verifies: certificate checking is never switched off here.
        self.session.verify = str(config.ca_file) if config.ca_file else True
        self.should_stop: Callable[[], bool] = lambda: False

    def close(self) -> None:
        self.session.close()

    # --- the calls -----------------------------------------------------------------------------

    def enroll(self, request: EnrollRequest, server_key: str | None = None) -> EnrollReply:
        """Trade the code for a device id and token, bound to `request.public_key`.

        The reply must carry the server's signature over the device id, this laptop's public
        key, the county and the server instance (`enroll_binding_bytes`), made with
        `server_key` (base64 raw Ed25519, from the county profile) when one is known, else
        with the key the reply names, which the laptop then keeps. A reply bound to any other
        key (a relay that swapped the key on the way) raises `EnrollmentNotBound`.
        """
        # Not retried: an enrollment code is single-use, and a reply lost after the server
        # consumed the code cannot be fetched again; county IT issues a new code instead.
        body = request.model_dump_json().encode("utf-8")
        reply = self._call(
            "POST", "/enroll", EnrollReply, body=body, json_body=True, auth=False, attempts=1
        )
        check_enroll_binding(reply, request.public_key, server_key)
        return reply

    def handshake(self, app_version: str, protocol_version: int) -> HandshakeReply:
        req = HandshakeRequest(protocol_version=protocol_version, app_version=app_version)
        return self._call(
            "POST",
            "/handshake",
            HandshakeReply,
            body=req.model_dump_json().encode(),
            json_body=True,
        )

    def changes(self, after: str | None, limit: int) -> ChangesPage:
        query = f"limit={limit}" + (f"&after={quote(after, safe='')}" if after else "")
        return self._call("GET", f"/changes?{query}", ChangesPage)

    def post_batch(self, body: bytes) -> BatchResult:
        return self._call(
            "POST", "/batches", BatchResult, body=body, content_type=CONTENT_TYPE_BATCH
        )

    def digest(self) -> DigestReply:
        return self._call("GET", "/digest", DigestReply)

    def attachment_status(self, sha256: str) -> AttachmentStatus:
        return self._call("GET", f"/attachments/{sha256}/status", AttachmentStatus)

    def put_chunk(self, sha256: str, offset: int, data: bytes) -> AttachmentStatus:
        return self._call(
            "PUT",
            f"/attachments/{sha256}?offset={offset}",
            AttachmentStatus,
            body=data,
            content_type="application/octet-stream",
        )

    def probe(self) -> bool:
        """A cheap reachability check (`/healthz`, one attempt, short timeout)."""
        try:
            r = self.session.get(self.base + "/healthz", timeout=(self.config.connect_timeout, 5.0))
            self._count(r, 0)
            return r.status_code == 200 and r.json().get("status") == "ok"
        except (requests.RequestException, ValueError):
            return False

    # --- machinery -----------------------------------------------------------------------------

    def _headers(
        self, method: str, target: str, body: bytes, auth: bool, content_type: str | None
    ) -> dict[str, str]:
        """The headers of one attempt: called again for every retry, so each attempt has its
        own timestamp and nonce (the server spends a nonce even when the reply is lost)."""
        headers = {REQUEST_ID_HEADER: uuid.uuid4().hex}
        if content_type:
            headers["Content-Type"] = content_type
        if auth:
            if self.identity is None:
                raise NotEnrolled(401, "not_enrolled", "This laptop is not enrolled yet.", [])
            headers[AUTH_HEADER] = f"Bearer {self.identity.token}"
            headers.update(sign_request(self.identity, method, target, body, self.config.clock()))
        return headers

    def _count(self, response: requests.Response, sent: int) -> None:
        self.traffic.bytes_up += sent
        # What crossed the wire: the body as received (still compressed) plus the header block.
        raw_len = response.headers.get("Content-Length")
        down = int(raw_len) if raw_len and raw_len.isdigit() else len(response.content)
        self.traffic.bytes_down += down + sum(
            len(k) + len(v) + 4 for k, v in response.headers.items()
        )

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        cap = min(self.config.backoff_cap, self.config.backoff_base * (2**attempt))
        delay = self.config.rng.uniform(0, cap)  # full jitter: laptops do not retry in step
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.config.backoff_cap * 4))
        return delay

    def _call(
        self,
        method: str,
        path: str,
        reply: type[M],
        body: bytes = b"",
        json_body: bool = False,
        content_type: str | None = None,
        auth: bool = True,
        attempts: int | None = None,
    ) -> M:
        target = API_PREFIX + path
        ctype = "application/json" if json_body else content_type
        url = self.base + target
        tries = attempts or self.config.max_attempts
        last: str = ""
        self.traffic.requests += 1
        for attempt in range(tries):
            if self.should_stop():
                raise Cancelled("Sync was cancelled.")
            if attempt:
                self.traffic.retries += 1
            self.traffic.attempts += 1
            retry_after: float | None = None
            sent = len(body) + len(method) + len(target) + 200
            headers = self._headers(method, target, body, auth, ctype)
            try:
                response = self.session.request(
                    method,
                    url,
                    data=body if method in ("POST", "PUT") else None,
                    headers=headers,
                    timeout=(self.config.connect_timeout, self.config.read_timeout),
                )
                content = response.content  # read fully here: a cut body raises here
                self._count(response, sent)
            except requests.exceptions.SSLError as exc:
                raise TransportError(
                    "The server's certificate does not match the county's pinned certificate."
                ) from exc
            except requests.RequestException as exc:
                last = type(exc).__name__
            else:
                if _cut_short(response):
                    # The link dropped inside the header block: http.client takes the early end
                    # for the blank line, so the reply looks whole but has lost its framing (and
                    # often its Content-Type). That is a cut, not a foreign server: try again.
                    last = "cut reply"
                elif response.status_code in RETRY_STATUSES:
                    last = f"HTTP {response.status_code}"
                    retry_after = retry_after_seconds(response.headers.get("Retry-After"))
                elif response.status_code >= 400:
                    raise _refusal(response.status_code, content)
                else:
                    return _parse(reply, response.headers.get("Content-Type", ""), content)
            if attempt + 1 < tries:
                self.config.sleep(self._backoff(attempt, retry_after))
        raise TransportError(f"The server could not be reached ({last}); sync will try again.")


def sign_request(
    identity: DeviceIdentity, method: str, target: str, body: bytes, now: float
) -> dict[str, str]:
    """The signing headers for one request (docs/request-signing.md); never reuse them."""
    digest = body_digest(body)
    timestamp = int(now)
    nonce = uuid.uuid4().hex
    sig = identity.key.sign(
        signing_bytes(method, target, identity.device_id, digest, timestamp, nonce)
    )
    return {
        SIGNATURE_HEADER: b64encode(sig),
        DEVICE_HEADER: str(identity.device_id),
        TIMESTAMP_HEADER: str(timestamp),
        NONCE_HEADER: nonce,
        CONTENT_DIGEST_HEADER: digest,
    }


def check_enroll_binding(reply: EnrollReply, public_key: str, server_key: str | None) -> None:
    """Refuse an enrollment reply the server did not sign for this laptop's own key."""
    key_text = server_key or reply.server_public_key
    if server_key and reply.server_public_key and reply.server_public_key != server_key:
        raise EnrollmentNotBound(
            "The enrollment reply is signed by a server key the county profile does not name. "
            "Nothing was saved: check the server address, then ask county IT."
        )
    try:
        Ed25519PublicKey.from_public_bytes(b64decode(key_text)).verify(
            b64decode(reply.binding),
            enroll_binding_bytes(
                reply.device_id, public_key, reply.county.code, reply.server_instance_id
            ),
        )
    except (InvalidSignature, ValueError) as exc:
        raise EnrollmentNotBound(
            "The enrollment reply is not bound to this laptop's key (something between the "
            "laptop and the server changed it). Nothing was saved: enroll again with a new code "
            "over a trusted network, or ask county IT."
        ) from exc


def _cut_short(response: requests.Response) -> bool:
    """True for a reply that lost the end of its header block to a cut.

    The server always sends a Content-Type and frames its replies (a length, or chunks). With
    no Content-Type at all, or JSON whose end cannot be told from a cut (no usable length, not
    chunked), the link dropped: the cut may even land inside the length's digits. A page in
    another format (a Wi-Fi login page) is not a cut: `_parse` reports it for what it is.
    """
    headers = response.headers
    content_type = headers.get("Content-Type", "").strip().lower()
    if not content_type:
        return True
    framed = headers.get("Content-Length", "").strip().isdigit() or (
        "chunked" in headers.get("Transfer-Encoding", "").lower()
    )
    return not framed and "json" in content_type


def _parse(reply: type[M], content_type: str, content: bytes) -> M:
    if "json" not in content_type.lower():
        raise BadReply(
            "Something other than the Doorstep server answered (a Wi-Fi login page?). "
            "Open a browser, log in to the network, then sync again."
        )
    try:
        return reply.model_validate_json(content)
    except ValidationError as exc:
        raise BadReply("The server's reply was cut off or not understood.") from exc


def _refusal(status: int, content: bytes) -> ServerRefused:
    try:
        err = ErrorReply.model_validate_json(content)
        error, message, details = err.error, err.message, list(err.details)
    except ValidationError:
        error, message, details = (
            f"http_{status}",
            f"The server refused the request (HTTP {status}).",
            [],
        )
    if status == 426:
        return UpdateRequired(status, error, message, details)
    if error in CLOCK_REFUSALS:
        return ClockSkewed(status, error, message, details)
    if error in SIGNATURE_REFUSALS:
        return SignatureRefused(status, error, message, details)
    if status == 401:
        return NotEnrolled(status, error, message, details)
    return ServerRefused(status, error, message, details)
