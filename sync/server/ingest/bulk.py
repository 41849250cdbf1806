"""Many rows into one table at once, inside the caller's transaction, at the lowest cost.

PostgreSQL gets `COPY ... FROM STDIN`: one short statement however many rows, formatted by
psycopg's C code. The alternatives cost more than the rest of a batch's SQL together: a
multi-VALUES INSERT of a hundred rows is a new long query text each time, which psycopg splits
and converts in Python (it caches only short queries), and the ORM's bulk insert issues one
statement per run of rows whose set of non-NULL keys differs (households and surveys alternate in
the changes feed, so that was one statement per row). SQLite gets a Core executemany, which its
driver runs in C.

Rows are dicts keyed by column name. A column missing from a row gets the column's Python-side
default (scalar or callable, evaluated per row) or NULL; an autoincrement key left out of every
row is left to the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import orjson
from sqlalchemy import JSON, Column, Table, TypeDecorator
from sqlalchemy.orm import Session


def _table(target: Any) -> Table:
    table = getattr(target, "__table__", target)
    assert isinstance(table, Table)
    return table


def _default(column: Column[Any]) -> Callable[[], Any] | None:
    default = column.default
    if default is None:
        return None
    if getattr(default, "is_scalar", False):
        value = default.arg  # type: ignore[attr-defined]
        return lambda: value
    if getattr(default, "is_callable", False):
        fn = default.arg  # type: ignore[attr-defined]
        return lambda: fn(None)  # SQLAlchemy wraps plain callables to take a context
    return None


def fill_defaults(target: Any, rows: Sequence[dict[str, Any]]) -> list[Column[Any]]:
    """Complete every row in place with the Python-side defaults; return the columns to write."""
    table = _table(target)
    present: set[str] = set()
    for row in rows:
        present.update(row)
    columns: list[Column[Any]] = []
    for column in table.columns:
        make = _default(column)
        if column.key not in present and make is None:
            continue  # NULL or left to the database (an autoincrement key)
        columns.append(column)
        for row in rows:
            if column.key not in row:
                row[column.key] = make() if make is not None else None
    return columns


def insert_rows(session: Session, target: Any, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    table = _table(target)
    columns = fill_defaults(table, rows)
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        conn.execute(table.insert(), list(rows))
        return
    dialect = conn.dialect
    # JSON goes in as text (JSONB parses it; None is JSON null, as the JSON type stores it);
    # decorated types (UTC timestamps) through their own bind step; the rest through psycopg.
    convert: list[Callable[[Any], Any] | None] = []
    for c in columns:
        if isinstance(c.type, JSON):
            convert.append(_json)
        elif isinstance(c.type, TypeDecorator):
            convert.append(partial(c.type.process_bind_param, dialect=dialect))
        else:
            convert.append(None)
    plan = [(c.key, f) for c, f in zip(columns, convert, strict=True)]
    names = ", ".join(f'"{c.name}"' for c in columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[k] if f is None else f(row[k]) for k, f in plan])


def _json(value: Any) -> str:
    # orjson: a survey's answers and its stored version are two of the larger values of a
    # batch, and json.dumps of them was about 5 % of a worker's CPU while ingesting. (Batches
    # with NaN or Infinity, which orjson would write as null, are refused when decoded.)
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
