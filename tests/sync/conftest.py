"""Fixtures for the server tests: every test runs on SQLite and on the real PostgreSQL.

`database_url` is parametrized over both backends. Each backend gets one fresh database per
test run (PostgreSQL: `doorstep_t_<hex>`, created on 127.0.0.1:5432 and dropped at the end),
migrated once; each test starts from empty tables. `world` builds a small county with users and
enrolled devices through the same services and endpoints county IT and laptops use.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from sync.server.admin import service as admin
from sync.server.app import create_app
from sync.server.db import is_sqlite, make_engine, make_read_sessionmaker, make_sessionmaker
from sync.server.migrate import upgrade
from sync.server.models import Base
from sync.server.settings import Settings

from .helpers import (
    COUNTY,
    T1,
    T2,
    V1A,
    V1B,
    V2A,
    DeviceClient,
    new_key,
    wait_ready,
    write_divisions,
)

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
SECRET = "test-secret-" + "x" * 40
KEEP_TABLES = {"server_meta", "change_counter", "alembic_version"}


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'server.db'}"
        upgrade(url)
        yield url
        return
    name = f"doorstep_t_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        upgrade(url)
        yield url
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wipe(engine: Engine) -> None:
    tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    with engine.begin() as conn:
        if is_sqlite(str(engine.url)):
            for t in tables:
                conn.execute(text(f'DELETE FROM "{t}"'))
        else:
            conn.execute(
                text(
                    "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
                )
            )
        conn.execute(text("UPDATE change_counter SET value = 0 WHERE id = 1"))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET,
        attachment_dir=tmp_path / "att",
        db_pool_size=4,
    )


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    eng = make_engine(settings.database_url, 4)
    wipe(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_sessionmaker(engine)


@pytest.fixture
def readers(engine: Engine) -> sessionmaker[Session]:
    return make_read_sessionmaker(engine)


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()


@dataclass
class World:
    campaign_id: uuid.UUID
    users: dict[str, uuid.UUID]
    devices: dict[str, DeviceClient] = field(default_factory=dict)
    households: dict[str, uuid.UUID] = field(default_factory=dict)


def enroll(http: Any, factory: sessionmaker[Session], username: str) -> DeviceClient:
    with factory() as s:
        code, _ = admin.create_enrollment_code(s, username, 1)
    key, pub = new_key()
    r = http.post("/api/v1/enroll", json={"code": code, "public_key": pub, "app_version": "0.1.0"})
    assert r.status_code == 200, r.text
    body = r.json()
    return DeviceClient(
        uuid.UUID(body["device_id"]), body["token"], key, uuid.UUID(body["user_id"])
    )


def build_world(factory: sessionmaker[Session], tmp_path: Path) -> World:
    towns, vills = write_divisions(tmp_path)
    users: dict[str, uuid.UUID] = {}
    with factory() as s:
        admin.create_county(s, COUNTY, "测试区", towns, vills)
        users["cadre1"] = admin.create_user(s, "cadre1", "cadre", COUNTY, [V1A, V1B])
        users["cadre2"] = admin.create_user(s, "cadre2", "cadre", COUNTY, [V2A])
        users["sup_t1"] = admin.create_user(s, "sup_t1", "supervisor", COUNTY, [T1])
        users["sup_t2"] = admin.create_user(s, "sup_t2", "supervisor", COUNTY, [T2])
        users["sup_c"] = admin.create_user(s, "sup_c", "supervisor", COUNTY, [COUNTY])
        users["admin"] = admin.create_user(s, "admin", "county_admin", COUNTY, [COUNTY])
        camp = admin.create_campaign(s, COUNTY, 2026, "start", date(2026, 3, 1))
        admin.assign(s, camp, "cadre1", [V1A, V1B])
        admin.assign(s, camp, "cadre2", [V2A])
    return World(camp, users)


@pytest.fixture
def world(client: TestClient, factory: sessionmaker[Session], tmp_path: Path) -> World:
    w = build_world(factory, tmp_path)
    for name in ("cadre1", "cadre2", "sup_t1", "sup_t2", "sup_c", "admin"):
        w.devices[name] = enroll(client, factory, name)
    return w


# --- a real server process ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def live_server(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`doorstep-server serve` as its own process on a free loopback port."""
    port = free_port()
    tmp = tmp_path_factory.mktemp("live")
    env = {
        **os.environ,
        "DOORSTEP_SECRET_KEY": SECRET,
        "DOORSTEP_ATTACHMENT_DIR": str(tmp / "att"),
        "DOORSTEP_DB_POOL_SIZE": "4",
    }
    log_path = tmp / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "doorstep-server"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--database-url",
                database_url,
                "--workers",
                "1",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(proc, base)
    except RuntimeError as exc:
        raise RuntimeError(f"{exc}\n{log_path.read_text()}") from None
    yield LiveServer(base, proc, log_path)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
