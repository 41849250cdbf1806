"""Upgrades both ways, from what the previous release's own code wrote (fixtures/, made by
build_fixtures.py from the release named in fixtures/RELEASE): its laptop profile and server
database open and migrate forward with every record intact; a profile or database from a newer
release is refused with a clear message and left byte for byte as it was."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import MetaData, create_engine, func, insert, select, text

from desktop.store import migrations, profile
from desktop.store.models import AuditEntry, Household, OutboxEntry, Survey
from desktop.ui.unlock.errors import describe
from sync.server import cli
from sync.server.db import make_engine
from sync.server.migrate import head_revision, schema_problem, upgrade
from tests.sync.conftest import PG_ADMIN

FIXTURES = Path(__file__).parent / "fixtures"
MANIFEST: dict[str, Any] = json.loads((FIXTURES / "manifest.json").read_text())


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_previous_releases_laptop_profile_opens_migrated_with_everything(
    tmp_path: Path,
) -> None:
    old = MANIFEST["laptop"]
    assert old["schema"] < migrations.LATEST  # the fixture is really from an older schema
    folder = tmp_path / "profile"
    shutil.copytree(FIXTURES / "laptop", folder)
    store = profile.unlock(folder, old["passphrase"])
    try:
        with store.reading() as s:
            assert s.connection().exec_driver_sql("PRAGMA user_version").scalar() == (
                migrations.LATEST
            )
            counts = {
                name: int(s.scalar(select(func.count()).select_from(model)) or 0)
                for name, model in (("households", Household), ("surveys", Survey),
                                    ("outbox", OutboxEntry), ("audit", AuditEntry))
            }  # fmt: skip
            answers = {sid: digest(s.get(Survey, sid).answers) for sid in old["answers"]}
    finally:
        store.lock()
    assert counts == old["counts"]
    assert answers == old["answers"]
    # and it opens again (the migration is not re-run on a current schema)
    profile.unlock(folder, old["passphrase"]).lock()


def test_a_profile_from_a_newer_release_is_refused_and_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    shutil.copytree(FIXTURES / "laptop", folder)
    store = profile.unlock(folder, MANIFEST["laptop"]["passphrase"])
    with store.transaction() as s:
        s.connection().exec_driver_sql(f"PRAGMA user_version = {migrations.LATEST + 1}")
    store.lock()
    before = {p.name: sha(p) for p in folder.iterdir() if p.name.startswith("store.db")}
    with pytest.raises(migrations.SchemaTooNewError, match="newer Doorstep") as refused:
        profile.unlock(folder, MANIFEST["laptop"]["passphrase"])
    # what the unlock screen shows for it
    assert "newer version of Doorstep" in describe(refused.value)
    assert {p.name: sha(p) for p in folder.iterdir() if p.name.startswith("store.db")} == before


def _counts_and_answers(url: str) -> tuple[dict[str, int], dict[str, str]]:
    engine = make_engine(url, 1)
    try:
        with engine.connect() as conn:
            counts = {
                t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
                for t in MANIFEST["server"]["counts"]
            }
            answers = {}
            for sid in MANIFEST["server"]["answers"]:
                raw = conn.execute(
                    text("SELECT answers FROM survey WHERE CAST(id AS TEXT) IN (:a, :b)"),
                    {"a": sid, "b": sid.replace("-", "")},
                ).scalar_one()
                answers[sid] = digest(json.loads(raw) if isinstance(raw, str) else raw)
    finally:
        engine.dispose()
    return counts, answers


def _migrate(url: str, capsys: Any) -> tuple[int, str]:
    code = cli.main(["migrate", "--database-url", url])
    return code, capsys.readouterr().err


def test_the_previous_releases_sqlite_database_migrates_forward(
    tmp_path: Path, capsys: Any
) -> None:
    db = tmp_path / "server.db"
    shutil.copyfile(FIXTURES / "server.db", db)
    url = f"sqlite:///{db}"
    assert MANIFEST["server"]["revision"] != head_revision()
    assert _migrate(url, capsys)[0] == 0
    engine = make_engine(url, 1)
    try:
        assert schema_problem(engine) is None
    finally:
        engine.dispose()
    assert _counts_and_answers(url) == (
        MANIFEST["server"]["counts"],
        MANIFEST["server"]["answers"],
    )


def test_the_previous_releases_data_on_postgresql_migrates_forward(capsys: Any) -> None:
    """The same rows, on PostgreSQL at the release's schema revision (its migrations are the
    ones this code ships up to that revision), then migrated to the head."""
    name = "doorstep_upgrade_t"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        upgrade(url, MANIFEST["server"]["revision"])
        source = create_engine(f"sqlite:///{FIXTURES / 'server.db'}")
        target = make_engine(url, 1)
        meta = MetaData()
        meta.reflect(target)
        with source.connect() as src, target.begin() as dst:
            for table in reversed(meta.sorted_tables):  # rows the migrations seeded
                if table.name != "alembic_version":
                    dst.execute(table.delete())
            for table in meta.sorted_tables:
                if table.name == "alembic_version":
                    continue
                rows = [dict(r._mapping) for r in src.execute(select(table))]
                if rows:
                    dst.execute(insert(table), rows)
            for table in meta.sorted_tables:  # identity sequences after explicit ids
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement is True and pk[0].type.python_type is int:
                    dst.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'),"
                        f" coalesce((SELECT max(\"{pk[0].name}\") FROM \"{table.name}\"), 0) + 1,"
                        " false)"))  # fmt: skip
        source.dispose()
        target.dispose()
        assert _migrate(url, capsys)[0] == 0
        assert _counts_and_answers(url) == (
            MANIFEST["server"]["counts"],
            MANIFEST["server"]["answers"],
        )
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_database_from_a_newer_release_is_refused_and_untouched(
    tmp_path: Path, capsys: Any
) -> None:
    db = tmp_path / "server.db"
    shutil.copyfile(FIXTURES / "server.db", db)
    url = f"sqlite:///{db}"
    assert _migrate(url, capsys)[0] == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9001'")
    before = sha(db)
    code, err = _migrate(url, capsys)
    assert code == 3
    assert "revision 9001) is newer than this doorstep-server" in err
    assert "nothing was changed" in err
    assert "Traceback" not in err
    assert sha(db) == before


def _pg_snapshot(url: str) -> tuple[list[tuple[str, str, str]], str]:
    """Every table's columns and types, and the recorded revision: what a run could change."""
    engine = make_engine(url, 1)
    try:
        with engine.connect() as conn:
            query = text(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = 'public' ORDER BY 1, 2"
            )
            columns = [(r[0], r[1], r[2]) for r in conn.execute(query)]
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()
    return columns, str(revision)


def test_a_postgresql_database_from_a_newer_release_is_refused_and_untouched(
    capsys: Any,
) -> None:
    name = "doorstep_upgrade_newer_t"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    try:
        assert _migrate(url, capsys)[0] == 0
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as conn:
            conn.execute("UPDATE alembic_version SET version_num = '9001'")
        before = _pg_snapshot(url)
        assert before[1] == "9001"
        code, err = _migrate(url, capsys)
        assert code == 3
        assert "revision 9001) is newer than this doorstep-server" in err
        assert "Traceback" not in err
        assert _pg_snapshot(url) == before
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
