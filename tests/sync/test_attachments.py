"""Attachments: chunked, resumable, hash-checked, scoped, and served without EXIF location."""

from __future__ import annotations

import struct
import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from sync.server.attachments.exif import strip_location
from sync.server.models import AttachmentBlob

from .conftest import World
from .helpers import V1A, DeviceClient, household_data, push, sha256, survey_data


def jpeg_with_gps() -> bytes:
    exif = (
        b"Exif\x00\x00MM\x00*\x00\x00\x00\x08GPSLatitude 29.84 N GPSLongitude 114.32 E"
        + b"\x00" * 300
    )
    app1 = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    scan = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00" + bytes(range(256)) * 40
    return b"\xff\xd8" + app1 + app0 + scan + b"\xff\xd9"


def put(client: TestClient, dev: DeviceClient, sha: str, offset: int, chunk: bytes) -> object:
    target = f"/api/v1/attachments/{sha}?offset={offset}"
    return client.put(
        target,
        content=chunk,
        headers={**dev.signed("PUT", target, chunk), "Content-Type": "application/octet-stream"},
    )


def survey_with_photo(client: TestClient, world: World, photo: bytes) -> str:
    dev = world.devices["cadre1"]
    hid, sid = uuid.uuid4(), uuid.uuid4()
    sha = sha256(photo)
    r = push(
        client,
        dev,
        [
            dev.record("household", hid, household_data(V1A)),
            dev.record("survey", sid, survey_data(hid, V1A, world.campaign_id)),
            dev.record(
                "attachment",
                uuid.uuid4(),
                {"survey_id": str(sid), "sha256": sha, "size": len(photo), "kind": "photo"},
            ),
        ],
    )
    assert [x["status"] for x in r.json()["results"]] == ["accepted"] * 3
    return sha


def test_resumable_upload_and_exif_free_download(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    photo = jpeg_with_gps()
    sha = survey_with_photo(client, world, photo)
    dev = world.devices["cadre1"]
    status = client.get(f"/api/v1/attachments/{sha}/status", headers=dev.auth()).json()
    assert status == {"sha256": sha, "size": len(photo), "received": 0, "complete": False}
    assert put(client, dev, sha, 0, photo[:1000]).json()["received"] == 1000
    # the connection was cut: the laptop sends from a wrong offset, is told where to resume
    wrong = put(client, dev, sha, 1500, photo[1500:3000])
    assert wrong.status_code == 409
    assert wrong.json()["details"] == [{"received": 1000}]
    received = client.get(f"/api/v1/attachments/{sha}/status", headers=dev.auth()).json()[
        "received"
    ]
    assert received == 1000
    for off in range(received, len(photo), 4096):
        r = put(client, dev, sha, off, photo[off : off + 4096])
        assert r.status_code == 200, r.text
    assert r.json()["complete"] is True
    with factory() as s:
        assert s.get(AttachmentBlob, sha) is not None
    served = client.get(f"/api/v1/attachments/{sha}", headers=world.devices["sup_t1"].auth())
    assert served.status_code == 200
    assert b"GPSLatitude" not in served.content
    assert b"Exif" not in served.content
    assert served.content.endswith(photo[-5000:])  # the image itself is untouched
    # out of scope: looks like nothing is there
    assert (
        client.get(f"/api/v1/attachments/{sha}", headers=world.devices["cadre2"].auth()).status_code
        == 404
    )
    assert (
        client.get(
            f"/api/v1/attachments/{sha}/status", headers=world.devices["sup_t2"].auth()
        ).status_code
        == 404
    )


def test_hash_mismatch_is_refused_and_discarded(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    photo = jpeg_with_gps()
    sha = survey_with_photo(client, world, photo)
    dev = world.devices["cadre1"]
    forged = bytearray(photo)
    forged[-10] ^= 0xFF
    r = put(client, dev, sha, 0, bytes(forged))
    assert (r.status_code, r.json()["error"]) == (422, "hash_mismatch")
    assert (
        client.get(f"/api/v1/attachments/{sha}/status", headers=dev.auth()).json()["received"] == 0
    )
    with factory() as s:
        assert s.get(AttachmentBlob, sha) is None
    too_long = put(client, dev, sha, 0, photo + b"x")
    assert too_long.status_code == 413


def test_png_exif_chunk_is_dropped() -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + b"\0\0\0\0"

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", b"\0" * 13)
        + chunk(b"eXIf", b"GPS here")
        + chunk(b"IEND", b"")
    )
    out = strip_location(png)
    assert b"GPS here" not in out
    assert b"IHDR" in out
    assert strip_location(b"plain bytes") == b"plain bytes"
