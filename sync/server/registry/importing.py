"""Importing one department extract: the whole file or nothing, then matching.

Rows are checked one by one with the county's column mapping (`forms.registry_rows`) and written
as they are checked, inside one transaction: by COPY on PostgreSQL (psycopg 3's `cursor.copy`;
a million rows is one statement) and by executemany in chunks on SQLite, so a large file never
sits in memory. One bad row and the transaction is rolled back at the end, with every bad line
and its reason in the error (the first `MAX_LISTED`). A file that went in replaces the county's
previous extract of the same source (its rows and findings go); the import is recorded with its
source, extract date and row counts, and the county's households are matched against it.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from forms.registry_check import CheckDefinition, CheckDefinitionError, load_check
from forms.registry_rows import Layout, LayoutError, RowProblem, is_blank

from ..audit import audit
from ..changes.numbering import emit
from ..models import County, RegistryExtract, RegistryFinding, RegistryRow, utcnow
from .matching import MatchReport, match
from .reading import FileUnreadable, open_table

MAX_LISTED = 1000
_CHUNK = 5000
_COLUMNS = ("extract_id", "line", "county_code", "source", "id_number", "kind", "on_date",
            "amount", "village_code")  # fmt: skip


@dataclass(frozen=True)
class BadLine:
    line: int
    reason: str
    message: str


class RegistryImportError(ValueError):
    """The file was refused whole; `problems` lists its bad lines (at most MAX_LISTED)."""

    def __init__(self, message: str, problems: list[BadLine] | None = None, total: int = 0):
        self.problems = problems or []
        self.total = total or len(self.problems)
        super().__init__(message)


@dataclass
class ImportReport:
    extract_id: uuid.UUID
    source: str
    extracted_on: date
    rows_read: int
    rows_kept: int
    rows_blank: int
    replaced: list[uuid.UUID] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    match: MatchReport = field(default_factory=MatchReport)

    def summary(self) -> dict[str, Any]:
        return {
            "extract_id": str(self.extract_id),
            "source": self.source,
            "extracted_on": self.extracted_on.isoformat(),
            "rows_read": self.rows_read,
            "rows_kept": self.rows_kept,
            "rows_blank": self.rows_blank,
            "replaced": [str(r) for r in self.replaced],
            "missing_columns": self.missing_columns,
            "findings": self.match.findings,
            "flags_opened": self.match.opened,
            "flags_closed": self.match.closed,
        }


class _Writer:
    """Rows into `registry_row` as they come: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, session: Session) -> None:
        self.conn = session.connection()
        self.pg = self.conn.dialect.name == "postgresql"
        self.pending: list[dict[str, Any]] = []
        self._copy: Any = None
        self._context: Any = None
        self._cursor: Any = None
        if self.pg:
            raw = self.conn.connection.driver_connection
            assert raw is not None
            names = ", ".join(_COLUMNS)
            self._cursor = raw.cursor()
            self._context = self._cursor.copy(f"COPY registry_row ({names}) FROM STDIN")
            self._copy = self._context.__enter__()

    def write(self, values: tuple[Any, ...]) -> None:
        if self.pg:
            self._copy.write_row(values)
            return
        self.pending.append(dict(zip(_COLUMNS, values, strict=True)))
        if len(self.pending) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.conn.execute(insert(RegistryRow), self.pending)
            self.pending = []

    def close(self, ok: bool) -> None:
        if self.pg:
            if ok:
                self._context.__exit__(None, None, None)
            else:  # abandon the COPY: the transaction rolls back anyway
                # the copy reports its own abort; the caller raises the refusal
                with contextlib.suppress(Exception):
                    self._context.__exit__(RuntimeError, RuntimeError("refused"), None)
            self._cursor.close()
        elif ok:
            self.flush()


def _checked(
    layout: Layout, rows: Iterator[tuple[int, tuple[Any, ...]]], today: date
) -> Iterator[tuple[int, tuple[Any, ...] | BadLine | None]]:
    values = layout.values
    id_at = layout.positions["id_number"]
    for line, cells in rows:
        # a row with its ID number cell filled is not blank: skip the blank test for it
        if not (id_at < len(cells) and cells[id_at]) and is_blank(cells):
            yield line, None
            continue
        try:
            yield line, values(cells, today)
        except RowProblem as exc:
            yield line, BadLine(line, exc.reason, str(exc))


def import_extract(
    session: Session,
    county: str,
    source: str,
    data: bytes,
    *,
    extracted_on: date | None = None,
    actor: str = "",
    user_id: uuid.UUID | None = None,
    check: CheckDefinition | None = None,
) -> ImportReport:
    """Import inside the caller's transaction; `RegistryImportError` (nothing kept) if refused."""
    if session.get(County, county) is None:
        raise RegistryImportError(f"county {county} is not known to this server")
    try:
        check = check or load_check(county)
        src = check.source(source)
    except CheckDefinitionError as exc:
        raise RegistryImportError(str(exc)) from None
    today = date.today()
    extracted_on = extracted_on or today
    if extracted_on > today:
        raise RegistryImportError(f"the extract date {extracted_on} is in the future")
    try:
        table = open_table(data)
        layout = Layout.from_headings(src, table.headings)
    except (FileUnreadable, LayoutError) as exc:
        raise RegistryImportError(f"the file was not imported: {exc}") from None

    extract_id = uuid.uuid4()
    writer = _Writer(session)
    bad: list[BadLine] = []
    total_bad = read = kept = blank = 0
    ok = False
    try:
        try:
            for line, row in _checked(layout, table.rows, today):
                if row is None:
                    blank += 1
                    continue
                read += 1
                if isinstance(row, BadLine):
                    total_bad += 1
                    if len(bad) < MAX_LISTED:
                        bad.append(row)
                    continue
                if total_bad:
                    continue  # refused already: only look for further bad lines
                kept += 1
                writer.write((extract_id, line, county, source, *row))
        except FileUnreadable as exc:
            raise RegistryImportError(f"the file was not imported: {exc}") from None
        ok = total_bad == 0
    finally:
        writer.close(ok)
    if total_bad:
        raise RegistryImportError(
            f"the file was not imported: {total_bad} bad row(s) of {read}", bad, total_bad
        )
    if kept == 0:
        raise RegistryImportError("the file was not imported: it holds no rows")

    old = list(
        session.scalars(
            select(RegistryExtract.id).where(
                RegistryExtract.county_code == county,
                RegistryExtract.source == source,
                RegistryExtract.state == "current",
            )
        )
    )
    if old:
        drop_extracts(session, old, "replaced")
    session.add(
        RegistryExtract(
            id=extract_id,
            county_code=county,
            source=source,
            definition_version=check.version,
            extracted_on=extracted_on,
            imported_by=actor[:100],
            file_sha256=hashlib.sha256(data).hexdigest(),
            rows_read=read,
            rows_kept=kept,
            rows_blank=blank,
        )
    )
    session.flush()
    report = ImportReport(extract_id, source, extracted_on, read, kept, blank, old,
                          layout.missing())  # fmt: skip
    # the source's findings went with its replaced extract (and a new one has none yet)
    report.match = match(session, check, county, sources=[source], cleared=True)
    audit(
        session,
        "registry.import",
        entity_kind="registry_extract",
        entity_id=extract_id,
        user_id=user_id,
        detail={**report.summary(), "actor": actor[:100]},
    )
    emit(session, report.match.changes)  # the change counter last
    return report


def drop_extracts(session: Session, ids: list[uuid.UUID], state: str) -> None:
    """Remove extracts' rows and findings; their import records stay, marked `state`."""
    session.execute(delete(RegistryFinding).where(RegistryFinding.extract_id.in_(ids)))
    session.execute(delete(RegistryRow).where(RegistryRow.extract_id.in_(ids)))
    session.execute(
        update(RegistryExtract)
        .where(RegistryExtract.id.in_(ids))
        .values(state=state, ended_at=utcnow())
        .execution_options(synchronize_session=False)
    )
