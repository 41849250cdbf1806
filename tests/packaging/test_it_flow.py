"""County IT's key handling end to end, with the real commands: make the county's keys, sign a
profile, install it, lose a passphrase, recover the laptop with the offline recovery key."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store import profile
from tests.desktop.conftest import FAST_KDF

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEMO = ROOT / "packaging" / "profiles" / "demo.toml"


def _run(command: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [str(BIN / command), *args], input=stdin, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout + out.stderr
    return out


@pytest.fixture
def county_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    _run("doorstep-server", "migrate", "--database-url", url)
    _run(
        "doorstep-server", "admin", "--database-url", url, "create-county", "421202", "咸安区",
        "--townships", str(ROOT / "resources/demo/townships.csv"),
        "--villages", str(ROOT / "resources/demo/villages.csv"),
    )  # fmt: skip
    return url


def test_recovery_key_from_the_server_recovers_a_laptop(county_db: str, tmp_path: Path) -> None:
    key_file = tmp_path / "recovery.pem"
    out = _run(
        "doorstep-server", "admin", "--database-url", county_db, "county-keypair",
        "--county", "421202", "--out", str(key_file), "--passphrase-stdin",
        stdin="offline-key-passphrase\n",
    )  # fmt: skip
    public_b64 = re.search(r"public key (\S+)", out.stdout)
    assert public_b64 is not None
    assert b"ENCRYPTED" in key_file.read_bytes()

    laptop = tmp_path / "laptop"
    store = profile.create_profile(laptop, "forgotten-passphrase", public_b64[1].encode(), FAST_KDF)
    store.lock()
    _run(
        "doorstep", "recover", "--profile-dir", str(laptop), "--recovery-key", str(key_file),
        stdin="offline-key-passphrase\nnew-passphrase-2026\n",
    )  # fmt: skip
    profile.unlock(laptop, "new-passphrase-2026").lock()


def test_signed_profile_from_county_it_passes_the_self_test(tmp_path: Path) -> None:
    key_file = tmp_path / "signing.pem"
    out = _run("doorstep-server", "admin", "county-signing-key", "--out", str(key_file))
    line = re.search(r'signing_public_key = "[^"]+"', out.stdout)
    assert line is not None
    raw = DEMO.read_bytes()
    body = raw[: raw.rfind(b"\n[signature]\n") + 1]
    body = re.sub(rb'signing_public_key = "[^"]+"', line[0].encode(), body)
    county = tmp_path / "county.toml"
    county.write_bytes(body)
    _run("doorstep-server", "admin", "sign-profile", "--key", str(key_file), str(county))
    report = _run("doorstep", "--self-test", "--profile", str(county))
    assert "ok   county profile: 咸安区（演示）" in report.stdout
