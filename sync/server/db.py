"""Engines and sessions for PostgreSQL (production) and SQLite (demos, tests).

SQLite gets WAL, a busy timeout, foreign keys and `BEGIN IMMEDIATE` transactions: writers then
queue for the lock instead of failing when a read transaction upgrades to a write, which is what
makes the changes counter safe there. PostgreSQL relies on row locks on the counter row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

READ_ONLY = "doorstep_read_only"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, pool_size: int = 10, pgbouncer: bool = False) -> Engine:
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"timeout": 60, "check_same_thread": False},
            hide_parameters=True,  # error messages must never quote personal data
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            # Readers take a deferred snapshot (WAL: never blocked by a writer); writers queue
            # for the write lock up front.
            if conn.get_execution_options().get(READ_ONLY):
                conn.exec_driver_sql("BEGIN")
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        hide_parameters=True,  # error messages must never quote personal data
        # psycopg prepares a statement on the server once it has run five times, and PostgreSQL
        # then settles on one generic plan for every caller. The feed's page query (a UNION of
        # index ranges over the caller's villages) planned for a cadre whose rows lie early in
        # the change table then walked 1M rows for one whose rows lie late: 30 ms became
        # 150-290 ms at city scale (bench/city.py). Plan with the real parameters every time.
        connect_args=_pgbouncer_args() if pgbouncer else _direct_args(),
    )
    # Many-row INSERTs (a batch's versions, audit rows, surveys) as one multi-VALUES statement
    # instead of one pipelined statement per row: a large share of ingest CPU otherwise.
    engine.dialect.use_insertmanyvalues_wo_returning = True
    return engine


def _direct_args() -> dict[str, Any]:
    return {"options": "-c plan_cache_mode=force_custom_plan"}


def _pgbouncer_args() -> dict[str, Any]:
    """PgBouncer in transaction mode (1.18 in Debian 12) hands each transaction whichever server
    connection is free: a statement psycopg prepared on one is unknown on the next, so nothing
    is prepared; and it passes no `options` startup parameter on, so plan_cache_mode is set on
    the database role instead (docs/deploy.md)."""
    return {"prepare_threshold": None}


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)


def make_read_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for transactions that only read (on SQLite they do not take the write lock)."""
    return sessionmaker(
        engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False, autoflush=False
    )
