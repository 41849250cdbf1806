"""SQLAlchemy engines over SQLCipher 4, keyed with the raw data key.

The key reaches SQLCipher only as a `x'…'` hex literal in `PRAGMA key`, issued on each new
connection by a creator function: never the passphrase, never part of a URL that could end up in
a log or a traceback. Every connection runs in WAL mode with `synchronous=FULL`, because NORMAL
can lose committed transactions on power loss, and a cadre's laptop runs out of battery.

A plain (unencrypted) engine exists only so `bench/store.py` can measure what encryption costs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

# Decrypted pages are kept in SQLite's cache, so searches over 20,000 households stay in memory.
CACHE_KIB = 32 * 1024


class StoreLockedError(Exception):
    """The store was used after it was locked."""


class WrongKeyError(Exception):
    """The database did not open with the key it was given."""


def _tune(conn: Any) -> None:
    conn.execute("PRAGMA journal_mode = WAL").fetchall()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute("PRAGMA busy_timeout = 5000")
    # Sorts and temporary indexes stay in memory: SQLite temp files are not encrypted.
    conn.execute("PRAGMA temp_store = MEMORY")


def encrypted_connector(
    path: Path, key: bytearray, memory_security: bool = True
) -> Callable[[], Any]:
    """A DB-API connection factory that keys each new connection from `key`.

    `key` is a bytearray owned by the store: zeroing it on lock makes every later connection
    attempt fail instead of silently reopening the database.
    """

    def connect() -> Any:
        if not any(key):
            raise StoreLockedError("The store is locked.")
        conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{bytes(key).hex()}'\"")
            # Wipes freed memory so decrypted pages do not linger in the heap; it is a
            # process-wide switch that costs time (bench/store.py measures how much).
            conn.execute(f"PRAGMA cipher_memory_security = {'ON' if memory_security else 'OFF'}")
            # The first read proves the key: a wrong one fails here, before anything is written.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        except sqlcipher3.DatabaseError as exc:
            conn.close()
            raise WrongKeyError("The database does not open with this key.") from exc
        _tune(conn)
        return conn

    return connect


def plain_connector(path: Path) -> Callable[[], Any]:
    """The same SQLite build as SQLCipher's, with no key: the baseline for what encryption costs."""

    def connect() -> Any:
        conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA cipher_memory_security = OFF")
        _tune(conn)
        return conn

    return connect


def make_engine(connect: Callable[[], Any]) -> Engine:
    """An engine whose transactions SQLAlchemy drives with explicit BEGIN/COMMIT.

    The DB-API connection runs in autocommit mode (`isolation_level=None`) and the engine issues
    BEGIN itself, so SQLite's own transaction handling is what SQLAlchemy sees.
    """
    engine = create_engine(
        "sqlite://", creator=connect, poolclass=QueuePool, pool_size=2, max_overflow=2
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
