"""Converting an XLSForm workbook (survey, choices, settings sheets) to Doorstep's definition format.

Supports the subset the household-survey style of form needs: text, integer, decimal, date,
select_one/select_multiple, note, calculate, image (photo, or signature with `appearance:
signature`), begin/end group and repeat, and Doorstep's own types (money, id_number, phone,
signature, photo) in the type column; columns label, hint, required, required_message, relevant,
constraint, constraint_message, calculation, appearance, default, with `::Language (code)` columns
for translations. Top-level groups become sections; questions outside any group are collected in
sections named `main`. Everything else — a type, a column, a function, a sheet — is listed in
`unsupported` with the sheet, row and column, never silently dropped. The definition is not
loaded here: pass it to `forms.registry.form_from_json`, which checks it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from forms.errors import ExpressionError, FormDefinitionError
from forms.functions import KNOWN_FUNCTIONS
from forms.syntax import Call, Node, parse, references

SURVEY_COLUMNS = frozenset(
    {"type", "name", "label", "hint", "required", "required_message", "relevant", "constraint",
     "constraint_message", "calculation", "appearance", "default"}
)  # fmt: skip
TRANSLATED = frozenset({"label", "hint", "required_message", "constraint_message"})
EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "required")
SIMPLE_TYPES = {
    "text": "text", "integer": "integer", "int": "integer", "decimal": "decimal", "date": "date",
    "note": "note", "calculate": "calculate", "image": "photo", "photo": "photo",
    "money": "money", "id_number": "id_number", "phone": "phone", "signature": "signature",
}  # fmt: skip
LANGUAGE_NAMES = {"english": "en", "chinese": "zh", "中文": "zh", "简体中文": "zh", "汉语": "zh"}
_LANG_IN_PARENS = re.compile(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z]{2,4})?)\)\s*$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class XlsFormResult:
    """The converted definition and a readable line for everything that was not converted."""

    definition: dict[str, Any]
    unsupported: list[str] = field(default_factory=list)


def _language(label: str) -> str | None:
    match = _LANG_IN_PARENS.search(label)
    if match:
        return match.group(1).lower().replace("_", "-")
    name = label.strip().lower()
    if name in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[name]
    if re.fullmatch(r"[a-z]{2,3}", name):
        return name
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Sheet:
    """A sheet as a header and rows of {column: text}, with 1-based Excel row numbers."""

    def __init__(self, name: str, rows: list[tuple[Any, ...]]) -> None:
        self.name = name
        self.header = [_cell(h) for h in rows[0]] if rows else []
        self.rows = rows[1:]

    def records(self) -> Iterator[tuple[int, dict[str, str]]]:
        for offset, row in enumerate(self.rows):
            record = {h: _cell(v) for h, v in zip(self.header, row, strict=False) if h}
            if any(record.values()):
                yield offset + 2, record


class _Converter:
    def __init__(self, sheets: dict[str, _Sheet]) -> None:
        self.sheets = sheets
        self._notes: list[tuple[tuple[str, int], str]] = []
        self.languages: list[str] = []
        self.default_language = "zh"
        self.names: set[str] = set()

    def note(self, sheet: str, row: int | None, column: str | None, text: str) -> None:
        where = (
            f"sheet {sheet}"
            + (f", row {row}" if row else "")
            + (f", column {column}" if column else "")
        )
        self._notes.append(((sheet, row or 0), f"{where}: {text}"))

    @property
    def unsupported(self) -> list[str]:
        """Readable lines, by sheet and then by row (whole-column notes first)."""
        return [text for _key, text in sorted(self._notes, key=lambda note: note[0])]

    def split_column(self, sheet: str, column: str) -> tuple[str, str | None] | None:
        """('label', 'zh') for 'label::中文 (zh)', ('label', None) for 'label'; None if unreadable."""
        if "::" not in column:
            return column.strip(), None
        base, _, language = column.partition("::")
        code = _language(language)
        if code is None:
            self.note(
                sheet, None, column, f"language {language!r} has no code; write it as 'Name (code)'"
            )
            return None
        if code not in self.languages:
            self.languages.append(code)
        return base.strip(), code

    def texts(self, sheet: str, record: dict[str, str], base: str) -> dict[str, str] | None:
        out: dict[str, str] = {}
        for column, value in record.items():
            split = self.split_column(sheet, column) if value else None
            if split and split[0] == base:
                out[split[1] or self.default_language] = value
        return out or None

    def settings(self) -> dict[str, str]:
        sheet = self.sheets.get("settings")
        if sheet is None:
            return {}
        for _row, record in sheet.records():
            return record
        return {}

    def convert(self) -> dict[str, Any]:
        settings = self.settings()
        default = settings.get("default_language", "")
        if default:
            code = _language(default)
            if code is None:
                self.note(
                    "settings",
                    2,
                    "default_language",
                    f"cannot tell the language code of {default!r}",
                )
            else:
                self.default_language = code
        self.languages.append(self.default_language)
        for name in self.sheets:
            if name not in ("survey", "choices", "settings"):
                self.note(name, None, None, "sheet is not read")
        for column in settings:
            if (
                column not in ("form_id", "version", "form_title", "default_language")
                and settings[column]
            ):
                self.note("settings", 2, column, "setting not supported")
        choices = self.choice_lists()
        sections = self.survey(choices)
        form_id = (
            re.sub(r"[^a-z0-9_-]+", "-", settings.get("form_id", "").lower()).strip("-")
            or "imported-form"
        )
        version_text = settings.get("version", "1")
        version = int(version_text) if version_text.isdigit() and int(version_text) > 0 else 1
        if not (version_text.isdigit() and int(version_text) > 0):
            self.note(
                "settings", 2, "version", f"version {version_text!r} is not a whole number: using 1"
            )
        title = settings.get("form_title") or form_id
        self.drop_unknown_references(sections)
        return {
            "id": form_id,
            "version": version,
            "title": {self.default_language: title},
            "languages": self.languages,
            "default_language": self.default_language,
            "choices": choices,
            "sections": sections,
        }

    def choice_lists(self) -> dict[str, list[dict[str, Any]]]:
        sheet = self.sheets.get("choices")
        lists: dict[str, list[dict[str, Any]]] = {}
        if sheet is None:
            return lists
        for column in sheet.header:
            split = self.split_column("choices", column) if column else None
            if split and split[0] not in ("list_name", "list name", "name", "label"):
                self.note("choices", None, column, "column not supported (choice filters are not)")
        for row, record in sheet.records():
            list_name = record.get("list_name") or record.get("list name", "")
            value = record.get("name", "")
            if not list_name or not value:
                self.note("choices", row, None, "a choice needs list_name and name")
                continue
            label = self.texts("choices", record, "label") or {self.default_language: value}
            lists.setdefault(list_name, []).append({"value": value, "label": label})
        return lists

    def survey(self, choices: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
        sheet = self.sheets.get("survey")
        if sheet is None:
            raise FormDefinitionError("survey", [("", "an XLSForm needs a survey sheet")])
        for column in sheet.header:
            split = self.split_column("survey", column) if column else None
            if split and split[0] not in SURVEY_COLUMNS:
                self.note("survey", None, column, "column not supported; its values are ignored")
        sections: list[dict[str, Any]] = []
        # a stack of open containers: (kind, the list their fields go into)
        stack: list[tuple[str, list[dict[str, Any]]]] = []
        loose: list[dict[str, Any]] | None = None
        for row, record in sheet.records():
            kind = " ".join(record.get("type", "").split())
            words = (
                kind.replace("_", " ").split()
                if kind.startswith(("begin", "end"))
                else kind.split()
            )
            if words[:1] == ["begin"] and words[1:] in (["group"], ["repeat"]):
                item = self.question(row, record, words[1], choices)
                item["fields"] = []
                if not stack and words[1] == "group":
                    section = {
                        k: v
                        for k, v in item.items()
                        if k in ("name", "label", "hint", "relevant", "fields")
                    }
                    sections.append(section)
                    loose = None
                else:
                    self.container(stack, sections, loose, item)
                    if not stack:
                        loose = sections[-1]["fields"]
                stack.append((words[1], item["fields"]))
                continue
            if words[:1] == ["end"]:
                if not stack or words[1:] != [stack[-1][0]]:
                    self.note(
                        "survey", row, "type", f"{kind!r} does not close an open group or repeat"
                    )
                    continue
                stack.pop()
                continue
            base = words[0] if words else ""
            if base in ("select_one", "select_multiple") and len(words) == 2:
                if words[1] not in choices:
                    self.note(
                        "survey",
                        row,
                        "type",
                        f"choice list {words[1]!r} is not on the choices sheet",
                    )
                    continue
                item = self.question(row, record, base, choices)
                item["choices"] = words[1]
            elif kind in SIMPLE_TYPES:
                doorstep = SIMPLE_TYPES[kind]
                if doorstep == "photo" and record.get("appearance", "").strip() == "signature":
                    doorstep = "signature"
                item = self.question(row, record, doorstep, choices)
            else:
                self.note(
                    "survey",
                    row,
                    "type",
                    f"type {kind!r} is not supported; question {record.get('name', '')!r} skipped",
                )
                continue
            target = stack[-1][1] if stack else None
            if target is None:
                if loose is None:
                    name = (
                        "main"
                        if not any(s["name"] == "main" for s in sections)
                        else f"main_{len(sections) + 1}"
                    )
                    sections.append(
                        {"name": name, "label": {self.default_language: name}, "fields": []}
                    )
                    loose = sections[-1]["fields"]
                target = loose
            target.append(item)
        if stack:
            self.note("survey", None, "type", f"{len(stack)} group(s) or repeat(s) never closed")
        return sections

    def container(
        self,
        stack: list[tuple[str, list[dict[str, Any]]]],
        sections: list[dict[str, Any]],
        loose: list[dict[str, Any]] | None,
        item: dict[str, Any],
    ) -> None:
        if stack:
            stack[-1][1].append(item)
            return
        if loose is None:
            sections.append(
                {"name": f"{item['name']}_section", "label": item.get("label", {}), "fields": []}
            )
            loose = sections[-1]["fields"]
        loose.append(item)

    def question(
        self, row: int, record: dict[str, str], kind: str, choices: dict[str, Any]
    ) -> dict[str, Any]:
        name = record.get("name", "")
        if not _NAME.fullmatch(name):
            self.note("survey", row, "name", f"name {name!r} is not letters, digits and _")
        self.names.add(name)
        item: dict[str, Any] = {"name": name, "type": kind}
        for column in ("label", "hint", "required_message", "constraint_message"):
            texts = self.texts("survey", record, column)
            if texts:
                item[column] = texts
        if "label" not in item and kind not in ("calculate",):
            item["label"] = {self.default_language: name}
        for column in ("relevant", "constraint", "calculation"):
            source = record.get(column, "")
            if source and self.expression_ok(row, column, source):
                item["calculate" if column == "calculation" else column] = source
        required = record.get("required", "").strip()
        if required.lower() in ("yes", "true", "true()", "1"):
            item["required"] = True
        elif (
            required
            and required.lower() not in ("no", "false", "false()", "0")
            and self.expression_ok(row, "required", required)
        ):
            item["required"] = required
        if record.get("appearance"):
            item["appearance"] = record["appearance"]
        if record.get("default"):
            item["default"] = record["default"]
        if kind == "calculate" and "calculate" not in item:
            item["calculate"] = "''"
        item["_row"] = row
        return item

    def expression_ok(self, row: int, column: str, source: str) -> bool:
        try:
            node = parse(source)
        except ExpressionError as error:
            self.note(
                "survey", row, column, f"expression not understood ({error.reason}): {source}"
            )
            return False
        unknown = sorted(name for name in _calls(node) if name not in KNOWN_FUNCTIONS)
        if unknown:
            listed = ", ".join(f"{name}()" for name in unknown)
            self.note(
                "survey",
                row,
                column,
                f"function {listed} not supported; expression dropped: {source}",
            )
            return False
        return True

    def drop_unknown_references(self, sections: list[dict[str, Any]]) -> None:
        known = self.names | {s["name"] for s in sections}

        def visit(fields: list[dict[str, Any]]) -> None:
            for item in fields:
                row = item.pop("_row", None)
                for key in ("relevant", "constraint", "calculate", "required"):
                    source = item.get(key)
                    if isinstance(source, str):
                        missing = sorted(references(parse(source)) - known)
                        if missing:
                            refs = ", ".join(f"${{{m}}}" for m in missing)
                            column = "calculation" if key == "calculate" else key
                            self.note(
                                "survey", row, column, f"unknown field {refs}; expression dropped"
                            )
                            item[key] = "''" if key == "calculate" else None
                            if item[key] is None:
                                del item[key]
                visit(item.get("fields", []))

        for section in sections:
            source = section.get("relevant")
            if isinstance(source, str) and references(parse(source)) - known:
                self.note(
                    "survey",
                    None,
                    "relevant",
                    f"unknown field in group relevance; dropped: {source}",
                )
                del section["relevant"]
            visit(section["fields"])


def _calls(node: Node) -> Iterator[str]:
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Call):
            yield item.name
            stack.extend(item.args)
        elif hasattr(item, "operand"):
            stack.append(item.operand)
        elif hasattr(item, "left"):
            stack.extend((item.left, item.right))


def convert_xlsform(path: str | Path) -> XlsFormResult:
    """Convert an `.xlsx` XLSForm; raises `FormDefinitionError` if the file cannot be read at all."""
    file = Path(path)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not a workbook
        raise FormDefinitionError(str(file), [("", f"not an .xlsx workbook: {error}")]) from None
    try:
        sheets = {
            ws.title.strip().lower(): _Sheet(
                ws.title, [tuple(r) for r in ws.iter_rows(values_only=True)]
            )
            for ws in workbook.worksheets
        }
    finally:
        workbook.close()
    converter = _Converter(sheets)
    try:
        definition = converter.convert()
    except FormDefinitionError as error:
        raise FormDefinitionError(str(file), error.problems) from None
    return XlsFormResult(definition, converter.unsupported)
