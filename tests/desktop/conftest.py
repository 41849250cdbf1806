"""Fixtures for the encrypted store: a county recovery keypair and quick key derivation.

Tests derive keys with small Argon2id/scrypt parameters so a hundred unlocks stay fast; one test
(test_keys.py) checks the real defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store import keys, profile
from desktop.store.keys import new_recovery_keypair

FAST_KDF = (
    {"memory_kib": 1024, "iterations": 1, "lanes": 1}
    if keys.HAS_ARGON2
    else {"n": 2**10, "r": 8, "p": 1}
)
PASSPHRASE = "村里的路很长-2026"


@pytest.fixture(scope="session")
def recovery_keypair() -> tuple[bytes, bytes]:
    return new_recovery_keypair()


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def store(profile_dir: Path, recovery_keypair: tuple[bytes, bytes]) -> Iterator[profile.Store]:
    s = profile.create_profile(profile_dir, PASSPHRASE, recovery_keypair[1], FAST_KDF)
    s.set_actor("cadre-001", "device-a")
    yield s
    s.lock()
