"""The wire protocol between a cadre's laptop and the central server.

Everything both sides must agree on byte for byte lives here and nowhere else: the protocol
version, the messages (pydantic v2 models), how a batch is encoded (gzip of canonical JSON, with
a fixed gzip header so a sealed batch re-encodes to the same bytes), the bytes a device signs
with its Ed25519 key, and the digest of (record id, revision) pairs used to find silent
divergence. The module imports no server code, so the laptop's installer can carry it.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import zlib
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from sync.cases_wire import CaseOpRecord

PROTOCOL_VERSION = 1
"""Bumped when a message changes incompatibly; the handshake refuses other versions."""

API_PREFIX = "/api/v1"

# --- HTTP headers -----------------------------------------------------------------------------

AUTH_HEADER = "Authorization"  # "Bearer <token>"
# Every request a device makes carries the four signing headers (docs/request-signing.md).
SIGNATURE_HEADER = "X-Doorstep-Signature"  # base64 of Ed25519(signing_bytes(...))
DEVICE_HEADER = "X-Doorstep-Device"  # the device id the signature claims
TIMESTAMP_HEADER = "X-Doorstep-Timestamp"  # whole seconds since the Unix epoch, UTC
NONCE_HEADER = "X-Doorstep-Nonce"  # 32 hex digits, fresh for every attempt
CONTENT_DIGEST_HEADER = "X-Doorstep-Content-SHA256"  # hex SHA-256 of the exact body
SIGNING_HEADERS = (SIGNATURE_HEADER, DEVICE_HEADER, TIMESTAMP_HEADER, NONCE_HEADER)
REQUEST_ID_HEADER = "X-Request-ID"
REPLAY_HEADER = "X-Doorstep-Replay"  # "1" when a stored batch result is returned again
CONTENT_TYPE_BATCH = "application/vnd.doorstep.batch+gzip"

# v2 added the timestamp and the nonce; a v1 signature never verifies as v2.
SIGNING_CONTEXT = b"doorstep-request-v2"
ENROLL_BINDING_CONTEXT = b"doorstep-enroll-reply-v1"
SIGNATURE_WINDOW = 300
"""Seconds a signed request stays acceptable either side of the server's clock."""
NONCE_RE = r"^[0-9a-f]{32}$"
# The server's refusals of a request's signature, time or nonce (docs/request-signing.md). They
# say nothing about what the request carried, so a laptop keeps a sealed batch refused for one
# of these and sends the very same bytes once the cause (clock, network, app) is fixed.
CLOCK_REFUSALS = frozenset({"clock_skewed", "request_expired"})
SIGNATURE_REFUSALS = frozenset(
    {
        "signature_missing",
        "signature_malformed",
        "device_mismatch",
        "bad_signature",
        "nonce_reused",
        "body_changed",
    }
)

RecordKind = Literal["household", "survey", "visit", "review", "attachment", "case_op"]
RecordStatus = Literal["accepted", "duplicate", "conflict", "rejected"]
SurveyStatus = Literal["draft", "completed", "submitted"]
ReviewState = Literal[
    "submitted",
    "township_approved",
    "county_approved",
    "returned_by_township",
    "returned_by_county",
]
VisitOutcome = Literal["in_person", "family_member", "nobody_home", "refused", "moved_out", "gone"]
Role = Literal["cadre", "supervisor", "county_admin"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- canonical bytes ------------------------------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """JSON with sorted keys, no spaces and UTF-8 text: one value, one byte string."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def signing_bytes(
    method: str,
    target: str,
    device_id: UUID | str,
    body_sha256: str,
    timestamp: int,
    nonce: str,
) -> bytes:
    """The bytes a device signs for every request it makes.

    The signature covers the method, the target (path and query string as sent), the SHA-256
    of the exact body (of nothing for a GET), the device id, the time of signing and a random
    nonce, so a signature cannot be moved to another request, body or device, and a captured
    request cannot be sent again: not after the window, and not twice within it.
    """
    return b"\n".join(
        [
            SIGNING_CONTEXT,
            method.upper().encode("ascii"),
            target.encode("utf-8"),
            body_sha256.encode("ascii"),
            str(device_id).encode("ascii"),
            str(int(timestamp)).encode("ascii"),
            nonce.encode("ascii"),
        ]
    )


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def enroll_binding_bytes(
    device_id: UUID | str, device_public_key: str, county_code: str, server_instance_id: str
) -> bytes:
    """The bytes the server signs in an enrollment reply: which device id it gave to which
    device key (base64, as the laptop sent it), in which county, on which server."""
    return b"\n".join(
        [
            ENROLL_BINDING_CONTEXT,
            str(device_id).encode("ascii"),
            device_public_key.encode("ascii"),
            county_code.encode("utf-8"),
            server_instance_id.encode("utf-8"),
        ]
    )


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def record_digest(pairs: list[tuple[str, int]]) -> str:
    """SHA-256 over sorted "id:revision" lines: both sides compute it over the same records."""
    h = hashlib.sha256()
    for record_id, revision in sorted((str(i), int(r)) for i, r in pairs):
        h.update(f"{record_id}:{revision}\n".encode("ascii"))
    return h.hexdigest()


# --- records ----------------------------------------------------------------------------------


# The server keeps revisions, sequence numbers and sizes in 32-bit integer columns; a larger
# number is refused here with a readable 422 rather than failing in the database.
INT32_MAX = 2**31 - 1


class _RecordBase(_Model):
    id: UUID
    revision: int = Field(ge=1, le=INT32_MAX)
    base_revision: int = Field(ge=0, le=INT32_MAX, description="0 for a record made on this device")
    seq: int = Field(ge=1, le=INT32_MAX, description="the device's rising record sequence number")
    device_time: datetime | None = None


class HouseholdData(_Model):
    village_code: str = Field(min_length=1, max_length=20)
    address: str = Field(default="", max_length=500)
    head_name: str = Field(default="", max_length=100)
    head_id_number: str = Field(default="", max_length=18)
    phone: str = Field(default="", max_length=30)
    hukou_type: Literal["urban", "rural", ""] = ""
    categories: list[str] = Field(default_factory=list)


class HouseholdRecord(_RecordBase):
    kind: Literal["household"] = "household"
    data: HouseholdData


class SurveyData(_Model):
    household_id: UUID
    campaign_id: UUID | None = None
    form_id: str = Field(min_length=1, max_length=100)
    form_version: int = Field(ge=1, le=INT32_MAX)
    status: SurveyStatus
    answers: dict[str, Any]
    created_at: datetime | None = None
    completed_at: datetime | None = None
    submitted_at: datetime | None = None
    change_reasons: dict[str, str] = Field(
        default_factory=dict, description="answer path -> why it changed after a return"
    )


class SurveyRecord(_RecordBase):
    kind: Literal["survey"] = "survey"
    data: SurveyData


class VisitData(_Model):
    household_id: UUID
    campaign_id: UUID | None = None
    outcome: VisitOutcome
    visited_on: date | None = None
    revisit_date: date | None = None
    note: str = Field(default="", max_length=1000)


class VisitRecord(_RecordBase):
    kind: Literal["visit"] = "visit"
    data: VisitData


class PinnedComment(_Model):
    path: str = Field(min_length=1, max_length=200, description="e.g. members[2].income_wages")
    comment: str = Field(min_length=1, max_length=2000)


class ReviewData(_Model):
    survey_id: UUID
    decision: Literal["approve", "return"]
    comment: str = Field(default="", max_length=4000)
    pinned: list[PinnedComment] = Field(default_factory=list)


class ReviewRecord(_RecordBase):
    kind: Literal["review"] = "review"
    data: ReviewData


class AttachmentData(_Model):
    survey_id: UUID
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=1, le=INT32_MAX)
    kind: Literal["photo", "document", "signature", "other"] = "photo"
    content_type: str = Field(default="image/jpeg", max_length=100)


class AttachmentRecord(_RecordBase):
    kind: Literal["attachment"] = "attachment"
    data: AttachmentData


Record = Annotated[
    HouseholdRecord
    | SurveyRecord
    | VisitRecord
    | ReviewRecord
    | AttachmentRecord
    | CaseOpRecord,  # sync/cases_wire.py: the case operations
    Field(discriminator="kind"),
]


class Batch(_Model):
    batch_id: UUID
    device_id: UUID
    protocol_version: int = PROTOCOL_VERSION
    created_at: datetime | None = None
    records: list[Record] = Field(min_length=1)


class Problem(_Model):
    path: str = ""
    code: str
    message: str
    # Values the app puts into its own translated message for `code` (case refusals:
    # `sync.cases_wire.REFUSAL_PARAMS`); empty for the form engine's problems.
    params: dict[str, str | int] = Field(default_factory=dict)


class RecordResult(_Model):
    id: UUID
    kind: RecordKind
    revision: int
    seq: int
    status: RecordStatus
    server_revision: int | None = None
    problems: list[Problem] = Field(default_factory=list)
    short_key: str | None = None


class BatchResult(_Model):
    batch_id: UUID
    received_at: datetime
    highest_contiguous_seq: int
    results: list[RecordResult]


# --- batch encoding ---------------------------------------------------------------------------


def encode_batch(batch: Batch) -> bytes:
    """gzip(canonical JSON) with mtime 0 and no file name: the same batch, the same bytes."""
    raw = canonical_json(batch.model_dump(mode="json"))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0, filename="") as gz:
        gz.write(raw)
    return out.getvalue()


class BatchDecodeError(ValueError):
    """The body is not a complete gzip stream of JSON (a cut-off upload looks like this)."""


class BatchTooLarge(ValueError):
    pass


def decode_batch_bytes(body: bytes, max_decompressed: int) -> Any:
    """Inflate and parse a batch body, refusing truncated streams and gzip bombs."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        raw = inflater.decompress(body, max_decompressed + 1)
    except zlib.error as exc:
        raise BatchDecodeError("the batch body is not valid gzip") from exc
    if len(raw) > max_decompressed or inflater.unconsumed_tail:
        raise BatchTooLarge(f"the batch inflates to more than {max_decompressed} bytes")
    if not inflater.eof:
        raise BatchDecodeError("the batch body is cut off (incomplete gzip stream)")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BatchDecodeError("the batch body is not UTF-8 JSON") from exc
    # JSON can only carry U+0000 as the escape; look closer only when that text is there.
    if "\\u0000" in text and holds_nul(data):
        raise BatchDecodeError("the batch holds a NUL character (U+0000), which text may not hold")
    return data


def holds_nul(value: Any) -> bool:
    """Whether a parsed JSON value has U+0000 in a string or key anywhere.

    PostgreSQL stores neither in text nor in JSONB, so such input is refused as malformed
    rather than failing in the database.
    """
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(k) or holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(holds_nul(v) for v in value)
    return False


def _no_constant(name: str) -> Any:
    # Python's json reads NaN and Infinity, which JSON has not got and canonical_json never
    # writes; a batch holding them is malformed, not data to store.
    raise BatchDecodeError(f"the batch holds {name}, which JSON does not allow")


# --- handshake, enrollment, errors ------------------------------------------------------------


class HandshakeRequest(_Model):
    protocol_version: int
    app_version: str = Field(max_length=40)


class HandshakeReply(_Model):
    protocol_version: int
    min_app_version: str
    server_time: datetime
    server_instance_id: str
    device_id: UUID
    user_id: UUID
    role: Role


class EnrollRequest(_Model):
    code: str = Field(min_length=4, max_length=64)
    public_key: str = Field(description="base64 of the raw 32-byte Ed25519 public key")
    app_version: str = Field(default="", max_length=40)
    label: str = Field(default="", max_length=100)


class CountyProfile(_Model):
    code: str
    name: str
    recovery_public_key: str | None = Field(
        default=None, description="base64 raw X25519 public key for data-key recovery"
    )


class EnrollReply(_Model):
    device_id: UUID
    token: str
    user_id: UUID
    role: Role
    county: CountyProfile
    server_instance_id: str
    server_public_key: str = Field(
        default="", description="base64 raw Ed25519 key the server signs enrollment replies with"
    )
    binding: str = Field(
        default="", description="base64 Ed25519 signature over enroll_binding_bytes(...)"
    )


class ErrorReply(_Model):
    error: str
    message: str
    details: list[dict[str, Any]] = Field(default_factory=list)


# --- changes feed -------------------------------------------------------------------------------

ChangeKind = Literal[
    "household",
    "assignment",
    "campaign",
    "form",
    "standards",
    "review",
    "revocation",
    "county",
    "survey",
    "case",  # sync/cases_wire.py CaseWire
    "posting",  # sync/cases_wire.py PostingWire
    "case_rules",  # forms/caserules.py CaseRules JSON
    "recheck",  # a re-check task from the economic-status check, to the survey's cadre only
    "withdrawal",  # a survey withdrawn as recorded in error, to the survey's cadre only
]


class Change(_Model):
    kind: ChangeKind
    id: str
    data: dict[str, Any]


class ChangesPage(_Model):
    changes: list[Change]
    cursor: str = Field(description="opaque; send it back as ?after= for the next page")
    done: bool


# --- digest -----------------------------------------------------------------------------------


class DigestReply(_Model):
    counts: dict[str, int]
    digests: dict[str, str]


# --- attachments --------------------------------------------------------------------------------


class AttachmentStatus(_Model):
    sha256: str
    size: int
    received: int
    complete: bool


# --- review -------------------------------------------------------------------------------------


class ReviewRequest(_Model):
    id: UUID
    survey_id: UUID
    decision: Literal["approve", "return"]
    comment: str = Field(default="", max_length=4000)
    pinned: list[PinnedComment] = Field(default_factory=list)


class ReviewReply(_Model):
    id: UUID
    survey_id: UUID
    state: ReviewState
    level: Literal["township", "county"]
    reviewer_id: UUID
    decided_at: datetime
