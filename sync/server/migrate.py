"""Alembic, run programmatically from inside the package (`doorstep-server migrate`).

Behind a load balancer the migrations run once, from `doorstep-server migrate`, before the nodes
start; each node then checks that the database's schema is the one its code was written for
(`schema_problem`) and refuses to serve an older or a newer one.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    cfg.set_main_option(
        "file_template",
        "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s",
    )
    return cfg


class SchemaTooNewError(RuntimeError):
    """The database was migrated by a newer release: this code must not touch it."""


def upgrade(database_url: str, revision: str = "head") -> None:
    """Migrate forward; a database from a newer release is refused before anything runs (a
    downgrade is never attempted: the newer release's migrations are not in this code)."""
    # a plain engine: the server's own turns on WAL as it connects, which would write to a
    # database this code is about to refuse
    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    if current is not None and not _known(current):
        raise SchemaTooNewError(
            f"the database's schema (revision {current}) is newer than this doorstep-server "
            f"(revision {head_revision()}): nothing was changed; install the release that "
            "migrated it (downgrades are not supported)"
        )
    command.upgrade(alembic_config(database_url), revision)


def _known(revision: str) -> bool:
    try:
        return _script().get_revision(revision) is not None
    except Exception:  # alembic raises for a revision it has never heard of
        return False


def head_revision(database_url: str = "sqlite://") -> str | None:
    return _script().get_current_head()


@functools.cache
def _script() -> ScriptDirectory:
    # The migrations shipped with this code: the same for the life of the process.
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_current(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def schema_problem(engine: Engine) -> str | None:
    """Why this code must not serve the database, in words for the operator; None when the
    schema is exactly the code's."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return None
    if current is None:
        return "the database has no schema yet: run `doorstep-server migrate` first"
    if not _known(current):
        return (
            f"the database's schema (revision {current}) is newer than this doorstep-server "
            f"(revision {head}): upgrade this node to the release that migrated it"
        )
    return (
        f"the database's schema (revision {current}) is older than this doorstep-server "
        f"(revision {head}): run `doorstep-server migrate` once, then start the nodes"
    )
