"""Converting an XLSForm workbook (survey, choices, settings sheets) to Doorstep's definition format.

Workbooks are read the way pyxform reads them (`forms.xlsform_reading`: headers and types in any
case, `label::English (en)`, `label:English` and plain `label`, `settings.default_language`), so a
form written for ODK Collect or KoboToolbox imports as its author wrote it. Every workbook gets one
of two outcomes. Imported: `XlsFormResult.unsupported` lists, row by row, everything converted
differently or left out (a barcode typed in, a geopoint skipped, a sheet not read). Refused:
`XlsFormRefused` carries every reason with its sheet, row and column, so the author fixes the
workbook in one round (an unknown type, a choice list that does not exist, a reference to a
question that does not exist, a name used twice, a group never closed). A file that cannot be
read at all is refused with one line (`forms.xlsform_reading.WorkbookError`). Top-level groups
become sections; questions outside any group are collected in sections named `main`. Cascading
selects keep the choice columns their `choice_filter` reads; `select_one_from_file` reads the
CSV or XLSX beside the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.errors import ExpressionError, FormDefinitionError
from forms.form import Form
from forms.functions import KNOWN_FUNCTIONS
from forms.syntax import calls, parse, references
from forms.xlsform_choices import ConverterBase, _where
from forms.xlsform_reading import (
    WorkbookError,
    language_code,
    read_workbook,
    split_header,
)
from forms.xlsform_types import (
    CHANGED,
    EXTERNAL,
    METADATA,
    NOT_CAPTURED,
    SAME,
    control,
)

SURVEY_COLUMNS = frozenset(
    {"type", "name", "label", "hint", "required", "required_message", "relevant", "constraint",
     "constraint_message", "calculation", "appearance", "default", "choice_filter",
     "repeat_count", "trigger", "parameters"}
)  # fmt: skip
SETTINGS_READ = frozenset({"form_id", "version", "form_title", "default_language"})
SETTINGS_IGNORED = frozenset({"instance_name", "style", "public_key", "submission_url"})
_NAME = re.compile(r"[^\W\d][\w.-]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class XlsFormRefused(FormDefinitionError):
    """The workbook cannot become a form: `problems` holds (sheet/row/column, reason) pairs."""


@dataclass
class XlsFormResult:
    """The converted definition and a readable line for everything converted differently."""

    definition: dict[str, Any]
    unsupported: list[str] = field(default_factory=list)


@dataclass
class ImportedXlsForm:
    """A workbook that became a form: the form, its definition and the itemized notes."""

    form: Form
    definition: dict[str, Any]
    notes: list[str]


class _Converter(ConverterBase):
    def read_languages(self, settings: dict[str, str]) -> None:
        """The form's languages from every translated column; the default one first."""
        translated: list[str] = []
        plain_texts: list[str] = []
        for sheet_name in ("survey", "choices"):
            sheet = self.sheets.get(sheet_name)
            if sheet is None:
                continue
            for index, column in enumerate(sheet.header):
                if not column:
                    continue
                base, language = split_header(column)
                if language is None:
                    if base == "label":
                        plain_texts.extend(
                            str(row[index]) for row in sheet.rows[:200] if len(row) > index
                        )
                    continue
                code = language_code(language)
                if code is None:
                    self.note(
                        sheet_name,
                        None,
                        column,
                        f"cannot tell the language code of {language!r}: write it as "
                        f"'{language} (code)'; column ignored",
                    )
                elif code not in translated:
                    translated.append(code)
        default = settings.get("default_language", "")
        code = language_code(default) if default else None
        if default and code is None:
            self.note(
                "settings", 2, "default_language", f"cannot tell the language code of {default!r}"
            )
        if code is None:
            has_plain = any(s.strip() for s in plain_texts if s != "None")
            if has_plain:
                # pyxform calls untagged columns "default"; Chinese text here is Chinese.
                code = "zh" if any(_CJK.search(s) for s in plain_texts) else "und"
            else:
                code = translated[0] if translated else "zh"
        self.default_language = code
        self.languages = [code, *(c for c in translated if c != code)]

    # --- settings --------------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        sheet = self.sheets.get("settings")
        if sheet is None:
            return {}
        for _row, record in sheet.records():
            return record
        return {}

    def convert(self) -> dict[str, Any]:
        settings = self.settings()
        self.read_languages(settings)
        for name, sheet in self.sheets.items():
            if name in ("survey", "choices", "settings"):
                continue
            if name == "entities":
                self.note(sheet.name, None, None, "entities are not supported; sheet not read")
            elif name == "external_choices":
                self.note(sheet.name, None, None, "external choices are not supported; not read")
            else:
                self.note(sheet.name, None, None, "sheet is not read")
        for column, value in settings.items():
            if column in SETTINGS_READ or not value:
                continue
            if column in SETTINGS_IGNORED:
                self.note("settings", 2, column, "not used by Doorstep; ignored")
            elif column != "allow_choice_duplicates":
                self.note("settings", 2, column, "setting not supported; ignored")
        self.read_choices(settings.get("allow_choice_duplicates", "").lower() in ("yes", "true"))
        sections = self.survey()
        self.settle_choice_lists()
        raw_id = settings.get("form_id", "")
        form_id = (
            re.sub(r"[^a-z0-9_-]+", "-", (raw_id or self.stem).lower()).strip("-")
            or "imported-form"
        )
        if raw_id and form_id != raw_id:
            self.note("settings", 2, "form_id", f"form id {raw_id!r} is used as {form_id!r}")
        version_text = settings.get("version", "1")
        valid = version_text.isdigit() and 0 < int(version_text) < 2**53
        if not valid:
            self.note(
                "settings", 2, "version", f"version {version_text!r} is not a whole number: using 1"
            )
        title = settings.get("form_title") or raw_id or form_id
        self.fill_default_texts(sections)
        return {
            "id": form_id,
            "version": int(version_text) if valid else 1,
            "title": {self.default_language: title},
            "languages": self.languages,
            "default_language": self.default_language,
            "choices": {k: v for k, v in self.choices.items() if v},
            "sections": sections,
        }

    def fill_default_texts(self, sections: list[dict[str, Any]]) -> None:
        """A text missing in the default language is shown in another one (as ODK falls back)."""
        default = self.default_language
        filled = 0

        def fill(texts: Any) -> None:
            nonlocal filled
            if isinstance(texts, dict) and texts and default not in texts:
                texts[default] = next(iter(texts.values()))
                filled += 1

        for section in sections:
            fill(section.get("label"))
        for item in _items(sections):
            for key in ("label", "hint", "required_message", "constraint_message"):
                fill(item.get(key))
        for options in self.choices.values():
            for option in options:
                fill(option.get("label"))
        if filled:
            self.note(
                "settings",
                None,
                "default_language",
                f"{filled} text(s) have no {default!r} version: another language is shown",
            )

    # --- survey ----------------------------------------------------------------------------

    def survey(self) -> list[dict[str, Any]]:
        sheet = self.sheets.get("survey")
        if sheet is None or not sheet.header:
            raise XlsFormRefused("survey", [("", "an XLSForm needs a survey sheet")])
        for column in sheet.header:
            if not column:
                continue
            base, language = split_header(column)
            if base in SURVEY_COLUMNS:
                continue
            if base.startswith("media::"):
                self.note("survey", None, column, "pictures and sounds in questions are not shown")
            elif base == "guidance_hint":
                self.note("survey", None, column, "guidance hints are not shown")
            elif base not in ("read_only",):
                self.note("survey", None, column, "column not supported; its values are ignored")
        if "name" not in sheet.header:
            raise XlsFormRefused(
                "survey", [("sheet survey", "the survey sheet has no name column")]
            )
        sections: list[dict[str, Any]] = []
        # open containers: (kind, row where it began, the list their fields go into)
        stack: list[tuple[str, int, list[dict[str, Any]]]] = []
        loose: list[dict[str, Any]] | None = None
        for row, record in sheet.records():
            kind = " ".join(record.get("type", "").split())
            if not kind:
                if record.get("name") or any(k.startswith("label") for k in record):
                    self.refuse("survey", row, "type", "a question needs a type")
                continue
            ctl = control(kind)
            if ctl is not None and ctl[0] == "begin":
                item = self.question(row, record, ctl[1])
                if item is None:
                    continue
                item["fields"] = []
                if ctl[1] == "repeat":
                    self.repeat_extras(row, record, item)
                if not stack and ctl[1] == "group":
                    section = {
                        k: v for k, v in item.items() if k in ("name", "label", "hint", "relevant")
                    }
                    section["fields"] = item["fields"]
                    section.setdefault("label", {self.default_language: item["name"]})
                    sections.append(section)
                    loose = None
                else:
                    if stack:
                        stack[-1][2].append(item)
                    else:
                        if loose is None:
                            loose = self.loose_section(sections)
                        loose.append(item)
                stack.append((ctl[1], row, item["fields"]))
                continue
            if ctl is not None:
                if not stack or stack[-1][0] != ctl[1]:
                    self.refuse(
                        "survey", row, "type", f"{kind!r} does not close an open group or repeat"
                    )
                    continue
                _kind, begun, fields = stack.pop()
                if not fields:
                    self.refuse("survey", begun, "type", f"the {ctl[1]} has no questions")
                continue
            item = self.typed_question(row, record, kind)
            if item is None:
                continue
            if stack:
                target = stack[-1][2]
            else:
                if loose is None:
                    loose = self.loose_section(sections)
                target = loose
            target.append(item)
            extra = item.pop("_also", None)
            if extra is not None:
                target.append(extra)
        for kind, begun, _fields in stack:
            self.refuse("survey", begun, "type", f"the {kind} that begins here is never closed")
        if not sections:
            raise XlsFormRefused("survey", [("sheet survey", "the survey sheet has no questions")])
        self.check_expressions(sections)
        return [s for s in sections if s["fields"]]

    def loose_section(self, sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
        name = "main"
        while name in self.names or any(s["name"] == name for s in sections):
            name = f"main_{len(sections) + 1}" if name == "main" else f"{name}_"
        self.names[name] = 0
        sections.append({"name": name, "label": {self.default_language: name}, "fields": []})
        fields: list[dict[str, Any]] = sections[-1]["fields"]
        return fields

    def typed_question(self, row: int, record: dict[str, str], kind: str) -> dict[str, Any] | None:
        lowered = kind.lower()
        words = lowered.split()
        name = record.get("name", "")
        if lowered in METADATA:
            self.note(
                "survey", row, "type", f"{lowered} is recorded by Doorstep itself; row left out"
            )
            return None
        if lowered == "today":  # the metadata row becomes the calculation it stands for
            item = self.question(row, {**record, "calculation": "today()"}, "calculate")
            if item is not None:
                item["datatype"] = "date"
            return item
        if lowered in NOT_CAPTURED:
            self.note(
                "survey",
                row,
                "type",
                f"{lowered} questions cannot be captured on a laptop; {name!r} left out",
            )
            return None
        if lowered.startswith(EXTERNAL):
            self.refuse("survey", row, "type", f"{words[0]} needs external_choices: not supported")
            return None
        or_other = words[-1] == "or_other"
        if or_other:
            words = words[:-1]
        select_kind, list_name = self.select_of(row, record, words)
        if select_kind is not None:
            if list_name is None:
                return None
            item = self.question(row, record, select_kind)
            if item is None:
                return None
            item["choices"] = list_name
            filter_text = record.get("choice_filter", "")
            if filter_text:
                self.choice_filter(row, item, list_name, filter_text)
            if or_other:
                self.add_other(row, item)
            return item
        if or_other:
            self.refuse("survey", row, "type", "or_other goes with select_one or select_multiple")
            return None
        joined = " ".join(words)
        if joined in SAME:
            doorstep = SAME[joined]
            if doorstep == "photo" and "signature" in record.get("appearance", "").split():
                doorstep = "signature"
            return self.question(row, record, doorstep)
        if joined in CHANGED:
            doorstep, why = CHANGED[joined]
            self.note("survey", row, "type", f"{joined}: {why}")
            return self.question(row, record, doorstep)
        self.refuse("survey", row, "type", f"{kind!r} is not a question type")
        return None

    def repeat_extras(self, row: int, record: dict[str, str], item: dict[str, Any]) -> None:
        count = record.get("repeat_count", "")
        if count:
            item["repeat_count"] = count
            self.note(
                "survey",
                row,
                "repeat_count",
                "the cadre adds the rows; a survey is complete with exactly that many",
            )

    def question(self, row: int, record: dict[str, str], kind: str) -> dict[str, Any] | None:
        name = record.get("name", "")
        if not name:
            self.refuse("survey", row, "name", "a question needs a name")
            return None
        if not _NAME.fullmatch(name):
            self.refuse(
                "survey",
                row,
                "name",
                f"name {name!r} is not an XML name (letters, digits, _, - and ., "
                "starting with a letter or _)",
            )
            return None
        if name in self.names:
            self.refuse(
                "survey",
                row,
                "name",
                f"name {name!r} is used twice (also row {self.names[name]}); Doorstep needs "
                "each name once in a form",
            )
            return None
        self.names[name] = row
        item: dict[str, Any] = {"name": name, "type": kind}
        for column in ("label", "hint", "required_message", "constraint_message"):
            texts = self.texts("survey", record, column)
            if texts:
                item[column] = texts
        if "label" not in item and kind not in ("calculate",):
            item["label"] = {self.default_language: name}
            if kind not in ("group",):
                self.note("survey", row, "label", f"no label: the name {name!r} is shown")
        if any("${" in text for text in item.get("label", {}).values()):
            self.note("survey", row, "label", "answers are not filled into labels (${…} shown)")
        for column in ("relevant", "constraint", "calculation"):
            source = record.get(column, "")
            if not source:
                continue
            if column == "calculation" and kind != "calculate":
                self.note(
                    "survey",
                    row,
                    column,
                    "a calculation on a question is not run; the question is answered by hand",
                )
                continue
            if column == "constraint" and kind in ("group", "repeat", "note", "calculate"):
                self.note("survey", row, column, f"a {kind} has no constraint; ignored")
                continue
            item["calculate" if column == "calculation" else column] = source
        required = record.get("required", "").strip()
        if required.lower() in ("yes", "true", "true()", "1", "y"):
            if kind not in ("group", "note", "calculate"):
                item["required"] = True
        elif required and required.lower() not in ("no", "false", "false()", "0", "n"):
            item["required"] = required
        if record.get("appearance"):
            item["appearance"] = record["appearance"]
        if record.get("default"):
            if kind in ("group", "repeat", "note", "calculate"):
                self.note("survey", row, "default", f"a {kind} has no default; ignored")
            else:
                item["default"] = record["default"]
        if record.get("trigger"):
            self.note(
                "survey",
                row,
                "trigger",
                "recalculated whenever what it reads changes, not only when "
                f"{record['trigger']} does",
            )
        if record.get("read_only", "").lower() in ("yes", "true", "true()"):
            self.note("survey", row, "read_only", "read_only is not kept: the cadre may answer")
        if kind == "calculate" and "calculate" not in item:
            self.refuse("survey", row, "calculation", "a calculate needs a calculation")
            return None
        item["_row"] = row
        self.rows[row] = item
        return item

    # --- expressions -----------------------------------------------------------------------

    def check_expressions(self, sections: list[dict[str, Any]]) -> None:
        known = set(self.names)
        for section in sections:
            source = section.get("relevant")
            if isinstance(source, str):
                fixed = self.expression(self.names.get(section["name"]), "relevant", source, known)
                if fixed is None:
                    del section["relevant"]
                else:
                    section["relevant"] = fixed
        for item in _items(sections):
            row = item.get("_row")
            for key in ("relevant", "constraint", "calculate", "required", "repeat_count"):
                source = item.get(key)
                if not isinstance(source, str):
                    continue
                column = "calculation" if key == "calculate" else key
                fixed = self.expression(row, column, source, known)
                if fixed is None:
                    item.pop(key, None)
                    if key == "calculate":
                        item["calculate"] = "''"
                else:
                    item[key] = fixed

    def expression(self, row: Any, column: str, source: str, known: set[str]) -> str | None:
        text = re.sub(r"position\(\s*\.\.\s*\)", "position()", source)
        if "/" in text.replace("${", "").split("'")[0] or ".." in text:
            self.refuse(
                "survey",
                row,
                column,
                f"paths such as /data/x or .. are not read; use ${{name}}: {source}",
            )
            return None
        try:
            node = parse(text)
        except ExpressionError as error:
            self.refuse(
                "survey", row, column, f"expression not understood ({error.reason}): {source}"
            )
            return None
        missing = sorted(references(node) - known)
        if missing:
            refs = ", ".join(f"${{{m}}}" for m in missing)
            self.refuse("survey", row, column, f"no question is named {refs}")
            return None
        unknown = sorted({name for name in calls(node) if name not in KNOWN_FUNCTIONS})
        if unknown:
            listed = ", ".join(f"{name}()" for name in unknown)
            self.note(
                "survey",
                row,
                column,
                f"function {listed} not supported; expression left out: {source}",
            )
            return None
        return text


def _items(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    stack = [item for section in reversed(sections) for item in reversed(section["fields"])]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(reversed(item.get("fields", [])))


def _rows_by_path(sections: list[dict[str, Any]]) -> dict[str, int]:
    """The loader's path of each field (`sections[0].fields[2]`) -> its survey row."""
    out: dict[str, int] = {}

    def visit(fields: list[dict[str, Any]], path: str) -> None:
        for index, item in enumerate(fields):
            here = f"{path}.fields[{index}]"
            row = item.pop("_row", None)
            if row:
                out[here] = row
            visit(item.get("fields", []), here)

    for index, section in enumerate(sections):
        visit(section["fields"], f"sections[{index}]")
    return out


def _convert(path: Path) -> tuple[XlsFormResult, dict[str, int]]:
    try:
        sheets = read_workbook(path)
    except WorkbookError as error:
        raise XlsFormRefused(path.name, [("", str(error))]) from None
    converter = _Converter(sheets, path.parent, path.stem)
    try:
        definition = converter.convert()
    except XlsFormRefused as error:
        raise XlsFormRefused(path.name, [*converter.refusals, *error.problems]) from None
    if converter.refusals:
        raise XlsFormRefused(path.name, converter.refusals)
    rows = _rows_by_path(definition["sections"])
    return XlsFormResult(definition, converter.unsupported), rows


def convert_xlsform(path: str | Path) -> XlsFormResult:
    """Convert an `.xlsx` XLSForm; raises `XlsFormRefused` with every reason it cannot."""
    result, _rows = _convert(Path(path))
    return result


def import_xlsform(path: str | Path) -> ImportedXlsForm:
    """Convert and build the form, so what the engine refuses is named by sheet and row too."""
    from forms.registry import form_from_json

    file = Path(path)
    result, rows = _convert(file)
    try:
        form = form_from_json(result.definition)
    except FormDefinitionError as error:
        problems: list[tuple[str, str]] = []
        for where, text in error.problems:
            field_path = re.match(r"sections\[\d+\](?:\.fields\[\d+\])*", where)
            row = rows.get(field_path.group(0)) if field_path else None
            problems.append((_where("survey", row, None) if row else where, text))
        raise XlsFormRefused(file.name, problems) from None
    return ImportedXlsForm(form, form.to_json(), result.unsupported)
