"""Profiles service: passphrase rules, first run, unlock and change of passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services import profiles
from desktop.store import keys
from tests.desktop.conftest import FAST_KDF, PASSPHRASE


@pytest.fixture
def county(recovery_keypair: tuple[bytes, bytes]) -> profiles.CountyProfile:
    return profiles.CountyProfile("421202", "咸安区", recovery_keypair[1], None)


@pytest.mark.parametrize(
    ("passphrase", "acceptable"),
    [
        ("", False),
        ("abc", False),
        ("12345678", False),
        ("aaaaaaaaaaaa", False),
        ("password", False),
        ("correcthorse", False),
        ("correct-horse-7", True),
        ("村里的路很长-2026", True),
        ("桂花树下的老房子", True),
    ],
)
def test_strength(passphrase: str, acceptable: bool) -> None:
    assert profiles.passphrase_strength(passphrase).acceptable is acceptable


@pytest.mark.parametrize(
    ("first", "again", "code"),
    [("correct-horse-7", "correct-horse-8", "mismatch"), ("short", "short", "too_short"),
     ("12345678", "12345678", "too_weak")],
)  # fmt: skip
def test_refused_passphrase_creates_nothing(
    tmp_path: Path, county: profiles.CountyProfile, first: str, again: str, code: str
) -> None:
    with pytest.raises(profiles.PassphraseRejected) as err:
        profiles.create(tmp_path / "p", first, again, county, "cadre-1", FAST_KDF)
    assert err.value.code == code
    assert not (tmp_path / "p").exists()


def test_create_unlock_change(tmp_path: Path, county: profiles.CountyProfile) -> None:
    folder = tmp_path / "data" / "wang"
    store = profiles.create(folder, PASSPHRASE, PASSPHRASE, county, "cadre-7", FAST_KDF)
    assert store.actor.user == "cadre-7"
    assert store.get_state("county_code") == "421202"
    store.lock()
    assert [p.name for p in profiles.list_profiles(tmp_path / "data")] == ["wang"]
    with pytest.raises(keys.WrongPassphrase):
        profiles.unlock(folder, "not-the-passphrase")
    profiles.change_passphrase(folder, PASSPHRASE, "新的口令-2027年", "新的口令-2027年", FAST_KDF)
    profiles.unlock(folder, "新的口令-2027年").lock()


def test_county_profile_is_read_only_when_its_signature_holds(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[3] / "packaging" / "profiles" / "demo.toml"
    county = profiles.CountyProfile.read(demo)
    assert (county.county_code, county.server_url) == ("421202", "http://127.0.0.1:8470")
    rogue = tmp_path / "county.toml"
    rogue.write_bytes(demo.read_bytes().replace(b"127.0.0.1:8470", b"127.0.0.1:8471"))
    with pytest.raises(profiles.CountyProfileError, match="changed since county IT signed it"):
        profiles.CountyProfile.read(rogue)


def test_first_run_pins_the_countys_server_certificate(tmp_path: Path) -> None:
    from desktop.store.keys import new_recovery_keypair

    ca = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
    county = profiles.CountyProfile(
        "421202", "咸安区", new_recovery_keypair()[1], "https://county.example", ca
    )
    folder = tmp_path / "data" / "wang"
    profiles.create(folder, PASSPHRASE, PASSPHRASE, county, "wang", FAST_KDF).lock()
    assert (folder / "server-ca.pem").read_bytes() == ca


def test_first_run_preloads_the_countys_villages(tmp_path: Path) -> None:
    from desktop.services import households

    demo = Path(__file__).resolve().parents[3] / "packaging" / "profiles" / "demo.toml"
    county = profiles.CountyProfile.read(demo)
    assert county.default_language == "zh_CN"
    store = profiles.create(tmp_path / "wang", PASSPHRASE, PASSPHRASE, county, "wang", FAST_KDF)
    try:
        villages = households.villages(store)
    finally:
        store.lock()
    assert {v.name for v in villages} >= {"桂花村（演示）", "石门村（演示）"}
    assert len(villages) == 6
