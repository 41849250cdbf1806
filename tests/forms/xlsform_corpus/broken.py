"""Workbooks that must be refused, with the exact reasons (sheet, row and column)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.forms.xlsform_corpus.model import Broken


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _damaged(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 this was cut off in an e-mail")


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"type,name,label\ntext,a,A\n")


def _password(path: Path) -> None:
    # What Excel writes for a workbook saved with a password: an OLE compound file holding the
    # encrypted package and an EncryptionInfo stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 1024)


def _old_xls(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)


def _oversized(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (201 * 1024 * 1024))


def _formula(path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    sheet.append(["integer", "a", '=CONCAT("A", 1)'])
    book.save(path)


def _blank(path: Path) -> None:
    book = Workbook()
    book.save(path)


BROKEN: list[Broken] = [
    Broken("empty_file", [("", "the file is empty")], raw=_empty),
    Broken(
        "damaged",
        [("", "not an .xlsx workbook (the file is damaged or of another kind)")],
        raw=_damaged,
    ),
    Broken(
        "csv_renamed",
        [("", "not an .xlsx workbook (the file is damaged or of another kind)")],
        raw=_not_a_zip,
    ),
    Broken(
        "password",
        [("", "the workbook is protected with a password: save a copy without one")],
        raw=_password,
    ),
    Broken(
        "old_xls",
        [("", "this is an old .xls workbook: save it as .xlsx (Excel 2007 or later)")],
        raw=_old_xls,
    ),
    Broken(
        "oversized", [("", "the file is 21 MB; a form workbook is at most 20 MB")], raw=_oversized
    ),
    Broken("zip_bomb", [("", "the workbook unpacks to more than a form can hold")], raw=_zip_bomb),
    Broken(
        "formula",
        [
            (
                "",
                "sheet survey, cell C2 holds a formula: paste it as a value (a form cannot depend on what Excel computed)",
            )
        ],
        raw=_formula,
    ),
    Broken("blank_workbook", [("", "the workbook is empty")], raw=_blank),
    Broken(
        "no_survey_sheet",
        [("", "an XLSForm needs a survey sheet")],
        choices=[["list_name", "name", "label"], ["a", "b", "c"]],
    ),
    Broken(
        "structure",
        [
            ("sheet survey, row 2, column type", "'txt' is not a question type"),
            (
                "sheet survey, row 3, column type",
                "choice list 'colours' is not on the choices sheet",
            ),
            ("sheet survey, row 4, column name", "a question needs a name"),
            (
                "sheet survey, row 6, column name",
                "name 'b' is used twice (also row 5); Doorstep needs each name once in a form",
            ),
            (
                "sheet survey, row 7, column name",
                "name '2nd' is not an XML name (letters, digits, _, - and ., starting with a letter or _)",
            ),
            (
                "sheet survey, row 8, column type",
                "'end repeat' does not close an open group or repeat",
            ),
            ("sheet survey, row 9, column type", "the group that begins here is never closed"),
        ],
        survey=[
            ["type", "name", "label"],
            ["txt", "a", "A"],
            ["select_one colours", "c", "C"],
            ["integer", "", "Nameless"],
            ["text", "b", "B"],
            ["text", "b", "B again"],
            ["text", "2nd", "Second"],
            ["end repeat", "", ""],
            ["begin group", "g", "G"],
            ["text", "inside", "Inside"],
        ],
    ),
    Broken(
        "expressions",
        [
            ("sheet survey, row 3, column relevant", "no question is named ${ag}"),
            (
                "sheet survey, row 4, column constraint",
                "expression not understood (expected ')' or ',', found 'end of expression'): selected(., 'a'",
            ),
            (
                "sheet survey, row 5, column calculation",
                "paths such as /data/x or .. are not read; use ${name}: /data/age + 1",
            ),
            ("sheet survey, row 6, column calculation", "a calculate needs a calculation"),
        ],
        survey=[
            ["type", "name", "label", "relevant", "constraint", "calculation"],
            ["integer", "age", "Age", "", "", ""],
            ["text", "why", "Why", "${ag} > 3", "", ""],
            ["text", "what", "What", "", "selected(., 'a'", ""],
            ["calculate", "next_year", "", "", "", "/data/age + 1"],
            ["calculate", "empty", "", "", "", ""],
        ],
    ),
    Broken(
        "choices_and_filters",
        [
            (
                "sheet survey, row 3, column choice_filter",
                "Doorstep reads filters of the form column = ${question} (or = 'text'), joined by and: selected(${d}, name)",
            ),
            ("sheet survey, row 4, column type", "missing.csv is not beside the form"),
            ("sheet survey, row 5, column type", "or_other cannot go with a choice_filter"),
            (
                "sheet choices, row 3, column name",
                "choice 'n' appears twice in list 'd' (also row 2); set allow_choice_duplicates or give it another name",
            ),
            ("sheet choices, row 4, column list_name", "a choice needs a list_name and a name"),
        ],
        survey=[
            ["type", "name", "label", "choice_filter"],
            ["select_one d", "d", "D", ""],
            ["select_one p", "p", "P", "selected(${d}, name)"],
            ["select_one_from_file missing.csv", "m", "M", ""],
            ["select_one p or_other", "q", "Q", "d=${d}"],
        ],
        choices=[
            ["list_name", "name", "label", "d"],
            ["d", "n", "North", ""],
            ["d", "n", "North again", ""],
            ["", "s", "South", ""],
            ["p", "x", "X", "n"],
        ],
    ),
]
