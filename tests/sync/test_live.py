"""Through a real `doorstep-server serve` process on loopback: idempotency over HTTP, a batch cut
off mid-body, two devices racing on one household, and logs free of personal data."""

from __future__ import annotations

import socket
import threading
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import CONTENT_TYPE_BATCH, REPLAY_HEADER
from sync.server.admin import service as admin
from sync.server.models import BatchReceipt, Household, RecordVersion

from .conftest import LiveServer, World, enroll
from .helpers import COUNTY, NAMES, V1A, household_data, make_id, post_body, push, survey_data


def test_same_batch_twice_over_http(
    world: World, live_server: LiveServer, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    _, body = dev.batch(
        [
            dev.record("household", hid, household_data(V1A)),
            dev.record("survey", uuid.uuid4(), survey_data(hid, V1A, world.campaign_id)),
        ]
    )
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        first = post_body(http, dev, body)
        second = post_body(http, dev, body)
    assert first.status_code == 200, first.text
    assert second.json() == first.json()
    assert second.headers[REPLAY_HEADER] == "1"
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RecordVersion)) == 2


def test_batch_cut_off_mid_body_stores_nothing(
    world: World, live_server: LiveServer, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    _, body = dev.batch(
        [
            dev.record("household", hid, household_data(V1A)),
            dev.record("survey", uuid.uuid4(), survey_data(hid, V1A, world.campaign_id)),
        ]
    )
    url = urlparse(live_server.base_url)
    headers = {
        **dev.signed("POST", "/api/v1/batches", body),
        "Content-Type": CONTENT_TYPE_BATCH,
        "Content-Length": str(len(body)),
        "Host": url.netloc,
    }
    head = (
        "POST /api/v1/batches HTTP/1.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "\r\n"
    )
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head.encode() + body[: len(body) // 2])
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(10)
        try:
            while sock.recv(4096):
                pass
        except (TimeoutError, ConnectionError):
            pass
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(BatchReceipt)) == 0
        assert s.get(Household, hid) is None
    # the laptop sends the same sealed batch again, in full: applied once
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        r = post_body(http, dev, body)
    assert r.status_code == 200
    assert r.headers[REPLAY_HEADER] == "0"
    assert [x["status"] for x in r.json()["results"]] == ["accepted", "accepted"]


def test_two_devices_racing_on_one_household(
    world: World,
    live_server: LiveServer,
    factory: sessionmaker[Session],
    client: object,
    tmp_path: Path,
) -> None:
    with factory() as s:
        admin.create_user(s, "cadre3", "cadre", COUNTY, [V1A])
    rival = enroll(client, factory, "cadre3")
    dev = world.devices["cadre1"]
    rows = "\n".join(
        f"{V1A},{NAMES[i % 6]},{make_id(date(1950, 1, 1 + i), i)},一组,rural," for i in range(8)
    )
    reg = tmp_path / "reg.csv"
    reg.write_text(
        "village_code,head_name,head_id_number,address,hukou_type,categories\n" + rows + "\n",
        encoding="utf-8",
    )
    with factory() as s:
        admin.import_households(s, COUNTY, reg)
    with factory() as s:
        households = list(s.scalars(select(Household.id)))
    results: dict[str, list[dict[str, object]]] = {}
    barrier = threading.Barrier(2)

    def run(name: str, d: object) -> None:
        from .helpers import DeviceClient

        assert isinstance(d, DeviceClient)
        with httpx.Client(base_url=live_server.base_url, timeout=60) as http:
            barrier.wait()
            out = []
            for i, hid in enumerate(households):
                rec = d.record(
                    "household", hid, household_data(V1A, head=i, address=f"{name} 的修改"), base=1
                )
                r = push(http, d, [rec])
                assert r.status_code == 200, r.text
                out.append(r.json()["results"][0])
            results[name] = out

    threads = [
        threading.Thread(target=run, args=("a", dev)),
        threading.Thread(target=run, args=("b", rival)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for i, hid in enumerate(households):
        statuses = sorted([results["a"][i]["status"], results["b"][i]["status"]])
        assert statuses == ["accepted", "conflict"], statuses
        with factory() as s:
            versions = s.scalars(select(RecordVersion).where(RecordVersion.record_id == hid)).all()
            assert sorted(v.status for v in versions) == ["accepted", "conflict"]  # both kept
            h = s.get(Household, hid)
            assert h is not None
            assert h.revision == 2


def test_server_log_holds_no_personal_data(world: World, live_server: LiveServer) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    data = survey_data(hid, V1A, world.campaign_id)
    bad = survey_data(hid, V1A, world.campaign_id, income_wages="lots")
    with httpx.Client(base_url=live_server.base_url, timeout=30) as http:
        push(
            http,
            dev,
            [
                dev.record("household", hid, household_data(V1A)),
                dev.record("survey", uuid.uuid4(), data),
                dev.record("survey", uuid.uuid4(), bad),
            ],
        )
        http.get("/api/v1/changes", headers=dev.auth())
        http.get(
            f"/api/v1/reports/ledger?campaign_id={world.campaign_id}",
            headers=world.devices["admin"].auth(),
        )
        http.post("/api/v1/enroll", json={"code": "NOPE-NOPE", "public_key": "AAAA"})
    log = live_server.log_text()
    assert '"path": "/api/v1/batches"' in log  # the log does record requests
    secrets_in_data = [
        *NAMES,
        data["answers"]["head_id_number"],
        data["answers"]["phone"],
        data["answers"]["address"],
    ]
    for member in data["answers"]["members"]:
        secrets_in_data.append(member["id_number"])
    for item in secrets_in_data:
        assert item not in log, item


def test_the_same_batch_sent_twice_at_once(
    world: World, live_server: LiveServer, factory: sessionmaker[Session]
) -> None:
    """A laptop retries while its first attempt is still being applied: one application only."""
    dev = world.devices["cadre2"]
    from .helpers import V2A

    recs = []
    for i in range(20):
        hid = uuid.uuid4()
        recs += [
            dev.record("household", hid, household_data(V2A, head=i)),
            dev.record("survey", uuid.uuid4(), survey_data(hid, V2A, world.campaign_id, head=i)),
        ]
    _, body = dev.batch(recs)
    replies: list[httpx.Response] = []
    barrier = threading.Barrier(3)

    def send() -> None:
        with httpx.Client(base_url=live_server.base_url, timeout=60) as http:
            barrier.wait()
            replies.append(post_body(http, dev, body))

    threads = [threading.Thread(target=send) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert len({r.text for r in replies}) == 1
    assert sorted(r.headers[REPLAY_HEADER] for r in replies) == ["0", "1", "1"]
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(RecordVersion)) == 40
        assert s.scalar(select(func.count()).select_from(BatchReceipt)) == 1


def test_server_killed_mid_ingest_leaves_all_or_nothing(
    world: World, database_url: str, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """SIGKILL the server right after a big batch reached it; after a restart the database holds
    the whole batch or none of it, and sending the same batch again applies it exactly once."""
    import os
    import signal
    import subprocess
    import sys

    from .conftest import SECRET, free_port
    from .helpers import wait_ready

    dev = world.devices["cadre1"]
    recs = []
    for i in range(60):
        hid = uuid.uuid4()
        recs += [
            dev.record("household", hid, household_data(V1A, head=i)),
            dev.record("survey", uuid.uuid4(), survey_data(hid, V1A, world.campaign_id, head=i)),
        ]
    _, body = dev.batch(recs)
    env = {
        **os.environ,
        "DOORSTEP_SECRET_KEY": SECRET,
        "DOORSTEP_ATTACHMENT_DIR": str(tmp_path / "att"),
    }

    def start() -> tuple[subprocess.Popen[bytes], str]:
        port = free_port()
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "doorstep-server"),
                "serve",
                "--port",
                str(port),
                "--database-url",
                database_url,
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        wait_ready(proc, base)
        return proc, base

    proc, base = start()
    url = urlparse(base)
    headers = {
        **dev.signed("POST", "/api/v1/batches", body),
        "Content-Type": CONTENT_TYPE_BATCH,
        "Content-Length": str(len(body)),
        "Host": url.netloc,
    }
    head = (
        "POST /api/v1/batches HTTP/1.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        + "\r\n"
    )
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(head.encode() + body)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    with factory() as s:
        n = s.scalar(select(func.count()).select_from(RecordVersion))
        receipts = s.scalar(select(func.count()).select_from(BatchReceipt))
    assert (n, receipts) in ((0, 0), (120, 1))
    proc, base = start()
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            r = post_body(http, dev, body)
        assert r.status_code == 200
        assert {x["status"] for x in r.json()["results"]} == {"accepted"}
        with factory() as s:
            assert s.scalar(select(func.count()).select_from(RecordVersion)) == 120
            assert s.scalar(select(func.count()).select_from(BatchReceipt)) == 1
    finally:
        proc.terminate()
        proc.wait(timeout=30)
