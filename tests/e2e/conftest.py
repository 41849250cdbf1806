"""End-to-end fixtures: a real `doorstep-server serve` process on loopback, a county, laptops.

The server runs as its own process on a free port over a SQLite file (PostgreSQL where a test
asks for it), is migrated with `doorstep-server migrate`, and is given a county, users, a
campaign and a recovery keypair through the admin services. Laptops are real encrypted profiles
(fast key derivation) enrolled with one-time codes through `desktop.services.syncing`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import Engine

from desktop.services import syncing
from desktop.store import profile
from desktop.store.keys import new_recovery_keypair
from desktop.store.models import Division
from desktop.store.profile import Store
from sync.server.admin import service as admin
from sync.server.db import make_engine, make_sessionmaker
from tests.desktop.conftest import FAST_KDF
from tests.sync.helpers import COUNTY, T1, T2, V1A, V1B, V2A, write_divisions

SECRET = "e2e-secret-" + "y" * 40
PASSPHRASE = "村里的路很长-2026"
BIN = Path(sys.executable).parent


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_tick = threading.Event()


def wait_until(check: Any, timeout: float = 30.0, what: str = "condition") -> None:
    """Poll `check` until it is true or the deadline passes (no fixed sleeps in tests)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        _tick.wait(0.02)  # a short pause between polls, not a wait for the condition


@dataclass
class ServerProcess:
    """`doorstep-server serve` as a child process; can be killed and started again."""

    database_url: str
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    extra_env: dict[str, str] = field(default_factory=dict)  # more DOORSTEP_* settings

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DOORSTEP_SECRET_KEY": SECRET,
            "DOORSTEP_ATTACHMENT_DIR": str(self.folder / "att"),
            "DOORSTEP_DB_POOL_SIZE": "4",
            "DOORSTEP_DATABASE_URL": self.database_url,
            **self.extra_env,
        }

    def start(self) -> None:
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(BIN / "doorstep-server"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--database-url",
                self.database_url,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env(),
        )
        log.close()

        def ready() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError("server exited:\n" + self.log_text())
            try:
                return requests.get(self.url + "/readyz", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        wait_until(ready, 30, "the server to be ready")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log_text(self) -> str:
        return (self.folder / "server.log").read_text(encoding="utf-8", errors="replace")

    def admin(self, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            [str(BIN / "doorstep-server"), "admin", "--database-url", self.database_url, *args],
            input=stdin,
            capture_output=True,
            env=self.env(),
            check=False,
            timeout=60,
        )


@dataclass
class County:
    server: ServerProcess
    engine: Engine
    campaign_id: uuid.UUID
    recovery_private: Path

    def code(self, username: str) -> str:
        with make_sessionmaker(self.engine)() as s:
            code, _ = admin.create_enrollment_code(s, username, 1)
        return code


def set_up_county(url: str, folder: Path) -> tuple[Engine, uuid.UUID]:
    """`doorstep-server migrate`, then the county, its users, a campaign, assignments and a
    recovery keypair (`folder / "recovery.pem"`) through the admin services."""
    subprocess.run(
        [str(BIN / "doorstep-server"), "migrate", "--database-url", url],
        check=True,
        capture_output=True,
        env={**os.environ, "DOORSTEP_SECRET_KEY": SECRET},
    )
    engine = make_engine(url, 2)
    towns, vills = write_divisions(folder)
    with make_sessionmaker(engine)() as s:
        admin.create_county(s, COUNTY, "测试区", towns, vills)
        admin.create_user(s, "cadre1", "cadre", COUNTY, [V1A, V1B])
        admin.create_user(s, "cadre2", "cadre", COUNTY, [V2A])
        admin.create_user(s, "sup_t1", "supervisor", COUNTY, [T1])
        admin.create_user(s, "sup_t2", "supervisor", COUNTY, [T2])
        camp = admin.create_campaign(s, COUNTY, 2026, "start", date(2026, 3, 1))
        admin.assign(s, camp, "cadre1", [V1A, V1B])
        admin.assign(s, camp, "cadre2", [V2A])
    with make_sessionmaker(engine)() as s:
        admin.county_keypair(s, COUNTY, folder / "recovery.pem")
    return engine, camp


@pytest.fixture
def county(tmp_path: Path) -> Iterator[County]:
    folder = tmp_path / "server"
    folder.mkdir()
    url = f"sqlite:///{folder / 'server.db'}"
    engine, camp = set_up_county(url, folder)
    server = ServerProcess(url, folder)
    server.start()
    try:
        yield County(server, engine, camp, folder / "recovery.pem")
    finally:
        server.stop()
        engine.dispose()


def seed_divisions(store: Store) -> None:
    with store.transaction() as s:
        s.add(Division(code=COUNTY, name="测试区", level="county", parent_code=None))
        for t in (T1, T2):
            s.add(Division(code=t, name=t, level="township", parent_code=COUNTY))
        s.flush()
        for v, t in ((V1A, T1), (V1B, T1), (V2A, T2)):
            s.add(Division(code=v, name=v, level="village", parent_code=t))


@pytest.fixture(scope="session")
def recovery_keypair() -> tuple[bytes, bytes]:
    return new_recovery_keypair()


@pytest.fixture
def laptop_factory(
    county: County, tmp_path: Path, recovery_keypair: tuple[bytes, bytes]
) -> Iterator[Any]:
    made: list[Store] = []

    def make(username: str, url: str | None = None) -> Store:
        folder = tmp_path / f"laptop-{username}-{len(made)}"
        store = profile.create_profile(folder, PASSPHRASE, recovery_keypair[1], FAST_KDF)
        seed_divisions(store)
        syncing.enroll(store, url or county.server.url, county.code(username), label=username)
        made.append(store)
        return store

    yield make
    for s in made:
        s.lock()


@pytest.fixture
def runner(qtbot: Any) -> Iterator[Any]:
    """The store thread a survey screen under test submits its work to (stopped when idle)."""
    from desktop.ui.tasks import StoreThread  # Qt only for the tests that ask for it

    r = StoreThread()
    yield r
    qtbot.waitUntil(r.is_idle, timeout=10_000)
    r.stop()
