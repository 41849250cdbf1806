"""Every device request is signed: the refusals (docs/request-signing.md) and a walk over every
route proving no device route takes an unsigned request."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from sync.protocol import SIGNATURE_HEADER

from .conftest import LiveServer, World
from .helpers import V1A, household_data, post_body


def test_every_device_route_refuses_an_unsigned_request(client: TestClient, world: World) -> None:
    """Walk every operation the app publishes: each but enrollment and the probes refuses a
    request that carries a valid token but no signature (what an old app sends)."""
    dev = world.devices["admin"]
    open_routes = {"/api/v1/enroll", "/healthz", "/readyz"}
    checked = 0
    for path, ops in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        if path in open_routes:
            continue
        concrete = path.replace("{", "x").replace("}", "")
        for method in ops:
            r = client.request(method.upper(), concrete, headers=dev.bearer(), content=b"{}")
            assert r.status_code == 426, (method, path, r.text)
            assert r.json()["error"] == "client_outdated"
            checked += 1
    assert checked > 20


def test_refusals(client: TestClient, world: World) -> None:
    import uuid

    dev, other = world.devices["cadre1"], world.devices["cadre2"]
    _bid, body = dev.batch([dev.record("household", uuid.uuid4(), household_data(V1A))])
    target = "/api/v1/batches"
    ctype = {"Content-Type": "application/vnd.doorstep.batch+gzip"}
    headers = {**dev.signed("POST", target, body), **ctype}
    assert client.post(target, content=body, headers=headers).status_code == 200
    # the same signed request again: its nonce is spent
    r = client.post(target, content=body, headers=headers)
    assert (r.status_code, r.json()["error"]) == (401, "nonce_reused")
    # a body changed on the way
    hs = b'{"protocol_version":1,"app_version":"0.1.0"}'
    fresh = {**dev.signed("POST", "/api/v1/handshake", hs), "Content-Type": "application/json"}
    r = client.post("/api/v1/handshake", content=hs.replace(b"0.1.0", b"9.9.9"), headers=fresh)
    assert (r.status_code, r.json()["error"]) == (400, "body_changed")
    # signed by another device's key, claiming this one
    forged = {**dev.signed("POST", target, body), **ctype}
    forged[SIGNATURE_HEADER] = other.signed("POST", target, body)[SIGNATURE_HEADER]
    r = client.post(target, content=body, headers=forged)
    assert r.json()["error"] == "bad_signature"
    # another device's headers on this device's token
    mixed = {**other.signed("POST", target, body), **dev.bearer(), **ctype}
    assert client.post(target, content=body, headers=mixed).json()["error"] == "device_mismatch"
    # captured six minutes ago, sent again now
    old = {**dev.signed("POST", target, body, at=time.time() - 360), **ctype}
    assert client.post(target, content=body, headers=old).json()["error"] == "request_expired"
    # a laptop whose clock is an hour ahead
    sup = world.devices["sup_t2"]
    r = client.get(
        "/api/v1/digest", headers=sup.signed("GET", "/api/v1/digest", b"", at=time.time() + 3600)
    )
    assert (r.status_code, r.json()["error"]) == (401, "clock_skewed")
    assert "1 hours" in r.json()["message"]
    assert "ahead" in r.json()["message"]
    # retry after a lost reply: a fresh nonce, the batch applied once (stored receipt)
    r1 = post_body(client, dev, body)
    assert r1.status_code == 200
    assert r1.json()["results"][0]["status"] in ("accepted", "duplicate")


def test_enrollment_reply_is_bound_to_the_laptops_key(
    live_server: LiveServer, database_url: str, world: World
) -> None:
    """Through real HTTP: the reply verifies for the key sent, and is refused for another."""
    from sqlalchemy.orm import sessionmaker as _sm

    from sync.client import (
        ClientConfig,
        DeviceIdentity,
        EnrollmentNotBound,
        SyncClient,
        check_enroll_binding,
    )
    from sync.protocol import EnrollRequest
    from sync.server.admin import service as admin
    from sync.server.db import make_engine

    eng = make_engine(database_url, 2)
    try:
        with _sm(eng)() as s:
            code, _ = admin.create_enrollment_code(s, "cadre1", 1)
    finally:
        eng.dispose()
    _key, pub = DeviceIdentity.new_key()
    _other, other_pub = DeviceIdentity.new_key()
    client = SyncClient(ClientConfig(base_url=live_server.base_url))
    try:
        reply = client.enroll(EnrollRequest(code=code, public_key=pub, app_version="0.1.0"))
    finally:
        client.close()
    with pytest.raises(EnrollmentNotBound):
        check_enroll_binding(reply, other_pub, None)
    with pytest.raises(EnrollmentNotBound):
        check_enroll_binding(reply, pub, other_pub)
