"""`doorstep --self-test`: the checks county IT runs on a freshly installed laptop.

Each check returns a line of plain words; none of them needs the network or touches the user's
profiles. The Qt check lives in `desktop/app.py` (services have no Qt) and is passed in.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from sqlalchemy import select

from desktop import build_info
from desktop.store import profile
from desktop.store.keys import new_recovery_keypair
from desktop.store.models import Division, Household
from desktop.store.records import HouseholdData, save_household
from forms.registry import bundled_forms, load_form
from sync.county_profile import CountyProfileError, load

# Small key-derivation cost: the throw-away store proves the mechanism, not the cost.
_QUICK_KDF = {"memory_kib": 8 * 1024, "iterations": 1, "lanes": 1}
_PROBE = "自检-户主-7f3a"


@dataclass(frozen=True)
class CheckLine:
    name: str
    ok: bool
    detail: str


def _sqlcipher() -> str:
    conn = sqlcipher3.connect(":memory:")
    try:
        version = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    if not version or not version[0]:
        raise RuntimeError("the linked SQLite has no SQLCipher")
    return f"SQLCipher {version[0]}"


def _profile(path: Path | None) -> str:
    path = path or build_info.bundled_profile()
    if path is None:
        raise RuntimeError("no county profile given and none bundled (use --profile FILE)")
    county = load(path.read_bytes(), build_info.trusted_signing_fingerprint())
    return f"{county.county_name} ({county.county_code}), server {county.server_url}"


def _forms() -> str:
    loaded = [load_form(form_id, version) for form_id, version in bundled_forms()]
    if not loaded:
        raise RuntimeError("no form is bundled")
    return ", ".join(f"{f.id} v{f.version}" for f in loaded)


def _store() -> str:
    _, public_pem = new_recovery_keypair()
    with tempfile.TemporaryDirectory(prefix="doorstep-selftest-") as tmp:
        folder = Path(tmp) / "profile"
        passphrase = uuid.uuid4().hex
        store = profile.create_profile(folder, passphrase, public_pem, _QUICK_KDF)
        hid = str(uuid.uuid4())
        with store.transaction() as s:
            s.add(Division(code="000000000000", name="-", level="village"))
            s.flush()
            save_household(s, store.actor, HouseholdData(hid, "000000000000", _PROBE))
        store.lock()
        raw = (folder / profile.DB_NAME).read_bytes()
        if _PROBE.encode() in raw:
            raise RuntimeError("the database file holds plaintext")
        reopened = profile.unlock(folder, passphrase)
        try:
            with reopened.reading() as s:
                name = s.scalar(select(Household.head_name).where(Household.id == hid))
        finally:
            reopened.lock()
        if name != _PROBE:
            raise RuntimeError("the reopened store lost what was saved")
    return "created, encrypted, reopened"


def run(profile_path: Path | None, qt_check: Callable[[], str]) -> list[CheckLine]:
    checks: list[tuple[str, Callable[[], str]]] = [
        ("qt", qt_check),
        ("sqlcipher", _sqlcipher),
        ("county profile", lambda: _profile(profile_path)),
        ("forms", _forms),
        ("encrypted store", _store),
    ]
    lines = []
    for name, check in checks:
        try:
            lines.append(CheckLine(name, True, check()))
        except (CountyProfileError, OSError, RuntimeError, ValueError, LookupError) as exc:
            lines.append(CheckLine(name, False, str(exc)))
        except Exception as exc:  # a self-test reports every failure instead of crashing
            lines.append(CheckLine(name, False, f"{type(exc).__name__}: {exc}"))
    return lines
