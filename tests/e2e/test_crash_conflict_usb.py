"""The server killed mid-ingest, a conflict kept on both sides, and sync on a USB stick."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import text

from desktop.services import syncing
from desktop.store.models import Survey
from forms import __version__
from sync.client import ClientConfig, DeviceIdentity, SyncClient, sign_request
from sync.engine import EngineSettings
from sync.protocol import Batch, encode_batch
from tests.e2e.conftest import PASSPHRASE, County, wait_until
from tests.e2e.proxy import Proxy
from tests.e2e.work import (
    campaign_of,
    edit_survey,
    new_household,
    new_survey,
    post_review,
    server_rows,
)
from tests.sync.helpers import V1A, survey_answers


def test_server_killed_mid_ingest_converges_with_nothing_lost_or_doubled(
    county: County, laptop_factory: Any
) -> None:
    seen_batch = threading.Event()
    proxy = Proxy(county.server.port)
    proxy.on_request = lambda data: (
        seen_batch.set() if data.startswith(b"POST /api/v1/batches") else None
    )
    laptop = laptop_factory("cadre1", proxy.url)
    assert syncing.run_sync(laptop).outcome == "ok"
    camp = campaign_of(laptop)
    surveys = [new_survey(laptop, new_household(laptop, V1A, i), V1A, i, camp) for i in range(300)]
    cfg = ClientConfig(base_url=proxy.url, sleep=lambda _s: None, max_attempts=2, read_timeout=20)
    big = EngineSettings(app_version=__version__, batch_records_start=400, batch_records_max=400)
    result: list[syncing.SyncSummary] = []
    worker = threading.Thread(
        target=lambda: result.append(syncing.run_sync(laptop, config=cfg, settings=big))
    )
    seen_batch.clear()
    worker.start()
    wait_until(seen_batch.is_set, 60, "the first batch to reach the server")
    county.server.kill()  # SIGKILL while the 400-record batch is being applied
    worker.join(timeout=120)
    assert result
    assert result[0].outcome != "ok"
    county.server.start()  # same port, same database
    for _ in range(5):
        done = syncing.run_sync(laptop, config=cfg, settings=big)
        if done.outcome == "ok" and syncing.pending_count(laptop) == 0:
            break
    assert done.outcome == "ok", done
    assert set(surveys) <= set(server_rows(county.engine, "survey"))
    with county.engine.connect() as c:
        doubled = c.execute(
            text(
                "SELECT record_id FROM record_version WHERE status = 'accepted' "
                "GROUP BY record_id, revision HAVING COUNT(*) > 1"
            )
        ).all()
    assert doubled == []
    proxy.close()


def test_a_return_and_an_offline_edit_both_survive_and_say_which_is_which(
    county: County, laptop_factory: Any
) -> None:
    laptop = laptop_factory("cadre1")
    syncing.run_sync(laptop)
    sid = new_survey(laptop, new_household(laptop, V1A, 7), V1A, 7, campaign_of(laptop))
    assert syncing.run_sync(laptop).outcome == "ok"
    reply, key = syncing.request_enrollment(county.server.url, county.code("sup_t1"))
    supervisor = DeviceIdentity(reply.device_id, reply.token, key)
    assert post_review(county.server.url, supervisor, sid, "return").status_code == 200
    assert syncing.run_sync(laptop).outcome == "ok"
    with laptop.reading() as s:
        assert s.get(Survey, sid).status == "returned"
    # Offline, the cadre corrects the income on the laptop…
    assert edit_survey(laptop, sid, 1234)
    # …while the cadre's replacement laptop, enrolled meanwhile, sends its own correction.
    other, okey = syncing.request_enrollment(county.server.url, county.code("cadre1"))
    client = SyncClient(
        ClientConfig(base_url=county.server.url), DeviceIdentity(other.device_id, other.token, okey)
    )
    with laptop.reading() as s:
        row = s.get(Survey, sid)
        assert row is not None
        household_id = row.household_id
    theirs = Batch(
        batch_id=uuid.uuid4(),
        device_id=other.device_id,
        records=[
            {  # type: ignore[list-item]
                "kind": "survey",
                "id": sid,
                "revision": 2,
                "base_revision": 1,
                "seq": 1,
                "data": {
                    "household_id": household_id,
                    "campaign_id": campaign_of(laptop),
                    "form_id": "household-survey",
                    "form_version": 1,
                    "status": "submitted",
                    "answers": survey_answers(V1A, head=7, income=5678),
                },
            }
        ],
    )
    assert client.post_batch(encode_batch(theirs)).results[0].status == "accepted"
    done = syncing.run_sync(laptop)
    assert done.counts["conflicts"] == 1
    # The laptop keeps its version and says it conflicts with the server's revision 2.
    [problem] = syncing.outbox_problems(laptop)
    assert (problem.record_id, problem.state, problem.server_revision) == (sid, "conflict", 2)
    with laptop.reading() as s:
        assert s.get(Survey, sid).answers["income_wages"] == 1234
    # The server keeps its current version and the laptop's beside it, marked as a conflict.
    target = f"/api/v1/surveys/{sid}"
    r = requests.get(
        county.server.url + target,
        headers={
            "Authorization": f"Bearer {supervisor.token}",
            **sign_request(supervisor, "GET", target, b"", time.time()),
        },
        timeout=10,
    )
    detail = r.json()
    assert detail["answers"]["income_wages"] == 5678
    [kept] = detail["conflicts"]
    assert kept["data"]["answers"]["income_wages"] == 1234
    assert kept["device_id"] == laptop.get_state("device_id")
    # A conflict is kept, not retried: the next round sends nothing and loses nothing.
    assert syncing.run_sync(laptop).counts.get("pushed", 0) == 0
    assert len(syncing.outbox_problems(laptop)) == 1


def _doorstep(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "doorstep"), *args],
        input=f"{PASSPHRASE}\n".encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_usb_transfer_round_trip_is_idempotent_and_refuses_tampering(
    county: County, laptop_factory: Any, tmp_path: Path
) -> None:
    laptop = laptop_factory("cadre1")
    syncing.run_sync(laptop)
    camp = campaign_of(laptop)
    surveys = [new_survey(laptop, new_household(laptop, V1A, i), V1A, i, camp) for i in range(5)]
    key = county.server.admin("usb-key")
    assert key.returncode == 0, key.stderr
    syncing.set_usb_key(laptop, key.stdout.decode().strip())
    stick = tmp_path / "stick.doorstep"
    assert syncing.export_usb(laptop, stick) > 0
    data = stick.read_bytes()
    for secret in (b"household-survey", "测试".encode(), V1A.encode()):
        assert secret not in data  # sealed: no plaintext in the file

    tampered = tmp_path / "tampered.doorstep"
    tampered.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    bad = county.server.admin("import-batch", str(tampered))
    assert bad.returncode == 1
    assert b"changed after the laptop wrote it" in bad.stderr
    assert not set(surveys) & set(server_rows(county.engine, "survey"))

    first = county.server.admin("import-batch", str(stick))
    assert first.returncode == 0, first.stderr
    rows = server_rows(county.engine, "survey")
    assert set(surveys) <= set(rows)
    again = county.server.admin("import-batch", str(stick), "--receipt", str(tmp_path / "r2"))
    assert again.returncode == 0
    assert server_rows(county.engine, "survey") == rows  # the second import changed nothing

    laptop.lock()
    folder = laptop.folder
    out = _doorstep("import-receipt", "--profile-dir", str(folder), str(stick) + ".receipt")
    assert out.returncode == 0, out.stderr
    assert b"acknowledged 10" in out.stdout
    out = _doorstep("import-receipt", "--profile-dir", str(folder), str(tmp_path / "r2"))
    assert out.returncode == 0
    assert b"acknowledged 0" in out.stdout  # the same receipt again acknowledges nothing twice
    from desktop.store.profile import unlock

    store = unlock(folder, PASSPHRASE)
    try:
        assert syncing.pending_count(store) == 0
        assert [line.via for line in syncing.sync_log(store)][:3] == ["usb", "usb", "usb"]
        # The network round afterwards finds nothing left to send, and the digests agree.
        assert syncing.run_sync(store).outcome == "ok"
    finally:
        store.lock()
