"""Opening an XLSForm workbook safely and reading its sheets as rows of {column: text}.

Everything that makes a file unreadable ends here in one `WorkbookError` with a one-line reason
a county IT officer can act on: an empty file, a damaged one, an old `.xls`, a workbook saved
with a password, one too large to be a form, or a cell holding a spreadsheet formula (its value
would be whatever Excel computed last, which a form must not depend on). Headers are read as
pyxform reads them: case and surrounding spaces do not matter, the usual aliases are accepted,
and `label::English (en)`, `label:English` and plain `label` are told apart by `split_header`.
Choice lists shipped beside the form (`select_one_from_file villages.csv`) are read here too.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

MAX_FILE_BYTES = 20 * 1024 * 1024  # a form with 100,000 choices is a few megabytes
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # what the zip may inflate to (no zip bombs)
MAX_ROWS = 200_000  # per sheet
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an old .xls, or an encrypted .xlsx
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")

# pyxform's spellings of the columns this converter reads, after lower-casing.
HEADER_ALIASES = {
    "list name": "list_name",
    "value": "name",
    "caption": "label",
    "calculate": "calculation",
    "constraint message": "constraint_message",
    "jr:constraintmsg": "constraint_message",
    "required message": "required_message",
    "jr:requiredmsg": "required_message",
    "choice filter": "choice_filter",
    "repeat count": "repeat_count",
    "jr:count": "repeat_count",
    "count": "repeat_count",
    "read only": "read_only",
    "readonly": "read_only",
    "guidance hint": "guidance_hint",
    "image": "media::image",
    "audio": "media::audio",
    "video": "media::video",
}


class WorkbookError(Exception):
    """The file cannot be read as a workbook; `str()` is one line saying why."""


@dataclass
class Sheet:
    """A sheet as a header and rows of {column: text}, with 1-based Excel row numbers."""

    name: str
    header: list[str]
    rows: list[tuple[Any, ...]]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        header = self.header
        for offset, row in enumerate(self.rows):
            record = {h: text for h, v in zip(header, row, strict=False) if h and (text := cell(v))}
            if record:
                yield offset + 2, record


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def normal_header(text: str) -> str:
    """A column header as the converter knows it: lower case, single spaces, aliases resolved.

    The language part of `label::English (en)` keeps its case (it names a language)."""
    text = " ".join(str(text).split())
    base, sep, rest = _split_base(text)
    base = base.strip().lower()
    base = HEADER_ALIASES.get(base, base)
    return f"{base}{sep}{rest.strip()}" if sep else base


def _split_base(text: str) -> tuple[str, str, str]:
    if "::" in text:
        return text.partition("::")
    # `label:English`, the older form; not `jr:constraintMsg` (a name, not a language)
    if ":" in text and not text.lower().startswith(("jr:", "bind:", "body:", "instance:")):
        base, _, rest = text.partition(":")
        return base, "::", rest
    return text, "", ""


def split_header(column: str) -> tuple[str, str | None]:
    """('label', 'English (en)') for 'label::English (en)', ('label', None) for 'label'."""
    base, sep, rest = column.partition("::")
    if base == "media" and sep:  # media::image::English (en)
        kind, _, language = rest.partition("::")
        return f"media::{kind}", language or None
    return base, (rest or None) if sep else None


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            tail = handle.read(65536) if head == _OLE_MAGIC else b""
    except OSError as error:
        raise WorkbookError(f"cannot read the file: {error.strerror or error}") from None
    if size == 0:
        raise WorkbookError("the file is empty")
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"the file is {size / 1048576:.0f} MB; a form workbook is at most "
            f"{MAX_FILE_BYTES // 1048576} MB"
        )
    if head == _OLE_MAGIC:
        if _ENCRYPTED_MARK in tail:
            raise WorkbookError(
                "the workbook is protected with a password: save a copy without one"
            )
        raise WorkbookError("this is an old .xls workbook: save it as .xlsx (Excel 2007 or later)")
    if not zipfile.is_zipfile(path):
        raise WorkbookError("not an .xlsx workbook (the file is damaged or of another kind)")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise WorkbookError("not an .xlsx workbook (the file is damaged)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError("the workbook unpacks to more than a form can hold")


def read_workbook(path: Path) -> dict[str, Sheet]:
    """The sheets by lower-cased name; raises `WorkbookError` with a one-line reason."""
    _check_file(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot parse
        raise WorkbookError(
            f"not an .xlsx workbook (the file is damaged: {type(error).__name__})"
        ) from None
    sheets: dict[str, Sheet] = {}
    try:
        for ws in workbook.worksheets:
            rows: list[tuple[Any, ...]] = []
            for r_index, row in enumerate(ws.iter_rows(), start=1):
                if r_index > MAX_ROWS + 1:
                    raise WorkbookError(
                        f"sheet {ws.title} has more than {MAX_ROWS:,} rows; a form has fewer"
                    )
                values = []
                for c_index, item in enumerate(row, start=1):
                    if getattr(item, "data_type", None) == "f":
                        where = f"{get_column_letter(c_index)}{r_index}"
                        raise WorkbookError(
                            f"sheet {ws.title}, cell {where} holds a formula: "
                            "paste it as a value (a form cannot depend on what Excel computed)"
                        )
                    values.append(getattr(item, "value", None))
                rows.append(tuple(values))
            while rows and not any(cell(v) for v in rows[-1]):
                rows.pop()
            header = [normal_header(cell(h)) if cell(h) else "" for h in rows[0]] if rows else []
            sheets[ws.title.strip().lower()] = Sheet(ws.title, header, rows[1:])
    except WorkbookError:
        raise
    except Exception as error:
        raise WorkbookError(
            f"not an .xlsx workbook (the file is damaged: {type(error).__name__})"
        ) from None
    finally:
        workbook.close()
    if not any(sheet.header for sheet in sheets.values()):
        raise WorkbookError("the workbook is empty")
    return sheets


def read_choice_file(path: Path) -> Sheet:
    """A CSV or XLSX of choices shipped beside the form; `WorkbookError` if it cannot be read."""
    if not path.is_file():
        raise WorkbookError(f"{path.name} is not beside the form")
    if path.suffix.lower() == ".csv":
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise WorkbookError(f"{path.name} is too large for a choice list")
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkbookError(f"{path.name} is not UTF-8 text") from None
        except OSError as error:
            raise WorkbookError(f"cannot read {path.name}: {error.strerror}") from None
        rows = [tuple(row) for row in csv.reader(io.StringIO(text))]
        if len(rows) > MAX_ROWS + 1:
            raise WorkbookError(f"{path.name} has more than {MAX_ROWS:,} rows")
        header = [normal_header(h) if h.strip() else "" for h in rows[0]] if rows else []
        return Sheet(path.name, header, rows[1:])
    if path.suffix.lower() == ".xlsx":
        sheets = read_workbook(path)
        first = next(iter(sheets.values()))
        return Sheet(path.name, first.header, first.rows)
    raise WorkbookError(f"{path.name}: choices from a file are read from .csv or .xlsx")


_LANG_IN_PARENS = re.compile(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)\)\s*$")
LANGUAGE_NAMES = {
    "english": "en", "chinese": "zh", "中文": "zh", "简体中文": "zh", "汉语": "zh", "french": "fr",
    "français": "fr", "spanish": "es", "español": "es", "portuguese": "pt", "arabic": "ar",
    "swahili": "sw", "kiswahili": "sw", "hindi": "hi", "russian": "ru", "tibetan": "bo",
    "uyghur": "ug", "mongolian": "mn", "default": "und",
}  # fmt: skip


def language_code(name: str) -> str | None:
    """'en' for 'English (en)', 'English' or 'en'; None when it cannot be told."""
    match = _LANG_IN_PARENS.search(name)
    if match:
        return match.group(1).lower().replace("_", "-")
    text = name.strip().lower()
    if text in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[text]
    if re.fullmatch(r"[a-z]{2,3}(?:-[a-z]{2,4})?", text):
        return text
    return None
