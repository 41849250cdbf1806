"""Alembic environment: the server's metadata, compare_type on, batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from sync.server.db import is_sqlite
from sync.server.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url") or ""
    connectable = create_engine(url, poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            render_as_batch=is_sqlite(url),
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
