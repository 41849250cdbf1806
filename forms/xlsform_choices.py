"""The part of the XLSForm converter that keeps the outcome and reads choices.

`ConverterBase` collects the itemized notes (converted differently, left out) and the refusals,
each with its sheet, row and column; reads text columns in the form's languages; and reads the
choices: the choices sheet, the CSV or XLSX beside a workbook (`select_one_from_file`), cascading
filters (`choice_filter`, kept as the choice columns they read) and `or_other`. `forms.xlsform`
builds the survey on it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from forms.xlsform_reading import (
    Sheet,
    WorkbookError,
    language_code,
    read_choice_file,
    split_header,
)
from forms.xlsform_types import FROM_FILE, SELECT_MULTIPLE, SELECT_ONE

CHOICE_COLUMNS = frozenset({"list_name", "name", "label"})
_FILTER_TERM = re.compile(
    r"\s*(?:([^\W\d][\w.-]*)\s*=\s*(\$\{[^}]+\}|'[^']*'|\"[^\"]*\")"
    r"|(\$\{[^}]+\})\s*=\s*([^\W\d][\w.-]*))\s*"
)
_OTHER_LABELS = {"zh": "其他", "en": "Other"}
_SPECIFY_LABELS = {"zh": "请注明其他", "en": "Specify other"}


def _where(sheet: str, row: int | None, column: str | None) -> str:
    return (
        f"sheet {sheet}"
        + (f", row {row}" if row else "")
        + (f", column {column}" if column else "")
    )


class ConverterBase:
    def __init__(self, sheets: dict[str, Sheet], folder: Path | None, stem: str = "") -> None:
        self.sheets = sheets
        self.folder = folder
        self.stem = stem  # the workbook's file name: the form id when settings name none
        self._notes: list[tuple[tuple[int, str, int], str]] = []
        self._refusals: list[tuple[tuple[int, str, int], str, str]] = []
        self.languages: list[str] = []
        self.default_language = "zh"
        self.names: dict[str, int] = {}  # name -> survey row
        self.rows: dict[int, dict[str, Any]] = {}  # survey row -> the item made from it
        self.choices: dict[str, list[dict[str, Any]]] = {}
        self.choice_rows: dict[str, int] = {}
        self.filter_columns: dict[str, set[str]] = {}  # list -> the columns filters read
        self.choice_columns: dict[str, dict[str, set[str]]] = {}  # list -> extra columns seen
        self.labels_of_choices: dict[str, str] = {}

    # --- outcome ---------------------------------------------------------------------------

    @staticmethod
    def _key(sheet: str, row: int | None) -> tuple[int, str, int]:
        order = {"settings": 0, "survey": 1, "choices": 2}.get(sheet, 3)
        return (order, sheet, row or 0)

    def note(self, sheet: str, row: int | None, column: str | None, text: str) -> None:
        self._notes.append((self._key(sheet, row), f"{_where(sheet, row, column)}: {text}"))

    def refuse(self, sheet: str, row: int | None, column: str | None, text: str) -> None:
        self._refusals.append((self._key(sheet, row), _where(sheet, row, column), text))

    @property
    def unsupported(self) -> list[str]:
        return [text for _key, text in sorted(self._notes, key=lambda n: n[0])]

    @property
    def refusals(self) -> list[tuple[str, str]]:
        return [(where, text) for _k, where, text in sorted(self._refusals, key=lambda r: r[0])]

    # --- languages -------------------------------------------------------------------------

    def language_of(self, sheet: str, column: str) -> tuple[str, str] | None:
        """('label', 'en') for 'label::English (en)', ('label', default) for 'label'."""
        base, language = split_header(column)
        if language is None:
            return base, self.default_language
        code = language_code(language)
        if code is None:
            return None
        return base, code

    def texts(self, sheet: str, record: dict[str, str], base: str) -> dict[str, str]:
        out: dict[str, str] = {}
        plain = ""
        for column, value in record.items():
            split = self.language_of(sheet, column)
            if split and split[0] == base:
                if split[1] == self.default_language and column == base:
                    plain = value
                else:
                    out[split[1]] = value
        if plain and self.default_language not in out:
            out[self.default_language] = plain
        return out

    # --- choices ---------------------------------------------------------------------------

    def read_choices(self, allow_duplicates: bool) -> None:
        sheet = self.sheets.get("choices")
        if sheet is None:
            return
        for column in sheet.header:
            if not column:
                continue
            base, _language = split_header(column)
            if base.startswith("media::"):
                self.note("choices", None, column, "choice pictures and sounds are not shown")
        self.read_choice_rows(sheet, "choices", None, allow_duplicates)

    def read_choice_rows(
        self, sheet: Sheet, sheet_name: str, only_list: str | None, allow_duplicates: bool
    ) -> None:
        seen: dict[tuple[str, str, tuple[tuple[str, str], ...]], int] = {}
        for row, record in sheet.records():
            list_name = only_list or record.get("list_name", "")
            value = record.get("name", "")
            if not list_name and not value:
                continue
            if not list_name or not value:
                missing = "list_name" if not list_name else "name"
                self.refuse(sheet_name, row, missing, "a choice needs a list_name and a name")
                continue
            label = self.texts(sheet_name, record, "label") or {self.default_language: value}
            extra = {
                column: text
                for column, text in record.items()
                if split_header(column)[1] is None
                and column not in CHOICE_COLUMNS
                and not column.startswith("media::")
            }
            key = (list_name, value, tuple(sorted(extra.items())))
            if key in seen and not allow_duplicates:
                self.refuse(
                    sheet_name,
                    row,
                    "name",
                    f"choice {value!r} appears twice in list {list_name!r} (also row "
                    f"{seen[key]}); set allow_choice_duplicates or give it another name",
                )
                continue
            if key in seen:
                self.note(sheet_name, row, "name", f"duplicate choice {value!r} left out")
                continue
            seen[key] = row
            choice: dict[str, Any] = {"value": value, "label": label}
            if extra:
                choice["filter"] = extra
            self.choices.setdefault(list_name, []).append(choice)
            self.choice_rows.setdefault(list_name, row)

    def settle_choice_lists(self) -> None:
        """Keep only the choice columns some filter reads, so a definition stays small."""
        for list_name, options in self.choices.items():
            used = self.filter_columns.get(list_name, set())
            for option in options:
                extra = option.pop("filter", None)
                if extra and used:
                    kept = {k: v for k, v in extra.items() if k in used}
                    if kept:
                        option["filter"] = kept

    def choices_from_file(self, row: int, filename: str, parameters: str) -> str | None:
        """The list name of choices read from a file beside the workbook (the file's name)."""
        list_name = filename
        if list_name in self.choices:
            return list_name
        if self.folder is None or "/" in filename or "\\" in filename:
            self.refuse("survey", row, "type", f"{filename} must be beside the workbook")
            return None
        try:
            sheet = read_choice_file(self.folder / filename)
        except WorkbookError as error:
            self.refuse("survey", row, "type", str(error))
            return None
        params = dict(
            part.split("=", 1) for part in parameters.replace(",", " ").split() if "=" in part
        )
        value_column = params.get("value", "name").lower()
        label_column = params.get("label", "label").lower()
        if value_column not in sheet.header:
            self.refuse("survey", row, "type", f"{filename} has no column {value_column!r}")
            return None
        renamed = {value_column: "name", label_column: "label"}
        sheet.header = [renamed.get(h, h) for h in sheet.header]
        self.read_choice_rows(sheet, filename, list_name, allow_duplicates=False)
        if not self.choices.get(list_name):
            self.refuse("survey", row, "type", f"{filename} holds no choices")
            return None
        return list_name

    def select_of(
        self, row: int, record: dict[str, str], words: list[str]
    ) -> tuple[str | None, str | None]:
        """(select_one|select_multiple, list name or None if refused), or (None, None)."""
        text = " ".join(words)
        # the list name as written (list names are case-sensitive), without a trailing or_other
        written = record["type"].split()[: len(words)]
        last = written[-1] if written else ""
        for prefix, select_kind in FROM_FILE.items():
            if text.startswith(prefix + " "):
                return select_kind, self.choices_from_file(row, last, record.get("parameters", ""))
        for prefixes, select_kind in (
            (SELECT_ONE, "select_one"),
            (SELECT_MULTIPLE, "select_multiple"),
        ):
            for prefix in prefixes:
                if not (text.startswith(prefix + " ") or text == prefix):
                    continue
                if len(text[len(prefix) :].split()) != 1:
                    self.refuse("survey", row, "type", f"{select_kind} needs one choice list")
                    return select_kind, None
                if last not in self.choices:
                    self.refuse(
                        "survey", row, "type", f"choice list {last!r} is not on the choices sheet"
                    )
                    return select_kind, None
                return select_kind, last
        return None, None

    def choice_filter(self, row: int, item: dict[str, Any], list_name: str, text: str) -> None:
        terms: list[str] = []
        for part in re.split(r"\s+and\s+", text.strip()):
            match = _FILTER_TERM.fullmatch(part)
            if match is None:
                self.refuse(
                    "survey",
                    row,
                    "choice_filter",
                    "Doorstep reads filters of the form column = ${question} (or = 'text'), "
                    f"joined by and: {text}",
                )
                return
            column, value, ref, ref_column = match.groups()
            if ref is not None:
                column, value = ref_column, ref
            self.filter_columns.setdefault(list_name, set()).add(column)
            terms.append(f"{column} = {value}")
        used = self.filter_columns[list_name]
        present = {k for option in self.choices[list_name] for k in option.get("filter", {})}
        missing = sorted(used - present)
        if missing:
            self.refuse(
                "choices",
                self.choice_rows.get(list_name),
                ", ".join(missing),
                f"the choice filter of row {row} reads column(s) list {list_name!r} lacks",
            )
            return
        item["choice_filter"] = " and ".join(terms)

    def add_other(self, row: int, item: dict[str, Any]) -> None:
        if "choice_filter" in item:
            self.refuse("survey", row, "type", "or_other cannot go with a choice_filter")
            return
        base = item["choices"]
        list_name = f"{base}__or_other"
        if list_name not in self.choices:
            labels = {lang: _OTHER_LABELS.get(lang, "Other") for lang in self.languages}
            self.choices[list_name] = [
                *self.choices[base],
                {"value": "other", "label": labels},
            ]
        item["choices"] = list_name
        other_name = f"{item['name']}_other"
        if other_name in self.names:
            self.refuse("survey", row, "name", f"or_other needs the name {other_name!r} free")
            return
        self.names[other_name] = row
        condition = (
            f"${{{item['name']}}} = 'other'"
            if item["type"] == "select_one"
            else f"selected(${{{item['name']}}}, 'other')"
        )
        item["_also"] = {
            "name": other_name,
            "type": "text",
            "label": {lang: _SPECIFY_LABELS.get(lang, "Specify other") for lang in self.languages},
            "relevant": condition,
            "required": True,
            "_row": row,
        }
        self.note(
            "survey", row, "type", f"or_other: choice 'other' and question {other_name!r} added"
        )
