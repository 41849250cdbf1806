"""Test helpers: a small county, valid survey answers, enrolled devices that sign requests.

Every device request is signed (docs/request-signing.md). `DeviceClient.signed(...)` returns
the signed headers for one request; `DeviceClient.auth()` returns the token and a marker, and
the request is signed when httpx sends it (method, target and body as they go on the wire, a
fresh timestamp and nonce), so a test never has to spell out its own target twice.

All personal data here is invented: names are from a fixed list of made-up names and ID numbers
are generated with a valid GB 11643 check digit for birth dates in the 1960s–2010s.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.client import DeviceIdentity, sign_request
from sync.protocol import (
    NONCE_HEADER,
    Batch,
    b64encode,
    canonical_json,
    encode_batch,
)

SIGN_AT_SEND = "X-Test-Sign-At-Send"  # never reaches a server: replaced by the signing headers
_DEVICES: dict[str, DeviceClient] = {}

COUNTY = "421202"
T1, T2 = "421202001", "421202002"
V1A, V1B, V2A = "421202001001", "421202001002", "421202002001"

# Names that appear in test data; the log-scanning test looks for each of them.
NAMES = ["测试甲某", "测试乙某", "测试丙某", "测试丁某", "测试戊某", "测试己某"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def make_id(birth: date, serial: int, region: str = "421202") -> str:
    body = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def write_divisions(tmp: Path) -> tuple[Path, Path]:
    towns = tmp / "townships.csv"
    towns.write_text(
        f"code,name,county_code\n{T1},一号镇,{COUNTY}\n{T2},二号镇,{COUNTY}\n", encoding="utf-8"
    )
    vills = tmp / "villages.csv"
    vills.write_text(
        f"code,name,township_code\n{V1A},甲村,{T1}\n{V1B},乙村,{T1}\n{V2A},丙村,{T2}\n",
        encoding="utf-8",
    )
    return towns, vills


def member(name: str, id_number: str, relation: str = "child") -> dict[str, Any]:
    """One row of the member roster: a healthy farmer who stays in the village."""
    return {
        "name": name,
        "id_number": id_number,
        "relation": relation,
        "health": "healthy",
        "work_ability": "full",
        "occupation": "farming",
        "schooling": "junior",
        "works_away": "no",
        "left_behind": "none",
    }


def answers_for(
    village: str,
    members: list[dict[str, Any]],
    head_name: str,
    /,
    *,
    income: int = 3000,
    address: str = "某组1号",
    **extra: Any,
) -> dict[str, Any]:
    """A complete, server-valid household survey around the given roster (the first row heads
    it); the tests' and the benchmarks' surveys all start from here. Anything in `extra`
    (a `head_name` too) replaces the answer of that name."""
    answers: dict[str, Any] = {
        "campaign_round": "start",
        "visit_date": "2026-03-02",
        "visit_outcome": "in_person",
        "village_code": village,
        "address": address,
        "head_name": head_name,
        "head_id_number": members[0]["id_number"],
        "phone": "13800000000",
        "hukou_type": "rural",
        "members": members,
        "income_wages": income,
        "income_farming": 0,
        "income_property": 0,
        "income_transfers": 0,
        "income_other": 0,
        "exp_medical": 0,
        "exp_education": 0,
        "exp_disability_care": 0,
        "exp_disaster": 0,
        "housing": "own",
        "housing_safety": "safe",
        "vehicles": ["none"],
        "savings_band": "none",
        "has_business": "no",
        "large_machinery": "no",
        "benefits": [],
        "causes": ["lack_skills"],
        "needs": ["jobs"],
        "recommendation": "verify",
        "recommendation_reason": "需要核实",
        "photos": [],
        "consent_signature": "sha256:" + "ab" * 32,
    }
    answers.update(extra)
    return answers


def survey_answers(
    village: str, head: int = 0, members: int = 2, income: int = 3000, **extra: Any
) -> dict[str, Any]:
    head_id = make_id(date(1970, 1, 1 + head % 28), head)
    rows = [
        member(
            NAMES[(head + i) % len(NAMES)],
            head_id if i == 0 else make_id(date(1995, 3, 1 + i), 500 + head * 10 + i),
            "head" if i == 0 else "child",
        )
        for i in range(members)
    ]
    return answers_for(village, rows, NAMES[head % len(NAMES)], income=income, **extra)


@dataclass
class DeviceClient:
    """An enrolled device: its key, token and id, and a sequence counter for its records."""

    device_id: uuid.UUID
    token: str
    key: Ed25519PrivateKey
    user_id: uuid.UUID
    seq: int = 0
    revisions: dict[uuid.UUID, int] = field(default_factory=dict)
    # Seconds added to the clock this device signs with (a laptop whose clock is off).
    clock_offset: float = 0.0

    def __post_init__(self) -> None:
        _DEVICES[self.token] = self

    def identity(self) -> DeviceIdentity:
        return DeviceIdentity(self.device_id, self.token, self.key)

    def bearer(self) -> dict[str, str]:
        """The token alone: a request an old app would send, which the server refuses."""
        return {"Authorization": f"Bearer {self.token}"}

    def auth(self) -> dict[str, str]:
        """The token, and a mark that has httpx sign the request as it is sent."""
        return {**self.bearer(), SIGN_AT_SEND: "1"}

    def signed(
        self, method: str, target: str, body: bytes, at: float | None = None
    ) -> dict[str, str]:
        """The headers of one signed request to `target` (path and query as sent)."""
        now = time.time() + self.clock_offset if at is None else at
        return {**self.bearer(), **sign_request(self.identity(), method, target, body, now)}

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def record(
        self, kind: str, record_id: uuid.UUID, data: dict[str, Any], base: int | None = None
    ) -> dict[str, Any]:
        current = self.revisions.get(record_id, 0)
        base_rev = current if base is None else base
        rev = max(current, base_rev) + 1
        self.revisions[record_id] = rev
        return {
            "kind": kind,
            "id": str(record_id),
            "revision": rev,
            "base_revision": base_rev,
            "seq": self.next_seq(),
            "data": data,
        }

    def batch(
        self, records: list[dict[str, Any]], batch_id: uuid.UUID | None = None
    ) -> tuple[uuid.UUID, bytes]:
        bid = batch_id or uuid.uuid4()
        raw = {
            "batch_id": str(bid),
            "device_id": str(self.device_id),
            "protocol_version": 1,
            "records": records,
        }
        try:
            return bid, encode_batch(Batch.model_validate(raw))
        except ValueError:  # a deliberately malformed record: encode it as it is
            out = io.BytesIO()
            with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
                gz.write(canonical_json(raw))
            return bid, out.getvalue()


def _sign_marked(request: Any) -> None:
    """Sign a request that carries `SIGN_AT_SEND`, as the laptop's client signs every request."""
    if request.headers.pop(SIGN_AT_SEND, None) is None or NONCE_HEADER in request.headers:
        return
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    dev = _DEVICES.get(token)
    if dev is None:
        return
    target = request.url.raw_path.decode("ascii")
    request.headers.update(dev.signed(request.method, target, request.read()))


def _install_signing(client_class: Any) -> None:
    send = client_class.send
    if getattr(send, "signs_devices", False):
        return

    def signing_send(self: Any, request: Any, **kw: Any) -> Any:
        _sign_marked(request)
        return send(self, request, **kw)

    signing_send.signs_devices = True  # type: ignore[attr-defined]
    client_class.send = signing_send


# Starlette's TestClient is built on `httpx2`, the live-server tests on `httpx`: sign on both.
_install_signing(httpx.Client)
with contextlib.suppress(ImportError):
    import httpx2  # type: ignore[import-not-found]

    _install_signing(httpx2.Client)


def new_key() -> tuple[Ed25519PrivateKey, str]:
    key = Ed25519PrivateKey.generate()
    pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key, b64encode(pub)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def push(
    http: Any, dev: DeviceClient, records: list[dict[str, Any]], batch_id: uuid.UUID | None = None
) -> Any:
    """POST a sealed batch the way the sync client does (TestClient or httpx.Client)."""
    _bid, body = dev.batch(records, batch_id)
    return post_body(http, dev, body)


def post_body(http: Any, dev: DeviceClient, body: bytes) -> Any:
    from sync.protocol import CONTENT_TYPE_BATCH

    headers = {**dev.signed("POST", "/api/v1/batches", body), "Content-Type": CONTENT_TYPE_BATCH}
    return http.post("/api/v1/batches", content=body, headers=headers)


def household_data(village: str, head: int = 0, **extra: Any) -> dict[str, Any]:
    data = {
        "village_code": village,
        "address": "某组1号",
        "head_name": NAMES[head % len(NAMES)],
        "head_id_number": make_id(date(1970, 1, 1 + head % 28), head),
        "hukou_type": "rural",
        "categories": [],
    }
    data.update(extra)
    return data


def survey_data(
    household_id: uuid.UUID,
    village: str,
    campaign_id: uuid.UUID | None,
    status: str = "submitted",
    head: int = 0,
    **answers: Any,
) -> dict[str, Any]:
    return {
        "household_id": str(household_id),
        "campaign_id": str(campaign_id) if campaign_id else None,
        "form_id": "household-survey",
        "form_version": 1,
        "status": status,
        "answers": survey_answers(village, head=head, **answers),
    }


def wait_ready(proc: subprocess.Popen[bytes], base: str, seconds: float = 30) -> None:
    """Poll /readyz until the server answers, with a deadline, watching the process meanwhile
    (the tests' live servers and the benchmarks' all start this way)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("doorstep-server serve did not become ready")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.05)  # the pause between tries, cut short if the server dies
