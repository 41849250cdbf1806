"""Rate limits and lockouts that hold across every node: counters in the database.

A limit is a scope (what is limited: "enroll" for wrong enrollment codes per address, a login's
failures per user name, …), a key within it, a window and a number of hits. The counter is one
`limit_counter` row per (scope, key): the first hit opens a window of `window` seconds, and once
`limit` hits fall in it the key is refused until the window ends. `check` locks the row for the
rest of the caller's transaction, so two nodes deciding at once about the same key take turns
and never both let the last allowed try through; call `check`, do the work, then `hit` (for a
failure) or `clear` (for a success that forgives, such as a right password) in that transaction.
`hit` alone suits a plain request rate. Rows whose window ended are removed as others are used.

    verdict = limits.check(session, "enroll", client, 600, 20)
    if verdict.blocked: refuse with 429 and Retry-After: verdict.retry_after
    ... on failure: limits.hit(session, "enroll", client, 600, 20)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import LimitCounter, utcnow

SWEEP_BATCH = 100


@dataclass(frozen=True)
class Verdict:
    hits: int  # in the current window, this one included for `hit`
    blocked: bool  # True: refuse this key until the window ends
    retry_after: int  # seconds until the window ends (0 when not blocked)


def check(session: Session, scope: str, key: str, window: float, limit: int) -> Verdict:
    """Whether `key` is refused now, holding its counter's lock until the transaction ends."""
    row = _locked(session, scope, key)
    return _verdict(row, utcnow(), limit)


def hit(session: Session, scope: str, key: str, window: float, limit: int) -> Verdict:
    """Count one hit of `key` (a fresh window if the last one ended) and say where it stands."""
    row = _locked(session, scope, key)
    now = utcnow()
    if row.expires_at <= now:
        row.hits, row.window_start = 0, now
        row.expires_at = now + timedelta(seconds=window)
    row.hits += 1
    session.execute(
        update(LimitCounter)
        .where(LimitCounter.scope == scope, LimitCounter.key == key)
        .values(hits=row.hits, window_start=row.window_start, expires_at=row.expires_at)
    )
    return _verdict(row, now, limit)


def clear(session: Session, scope: str, key: str) -> None:
    """Forget `key`'s hits (a success that forgives the failures before it)."""
    session.execute(
        delete(LimitCounter).where(LimitCounter.scope == scope, LimitCounter.key == key)
    )


@dataclass
class _Row:
    hits: int
    window_start: datetime
    expires_at: datetime


def _verdict(row: _Row, now: datetime, limit: int) -> Verdict:
    if row.expires_at <= now:
        return Verdict(hits=0, blocked=False, retry_after=0)
    blocked = row.hits >= limit
    wait = math.ceil((row.expires_at - now).total_seconds()) if blocked else 0
    return Verdict(hits=row.hits, blocked=blocked, retry_after=max(wait, 1) if blocked else 0)


def _locked(session: Session, scope: str, key: str) -> _Row:
    _sweep(session)
    now = utcnow()
    values = {"scope": scope, "key": key, "hits": 0, "window_start": now, "expires_at": now}
    # The row must exist to be locked: PostgreSQL locks no row that is not there yet.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(postgresql.insert(LimitCounter).values(values).on_conflict_do_nothing())
    else:  # SQLite: the server's transactions begin IMMEDIATE and so take turns already
        session.execute(sqlite.insert(LimitCounter).values(values).on_conflict_do_nothing())
    found = session.execute(
        select(LimitCounter.hits, LimitCounter.window_start, LimitCounter.expires_at)
        .where(LimitCounter.scope == scope, LimitCounter.key == key)
        .with_for_update()
    ).one()
    return _Row(int(found.hits), found.window_start, found.expires_at)


def _sweep(session: Session) -> None:
    """Remove a few rows whose window ended; rows another transaction holds are left alone
    (SKIP LOCKED), so two sweeping nodes never wait on each other's counters."""
    stale = (
        select(LimitCounter.scope, LimitCounter.key)
        .where(LimitCounter.expires_at < utcnow() - timedelta(days=1))
        .limit(SWEEP_BATCH)
    )
    if session.get_bind().dialect.name == "postgresql":
        stale = stale.with_for_update(skip_locked=True)
    pairs = session.execute(stale).all()
    for scope, key in pairs:
        session.execute(
            delete(LimitCounter).where(LimitCounter.scope == scope, LimitCounter.key == key)
        )
