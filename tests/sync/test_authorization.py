"""The authorization matrix: every endpoint × every role × in scope / out of scope, plus no
token, a revoked device, a disabled user and a wrong signature. Nothing leaks, nothing is written.

The resource under test lives in village V1A (township 1): cadre1 holds it; cadre2 and the
township-2 supervisor are out of scope; the county supervisor and county admin are in scope.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import SIGNATURE_HEADER, b64encode
from sync.server.admin import service as admin
from sync.server.models import (
    AttachmentBlob,
    BatchReceipt,
    Change,
    Household,
    RecordVersion,
    Review,
    Survey,
    User,
)

from .conftest import World, enroll
from .helpers import V1A, DeviceClient, household_data, push, survey_data
from .test_attachments import jpeg_with_gps, put

ROLES = ["cadre1", "cadre2", "sup_t1", "sup_t2", "sup_c", "admin"]
IN_SCOPE = {"cadre1", "sup_t1", "sup_c", "admin"}
SUPERVISORS = {"sup_t1", "sup_t2", "sup_c", "admin"}
WRITE_TABLES = (Household, Survey, Review, RecordVersion, BatchReceipt, Change, AttachmentBlob)


@dataclass
class Fixture:
    survey_id: uuid.UUID
    household_id: uuid.UUID
    short_key: str
    sha: str
    photo: bytes
    campaign_id: uuid.UUID
    head_id: str


def setup_resource(client: TestClient, world: World) -> Fixture:
    dev = world.devices["cadre1"]
    photo = jpeg_with_gps()
    import hashlib

    sha = hashlib.sha256(photo).hexdigest()
    hid, sid = uuid.uuid4(), uuid.uuid4()
    data = survey_data(hid, V1A, world.campaign_id, needs=["jobs"])
    r = push(
        client,
        dev,
        [
            dev.record("household", hid, household_data(V1A)),
            dev.record("survey", sid, data),
            dev.record(
                "attachment",
                uuid.uuid4(),
                {"survey_id": str(sid), "sha256": sha, "size": len(photo)},
            ),
        ],
    )
    for off in range(0, len(photo), 8192):
        assert put(client, dev, sha, off, photo[off : off + 8192]).status_code == 200
    return Fixture(
        sid,
        hid,
        r.json()["results"][1]["short_key"],
        sha,
        photo,
        world.campaign_id,
        data["answers"]["head_id_number"],
    )


Request = tuple[str, str, bytes | None, bool]  # method, target, body, signed


def endpoints(fx: Fixture, dev: DeviceClient) -> dict[str, Callable[[], Request]]:
    camp = f"campaign_id={fx.campaign_id}"

    def batch() -> Request:
        rec = dev.record("household", fx.household_id, household_data(V1A, address="改"), base=1)
        _, body = dev.batch([rec])
        return ("POST", "/api/v1/batches", body, True)

    def review_body() -> Request:
        body = json.dumps(
            {
                "id": str(uuid.uuid4()),
                "survey_id": str(fx.survey_id),
                "decision": "return",
                "comment": "x",
            }
        ).encode()
        return ("POST", "/api/v1/reviews", body, True)

    return {
        "handshake": lambda: (
            "POST",
            "/api/v1/handshake",
            json.dumps({"protocol_version": 1, "app_version": "0.1.0"}).encode(),
            False,
        ),
        "digest": lambda: ("GET", "/api/v1/digest", None, False),
        "changes": lambda: ("GET", "/api/v1/changes?limit=1000", None, False),
        "batches": batch,
        "reviews": review_body,
        "surveys": lambda: ("GET", "/api/v1/surveys", None, False),
        "survey": lambda: ("GET", f"/api/v1/surveys/{fx.survey_id}", None, False),
        "survey_by_key": lambda: ("GET", f"/api/v1/surveys/{fx.short_key}", None, False),
        "attachment_status": lambda: ("GET", f"/api/v1/attachments/{fx.sha}/status", None, False),
        "attachment_get": lambda: ("GET", f"/api/v1/attachments/{fx.sha}", None, False),
        "attachment_put": lambda: (
            "PUT",
            f"/api/v1/attachments/{fx.sha}?offset=0",
            fx.photo[:100],
            True,
        ),
        "progress": lambda: ("GET", f"/api/v1/reports/progress?{camp}", None, False),
        "ledger": lambda: ("GET", f"/api/v1/reports/ledger?{camp}&format=json", None, False),
        "public_list": lambda: ("GET", f"/api/v1/reports/public-list?{camp}", None, False),
        "referrals": lambda: ("GET", f"/api/v1/reports/referrals?{camp}", None, False),
        "discrepancies": lambda: ("GET", f"/api/v1/reports/discrepancies?{camp}", None, False),
    }


def send(client: TestClient, dev: DeviceClient | None, req: Request, mode: str = "ok") -> Any:
    method, target, body, signed = req
    headers: dict[str, str] = {"Content-Type": "application/json"}
    if dev is not None and mode != "no_token":
        headers.update(dev.signed(method, target, body or b"") if signed else dev.auth())
    if mode == "bad_signature" and dev is not None:
        headers[SIGNATURE_HEADER] = b64encode(dev.key.sign(b"something else"))
    return client.request(method, target, content=body, headers=headers)


def snapshot(factory: sessionmaker[Session]) -> tuple[int, ...]:
    with factory() as s:
        return tuple(int(s.scalar(select(func.count()).select_from(m)) or 0) for m in WRITE_TABLES)


def leaks(fx: Fixture, text: str) -> bool:
    return (
        str(fx.survey_id) in text
        or fx.short_key in text
        or str(fx.household_id) in text
        or fx.head_id in text
    )


def expected_in_scope(name: str, role: str) -> set[int]:
    supervisor_only = {"surveys", "ledger", "public_list", "referrals", "discrepancies"}
    if name in supervisor_only and role not in SUPERVISORS:
        return {403}
    if name == "reviews":
        if role == "sup_t1":
            return {200}
        if role in ("sup_c", "admin"):
            return {409}  # a county reviewer cannot act on a survey the township has not approved
        return {403} if role.startswith("cadre") else {404}
    return {200}


def test_authorization_matrix(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    fx = setup_resource(client, world)
    failures: list[str] = []
    # the township supervisor's approval would change the survey: send it last
    order = sorted(ROLES, key=lambda r: r == "sup_t1")
    for role in order:
        dev = world.devices[role]
        for name, make in endpoints(fx, dev).items():
            before = snapshot(factory)
            r = send(client, dev, make())
            writes = snapshot(factory) != before
            body = r.text
            in_scope = role in IN_SCOPE
            if in_scope:
                if r.status_code not in expected_in_scope(name, role):
                    failures.append(f"{role} {name}: {r.status_code} {body[:120]}")
                continue
            # out of scope: refused, or answered with nothing of the resource in it
            if r.status_code == 200:
                # (a batch reply names the record the caller itself sent, nothing more)
                if (name != "batches" and leaks(fx, body)) or name == "attachment_get":
                    failures.append(f"{role} {name}: leaked")
                if name == "batches":
                    if r.json()["results"][0]["status"] != "rejected":
                        failures.append(f"{role} batches: not rejected")
                    continue  # a rejected record's receipt is the only write
                if writes and name not in ("handshake",):
                    failures.append(f"{role} {name}: wrote while out of scope")
            elif r.status_code not in (403, 404):
                failures.append(f"{role} {name}: unexpected {r.status_code}")
            elif writes:
                failures.append(f"{role} {name}: refused but wrote")
    assert not failures, "\n".join(failures)


def test_no_token_revoked_disabled_and_bad_signature(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    fx = setup_resource(client, world)
    failures: list[str] = []
    dev = world.devices["cadre1"]
    for name, make in endpoints(fx, dev).items():
        req = make()
        before = snapshot(factory)
        r = send(client, dev, req, "no_token")
        if r.status_code != 401 or leaks(fx, r.text):
            failures.append(f"no token {name}: {r.status_code}")
        if req[3]:
            r = send(client, dev, make(), "bad_signature")
            if r.status_code != 401 or r.json()["error"] != "bad_signature":
                failures.append(f"bad signature {name}: {r.status_code}")
        if snapshot(factory) != before:
            failures.append(f"{name}: wrote without valid credentials")
    # a revoked laptop and a disabled user are refused everywhere
    with factory() as s:
        admin.revoke_device(s, dev.device_id)
    other = world.devices["sup_t1"]
    with factory() as s, s.begin():
        s.execute(update(User).where(User.id == world.users["sup_t1"]).values(disabled=True))
    for label, d in (("revoked", dev), ("disabled", other)):
        for name, make in endpoints(fx, d).items():
            before = snapshot(factory)
            r = send(client, d, make())
            if r.status_code != 401 or leaks(fx, r.text):
                failures.append(f"{label} {name}: {r.status_code}")
            if snapshot(factory) != before:
                failures.append(f"{label} {name}: wrote")
    r = send(client, dev, endpoints(fx, dev)["digest"]())
    assert r.json()["error"] == "device_revoked"
    assert "revoked" in r.json()["message"]
    # the revocation is on the county's feed for the other laptops
    feed = client.get("/api/v1/changes", headers=world.devices["sup_c"].auth()).json()
    assert str(dev.device_id) in {c["id"] for c in feed["changes"] if c["kind"] == "revocation"}
    assert not failures, "\n".join(failures)


def test_handshake_tells_an_old_client_to_update(world: World, client: TestClient) -> None:
    dev = world.devices["cadre1"]
    ok = client.post(
        "/api/v1/handshake",
        json={"protocol_version": 1, "app_version": "0.1.0"},
        headers=dev.auth(),
    )
    assert ok.status_code == 200
    assert ok.json()["device_id"] == str(dev.device_id)
    for body in (
        {"protocol_version": 0, "app_version": "0.1.0"},
        {"protocol_version": 1, "app_version": "0.0.9"},
    ):
        r = client.post("/api/v1/handshake", json=body, headers=dev.auth())
        assert r.status_code == 426
        assert r.json()["error"] == "please_update"
        assert "Please update Doorstep" in r.json()["message"]


def test_digest_matches_what_the_device_sent(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    from sync.protocol import record_digest

    dev = world.devices["cadre1"]
    hid, sid = uuid.uuid4(), uuid.uuid4()
    push(
        client,
        dev,
        [
            dev.record("household", hid, household_data(V1A)),
            dev.record("survey", sid, survey_data(hid, V1A, world.campaign_id, status="draft")),
        ],
    )
    push(
        client,
        dev,
        [dev.record("survey", sid, survey_data(hid, V1A, world.campaign_id, status="completed"))],
    )
    d = client.get("/api/v1/digest", headers=dev.auth()).json()
    assert d["counts"]["survey"] == 1
    assert d["counts"]["household"] == 1
    assert d["digests"]["survey"] == record_digest([(str(sid), 2)])
    assert d["digests"]["household"] == record_digest([(str(hid), 1)])
    other = client.get("/api/v1/digest", headers=world.devices["cadre2"].auth()).json()
    assert other["counts"]["survey"] == 0


def test_a_new_enrollment_is_bound_to_its_user(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = enroll(client, factory, "cadre2")
    r = client.post(
        "/api/v1/handshake", json={"protocol_version": 1, "app_version": "1.0"}, headers=dev.auth()
    )
    assert r.json()["user_id"] == str(world.users["cadre2"])
    assert r.json()["role"] == "cadre"


# --- issue 14: cases. Who may decide (the rules: the county, for dibao), who may touch a case
# of township 1 at all, and who reads the case lists.

CASE_DECIDE = {
    "cadre1": "not_allowed_for_role",
    "cadre2": "out_of_scope",
    "sup_t1": "not_allowed_for_role",  # the township supervisor, where the county decides
    "sup_t2": "out_of_scope",
    "sup_c": "accepted",
    "admin": "accepted",
}
CASE_OBJECTION = {**CASE_DECIDE, "sup_t1": "accepted", "cadre2": "not_allowed_for_role"}
CASE_READ = {"cadre1": 403, "cadre2": 403, "sup_t1": 200, "sup_t2": 404, "sup_c": 200, "admin": 200}


@pytest.mark.parametrize("role", ROLES)
def test_case_operations_by_role(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch, role: str
) -> None:
    from datetime import date

    from sync import cases_wire as w

    from .cases_helpers import one, set_today, to_posting

    (case_id,), _posting = to_posting(client, world, monkeypatch, V1A, 1)
    dev = world.devices[role]
    objection = w.RecordObjection(
        objection_id=uuid.uuid4(), case_id=case_id, received_on=date(2026, 12, 2), content="异议"
    )
    set_today(monkeypatch, "2026-12-02")
    result = one(client, dev, objection)
    got = result["status"] if result["status"] == "accepted" else result["problems"][0]["code"]
    assert got == CASE_OBJECTION[role]
    if got == "accepted":
        settle = w.SettleObjection(
            objection_id=objection.objection_id, case_id=case_id, outcome="dismissed", reason="不实"
        )
        assert one(client, dev, settle)["status"] == "accepted"
    set_today(monkeypatch, "2026-12-08")
    decide = w.Decide(case_id=case_id, outcome="refused", refusal_reason="收入超过标准")
    result = one(client, dev, decide)
    got = result["status"] if result["status"] == "accepted" else result["problems"][0]["code"]
    assert got == CASE_DECIDE[role]
    detail = client.get(f"/api/v1/cases/{case_id}", headers=dev.auth())
    assert detail.status_code == CASE_READ[role]
    queue = client.get("/api/v1/cases", headers=dev.auth())
    assert queue.status_code == (403 if role.startswith("cadre") else 200)
    if role == "sup_t2":
        assert queue.json()["items"] == []


# --- issue 15: the economic-status check's routes ------------------------------------------------


def test_registry_check_authorization(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    """A cadre never reads findings; a township supervisor sees only their townships; only a
    county admin imports; every refusal leaves the tables as they were."""
    from sync.server.models import RegistryExtract, RegistryFlag

    from .helpers import T1, T2
    from .registry_helpers import csv_bytes, head_id, surveyed

    hid = surveyed(client, world.devices["cadre1"], V1A, world.campaign_id, head=1)
    car = csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-01-01"]])
    imp = "/api/v1/registry/imports?source=vehicles"
    first = send(client, world.devices["admin"], ("POST", imp, car, True))
    assert first.status_code == 200, first.text
    with factory() as s:
        flag_id = s.scalar(select(RegistryFlag.id))
    reason = json.dumps({"reason": "已核实"}).encode()
    routes: dict[str, tuple[Request, dict[str, int]]] = {
        "household": (
            ("GET", f"/api/v1/registry/households/{hid}", None, False),
            {"cadre1": 403, "cadre2": 403, "sup_t1": 200, "sup_t2": 404, "sup_c": 200, "admin": 200},
        ),
        "discrepancies": (
            ("GET", "/api/v1/registry/discrepancies", None, False),
            {"cadre1": 403, "cadre2": 403, "sup_t1": 200, "sup_t2": 200, "sup_c": 200, "admin": 200},
        ),
        "discrepancies_t1": (
            ("GET", f"/api/v1/registry/discrepancies?township={T1}", None, False),
            {"cadre1": 403, "cadre2": 403, "sup_t1": 200, "sup_t2": 403, "sup_c": 200, "admin": 200},
        ),
        "imports_list": (
            ("GET", "/api/v1/registry/imports", None, False),
            {"cadre1": 403, "cadre2": 403, "sup_t1": 403, "sup_t2": 403, "sup_c": 200, "admin": 200},
        ),
        "import": (
            ("POST", imp, car, True),
            {"cadre1": 403, "cadre2": 403, "sup_t1": 403, "sup_t2": 403, "sup_c": 403, "admin": 200},
        ),
        "explain": (
            ("POST", f"/api/v1/registry/flags/{flag_id}/explain", reason, True),
            {"cadre1": 403, "cadre2": 403, "sup_t2": 404, "sup_t1": 200, "sup_c": 200, "admin": 200},
        ),
    }  # fmt: skip
    failures: list[str] = []
    tables = (RegistryExtract, RegistryFlag, Change)
    for name, (req, expected) in routes.items():
        for role, code in expected.items():
            dev = world.devices[role]
            for mode in ("no_token", "bad_signature") if req[3] else ("no_token",):
                r = send(client, dev, req, mode)
                if r.status_code != 401:
                    failures.append(f"{role} {name} {mode}: {r.status_code}")
            with factory() as s:
                before = [s.scalar(select(func.count()).select_from(t)) for t in tables]
            r = send(client, dev, req)
            with factory() as s:
                after = [s.scalar(select(func.count()).select_from(t)) for t in tables]
            if r.status_code != code:
                failures.append(f"{role} {name}: {r.status_code} (expected {code}) {r.text[:100]}")
            if code != 200 and after != before:
                failures.append(f"{role} {name}: refused but wrote")
            if r.status_code != 200 and (head_id(1) in r.text or str(hid) in r.text):
                failures.append(f"{role} {name}: leaked in a refusal")
            if name == "discrepancies" and r.status_code == 200:
                flags = [f["household_id"] for f in r.json()["flags"]]
                if (role == "sup_t2") != (flags == []):
                    failures.append(f"{role} discrepancies: flags {flags}")
    # the township-2 supervisor's own township holds nothing of township 1
    t2 = send(client, world.devices["sup_t2"],
              ("GET", f"/api/v1/registry/discrepancies?township={T2}", None, False))  # fmt: skip
    assert t2.status_code == 200
    assert str(hid) not in t2.text
    assert not failures, "\n".join(failures)
