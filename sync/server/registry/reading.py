"""Reading a department's file: xlsx through openpyxl (read-only, values only) or CSV.

A file is recognised by its first bytes (a zip is a workbook), not by its name, since files
come over the API without one. CSV is read as UTF-8 (with or without BOM) or, failing that,
GB 18030, which is what spreadsheets saved on Chinese Windows give. The first non-empty row
holds the headings; lines are counted as a person sees them in the file (the heading row is
usually line 1), so a bad row can be found again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


class FileUnreadable(ValueError):
    """The bytes are neither a workbook nor text a CSV reader can take."""


@dataclass
class Table:
    headings: list[Any]
    heading_line: int
    rows: Iterator[tuple[int, tuple[Any, ...]]]  # (line, cells)


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileUnreadable("the file is neither a workbook nor UTF-8 / GB 18030 text")


def _first(rows: Iterator[tuple[int, tuple[Any, ...]]]) -> Table:
    for line, cells in rows:
        if any(c not in (None, "") for c in cells):
            return Table(list(cells), line, rows)
    raise FileUnreadable("the file has no heading row")


def open_table(data: bytes) -> Table:
    if data[:4] == b"PK\x03\x04":
        return _first(_xlsx_rows(data))
    text = _csv_text(data)
    if "\x00" in text:
        raise FileUnreadable("the file holds NUL characters: it is not CSV text")
    reader = csv.reader(io.StringIO(text, newline=""))
    return _first((reader.line_num, tuple(row)) for row in reader)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged zip or workbook: openpyxl raises many kinds
        raise FileUnreadable(f"the workbook cannot be read ({type(exc).__name__})") from None
    try:
        sheet = book.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        book.close()
