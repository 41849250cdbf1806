"""County profiles: signed by county IT, refused by the app and the build when changed or unsigned."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sync.county_profile import CountyProfileError, load, new_signing_key, sign

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "packaging" / "profiles" / "demo.toml"
DOORSTEP = str(Path(sys.executable).parent / "doorstep")


def _unsigned(raw: bytes) -> bytes:
    return raw[: raw.rfind(b"\n[signature]\n") + 1]


def test_demo_profile_verifies_and_reads() -> None:
    county = load(DEMO.read_bytes())
    assert (county.county_code, county.county_name) == ("421202", "咸安区（演示）")
    assert county.forms == (("household-survey", 1),)
    assert len(county.townships) == 3
    assert {v.parent for v in county.villages} == {t.code for t in county.townships}


@pytest.mark.parametrize("offset", [0, 40, 200, 400, -150])
def test_any_changed_byte_is_refused(offset: int) -> None:
    raw = bytearray(DEMO.read_bytes())
    body_end = len(_unsigned(bytes(raw)))
    at = offset if offset >= 0 else body_end + offset
    raw[at] = ord("x") if raw[at] != ord("x") else ord("y")
    with pytest.raises(CountyProfileError, match="changed since county IT signed it|not valid"):
        load(bytes(raw))


def test_unsigned_profile_is_refused() -> None:
    with pytest.raises(CountyProfileError, match="not signed"):
        load(_unsigned(DEMO.read_bytes()))


def test_profile_resigned_with_another_key_is_refused_by_a_build() -> None:
    trusted = load(DEMO.read_bytes()).signing_key_fingerprint
    pem, public = new_signing_key()
    body = _unsigned(DEMO.read_bytes())
    start = body.index(b'signing_public_key = "') + len(b'signing_public_key = "')
    rogue = sign(body[:start] + public + body[body.index(b'"', start) :], pem)
    assert load(rogue).county_code == "421202"  # well-formed and signed…
    with pytest.raises(CountyProfileError, match="does not trust"):
        load(rogue, trusted)  # …but not by the county this build was made for


def test_signing_with_a_key_the_profile_does_not_name_is_refused() -> None:
    pem, _ = new_signing_key()
    with pytest.raises(CountyProfileError, match="not the one the profile names"):
        sign(DEMO.read_bytes(), pem)


@pytest.fixture
def tampered(tmp_path: Path) -> Path:
    path = tmp_path / "county.toml"
    path.write_bytes(DEMO.read_bytes().replace(b"127.0.0.1:8470", b"203.0.113.9:8470"))
    return path


def test_app_refuses_a_tampered_profile(tampered: Path) -> None:
    out = subprocess.run(
        [DOORSTEP, "--profile", str(tampered)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 2
    assert "changed since county IT signed it" in out.stderr


def test_self_test_reports_a_tampered_profile(tampered: Path) -> None:
    out = subprocess.run(
        [DOORSTEP, "--self-test", "--profile", str(tampered)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert "FAIL county profile: The county profile has been changed" in out.stdout
    assert "ok   encrypted store" in out.stdout


@pytest.mark.parametrize("kind", ["tampered", "unsigned"])
def test_build_refuses_a_bad_profile(kind: str, tampered: Path, tmp_path: Path) -> None:
    profile = tampered
    if kind == "unsigned":
        profile = tmp_path / "unsigned.toml"
        profile.write_bytes(_unsigned(DEMO.read_bytes()))
    out = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--profile", str(profile),
         "--out", str(tmp_path / "out"), "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode != 0
    assert f"Refusing to build with {profile.name}" in out.stderr
    assert not (tmp_path / "out" / "bundle").exists()
