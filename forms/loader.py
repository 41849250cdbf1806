"""Building a `Form` from a definition (a dict read from YAML or JSON), checking everything.

Two passes: the first indexes every section and field name with its place (`sections[2].fields[5]`)
and enclosing repeat; the second builds the model, compiling each expression against that index so
that `${incme}` fails here, with the file and the path inside it. Every problem found is collected
and raised together in one `FormDefinitionError`, so an author fixes a definition in one round.
The accepted shape is published as JSON Schema in `forms/form-definition.schema.json`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from forms.engine import build_plan
from forms.errors import ExpressionError, FormDefinitionError
from forms.evaluator import Expression, Getter, Scope, compile_expression
from forms.form import Form
from forms.model import (
    CALCULATE_DATATYPES,
    FIELD_TYPES,
    Choice,
    ChoiceFilter,
    Field,
    Section,
)
from forms.values import PARENT_ROW, NodeSet

# Names as XML allows them (letters of any script, digits, _, - and .), so an XLSForm's names
# are kept exactly as written in the answers.
_NAME = re.compile(r"[^\W\d][\w.-]*")
# One term of a cascading select's filter: `column = ${field}` or `column = 'text'`.
_FILTER_TERM = re.compile(
    r"\s*([^\W\d][\w.-]*)\s*=\s*(?:\$\{([^\W\d][\w.-]*)\}|'([^']*)'|\"([^\"]*)\")\s*"
)
_FORM_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_LANG = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?")
FORM_KEYS = frozenset(
    {
        "$schema",
        "id",
        "version",
        "title",
        "description",
        "languages",
        "default_language",
        "choices",
        "sections",
    }
)
SECTION_KEYS = frozenset({"name", "label", "hint", "relevant", "fields"})
FIELD_KEYS = frozenset(
    {
        "name", "type", "label", "hint", "required", "required_message", "relevant", "constraint",
        "constraint_message", "calculate", "datatype", "choices", "fields", "min_count",
        "max_count", "appearance", "default", "choice_filter", "repeat_count",
    }
)  # fmt: skip


@dataclass(frozen=True)
class _Place:
    kind: str  # section, or the field type
    repeat: str | None
    path: str


class _Builder:
    def __init__(self, definition: Mapping[str, Any], file: str) -> None:
        self.definition = definition
        self.file = file
        self.problems: list[tuple[str, str]] = []
        self.places: dict[str, _Place] = {}
        self.languages: tuple[str, ...] = ("zh", "en")
        self.default_language = "zh"
        self.choice_lists: dict[str, tuple[Choice, ...]] = {}
        self.field_choices: dict[str, tuple[Choice, ...]] = {}  # question name -> its choices
        self.repeat_parent: dict[str, str | None] = {}  # repeat -> the repeat it sits in

    def problem(self, path: str, text: str) -> None:
        self.problems.append((path, text))

    # --- small readers -------------------------------------------------------------------

    def text(self, value: Any, path: str, *, required: bool = False) -> dict[str, str]:
        if value is None:
            if required:
                self.problem(path, "a label is required")
            return {}
        if isinstance(value, str):
            return {self.default_language: value}
        if not isinstance(value, Mapping):
            self.problem(path, "expected text or a mapping of language to text")
            return {}
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in self.languages:
                self.problem(f"{path}.{lang}", f"language {lang!r} is not in the form's languages")
            elif not isinstance(text, str):
                self.problem(f"{path}.{lang}", "expected text")
            else:
                out[lang] = text
        if required and self.default_language not in out:
            self.problem(path, f"no text in the default language {self.default_language!r}")
        return out

    def unknown_keys(self, item: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
        for key in item:
            if key not in allowed:
                self.problem(f"{path}.{key}" if path else str(key), "unknown key")

    def expression(self, source: Any, path: str, repeat: str | None) -> Expression | None:
        if source is None:
            return None
        if isinstance(source, bool):
            source = "true()" if source else "false()"
        if isinstance(source, int | float):
            source = str(source)
        if not isinstance(source, str):
            self.problem(path, "expected an expression (text)")
            return None
        try:
            return compile_expression(source, self.resolver(repeat), self.choice_label)
        except ExpressionError as error:
            where = f" at character {error.position + 1}" if error.position >= 0 else ""
            detail = (
                error.reason
                if error.reason.startswith("unknown field")
                else f"{error.reason}{where}: {source}"
            )
            self.problem(path, detail)
            return None

    def choice_label(self, question: str, value: str) -> str:
        """For jr:choice-name(): read when a survey is evaluated, once every field is built."""
        for choice in self.field_choices.get(question, ()):
            if choice.value == value:
                return choice.label(self.default_language)
        return value

    def ancestors(self, repeat: str | None) -> list[str]:
        """The repeats around `repeat`, innermost first (itself included)."""
        out: list[str] = []
        while repeat is not None:
            out.append(repeat)
            repeat = self.repeat_parent.get(repeat)
        return out

    def resolver(self, context_repeat: str | None) -> Any:
        def resolve(name: str, position: int) -> Getter:
            place = self.places.get(name)
            if place is None:
                raise ExpressionError(f"unknown field ${{{name}}}", "", position)
            if place.kind in ("section", "group"):
                raise ExpressionError(f"${{{name}}} is a {place.kind}, not a value", "", position)
            if place.kind == "repeat":
                if place.repeat is not None and place.repeat == context_repeat:
                    return _inner_rows_getter(name)  # this row's jobs, from a member's row
                return lambda scope: NodeSet(tuple(scope.rows.get(name, ())))
            if place.repeat is None:
                return lambda scope: scope.top.get(name)
            repeat = place.repeat
            if repeat == context_repeat:
                return _row_getter(name)
            around = self.ancestors(context_repeat)
            if repeat in around:  # a field of an outer row, read from an inner one
                return _outer_getter(name, around.index(repeat))
            if context_repeat is not None and self.repeat_parent.get(repeat) == context_repeat:
                return _inner_values_getter(name, repeat)  # the jobs' salaries of this member
            return lambda scope: NodeSet(tuple(row.get(name) for row in scope.rows.get(repeat, ())))

        return resolve

    # --- pass 1: names -------------------------------------------------------------------

    def index(self, sections: list[Any]) -> None:
        for s_index, section in enumerate(sections):
            path = f"sections[{s_index}]"
            if not isinstance(section, Mapping):
                continue
            self.claim(section.get("name"), _Place("section", None, path), path)
            self.index_fields(section.get("fields"), path, None)

    def index_fields(self, fields: Any, parent_path: str, repeat: str | None) -> None:
        if not isinstance(fields, list):
            return
        for f_index, item in enumerate(fields):
            path = f"{parent_path}.fields[{f_index}]"
            if not isinstance(item, Mapping):
                continue
            kind = item.get("type")
            kind = kind if isinstance(kind, str) else "?"
            self.claim(item.get("name"), _Place(kind, repeat, path), path)
            if kind in ("group", "repeat"):
                inner = item.get("name") if kind == "repeat" else repeat
                if kind == "repeat" and isinstance(inner, str):
                    self.repeat_parent[inner] = repeat
                self.index_fields(
                    item.get("fields"), path, inner if isinstance(inner, str) else None
                )

    def claim(self, name: Any, place: _Place, path: str) -> None:
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            self.problem(f"{path}.name", f"a name is letters, digits, _, - and . (got {name!r})")
            return
        if name in self.places:
            self.problem(
                f"{path}.name", f"duplicate name {name!r} (also at {self.places[name].path})"
            )
            return
        self.places[name] = place

    # --- pass 2: model -------------------------------------------------------------------

    def build(self) -> Form | None:
        d = self.definition
        if not isinstance(d, Mapping):
            self.problem("", "a form definition is a mapping")
            return None
        self.unknown_keys(d, FORM_KEYS, "")
        form_id = d.get("id")
        if not isinstance(form_id, str) or not _FORM_ID.fullmatch(form_id):
            self.problem("id", "expected an id of lower-case letters, digits, - and _")
        version = d.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.problem("version", "expected a whole number from 1")
        languages = d.get("languages", ["zh", "en"])
        if (
            not isinstance(languages, list)
            or not languages
            or not all(isinstance(x, str) and _LANG.fullmatch(x) for x in languages)
        ):
            self.problem("languages", "expected a list of language codes such as zh, en")
        else:
            self.languages = tuple(languages)
        default = d.get("default_language", self.languages[0])
        if default not in self.languages:
            self.problem("default_language", f"{default!r} is not in languages")
        else:
            self.default_language = default
        titles = self.text(d.get("title"), "title", required=True)
        self.read_choice_lists(d.get("choices", {}))
        sections_raw = d.get("sections")
        if not isinstance(sections_raw, list) or not sections_raw:
            self.problem("sections", "expected a non-empty list of sections")
            return None
        self.index(sections_raw)
        sections = tuple(self.section(s, f"sections[{i}]") for i, s in enumerate(sections_raw))
        if self.problems:
            return None
        plan, cycle_problems = build_plan(sections)
        if plan is None:
            self.problems.extend(cycle_problems)
            return None
        return Form(
            id=str(form_id),
            version=int(version),  # type: ignore[arg-type]
            titles=titles,
            languages=self.languages,
            default_language=self.default_language,
            sections=sections,
            plan=plan,
            definition=d,
        )

    def read_choice_lists(self, lists: Any) -> None:
        if not isinstance(lists, Mapping):
            self.problem("choices", "expected a mapping of list name to choices")
            return
        for list_name, options in lists.items():
            self.choice_lists[str(list_name)] = self.choices(options, f"choices.{list_name}")

    def choices(self, options: Any, path: str) -> tuple[Choice, ...]:
        if not isinstance(options, list) or not options:
            self.problem(path, "expected a non-empty list of choices")
            return ()
        seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        out: list[Choice] = []
        for index, option in enumerate(options):
            where = f"{path}[{index}]"
            if not isinstance(option, Mapping):
                self.problem(where, "expected a mapping with value and label")
                continue
            self.unknown_keys(option, frozenset({"value", "label", "filter"}), where)
            filters = option.get("filter", {})
            if not isinstance(filters, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str | int) for k, v in filters.items()
            ):
                self.problem(f"{where}.filter", "expected a mapping of column to text")
                filters = {}
            filters = {str(k): str(v) for k, v in filters.items()}
            value = option.get("value")
            if isinstance(value, bool) or not isinstance(value, str | int) or str(value) == "":
                self.problem(f"{where}.value", "expected a value (text or a whole number)")
                continue
            text = str(value)
            if " " in text:
                self.problem(f"{where}.value", "a choice value cannot contain spaces")
            # The same value may come back under other filter values (a 'centre' village in
            # every township), never twice under the same ones.
            key = (text, tuple(sorted(filters.items())))
            if key in seen:
                self.problem(f"{where}.value", f"duplicate choice value {text!r}")
            seen.add(key)
            labels = self.text(option.get("label"), f"{where}.label", required=True)
            out.append(Choice(text, labels, self.default_language, filters))
        return tuple(out)

    def section(self, raw: Any, path: str) -> Section:
        if not isinstance(raw, Mapping):
            self.problem(path, "expected a mapping")
            return Section("?", path, {}, {}, None, (), self.default_language)
        self.unknown_keys(raw, SECTION_KEYS, path)
        name = str(raw.get("name", "?"))
        fields = self.fields(raw.get("fields"), path, None, name)
        return Section(
            name=name,
            path=path,
            labels=self.text(raw.get("label"), f"{path}.label", required=True),
            hints=self.text(raw.get("hint"), f"{path}.hint"),
            relevant=self.expression(raw.get("relevant"), f"{path}.relevant", None),
            fields=fields,
            default_language=self.default_language,
        )

    def fields(self, raw: Any, path: str, repeat: str | None, parent: str) -> tuple[Field, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(f"{path}.fields", "expected a non-empty list of fields")
            return ()
        return tuple(
            self.field(item, f"{path}.fields[{i}]", repeat, parent) for i, item in enumerate(raw)
        )

    def field(self, raw: Any, path: str, repeat: str | None, parent: str) -> Field:
        if not isinstance(raw, Mapping):
            self.problem(path, "expected a mapping")
            return Field(name="?", type="note", path=path)
        self.unknown_keys(raw, FIELD_KEYS, path)
        name = str(raw.get("name", "?"))
        kind = raw.get("type")
        if kind not in FIELD_TYPES:
            self.problem(
                f"{path}.type", f"unknown type {kind!r} (one of {', '.join(sorted(FIELD_TYPES))})"
            )
            kind = "note"
        assert isinstance(kind, str)
        inner_repeat = name if kind == "repeat" else repeat
        children: tuple[Field, ...] = ()
        if kind in ("repeat", "group"):
            children = self.fields(raw.get("fields"), path, inner_repeat, name)
        elif "fields" in raw:
            self.problem(f"{path}.fields", f"a {kind} has no fields")
        choices: tuple[Choice, ...] = ()
        choice_list: str | None = None
        if kind in ("select_one", "select_multiple"):
            spec = raw.get("choices")
            if isinstance(spec, str):
                choice_list = spec
                if spec not in self.choice_lists:
                    self.problem(f"{path}.choices", f"unknown choice list {spec!r}")
                choices = self.choice_lists.get(spec, ())
            else:
                choices = self.choices(spec, f"{path}.choices")
        elif "choices" in raw:
            self.problem(f"{path}.choices", f"a {kind} has no choices")
        if choices:
            self.field_choices[name] = choices
        choice_filter = self.choice_filter(raw.get("choice_filter"), f"{path}.choice_filter", kind)
        repeat_count = None
        if "repeat_count" in raw:
            if kind != "repeat":
                self.problem(f"{path}.repeat_count", "only a repeat has a repeat_count")
            else:
                repeat_count = self.expression(raw["repeat_count"], f"{path}.repeat_count", repeat)
        calculate = self.expression(raw.get("calculate"), f"{path}.calculate", inner_repeat)
        if kind == "calculate" and "calculate" not in raw:
            self.problem(path, "a calculate field needs a calculate expression")
        elif kind != "calculate" and "calculate" in raw:
            self.problem(f"{path}.calculate", "only calculate fields have a calculate expression")
        datatype = raw.get("datatype")
        if datatype is not None and (kind != "calculate" or datatype not in CALCULATE_DATATYPES):
            self.problem(
                f"{path}.datatype",
                f"datatype is for calculate fields: {', '.join(sorted(CALCULATE_DATATYPES))}",
            )
            datatype = None
        required_raw = raw.get("required", False)
        required: bool | Expression = False
        if isinstance(required_raw, bool):
            required = required_raw
        else:
            required = self.expression(required_raw, f"{path}.required", repeat) or False
        counts: list[int | None] = []
        for key in ("min_count", "max_count"):
            count = raw.get(key)
            if count is not None and (
                kind != "repeat"
                or isinstance(count, bool)
                or not isinstance(count, int)
                or count < 0
            ):
                self.problem(f"{path}.{key}", "a count of rows is a whole number, on a repeat")
                count = None
            counts.append(count)
        appearance = raw.get("appearance")
        visible = kind not in ("calculate",)
        return Field(
            name=name,
            type=kind,
            path=path,
            labels=self.text(raw.get("label"), f"{path}.label", required=visible),
            hints=self.text(raw.get("hint"), f"{path}.hint"),
            required=required,
            required_messages=self.text(raw.get("required_message"), f"{path}.required_message"),
            relevant=self.expression(raw.get("relevant"), f"{path}.relevant", repeat),
            constraint=self.expression(raw.get("constraint"), f"{path}.constraint", repeat),
            constraint_messages=self.text(
                raw.get("constraint_message"), f"{path}.constraint_message"
            ),
            calculate=calculate,
            datatype=datatype,
            choices=choices,
            choice_list=choice_list,
            choice_filter=choice_filter,
            children=children,
            min_count=counts[0],
            max_count=counts[1],
            repeat_count=repeat_count,
            appearance=appearance if isinstance(appearance, str) else None,
            default=raw.get("default"),
            repeat=repeat,
            parent=parent,
            default_language=self.default_language,
        )

    def choice_filter(self, raw: Any, path: str, kind: str) -> ChoiceFilter | None:
        if raw is None:
            return None
        if kind not in ("select_one", "select_multiple") or not isinstance(raw, str):
            self.problem(path, "a choice filter is a text, on a select question")
            return None
        terms: list[tuple[str, str | None, str]] = []
        for part in re.split(r"\s+and\s+", raw.strip()):
            match = _FILTER_TERM.fullmatch(part)
            if match is None:
                self.problem(
                    path,
                    "a choice filter is column = ${field} or column = 'text', joined by and "
                    f"(got {raw!r})",
                )
                return None
            column, ref, single, double = match.groups()
            if ref is not None and ref not in self.places:
                self.problem(path, f"unknown field ${{{ref}}}")
                return None
            terms.append((column, ref, single if single is not None else double or ""))
        return ChoiceFilter(raw, tuple(terms))


def _outer_getter(name: str, levels: int) -> Getter:
    def get(scope: Scope) -> Any:
        row = scope.row
        for _ in range(levels):
            row = row.get(PARENT_ROW) if row is not None else None
        return row.get(name) if row is not None else None

    return get


def _inner_rows_getter(repeat: str) -> Getter:
    def get(scope: Scope) -> Any:
        row = scope.row
        return NodeSet(tuple(row.get(repeat, ()))) if row is not None else NodeSet(())

    return get


def _inner_values_getter(name: str, repeat: str) -> Getter:
    def get(scope: Scope) -> Any:
        row = scope.row
        inner = row.get(repeat, ()) if row is not None else ()
        return NodeSet(tuple(r.get(name) for r in inner))

    return get


def _row_getter(name: str) -> Getter:
    def get(scope: Scope) -> Any:
        row = scope.row
        return row.get(name) if row is not None else None

    return get


def build_form(definition: Mapping[str, Any], file: str = "<definition>") -> Form:
    """A `Form` from a definition dict; raises `FormDefinitionError` listing every problem."""
    builder = _Builder(definition, file)
    form = builder.build()
    if form is None or builder.problems:
        raise FormDefinitionError(file, builder.problems)
    return form
