"""Bytes on a slow link: big replies are gzip-compressed, and a replayed batch reply is the same."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from sync.protocol import CONTENT_TYPE_BATCH, REPLAY_HEADER

from .conftest import World
from .helpers import V1A, household_data


def test_a_large_batch_reply_is_gzipped_and_its_replay_is_byte_identical(
    world: World, client: TestClient
) -> None:
    dev = world.devices["cadre1"]
    records = [
        dev.record("household", uuid.uuid4(), household_data(V1A, head=i)) for i in range(12)
    ]
    _bid, body = dev.batch(records)

    def send(encoding: str) -> tuple[bytes, dict[str, str]]:
        headers = {
            **dev.signed("POST", "/api/v1/batches", body),
            "Content-Type": CONTENT_TYPE_BATCH,
            "Accept-Encoding": encoding,
        }
        r = client.post("/api/v1/batches", content=body, headers=headers)
        assert r.status_code == 200, r.text
        return r.content, dict(r.headers)  # httpx has already decoded a gzip body

    first, h1 = send("gzip")
    again, h2 = send("gzip")
    plain, h3 = send("identity")
    assert len(first) > 1000
    assert (h1.get("content-encoding"), h2.get("content-encoding")) == ("gzip", "gzip")
    assert h3.get("content-encoding") is None
    assert int(h1["content-length"]) < len(first) // 2
    replay = REPLAY_HEADER.lower()
    assert (h1[replay], h2[replay], h3[replay]) == ("0", "1", "1")
    assert first == again == plain


def test_a_small_reply_is_left_plain(world: World, client: TestClient) -> None:
    r = client.get(
        "/api/v1/digest", headers={**world.devices["cadre1"].auth(), "Accept-Encoding": "gzip"}
    )
    assert r.status_code == 200
    assert r.headers.get("content-encoding") is None


def test_a_large_changes_page_is_gzipped(world: World, client: TestClient) -> None:
    r = client.get(
        "/api/v1/changes",
        params={"limit": 500},
        headers={**world.devices["cadre1"].auth(), "Accept-Encoding": "gzip"},
    )
    assert r.status_code == 200
    assert len(r.content) > 1000  # the form definition alone is several kilobytes
    assert r.headers.get("content-encoding") == "gzip"
