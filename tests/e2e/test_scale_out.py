"""Two `doorstep-server serve` nodes behind HAProxy, on PostgreSQL, photos in moto's S3 server.

Laptops sync through the balancer with the real sync engine; one node is killed in the middle
of a round (while a photo is half uploaded) and started again. Nothing is lost or doubled, every
photo's bytes in the bucket are the laptop's, and the upload begun on the killed node finishes
on the other. Wrong enrollment codes spread over both nodes lock as on one, and X-Forwarded-For
counts only when the balancer sends it.
"""

from __future__ import annotations

import random
import secrets
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import Engine, text

from desktop.services import syncing
from desktop.store import profile
from desktop.store.attachments import add_attachment
from desktop.store.profile import Store
from sync.server.admin import service as admin
from sync.server.db import make_sessionmaker
from tests.desktop.conftest import FAST_KDF
from tests.e2e.balancer import PROXY_SOURCE, Balancer
from tests.e2e.conftest import PASSPHRASE, ServerProcess, seed_divisions, set_up_county
from tests.e2e.work import campaign_of, local_state, new_household, new_survey, server_rows
from tests.sync.helpers import V1A, V2A, new_key
from tests.sync.s3 import bucket, moto_endpoint, object_keys, read_object, s3_env

__all__ = ["bucket", "moto_endpoint"]  # fixtures

pytestmark = pytest.mark.balancer

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass
class Cluster:
    nodes: list[ServerProcess]
    balancer: Balancer
    engine: Engine
    campaign_id: uuid.UUID
    endpoint: str
    bucket: str

    def code(self, username: str) -> str:
        with make_sessionmaker(self.engine)() as s:
            return admin.create_enrollment_code(s, username, 1)[0]


@pytest.fixture
def cluster(
    tmp_path: Path, moto_endpoint: str, bucket: str, recovery_keypair: tuple[bytes, bytes]
) -> Iterator[Cluster]:
    name = f"doorstep_t_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    nodes: list[ServerProcess] = []
    balancer: Balancer | None = None
    engine: Engine | None = None
    try:
        engine, camp = set_up_county(url, tmp_path)  # migrations run once, before any node
        extra = {
            **s3_env(moto_endpoint, bucket),
            "DOORSTEP_TRUSTED_PROXIES": PROXY_SOURCE,
            "DOORSTEP_ENROLL_ATTEMPTS_PER_10MIN": "10",
        }
        for i in range(2):
            (tmp_path / f"node{i}").mkdir()
            nodes.append(ServerProcess(url, tmp_path / f"node{i}", extra_env=extra))
            nodes[-1].start()
        balancer = Balancer([n.port for n in nodes], tmp_path / "lb")
        balancer.start()
        balancer.wait_until(lambda s: list(s.values()) == ["UP", "UP"], "both nodes UP")
        yield Cluster(nodes, balancer, engine, camp, moto_endpoint, bucket)
    finally:
        if balancer is not None:
            balancer.stop()
        for n in nodes:
            n.stop()
        if engine is not None:
            engine.dispose()
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def laptop(cluster: Cluster, tmp: Path, username: str, recovery_public: bytes) -> Store:
    store = profile.create_profile(
        tmp / f"laptop-{username}", PASSPHRASE, recovery_public, FAST_KDF
    )
    seed_divisions(store)
    syncing.enroll(store, cluster.balancer.url, cluster.code(username), label=username)
    return store


def fill(store: Store, village: str, first_head: int, rng: random.Random) -> dict[str, bytes]:
    """Six households and surveys, every other one with a 700 KB photo; the photos by hash."""
    camp = campaign_of(store)
    photos = {}
    for i in range(6):
        sid = new_survey(store, new_household(store, village, first_head + i), village,
                         first_head + i, camp)  # fmt: skip
        if i % 2 == 0:
            content = rng.randbytes(700_000)
            with store.transaction() as s:
                add_attachment(s, store.actor, sid, content)
            photos[_sha(content)] = content
    return photos


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def in_progress(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        return {
            str(sha): int(n)
            for sha, n in c.execute(
                text("SELECT sha256, SUM(size) FROM upload_part GROUP BY sha256")
            )
        }


def sync_until_done(store: Store, rounds: int = 5) -> None:
    for _ in range(rounds):
        if syncing.run_sync(store).outcome == "ok" and syncing.pending_count(store) == 0:
            return
    raise AssertionError(f"{syncing.sync_log(store)[-1]}")


def test_a_node_killed_mid_round_loses_nothing_and_uploads_finish_on_the_other(
    cluster: Cluster, tmp_path: Path, recovery_keypair: tuple[bytes, bytes]
) -> None:
    cadre1 = laptop(cluster, tmp_path, "cadre1", recovery_keypair[1])
    cadre2 = laptop(cluster, tmp_path, "cadre2", recovery_keypair[1])
    for lt in (cadre1, cadre2):
        assert syncing.run_sync(lt).outcome == "ok"
    rng = random.Random(16)
    photos = {**fill(cadre1, V1A, 0, rng), **fill(cadre2, V2A, 100, rng)}

    killed: dict[str, int] = {}

    def kill_mid_upload(p: Any) -> None:
        # A photo is half on the server (its chunks spread over both nodes): kill node 1.
        if killed or p.phase != "attachments" or not p.bytes:
            return
        partial = in_progress(cluster.engine)
        if partial:
            killed.update(partial)
            cluster.nodes[0].kill()

    other = threading.Thread(target=syncing.run_sync, args=(cadre2,))
    other.start()
    first = syncing.run_sync(cadre1, progress=kill_mid_upload)
    other.join(timeout=120)
    assert not other.is_alive()
    assert killed, "no upload was in progress when the round went through the photos"
    assert cluster.nodes[0].process is not None
    assert cluster.nodes[0].process.poll() is not None
    # the round went on through the other node, or ended as offline and the next one resumes
    assert first.outcome in ("ok", "offline"), first
    for lt in (cadre1, cadre2):
        sync_until_done(lt)
    cluster.nodes[0].start()
    cluster.balancer.wait_node(0, "UP")
    more = fill(cadre1, V1A, 50, rng)  # both nodes serve again
    photos.update(more)
    for lt in (cadre1, cadre2):
        sync_until_done(lt)
        assert syncing.run_sync(lt).counts.get("pushed", 0) == 0

    # nothing lost, nothing doubled
    mine = [local_state(lt) for lt in (cadre1, cadre2)]
    households = {k: v for m in mine for k, v in m["households"].items()}
    surveys = {k: v[0] for m in mine for k, v in m["surveys"].items()}
    assert server_rows(cluster.engine, "household") == households
    assert server_rows(cluster.engine, "survey") == surveys
    with cluster.engine.connect() as c:
        doubled = c.execute(
            text(
                "SELECT record_id FROM record_version GROUP BY record_id, revision "
                "HAVING COUNT(*) > 1"
            )  # fmt: skip
        ).all()
        assert doubled == []
        blobs = {str(r[0]) for r in c.execute(text("SELECT sha256 FROM attachment_blob"))}
        assert c.execute(text("SELECT COUNT(*) FROM upload_part")).scalar() == 0
    # every photo's bytes, read back from the bucket, are the laptop's
    assert blobs == set(photos)
    assert object_keys(cluster.endpoint, cluster.bucket) == sorted(
        f"{sha[:2]}/{sha}" for sha in photos
    )
    for sha, content in photos.items():
        assert read_object(cluster.endpoint, cluster.bucket, f"{sha[:2]}/{sha}") == content
    # the uploads under way on the killed node were finished by the other one
    assert set(killed) <= blobs
    assert all(0 < n < 700_000 for n in killed.values())


def test_wrong_codes_over_both_nodes_lock_as_on_one_and_forged_addresses_do_not_help(
    cluster: Cluster,
) -> None:
    _key, pub = new_key()

    def enroll(url: str, headers: dict[str, str] | None = None, source: str | None = None) -> int:
        transport = httpx.HTTPTransport(local_address=source) if source else None
        with httpx.Client(base_url=url, transport=transport, timeout=10) as http:
            r = http.post(
                "/api/v1/enroll",
                json={"code": "WRONG-CODE", "public_key": pub, "app_version": "0.1.0"},
                headers=headers or {},
            )
        return r.status_code

    # ten wrong codes through the balancer: round robin sends five to each node
    assert [enroll(cluster.balancer.url) for _ in range(10)] == [403] * 10
    assert enroll(cluster.balancer.url) == 429
    for node in cluster.nodes:  # locked on both nodes, not on the one that counted most
        assert enroll(node.url) == 429
    # a forged X-Forwarded-For does not unlock: not from a client straight to a node
    forged = {"X-Forwarded-For": "198.51.100.77"}
    assert enroll(cluster.nodes[0].url, forged) == 429
    # nor through the balancer, which appends the address it saw (127.0.0.1, still locked)
    assert enroll(cluster.balancer.url, forged) == 429
    # from a trusted proxy the header is believed: another client behind it is not locked
    assert enroll(cluster.nodes[1].url, forged, source=PROXY_SOURCE) == 403
    with cluster.engine.connect() as c:
        keys = dict(
            c.execute(text("SELECT key, hits FROM limit_counter WHERE scope = 'enroll'")).all()
        )
    assert keys == {"127.0.0.1": 10, "198.51.100.77": 1}
    # and a right code from a fresh address still enrolls through the balancer
    with httpx.Client(
        base_url=cluster.nodes[0].url,
        transport=httpx.HTTPTransport(local_address=PROXY_SOURCE),
        timeout=10,
    ) as http:
        r = http.post(
            "/api/v1/enroll",
            json={"code": cluster.code("sup_t1"), "public_key": pub, "app_version": "0.1.0"},
            headers={"X-Forwarded-For": "203.0.113.20"},
        )
    assert r.status_code == 200, r.text
