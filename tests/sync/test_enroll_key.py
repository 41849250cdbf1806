"""The county profile names the server's enrollment-reply key; a laptop takes an enrollment reply
only from the server holding it (real HTTP, a real encrypted profile, the real admin command).

Without the key a laptop can only check that the reply is bound to its own device key; with it, a
reply from another server (a relay posing as the county's) is refused before anything is kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from desktop.services import profiles, syncing
from desktop.store.keys import new_recovery_keypair
from sync.client import EnrollmentNotBound
from sync.county_profile import CountyProfileError, load, new_signing_key, sign
from sync.server.admin import service as admin
from sync.server.enrollment.service import reply_public_key
from tests.desktop.conftest import FAST_KDF
from tests.e2e.conftest import PASSPHRASE

from .conftest import SECRET, LiveServer, World

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "packaging" / "profiles" / "demo.toml"
SERVER = str(Path(sys.executable).parent / "doorstep-server")


def _printed_key(secret: str) -> str:
    done = subprocess.run(
        [SERVER, "admin", "enroll-key"],
        env={**os.environ, "DOORSTEP_SECRET_KEY": secret},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    line = done.stdout.decode().strip()
    assert line.startswith('enroll_public_key = "')
    assert "[server]" in line
    return line.split('"')[1]


def _profile_with(enroll_line: bytes) -> bytes:
    """The demo profile with an enrollment key line, signed with a fresh county key."""
    pem, public = new_signing_key()
    body = DEMO.read_bytes()
    body = body[: body.rfind(b"\n[signature]\n") + 1]
    start = body.index(b'signing_public_key = "') + len(b'signing_public_key = "')
    body = body[:start] + public + body[body.index(b'"', start) :]
    at = body.index(b"\n", body.index(b'url = "')) + 1  # the [server] section's url line
    return sign(body[:at] + enroll_line + b"\n" + body[at:], pem)


def test_the_admin_command_prints_the_key_the_profile_carries() -> None:
    key = _printed_key(SECRET)
    assert key == reply_public_key(SECRET)
    assert _printed_key("another-county-secret-0123456789abcdef") != key
    county = load(_profile_with(f'enroll_public_key = "{key}"'.encode()))
    assert county.server_enroll_key == key
    assert load(DEMO.read_bytes()).server_enroll_key is None  # optional


def test_a_profile_with_a_malformed_enrollment_key_is_refused() -> None:
    for bad in (b'enroll_public_key = "not base64!"', b'enroll_public_key = "YWJj"'):
        with pytest.raises(CountyProfileError, match="enroll-key"):
            load(_profile_with(bad))


def test_without_a_secret_the_command_says_what_is_missing() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOORSTEP_")}
    done = subprocess.run([SERVER, "admin", "enroll-key"], env=env, capture_output=True)
    assert done.returncode == 1
    assert b"DOORSTEP_SECRET_KEY" in done.stderr
    assert b"Traceback" not in done.stderr


def _laptop(tmp_path: Path, name: str, enroll_key: str) -> profiles.Store:
    _private, recovery = new_recovery_keypair()
    county = profiles.CountyProfile(
        county_code="421202",
        county_name="咸安区",
        recovery_public_pem=recovery,
        server_enroll_key=enroll_key,
    )
    return profiles.create(tmp_path / name, PASSPHRASE, PASSPHRASE, county, "cadre1", FAST_KDF)


def test_a_laptop_takes_the_enrollment_only_from_the_server_its_profile_names(
    world: World, live_server: LiveServer, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    right = _laptop(tmp_path, "right", reply_public_key(SECRET))
    wrong = _laptop(tmp_path, "wrong", reply_public_key("another-county-secret-0123456789abcdef"))
    try:
        with factory() as s:
            code1, _ = admin.create_enrollment_code(s, "cadre1", 1)
            code2, _ = admin.create_enrollment_code(s, "cadre1", 1)
        with pytest.raises(EnrollmentNotBound, match="does not name"):
            syncing.enroll(wrong, live_server.base_url, code1, label="wrong")
        assert wrong.get_state(syncing.K_TOKEN) is None  # nothing kept
        assert wrong.get_state(syncing.K_KEY) is None
        done = syncing.enroll(right, live_server.base_url, code2, label="right")
        assert right.get_state(syncing.K_TOKEN)
        assert done.county_code == "421202"
        assert syncing.run_sync(right).outcome == "ok"
    finally:
        right.lock()
        wrong.lock()
