"""Profiles on this laptop: find them, create one on first run, unlock, lock, change passphrase.

A profile is a folder under the data directory holding the encrypted store; the county profile
(a signed TOML file from county IT) brings the county's code and its recovery public key, so the
county can recover a laptop whose passphrase is lost while no secret lives on the laptop. This
module also judges passphrase strength; refusals carry a code the UI turns into words.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.build_info import trusted_signing_fingerprint
from desktop.services.households import DivisionRow, import_registry
from desktop.services.syncing import CA_FILE, K_ENROLL_KEY
from desktop.store import profile
from desktop.store.profile import KEYS_NAME, Store
from sync import county_profile

MIN_LENGTH = profile.MIN_PASSPHRASE
COMMON = frozenset(
    {"12345678", "123456789", "1234567890", "password", "password1", "qwertyui", "11111111",
     "88888888", "66666666", "00000000", "abcdefgh", "iloveyou", "woaini1314", "a1234567"}
)  # fmt: skip


class PassphraseRejected(Exception):
    """A new passphrase was refused; `code` is mismatch, too_short or too_weak."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


class CountyProfileError(Exception):
    """The county profile file is missing or unreadable."""


@dataclass(frozen=True)
class CountyProfile:
    """What county IT hands out with the laptop: county, recovery key, server address."""

    county_code: str
    county_name: str
    recovery_public_pem: bytes
    server_url: str | None = None
    server_ca_pem: bytes | None = None
    server_enroll_key: str | None = None  # the only server key an enrollment reply may carry
    default_language: str = "zh_CN"
    divisions: tuple[DivisionRow, ...] = ()  # county, townships and villages to preload

    @classmethod
    def read(cls, path: Path) -> CountyProfile:
        """Read and verify the signed county profile (see sync/county_profile.py)."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CountyProfileError(f"Cannot read the county profile {path.name}") from exc
        try:
            signed = county_profile.load(raw, trusted_signing_fingerprint())
        except county_profile.CountyProfileError as exc:
            raise CountyProfileError(str(exc)) from exc
        return cls(
            county_code=signed.county_code,
            county_name=signed.county_name,
            recovery_public_pem=signed.recovery_public_pem,
            server_url=signed.server_url,
            server_ca_pem=signed.server_ca_pem,
            server_enroll_key=signed.server_enroll_key,
            default_language=signed.default_language,
            divisions=(
                DivisionRow(signed.county_code, signed.county_name, "county", None),
                *(DivisionRow(t.code, t.name, "township", t.parent) for t in signed.townships),
                *(DivisionRow(v.code, v.name, "village", v.parent) for v in signed.villages),
            ),
        )


@dataclass(frozen=True)
class Strength:
    """A passphrase's strength: score 0 (useless) to 4 (strong); `acceptable` from 2."""

    score: int
    acceptable: bool
    too_short: bool


def passphrase_strength(passphrase: str) -> Strength:
    """A plain estimate: length and variety of characters, with common passwords at zero.

    Chinese characters count as a class of their own and weigh more than letters, since a
    phrase of a few hanzi is already hard to guess.
    """
    text = passphrase.strip()
    if len(text) < MIN_LENGTH or text.lower() in COMMON or len(set(text)) <= 2:
        return Strength(0, False, len(text) < MIN_LENGTH)
    classes = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() and c.isascii() for c in text),
            any(ord(c) > 0x2E7F for c in text),
        )
    )
    length = len(text) + sum(1 for c in text if ord(c) > 0x2E7F)
    score = 1
    if classes >= 2 and length >= 10 or classes >= 3 or length >= 14:
        score = 2
    if classes >= 3 and length >= 12 or length >= 16 and classes >= 2:
        score = 3
    if classes >= 3 and length >= 16 or length >= 24:
        score = 4
    return Strength(score, score >= 2, False)


def check_new_passphrase(passphrase: str, again: str) -> None:
    """Raise PassphraseRejected unless the passphrase is typed twice alike and strong enough."""
    if passphrase != again:
        raise PassphraseRejected("mismatch")
    strength = passphrase_strength(passphrase)
    if strength.too_short:
        raise PassphraseRejected("too_short")
    if not strength.acceptable:
        raise PassphraseRejected("too_weak")


@dataclass(frozen=True)
class ProfileInfo:
    name: str
    folder: Path


def list_profiles(data_dir: Path) -> list[ProfileInfo]:
    """The profiles in a data directory, by folder name."""
    if not data_dir.is_dir():
        return []
    return [
        ProfileInfo(p.name, p)
        for p in sorted(data_dir.iterdir())
        if p.is_dir() and (p / KEYS_NAME).exists()
    ]


def create(
    folder: Path,
    passphrase: str,
    again: str,
    county: CountyProfile,
    user: str,
    kdf_params: dict[str, int] | None = None,
) -> Store:
    """First run: a new profile sealed with the passphrase and the county's recovery key."""
    check_new_passphrase(passphrase, again)
    store = profile.create_profile(folder, passphrase, county.recovery_public_pem, kdf_params)
    store.set_actor(user.strip() or "cadre", f"device-{uuid.uuid4()}")
    store.set_state("county_code", county.county_code)
    if county.server_url:
        store.set_state("server_url", county.server_url)
    if county.server_enroll_key:
        store.set_state(K_ENROLL_KEY, county.server_enroll_key)
    if county.server_ca_pem:
        # The sync client pins this certificate (or CA) for every connection to the server.
        (folder / CA_FILE).write_bytes(county.server_ca_pem)
    if county.divisions:
        # The villages are there from the first start, before any sync.
        import_registry(store, county.divisions, [])
    return store


def unlock(folder: Path, passphrase: str) -> Store:
    """Open a profile; raises keys.WrongPassphrase, profile.TooManyAttempts or ProfileError."""
    return profile.unlock(folder, passphrase)


def change_passphrase(
    folder: Path, old: str, new: str, again: str, kdf_params: dict[str, int] | None = None
) -> None:
    check_new_passphrase(new, again)
    profile.change_passphrase(folder, old, new, kdf_params)
