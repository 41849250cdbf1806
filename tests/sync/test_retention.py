"""`doorstep-server admin retention` on both databases, through the command line's `main`.

Photos go up through the real attachment endpoints into the local folder or moto's S3 server on
loopback; the retention run then reads the same settings from DOORSTEP_* variables, as the
timer's service would. A campaign that ended ~10 months ago is past the test policy's 6 months;
one that runs now is open, and a photo both share by hash stays.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from sync.server import cli
from sync.server.admin import service as admin
from sync.server.app import create_app
from sync.server.models import (
    AttachmentBlob,
    AttachmentRef,
    AuditEvent,
    CaseFile,
    EnrollmentCode,
    RegistryExtract,
    RequestNonce,
    Survey,
)
from sync.server.registry.importing import import_extract
from sync.server.settings import Settings

from .conftest import SECRET, World, free_port
from .helpers import COUNTY, V1A, DeviceClient, household_data, push, sha256, survey_data
from .registry_helpers import csv_bytes, head_id
from .s3 import bucket, moto_endpoint, object_keys, s3_env, s3_settings

__all__ = ["bucket", "moto_endpoint"]  # fixtures

POLICY = {
    "county_code": "421202",
    "version": 1,
    "photos": {"after_months": 6, "kinds": ["photo", "document"]},
    "audit_months": 6,
    "server_logs_days": 180,
    "enrollment_codes_days": 30,
    "registry_extracts": True,
}
DAY = 86400


def photo_bytes(n: int) -> bytes:
    return b"\xff\xd8" + bytes([n]) * 3000 + b"\xff\xd9"


def survey_with(
    http: TestClient, dev: DeviceClient, campaign: uuid.UUID, photos: list[tuple[bytes, str]]
) -> uuid.UUID:
    """A household, its survey in `campaign`, and each (bytes, kind) uploaded whole."""
    hid, sid = uuid.uuid4(), uuid.uuid4()
    records = [
        dev.record("household", hid, household_data(V1A)),
        dev.record("survey", sid, survey_data(hid, V1A, campaign)),
    ]
    for data, kind in photos:
        ref = {"survey_id": str(sid), "sha256": sha256(data), "size": len(data), "kind": kind}
        records.append(dev.record("attachment", uuid.uuid4(), ref))
    r = push(http, dev, records)
    assert [x["status"] for x in r.json()["results"]] == ["accepted"] * len(records), r.text
    for data, _kind in photos:
        target = f"/api/v1/attachments/{sha256(data)}?offset=0"
        headers = {**dev.signed("PUT", target, data), "Content-Type": "application/octet-stream"}
        up = http.put(target, content=data, headers=headers)
        assert up.status_code == 200, up.text
    return sid


class Setup:
    """Two campaigns of the county and four photos, plus rows and files past their time."""

    def __init__(self, world: World, factory: sessionmaker[Session], http: TestClient) -> None:
        today = date.today()
        with factory() as s:
            self.closed = admin.create_campaign(s, COUNTY, 2025, "mid", today - timedelta(days=320))
            self.open = admin.create_campaign(s, COUNTY, 2026, "end", today - timedelta(days=2))
            admin.assign(s, self.open, "cadre1", [V1A])
        dev = world.devices["cadre1"]
        self.only_closed, self.shared, self.only_open, self.signature = (
            photo_bytes(n) for n in range(1, 5)
        )
        survey_with(http, dev, self.closed, [(self.only_closed, "photo"), (self.shared, "photo"),
                                             (self.signature, "signature")])  # fmt: skip
        survey_with(http, dev, self.open, [(self.shared, "photo"), (self.only_open, "photo")])
        now = datetime.now(UTC)
        with factory() as s, s.begin():
            s.add_all([
                AuditEvent(action="test.old", at=now - timedelta(days=200)),
                AuditEvent(action="test.recent", at=now - timedelta(days=150)),
                RequestNonce(device_id=uuid.uuid4(), nonce="spent", signed_at=now,
                             seen_at=now, expires_at=now - timedelta(hours=1)),
            ])  # fmt: skip
            import_extract(s, COUNTY, "vehicles",
                           csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-01-01"]]),
                           extracted_on=today - timedelta(days=400))  # fmt: skip
        with factory() as s:
            admin.create_enrollment_code(s, "cadre2", 1)
        with factory() as s, s.begin():
            s.execute(update(EnrollmentCode).where(EnrollmentCode.used_at.is_(None))
                      .values(expires_at=now - timedelta(days=40)))  # fmt: skip

    def due(self) -> str:
        return sha256(self.only_closed)

    def kept(self) -> list[str]:
        return sorted(sha256(p) for p in (self.shared, self.only_open, self.signature))


def table_counts(factory: sessionmaker[Session]) -> dict[str, int]:
    models: dict[str, Any] = {
        "blobs": AttachmentBlob, "refs": AttachmentRef, "audit": AuditEvent,
        "nonces": RequestNonce, "codes": EnrollmentCode,
    }  # fmt: skip
    with factory() as s:
        counts = {k: int(s.scalar(select(func.count()).select_from(m)) or 0)
                  for k, m in models.items()}  # fmt: skip
        counts["current_extracts"] = int(s.scalar(select(func.count()).where(
            RegistryExtract.state == "current")) or 0)  # fmt: skip
    return counts


def blob_hashes(factory: sessionmaker[Session]) -> list[str]:
    with factory() as s:
        return sorted(s.scalars(select(AttachmentBlob.sha256)))


def local_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file())


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    folder = tmp_path / "logs"
    folder.mkdir()
    old = time.time() - 200 * DAY
    for name, stamp in (("server.log", None), ("server.log.1", old), ("server.log.2.gz", old),
                        ("notes.txt", old)):  # fmt: skip
        (folder / name).write_text("{}\n")
        if stamp:
            os.utime(folder / name, (stamp, stamp))
    return folder


@pytest.fixture
def policy_file(tmp_path: Path) -> Path:
    path = tmp_path / "retention-421202-v1.json"
    path.write_text(json.dumps(POLICY))
    return path


@pytest.fixture
def run(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    logs: Path,
) -> Any:
    monkeypatch.setenv("DOORSTEP_SECRET_KEY", SECRET)
    monkeypatch.setenv("DOORSTEP_ATTACHMENT_DIR", str(settings.attachment_dir))
    monkeypatch.setenv("DOORSTEP_LOG_DIR", str(logs))

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        code = cli.main(["admin", "--database-url", database_url, "retention", *args])
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)

    return call


def test_closed_campaign_photos_go_from_the_folder_open_ones_stay_and_the_run_is_audited(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    settings: Settings,
    logs: Path,
    policy_file: Path,
    run: Any,
) -> None:
    setup = Setup(world, factory, client)
    assert len(local_files(settings.attachment_dir)) == 4
    before = table_counts(factory)

    dry = run("--policy", str(policy_file), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    planned = json.loads(dry.stdout)["removed"]
    assert planned == {"photos": 1, "photo_bytes": len(setup.only_closed),
                       "photos_kept_shared": 1, "registry_extracts": 1, "enrollment_codes": 1,
                       "audit_rows": 1, "request_nonces": 1, "log_files": 2}  # fmt: skip
    assert table_counts(factory) == before  # the dry run changed no row, wrote no audit
    assert len(local_files(settings.attachment_dir)) == 4
    assert local_files(logs) == ["notes.txt", "server.log", "server.log.1", "server.log.2.gz"]

    done = run("--policy", str(policy_file))
    assert done.returncode == 0, done.stderr
    assert "photos of campaigns ended before" in done.stdout
    assert "1 removed" in done.stdout
    assert blob_hashes(factory) == setup.kept()
    assert local_files(settings.attachment_dir) == setup.kept()
    after = table_counts(factory)
    assert after["refs"] == before["refs"]  # the survey still records that a photo existed
    assert after["nonces"] == before["nonces"] - 1
    assert after["codes"] == before["codes"] - 1
    assert after["current_extracts"] == 0
    assert local_files(logs) == ["notes.txt", "server.log"]  # only old log files go
    with factory() as s:
        actions = set(s.scalars(select(AuditEvent.action)))
        runs = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention.run")).all()
    assert "test.old" not in actions
    assert "test.recent" in actions  # younger than six months: kept
    assert len(runs) == 1
    detail = runs[0].detail
    assert {k: v for k, v in detail["removed"].items() if k != "photo_bytes"} == {
        k: v for k, v in planned.items() if k != "photo_bytes"
    }
    assert detail["complete"] is True
    assert setup.due() not in json.dumps(detail)  # counts only

    again = run("--policy", str(policy_file), "--json")  # idempotent
    assert again.returncode == 0, again.stderr
    assert set(json.loads(again.stdout)["removed"].values()) == {0, 1}
    assert json.loads(again.stdout)["removed"]["photos"] == 0
    assert blob_hashes(factory) == setup.kept()


def test_photos_go_from_the_s3_bucket_and_an_unreachable_store_stops_cleanly(
    world: World,
    settings: Settings,
    factory: sessionmaker[Session],
    moto_endpoint: str,
    bucket: str,
    policy_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    run: Any,
) -> None:
    app = create_app(settings.model_copy(update=s3_settings(moto_endpoint, bucket)))
    with TestClient(app) as http:
        setup = Setup(world, factory, http)
    app.state.engine.dispose()
    keys = [k.split("/")[-1] for k in object_keys(moto_endpoint, bucket)]
    assert sorted(keys) == sorted([setup.due(), *setup.kept()])

    # the store cannot be reached: a clear message, non-zero, and the photo's row is still there
    for key, value in s3_env(f"http://127.0.0.1:{free_port()}", bucket).items():
        monkeypatch.setenv(key, value)
    down = run("--policy", str(policy_file))
    assert down.returncode == 1
    assert "the attachment store failed" in down.stderr
    assert "run the command again" in down.stderr
    assert setup.due() in blob_hashes(factory)
    with factory() as s:
        failed = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention.run")).one()
    assert failed.detail["complete"] is False
    assert failed.detail["removed"]["photos"] == 0

    for key, value in s3_env(moto_endpoint, bucket).items():
        monkeypatch.setenv(key, value)
    done = run("--policy", str(policy_file), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["removed"]["photos"] == 1
    assert sorted(k.split("/")[-1] for k in object_keys(moto_endpoint, bucket)) == setup.kept()
    assert blob_hashes(factory) == setup.kept()


def test_a_failure_midway_keeps_the_rows_of_the_bytes_still_there(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    settings: Settings,
    policy_file: Path,
    run: Any,
) -> None:
    with factory() as s:
        closed = admin.create_campaign(s, COUNTY, 2025, "mid", date.today() - timedelta(days=320))
    photos = [photo_bytes(n) for n in (7, 8, 9)]
    survey_with(client, world.devices["cadre1"], closed, [(p, "photo") for p in photos])
    first, second, third = sorted(sha256(p) for p in photos)
    # the second blob's file cannot be unlinked (a folder in its place): the run stops there
    path = settings.attachment_dir / second[:2] / second
    path.unlink()
    path.mkdir()
    failed = run("--policy", str(policy_file))
    assert failed.returncode == 1
    assert "after 1 photo(s) of county 421202 were removed" in failed.stderr
    assert blob_hashes(factory) == [second, third]  # the first went, bytes and row together
    path.rmdir()
    again = run("--policy", str(policy_file), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["removed"]["photos"] == 2
    assert blob_hashes(factory) == []


def test_a_policy_keeping_the_audit_under_six_months_is_refused_and_nothing_changes(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    settings: Settings,
    policy_file: Path,
    logs: Path,
    run: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Setup(world, factory, client)
    before = table_counts(factory)
    policy_file.write_text(json.dumps({**POLICY, "audit_months": 5}))
    refused = run("--policy", str(policy_file))
    assert refused.returncode == 1
    assert "audit_months: 5 months is too short; at least 6 months" in refused.stderr
    assert table_counts(factory) == before
    assert len(local_files(settings.attachment_dir)) == 4
    assert len(local_files(logs)) == 4
    future = run("--policy", str(policy_file), "--today",
                 (date.today() + timedelta(days=1)).isoformat())  # fmt: skip
    assert future.returncode == 1
    assert "--today may not be after today" in future.stderr
    other = run("--county", "429999")
    assert (other.returncode, other.stderr.strip()) == (
        1, "doorstep-server: county 429999 is not known to this server")  # fmt: skip
    # a log folder that is gone: said so, non-zero, after the rest was done and audited
    monkeypatch.setenv("DOORSTEP_LOG_DIR", str(logs / "gone"))
    policy_file.write_text(json.dumps(POLICY))
    no_logs = run("--policy", str(policy_file))
    assert no_logs.returncode == 1
    assert "cannot read the log folder" in no_logs.stderr
    with factory() as s:
        audited = s.scalars(select(AuditEvent).where(AuditEvent.action == "retention.run")).one()
    assert (audited.detail["complete"], audited.detail["removed"]["photos"]) == (False, 1)


def test_the_bundled_policy_keeps_a_campaign_ended_ten_months_ago(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    database_url: str,
    policy_file: Path,
    run: Any,
) -> None:
    """The prefecture's bundled policy (12 months for photos, 36 for the audit) applies."""
    setup = Setup(world, factory, client)
    # the installed command, as a timer runs it (the variables the `run` fixture set)
    process = subprocess.run(
        [str(Path(sys.executable).parent / "doorstep-server"), "admin", "--database-url",
         database_url, "retention", "--policy", str(policy_file), "--dry-run", "--json"],
        capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout)["removed"]["photos"] == 1  # the 6-month test policy
    report = run("--json")
    assert report.returncode == 0, report.stderr
    body = json.loads(report.stdout)
    assert body["counties"][0]["policy"] == "421200 v1"
    assert body["removed"]["photos"] == 0
    assert body["removed"]["audit_rows"] == 0
    assert blob_hashes(factory) == sorted([setup.due(), *setup.kept()])
    words = run("--dry-run")
    assert "no log folder" not in words.stdout  # DOORSTEP_LOG_DIR is set in these tests
    assert "(dry run: nothing removed)" in words.stdout


def test_a_photo_an_open_case_was_opened_from_stays_until_the_case_closes(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    policy_file: Path,
    run: Any,
) -> None:
    with factory() as s:
        closed = admin.create_campaign(s, COUNTY, 2025, "mid", date.today() - timedelta(days=320))
    photo = photo_bytes(11)
    sid = survey_with(client, world.devices["cadre1"], closed, [(photo, "photo")])
    with factory() as s, s.begin():
        survey = s.get_one(Survey, sid)
        s.add(CaseFile(id=uuid.uuid4(), household_id=survey.household_id, programme="dibao",
                       source="survey", step="approved", step_since=date.today(),
                       opened_on=date.today(), village_code=V1A, township_code=survey.township_code,
                       county_code=COUNTY, rules_version=1, survey_id=sid))  # fmt: skip
    kept = run("--policy", str(policy_file), "--json")
    assert kept.returncode == 0, kept.stderr
    assert json.loads(kept.stdout)["removed"]["photos_kept_shared"] == 1
    assert blob_hashes(factory) == [sha256(photo)]
    with factory() as s, s.begin():
        s.execute(update(CaseFile).values(step="exited"))
    gone = run("--policy", str(policy_file), "--json")
    assert json.loads(gone.stdout)["removed"]["photos"] == 1
    assert blob_hashes(factory) == []


def test_a_survey_arriving_during_the_run_that_shares_the_photo_keeps_it(
    world: World,
    client: TestClient,
    engine: Engine,
    factory: sessionmaker[Session],
    policy_file: Path,
    run: Any,
) -> None:
    """The ingest of a survey that attaches the same bytes, still uncommitted when the run
    starts: the run waits for it (SHARE lock on PostgreSQL, the write lock on SQLite) and then
    sees the new reference."""
    setup = Setup(world, factory, client)
    with factory() as s:
        open_survey = s.scalars(select(Survey.id).where(Survey.campaign_id == setup.open)).one()
    results: list[subprocess.CompletedProcess[str]] = []
    with engine.connect() as conn:
        tx = conn.begin()
        conn.execute(insert(AttachmentRef).values(
            id=uuid.uuid4(), survey_id=open_survey, sha256=setup.due(),
            size=len(setup.only_closed), kind="photo", content_type="image/jpeg", revision=1,
            created_by_device=world.devices["cadre1"].device_id))  # fmt: skip
        worker = threading.Thread(target=lambda: results.append(run("--policy", str(policy_file))))
        worker.start()
        worker.join(2)
        assert worker.is_alive()  # waiting for the ingest's transaction
        tx.commit()
    worker.join(60)
    assert results[0].returncode == 0, results[0].stderr
    assert blob_hashes(factory) == sorted([setup.due(), *setup.kept()])
