"""The shape of a corpus workbook, and writing it as a real .xlsx.

Each workbook is a compact table (`Book`): its sheets as rows, any choice files shipped beside it,
answers that must validate, answers that must not (with the paths and codes of the problems),
and the notes the import must list. `BROKEN` holds workbooks that must be refused, with the
exact reasons. `write(book, folder)` makes the real `.xlsx` (and CSV/XLSX choice files) with
openpyxl, so the importer reads what a county would hand over.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook

Rows = list[list[Any]]


@dataclass
class Book:
    name: str
    survey: Rows
    choices: Rows | None = None
    settings: Rows | None = None
    sheets: dict[str, Rows] = field(default_factory=dict)  # any other sheets
    files: dict[str, Rows] = field(default_factory=dict)  # choice files beside the workbook
    valid: list[dict[str, Any]] = field(default_factory=list)
    invalid: list[tuple[dict[str, Any], list[tuple[str, str]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # exactly the import's itemized list
    languages: list[str] | None = None
    label: tuple[str, str] | None = None  # (question, label shown in the form's own language)
    # (answers the filter reads, the cascading question, how many choices it then offers)
    cascade: tuple[dict[str, str], str, int] | None = None
    nested: tuple[str, str] | None = None  # (outer repeat, inner repeat)


@dataclass
class Broken:
    name: str
    refused: list[tuple[str, str]]  # (where, reason), exactly
    survey: Rows | None = None
    choices: Rows | None = None
    settings: Rows | None = None
    files: dict[str, Rows] = field(default_factory=dict)
    raw: Callable[[Path], None] | None = None  # writes a file that is not a normal workbook


def write(book: Book | Broken, folder: Path) -> Path:
    """The workbook as an .xlsx in `folder` (with its choice files); returns its path."""
    path = folder / f"{book.name}.xlsx"
    if isinstance(book, Broken) and book.raw is not None:
        book.raw(path)
        return path
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    sheets: dict[str, Rows | None] = {
        "survey": book.survey,
        "choices": book.choices,
        "settings": book.settings,
        **(book.sheets if isinstance(book, Book) else {}),
    }
    for name, rows in sheets.items():
        if rows is None:
            continue
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    for filename, rows in book.files.items():
        target = folder / filename
        if filename.endswith(".csv"):
            with target.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows(rows)
        else:
            extra = Workbook()
            sheet = extra.active
            assert sheet is not None
            for row in rows:
                sheet.append(row)
            extra.save(target)
    return path
