"""`doorstep check`: is this profile's database whole and its audit log unbroken?

Runs SQLCipher's `cipher_integrity_check` (every page's HMAC), SQLite's `integrity_check`
(b-trees and indexes) and the audit chain, and returns findings in plain words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

import sqlcipher3
from sqlalchemy.exc import DBAPIError

from desktop.store.audit import verify_chain
from desktop.store.profile import Store

# A damaged file makes SQLite raise instead of answering; SQLAlchemy re-raises some of these
# unwrapped while iterating rows.
_READ_ERRORS = (DBAPIError, sqlcipher3.DatabaseError, sqlite3.DatabaseError)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    problems: tuple[str, ...]


def _pragma(store: Store, pragma: str) -> list[str]:
    with store.engine.connect() as conn:
        return [str(r[0]) for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]


def _chain(store: Store) -> list[str]:
    with store.reading() as session:
        return verify_chain(session)


def _run(name: str, findings: Callable[[], list[str]]) -> CheckResult:
    try:
        problems = tuple(p for p in findings() if p != "ok")
    except _READ_ERRORS as exc:
        problems = (f"the database cannot be read here: {getattr(exc, 'orig', None) or exc}",)
    return CheckResult(name, not problems, problems)


def check_store(store: Store) -> list[CheckResult]:
    return [
        _run(
            "encryption (cipher_integrity_check)", lambda: _pragma(store, "cipher_integrity_check")
        ),
        _run("database structure (integrity_check)", lambda: _pragma(store, "integrity_check")),
        _run("audit log chain", lambda: _chain(store)),
    ]
