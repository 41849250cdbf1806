"""A user profile on the laptop: a folder with `store.db` (SQLCipher) and `keys.json`.

Operations: create, unlock, lock, change passphrase (re-wraps the data key only), and recover
with the county's recovery private key. A wrong passphrase is found by the key envelope before the
database is touched, so it leaves every file byte-identical and never yields a half-open store.
Repeated wrong passphrases are slowed down: after three, each further try must wait longer,
doubling up to a minute. The wait is kept per process (a file would change the profile on every
wrong try); the key derivation's own cost is what bounds guessing from outside the app.
"""

from __future__ import annotations

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
from desktop.store.keys import KeyFile, WrongPassphrase, new_data_key
from desktop.store.models import SyncState

DB_NAME = "store.db"
KEYS_NAME = "keys.json"
MIN_PASSPHRASE = 8
FREE_TRIES = 3
MAX_WAIT_S = 60.0


class ProfileError(Exception):
    """A profile cannot be created or opened; the message says why in plain words."""


class TooManyAttempts(ProfileError):
    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        super().__init__(f"Too many wrong passphrases: wait {wait_s:.0f} s before trying again.")


@dataclass
class _Tries:
    failures: int = 0
    not_before: float = 0.0


_tries: dict[Path, _Tries] = {}
clock: Callable[[], float] = time.monotonic


def _check_throttle(folder: Path) -> _Tries:
    state = _tries.setdefault(folder.resolve(), _Tries())
    wait = state.not_before - clock()
    if wait > 0:
        raise TooManyAttempts(wait)
    return state


def _record_failure(state: _Tries) -> None:
    state.failures += 1
    if state.failures >= FREE_TRIES:
        state.not_before = clock() + min(2.0 ** (state.failures - FREE_TRIES), MAX_WAIT_S)


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
    keyfile.write(folder / KEYS_NAME)
    return store


def unlock(folder: Path, passphrase: str, migrate: bool = True) -> Store:
    """Open a profile; `migrate=False` is for `doorstep check`, which must read a damaged file."""
    state = _check_throttle(folder)
    keyfile = KeyFile.read(folder / KEYS_NAME)
    try:
        data_key = keyfile.unwrap_with_passphrase(passphrase)
    except WrongPassphrase:
        _record_failure(state)
        raise
    state.failures, state.not_before = 0, 0.0
    return _open(folder, data_key, migrations.LATEST if migrate else None)


def change_passphrase(
    folder: Path, old: str, new: str, kdf_params: dict[str, int] | None = None
) -> None:
    if len(new) < MIN_PASSPHRASE:
        raise ProfileError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")
    state = _check_throttle(folder)
    keyfile = KeyFile.read(folder / KEYS_NAME)
    try:
        data_key = keyfile.unwrap_with_passphrase(old)
    except WrongPassphrase:
        _record_failure(state)
        raise
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
    keyfile.rewrapped(data_key, new_passphrase, kdf_params).write(folder / KEYS_NAME)
