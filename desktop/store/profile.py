"""A user profile on the laptop: a folder with `store.db` (SQLCipher) and `keys.json`.

Operations: create, unlock, lock, change passphrase (re-wraps the data key only), and recover
with the county's recovery private key. A wrong passphrase is found by the key envelope before the
database is touched, so it leaves every file byte-identical and never yields a half-open store.
Repeated wrong passphrases are slowed down and then stopped: the first three are free, each
further one makes the next try wait longer (2, 4, 8 ... up to 60 s), and after ten in a row the
passphrase is no longer tried at all: only the county recovery (`doorstep recover`) opens the
profile again. The count lives in `attempts.json` beside the key file, under a MAC, so that
restarting the app does not reset it; a missing, damaged or edited counter file counts as ten.
A correct passphrase (or a recovery) sets it back to zero. What this does and does not stop is
written down in docs/security.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.store import migrations
from desktop.store.audit import Actor
from desktop.store.db import WrongKeyError, encrypted_connector, make_engine
from desktop.store.keys import KeyFile, WrongPassphrase, new_data_key, write_atomic
from desktop.store.models import SyncState

log = logging.getLogger(__name__)

DB_NAME = "store.db"
KEYS_NAME = "keys.json"
ATTEMPTS_NAME = "attempts.json"
ATTEMPTS_FORMAT = 1
MIN_PASSPHRASE = 8
FREE_TRIES = 3
MAX_WAIT_S = 60.0
MAX_FAILURES = 10


class ProfileError(Exception):
    """A profile cannot be created or opened; the message says why in plain words."""


class TooManyAttempts(ProfileError):
    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        super().__init__(f"Too many wrong passphrases: wait {wait_s:.0f} s before trying again.")


class NeedsRecovery(ProfileError):
    """Too many wrong passphrases in a row (or a tampered counter): the passphrase is not tried."""

    def __init__(self) -> None:
        super().__init__(
            "Too many wrong passphrases: only county IT's recovery key (`doorstep recover`) "
            "opens this profile now."
        )


# Wall-clock seconds: the wait must survive a restart, so a monotonic clock will not do.
clock: Callable[[], float] = time.time


def wait_after(failures: int) -> float:
    """Seconds the next try waits after `failures` wrong passphrases in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(2.0 ** (failures - FREE_TRIES + 1), MAX_WAIT_S)


@dataclass(frozen=True)
class Attempts:
    """The persisted wrong-passphrase count and when the last wrong one was typed."""

    failures: int
    last: float = 0.0

    def wait(self, now: float) -> float:
        delay = wait_after(self.failures)
        # A clock set back does not turn the wait into hours: never more than the delay itself.
        return max(0.0, min(delay, self.last + delay - now))


def _attempts_mac(keyfile: KeyFile, failures: int, last: float) -> str:
    message = f"{ATTEMPTS_FORMAT}|{keyfile.profile_id}|{failures}|{last!r}".encode()
    return hmac.new(keyfile.attempts_mac_key(), message, hashlib.sha256).hexdigest()


def read_attempts(folder: Path, keyfile: KeyFile) -> Attempts:
    """The counter; a missing or altered file reads as MAX_FAILURES (never as zero), except for
    a profile made before the counter existed, whose key file does not claim one."""
    path = folder / ATTEMPTS_NAME
    try:
        doc = json.loads(path.read_bytes())
        failures, last, mac = int(doc["failures"]), float(doc["last"]), str(doc["mac"])
        if doc.get("format") != ATTEMPTS_FORMAT or failures < 0:
            raise ValueError("format")
    except FileNotFoundError:
        if not keyfile.attempts_counter:
            return Attempts(0)
        log.warning("the wrong-passphrase counter of a profile is missing: counted as the limit")
        return Attempts(MAX_FAILURES)
    except (ValueError, KeyError, TypeError):
        log.warning("the wrong-passphrase counter of a profile is damaged: counted as the limit")
        return Attempts(MAX_FAILURES)
    if not hmac.compare_digest(mac, _attempts_mac(keyfile, failures, last)):
        log.warning("the wrong-passphrase counter of a profile was altered: counted as the limit")
        return Attempts(MAX_FAILURES)
    return Attempts(failures, last)


def write_attempts(folder: Path, keyfile: KeyFile, attempts: Attempts) -> KeyFile:
    """Persist the counter; a key file that does not yet claim one is marked (after the counter
    file exists, so a crash in between leaves a readable pair). Returns the key file in force."""
    doc = {
        "format": ATTEMPTS_FORMAT,
        "failures": attempts.failures,
        "last": attempts.last,
        "mac": _attempts_mac(keyfile, attempts.failures, attempts.last),
    }
    write_atomic(folder / ATTEMPTS_NAME, json.dumps(doc, sort_keys=True).encode() + b"\n")
    if not keyfile.attempts_counter:
        keyfile = keyfile.with_attempts_counter()
        keyfile.write(folder / KEYS_NAME)
    return keyfile


def _check_attempts(folder: Path, keyfile: KeyFile) -> Attempts:
    attempts = read_attempts(folder, keyfile)
    if attempts.failures >= MAX_FAILURES:
        raise NeedsRecovery()
    wait = attempts.wait(clock())
    if wait > 0:
        raise TooManyAttempts(wait)
    return attempts


def _try_passphrase(folder: Path, keyfile: KeyFile, passphrase: str) -> bytes:
    """The data key, counting the try: a wrong one raises WrongPassphrase carrying the next
    wait and the tries left (NeedsRecovery at the limit); a right one resets the count."""
    attempts = _check_attempts(folder, keyfile)
    try:
        data_key = keyfile.unwrap_with_passphrase(passphrase)
    except WrongPassphrase:
        failed = Attempts(attempts.failures + 1, clock())
        write_attempts(folder, keyfile, failed)
        if failed.failures >= MAX_FAILURES:
            raise NeedsRecovery() from None
        raise WrongPassphrase(wait_after(failed.failures), MAX_FAILURES - failed.failures) from None
    if attempts.failures or not keyfile.attempts_counter:
        write_attempts(folder, keyfile, Attempts(0))
    return data_key


class Store:
    """An unlocked profile: the engine over its database and who is working in it."""

    def __init__(self, folder: Path, engine: Engine, key: bytearray) -> None:
        self.folder = folder
        self._engine: Engine | None = engine
        self._key = key
        self._actor: Actor | None = None

    @property
    def actor(self) -> Actor:
        """Who works in this profile; read when the profile opens, so asking for it inside a
        write transaction never opens a second connection that waits on the first."""
        if self._actor is None:
            self._actor = self._read_actor()
        return self._actor

    def _read_actor(self) -> Actor:
        return Actor(
            user=self.get_state("user") or "local", device=self.get_state("device_id") or "-"
        )

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise ProfileError("The profile is locked.")
        return self._engine

    @property
    def locked(self) -> bool:
        return self._engine is None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def get_state(self, key: str) -> str | None:
        with self.reading() as s:
            row = s.get(SyncState, key)
            return row.value if row else None

    def set_state(self, key: str, value: str) -> None:
        with self.transaction() as s:
            s.merge(SyncState(key=key, value=value))

    def set_actor(self, user: str, device: str) -> None:
        with self.transaction() as s:
            s.merge(SyncState(key="user", value=user))
            s.merge(SyncState(key="device_id", value=device))
        self._actor = Actor(user=user, device=device)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return migrations.schema_version(conn)

    def lock(self) -> None:
        """Close every connection and wipe the data key from memory."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        for i in range(len(self._key)):
            self._key[i] = 0


def _open(folder: Path, data_key: bytes, target: int | None = migrations.LATEST) -> Store:
    """Open the database with its data key and bring its schema to `target` (None: leave it)."""
    key = bytearray(data_key)
    engine = make_engine(encrypted_connector(folder / DB_NAME, key))
    try:
        if target is not None:
            with engine.begin() as conn:
                migrations.migrate(conn, target)
        store = Store(folder, engine, key)
        if target is not None:
            store._actor = store._read_actor()
        return store
    except (WrongKeyError, DBAPIError) as exc:
        engine.dispose()
        raise ProfileError(
            "The database of this profile is damaged or does not belong to its key file; "
            "run `doorstep check` and ask county IT for help."
        ) from exc
    except Exception:
        engine.dispose()
        raise


def create_profile(
    folder: Path,
    passphrase: str,
    recovery_public_pem: bytes,
    kdf_params: dict[str, int] | None = None,
    schema: int = migrations.LATEST,
) -> Store:
    if len(passphrase) < MIN_PASSPHRASE:
        raise ProfileError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / KEYS_NAME).exists() or (folder / DB_NAME).exists():
        raise ProfileError(f"{folder} already holds a profile.")
    data_key = new_data_key()
    keyfile = KeyFile.create(data_key, passphrase, recovery_public_pem, kdf_params)
    store = _open(folder, data_key, schema)
    write_attempts(folder, keyfile, Attempts(0))
    keyfile.write(folder / KEYS_NAME)
    return store


def unlock(folder: Path, passphrase: str, migrate: bool = True) -> Store:
    """Open a profile; `migrate=False` is for `doorstep check`, which must read a damaged file."""
    keyfile = KeyFile.read(folder / KEYS_NAME)
    data_key = _try_passphrase(folder, keyfile, passphrase)
    return _open(folder, data_key, migrations.LATEST if migrate else None)


def change_passphrase(
    folder: Path, old: str, new: str, kdf_params: dict[str, int] | None = None
) -> None:
    if len(new) < MIN_PASSPHRASE:
        raise ProfileError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")
    keyfile = KeyFile.read(folder / KEYS_NAME)
    data_key = _try_passphrase(folder, keyfile, old)
    keyfile = KeyFile.read(folder / KEYS_NAME)  # the counter may have just been marked in it
    keyfile.rewrapped(data_key, new, kdf_params).write(folder / KEYS_NAME)


def recover(
    folder: Path,
    recovery_private_pem: bytes,
    new_passphrase: str,
    kdf_params: dict[str, int] | None = None,
    key_password: bytes | None = None,
) -> None:
    """County IT sets a new passphrase on a profile whose passphrase was lost."""
    if len(new_passphrase) < MIN_PASSPHRASE:
        raise ProfileError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")
    keyfile = KeyFile.read(folder / KEYS_NAME)
    data_key = keyfile.unwrap_with_recovery_key(recovery_private_pem, key_password)
    _open(folder, data_key).lock()  # prove the key opens this database before re-wrapping
    # The recovery is what a profile locked by wrong passphrases waits for: the count restarts.
    keyfile = write_attempts(folder, keyfile, Attempts(0))
    keyfile.rewrapped(data_key, new_passphrase, kdf_params).write(folder / KEYS_NAME)
