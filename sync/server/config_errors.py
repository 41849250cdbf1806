"""Configuration mistakes said in one or two lines: which setting, what is wrong, how to give it.

The server's settings come from `DOORSTEP_*` environment variables (some also from a flag), and
pydantic's report of a bad one is a dump with a link to pydantic's documentation; a database URL
SQLAlchemy cannot use ends in a traceback. County IT reads neither well at a terminal. These
functions turn both into a line per problem that names the environment variable or flag, so the
commands can print it and exit with status 2 instead.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

# Settings that a flag can give too, besides their environment variable.
FLAGS = {"database_url": "--database-url"}


def _how(field: str) -> str:
    env = f"DOORSTEP_{field.upper()}"
    return f"{env} (or {FLAGS[field]})" if field in FLAGS else env


def _plain(kind: str, ctx: dict[str, object], message: str) -> str:
    if kind.startswith("int_"):
        return "expected a whole number"
    if kind.startswith("bool_"):
        return "expected 1 or 0 (true or false)"
    if kind == "greater_than_equal":
        return f"expected at least {ctx.get('ge')}"
    text = message[:1].lower() + message[1:]
    return text.replace("input should be", "expected")


def settings_problem(exc: ValidationError) -> str:
    """One line per invalid setting, e.g. `DOORSTEP_MAX_BATCH_BYTES is 'abc': expected a whole
    number`."""
    lines = []
    for error in exc.errors(include_url=False):
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        loc = [str(part) for part in error.get("loc", ())]
        if not loc:  # a rule across settings (the secret key): its message names the variable
            lines.append(message)
            continue
        field = loc[0]
        text = _plain(str(error.get("type", "")), error.get("ctx") or {}, message)
        value = error.get("input")
        shown = f" is {value!r}" if isinstance(value, str | int) else ""
        lines.append(f"{_how(field)}{shown}: {text}")
    return "\n".join(lines)


def _shown_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url if "@" not in url else "(a URL with credentials)"


def database_problem(exc: SQLAlchemyError, url: str) -> str:
    """What is wrong with the database URL or the database it names, and where to change it."""
    where = f"--database-url or DOORSTEP_DATABASE_URL (now {_shown_url(url)})"
    if isinstance(exc, ArgumentError | NoSuchModuleError):
        return (
            f"not a database URL the server can use: {where}\n"
            "e.g. postgresql://user@host/doorstep or sqlite:///doorstep-server.db"
        )
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    first = (str(original).strip().splitlines() or [type(original).__name__])[0]
    if "no such table" in first or "does not exist" in first and "relation" in first:
        return f"the database has no tables yet ({first}): run `doorstep-server migrate` first"
    return f"cannot use the database: {first}\ncheck {where}"
