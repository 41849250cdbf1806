"""Nothing per node: uploads resume on another node over S3, limits hold across engines, and the
client address comes from X-Forwarded-For only through a trusted proxy.

The S3 store is exercised through the real boto3 client against moto's S3 server on loopback;
two apps over the same database and bucket stand for two nodes.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from sync.server import limits
from sync.server.app import create_app
from sync.server.db import make_engine, make_sessionmaker
from sync.server.deps import client_address
from sync.server.migrate import upgrade
from sync.server.models import AttachmentBlob, LimitCounter, UploadPart, utcnow
from sync.server.settings import Settings

from .conftest import World
from .helpers import sha256
from .s3 import bucket, moto_endpoint, object_keys, read_object, s3_settings
from .test_attachments import put, survey_with_photo

__all__ = ["bucket", "moto_endpoint"]  # fixtures


@pytest.fixture
def nodes(
    settings: Settings, moto_endpoint: str, bucket: str, client: TestClient
) -> Iterator[tuple[TestClient, TestClient]]:
    """Two apps on the same database and bucket (the `client` app enrolled the devices)."""
    s3 = settings.model_copy(update=s3_settings(moto_endpoint, bucket))
    apps = [create_app(s3), create_app(s3)]
    with TestClient(apps[0]) as a, TestClient(apps[1]) as b:
        yield a, b
    for app in apps:
        app.state.engine.dispose()


def test_an_upload_begun_on_one_node_completes_on_the_other_and_the_bucket_holds_its_bytes(
    world: World,
    client: TestClient,
    nodes: tuple[TestClient, TestClient],
    moto_endpoint: str,
    bucket: str,
    factory: sessionmaker[Session],
) -> None:
    a, b = nodes
    photo = random.Random(7).randbytes(300_000)
    sha = survey_with_photo(client, world, photo)
    dev = world.devices["cadre1"]
    assert put(a, dev, sha, 0, photo[:100_000]).json()["received"] == 100_000
    assert [k for k in object_keys(moto_endpoint, bucket) if k.startswith(f"partial/{sha}/")]
    # the laptop's next request lands on the other node: it knows what the first one received
    status = b.get(f"/api/v1/attachments/{sha}/status", headers=dev.auth()).json()
    assert status["received"] == 100_000
    late = put(b, dev, sha, 0, photo[:100_000])  # a retry of the first chunk is told where to go
    assert late.status_code == 409
    assert late.json()["details"] == [{"received": 100_000}]
    assert put(b, dev, sha, 100_000, photo[100_000:200_000]).json()["received"] == 200_000
    done = put(a, dev, sha, 200_000, photo[200_000:])
    assert done.json()["complete"] is True
    assert object_keys(moto_endpoint, bucket) == [f"{sha[:2]}/{sha}"]  # parts removed
    assert read_object(moto_endpoint, bucket, f"{sha[:2]}/{sha}") == photo
    assert b.get(f"/api/v1/attachments/{sha}", headers=dev.auth()).content == photo
    with factory() as s:
        assert s.get(AttachmentBlob, sha) is not None
        assert s.scalars(select(UploadPart)).all() == []


def test_bytes_that_do_not_hash_right_are_discarded_from_the_bucket(
    world: World,
    client: TestClient,
    nodes: tuple[TestClient, TestClient],
    moto_endpoint: str,
    bucket: str,
    factory: sessionmaker[Session],
) -> None:
    a, b = nodes
    photo = random.Random(8).randbytes(50_000)
    sha = survey_with_photo(client, world, photo)
    dev = world.devices["cadre1"]
    forged = bytes(reversed(photo))
    assert put(a, dev, sha, 0, forged[:30_000]).status_code == 200
    r = put(b, dev, sha, 30_000, forged[30_000:])
    assert r.status_code == 422
    assert r.json()["error"] == "hash_mismatch"
    assert object_keys(moto_endpoint, bucket) == []
    with factory() as s:
        assert s.get(AttachmentBlob, sha) is None
        assert s.scalars(select(UploadPart)).all() == []
    # the laptop starts again from zero, on either node, and the right bytes count
    assert b.get(f"/api/v1/attachments/{sha}/status", headers=dev.auth()).json()["received"] == 0
    assert put(a, dev, sha, 0, photo).json()["complete"] is True
    assert read_object(moto_endpoint, bucket, f"{sha[:2]}/{sha}") == photo
    assert sha256(photo) == sha


def test_the_local_folder_store_resumes_the_same_way(
    world: World, client: TestClient, settings: Settings
) -> None:
    photo = random.Random(9).randbytes(20_000)
    sha = survey_with_photo(client, world, photo)
    dev = world.devices["cadre1"]
    assert put(client, dev, sha, 0, photo[:5000]).json()["received"] == 5000
    assert put(client, dev, sha, 5000, photo[5000:]).json()["complete"] is True
    assert (settings.attachment_dir / sha[:2] / sha).read_bytes() == photo
    assert list((settings.attachment_dir / "partial").iterdir()) == []


def test_a_limit_lets_exactly_its_hits_through_from_two_engines_at_once(
    factory: sessionmaker[Session], settings: Settings
) -> None:
    """Two engines stand for two nodes; twenty tries race for a limit of five."""
    other = make_engine(settings.database_url, 4)
    factories = [factory, make_sessionmaker(other)]
    allowed: list[int] = []
    gate = threading.Barrier(20)
    lock = threading.Lock()

    def attempt(i: int) -> None:
        gate.wait()
        with factories[i % 2]() as s, s.begin():
            if limits.check(s, "test", "203.0.113.9", 600, 5).blocked:
                return
            limits.hit(s, "test", "203.0.113.9", 600, 5)
            with lock:
                allowed.append(i)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.dispose()
    assert len(allowed) == 5
    with factory() as s, s.begin():
        verdict = limits.check(s, "test", "203.0.113.9", 600, 5)
        assert verdict.blocked
        assert 590 <= verdict.retry_after <= 600
        assert not limits.check(s, "test", "198.51.100.1", 600, 5).blocked  # another key
        limits.clear(s, "test", "203.0.113.9")
        assert not limits.check(s, "test", "203.0.113.9", 600, 5).blocked


def test_a_window_that_ended_starts_again(factory: sessionmaker[Session]) -> None:
    with factory() as s, s.begin():
        assert limits.hit(s, "test", "k", 600, 2).hits == 1
        assert limits.hit(s, "test", "k", 600, 2).blocked
        # ten minutes later
        s.execute(update(LimitCounter).values(expires_at=utcnow() - timedelta(seconds=1)))
        assert not limits.check(s, "test", "k", 600, 2).blocked
        again = limits.hit(s, "test", "k", 600, 2)
        assert (again.hits, again.blocked) == (1, False)


def _request(peer: str, forwarded: list[str], trusted: list[str]) -> Request:
    settings = Settings(demo=True, trusted_proxies=trusted)
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "headers": [(b"x-forwarded-for", v.encode()) for v in forwarded],
        "client": (peer, 40000),
        "app": SimpleNamespace(state=SimpleNamespace(settings=settings)),
    }
    return Request(scope)


def test_the_client_address_believes_only_trusted_proxies() -> None:
    assert client_address(_request("127.0.0.1", ["203.0.113.5"], [])) == "127.0.0.1"
    assert client_address(_request("127.0.0.1", ["203.0.113.5"], ["127.0.0.2"])) == "127.0.0.1"
    assert client_address(_request("127.0.0.2", ["203.0.113.5"], ["127.0.0.2"])) == "203.0.113.5"
    # what the client wrote left of what the proxy saw is not believed
    forged = _request("10.0.0.7", ["198.51.100.1, 203.0.113.5"], ["10.0.0.0/8"])
    assert client_address(forged) == "203.0.113.5"
    # two trusted hops: the first untrusted address from the right
    chain = _request("10.0.0.7", ["203.0.113.5", "10.0.0.9"], ["10.0.0.0/8"])
    assert client_address(chain) == "203.0.113.5"


def test_trusted_proxies_come_comma_separated_and_bad_ones_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOORSTEP_TRUSTED_PROXIES", "127.0.0.2, 10.0.0.0/8")
    assert Settings(demo=True).trusted_proxies == ["127.0.0.2", "10.0.0.0/8"]
    monkeypatch.setenv("DOORSTEP_TRUSTED_PROXIES", "the balancer")
    with pytest.raises(ValueError, match="not an address"):
        Settings(demo=True)
    monkeypatch.delenv("DOORSTEP_TRUSTED_PROXIES")
    with pytest.raises(ValueError, match="DOORSTEP_S3_BUCKET"):
        Settings(demo=True, storage="s3")


def _serve(url: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "doorstep-server"),
            "serve",
            "--port",
            "1",
            "--database-url",
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "DOORSTEP_DEMO": "1", "DOORSTEP_ATTACHMENT_DIR": str(tmp / "att")},
        timeout=60,
        check=False,
    )


def test_a_node_refuses_a_schema_older_or_newer_than_its_code(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    empty = _serve(url, tmp_path)
    assert empty.returncode == 3
    assert "no schema yet" in empty.stderr
    assert "doorstep-server migrate" in empty.stderr
    upgrade(url, "0004")
    older = _serve(url, tmp_path)
    assert older.returncode == 3
    assert "older than this doorstep-server" in older.stderr
    # a node already running when that happened drops out of the balancer's rotation
    app = create_app(Settings(database_url=url, demo=True, attachment_dir=tmp_path / "att"))
    with TestClient(app) as c:
        ready = c.get("/readyz")
    app.state.engine.dispose()
    assert ready.status_code == 503
    assert "older than this doorstep-server" in ready.json()["status"]
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    engine.dispose()
    newer = _serve(url, tmp_path)
    assert newer.returncode == 3
    assert "revision 9001) is newer than this doorstep-server" in newer.stderr


def test_behind_pgbouncer_the_server_prepares_no_statements(settings: Settings) -> None:
    """PgBouncer in transaction mode moves transactions between server connections: a prepared
    statement would be missing on the next one ("prepared statement does not exist")."""
    engine = make_engine(settings.database_url, 2, pgbouncer=True)
    try:
        with engine.connect() as conn:
            for _ in range(7):  # past psycopg's default threshold of five
                assert conn.exec_driver_sql("SELECT 1").scalar() == 1
            if engine.dialect.name == "postgresql":
                raw = conn.connection.driver_connection
                assert raw.prepare_threshold is None
                prepared = conn.exec_driver_sql("SELECT count(*) FROM pg_prepared_statements")
                assert prepared.scalar() == 0
            else:
                assert engine.dialect.name == "sqlite"
    finally:
        engine.dispose()


def test_an_unreachable_object_store_is_a_503_to_retry_and_keeps_what_was_received(
    world: World,
    client: TestClient,
    nodes: tuple[TestClient, TestClient],
    settings: Settings,
    moto_endpoint: str,
) -> None:
    a, _b = nodes
    photo = random.Random(10).randbytes(40_000)
    sha = survey_with_photo(client, world, photo)
    dev = world.devices["cadre1"]
    assert put(a, dev, sha, 0, photo[:10_000]).json()["received"] == 10_000
    gone = create_app(settings.model_copy(update=s3_settings(moto_endpoint, "no-such-bucket")))
    with TestClient(gone) as broken:
        r = put(broken, dev, sha, 10_000, photo[10_000:20_000])
    gone.state.engine.dispose()
    assert r.status_code == 503
    assert r.json()["error"] == "storage_unavailable"
    assert r.headers["Retry-After"] == "30"
    status = a.get(f"/api/v1/attachments/{sha}/status", headers=dev.auth()).json()
    assert status["received"] == 10_000  # the refused chunk was not counted
    assert put(a, dev, sha, 10_000, photo[10_000:]).json()["complete"] is True


def test_the_same_chunk_sent_to_both_nodes_at_once_is_kept_once(
    world: World,
    client: TestClient,
    nodes: tuple[TestClient, TestClient],
    moto_endpoint: str,
    bucket: str,
    factory: sessionmaker[Session],
) -> None:
    """A laptop's retry racing its first try on the other node: one of them stores the chunk."""
    photo = random.Random(11).randbytes(60_000)
    sha = survey_with_photo(client, world, photo)
    dev = world.devices["cadre1"]
    replies: list[tuple[int, int]] = []
    gate = threading.Barrier(6)
    lock = threading.Lock()

    def send(i: int) -> None:
        gate.wait()
        r = put(nodes[i % 2], dev, sha, 0, photo[:30_000])
        body = r.json()
        with lock:
            replies.append(
                (
                    r.status_code,
                    body.get("received", (body.get("details") or [{}])[0].get("received")),
                )
            )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(code in (200, 409) and got == 30_000 for code, got in replies), replies
    assert [c for c, _ in replies].count(200) >= 1
    with factory() as s:
        parts = s.scalars(select(UploadPart)).all()
    assert [(p.offset, p.size) for p in parts] == [(0, 30_000)]
    stored = [k for k in object_keys(moto_endpoint, bucket) if k.startswith("partial/")]
    assert stored == [parts[0].key]  # the losers' objects were removed
    assert put(nodes[1], dev, sha, 30_000, photo[30_000:]).json()["complete"] is True
    assert read_object(moto_endpoint, bucket, f"{sha[:2]}/{sha}") == photo
