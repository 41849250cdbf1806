"""The parts of a loaded form: choices, fields and sections, as immutable objects.

These are what the desktop renderer walks (`form.sections` → `section.fields` → `field.children`
for repeats and groups) and what the engine evaluates. Labels, hints and messages are kept per
language and looked up with a fallback to the form's default language, then to any language, so a
half-translated form still shows something. Expressions are already compiled (`forms.evaluator`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from forms.evaluator import Expression

Text = Mapping[str, str]

INPUT_TYPES = frozenset(
    {
        "text",
        "integer",
        "decimal",
        "money",
        "date",
        "select_one",
        "select_multiple",
        "id_number",
        "phone",
        "photo",
        "signature",
    }
)
FIELD_TYPES = INPUT_TYPES | {"note", "calculate", "repeat", "group"}
CALCULATE_DATATYPES = frozenset({"text", "integer", "decimal", "money", "date", "boolean"})


def pick(text: Text, lang: str, default: str = "zh") -> str:
    """The text in `lang`, else in `default`, else in any language, else ''."""
    if lang in text:
        return text[lang]
    if default in text:
        return text[default]
    return next(iter(text.values()), "")


@dataclass(frozen=True)
class Choice:
    """One option of a select question."""

    value: str
    labels: Text
    default_language: str = "zh"
    # Extra columns of the choices sheet (`district` for a village), read by choice filters.
    filters: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str = "zh") -> str:
        return pick(self.labels, lang, self.default_language) or self.value


@dataclass(frozen=True)
class ChoiceFilter:
    """A cascading select's filter: the choices whose columns equal other answers (or texts).

    `terms` are (column, field name or None, text): `district = ${district}` is
    ("district", "district", ""), `kind = 'town'` is ("kind", None, "town"). All must hold. `refs`
    are the answers it reads, for a screen that narrows the list when one of them changes.
    """

    source: str
    terms: tuple[tuple[str, str | None, str], ...]

    @property
    def refs(self) -> frozenset[str]:
        return frozenset(name for _c, name, _t in self.terms if name is not None)

    def allows(self, choice: Choice, values: Mapping[str, str]) -> bool:
        """Whether `choice` passes, given the referenced answers as text ('' when unanswered)."""
        for column, name, text in self.terms:
            wanted = values.get(name, "") if name is not None else text
            if choice.filters.get(column, "") != wanted:
                return False
        return True


@dataclass(frozen=True, eq=False)
class Field:
    """A question, a note, a calculation, a group or a repeat.

    `required` is a bool or an expression; `relevant`, `constraint` and `calculate` are compiled
    expressions or None. `children` holds the fields of a group or a repeat. `repeat` names the
    repeat this field sits in (None at the top level). `path` is where the field is in its
    definition (`sections[3].fields[2]`), for messages about the definition.
    """

    name: str
    type: str
    path: str
    labels: Text = field(default_factory=dict)
    hints: Text = field(default_factory=dict)
    required: bool | Expression = False
    required_messages: Text = field(default_factory=dict)
    relevant: Expression | None = None
    constraint: Expression | None = None
    constraint_messages: Text = field(default_factory=dict)
    calculate: Expression | None = None
    datatype: str | None = None
    choices: tuple[Choice, ...] = ()
    choice_list: str | None = None
    choice_filter: ChoiceFilter | None = None
    children: tuple[Field, ...] = ()
    min_count: int | None = None
    max_count: int | None = None
    repeat_count: Expression | None = None  # a repeat that must have exactly this many rows
    appearance: str | None = None
    default: Any = None
    repeat: str | None = None
    parent: str | None = None  # the enclosing section, group or repeat
    default_language: str = "zh"

    def label(self, lang: str = "zh") -> str:
        return pick(self.labels, lang, self.default_language) or self.name

    def hint(self, lang: str = "zh") -> str:
        return pick(self.hints, lang, self.default_language)

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.children

    # Cached: a field is immutable, and evaluation asks these for every field of every response.
    @cached_property
    def holds_answer(self) -> bool:
        """True for the types a person answers (not notes, groups, repeats or calculations)."""
        return self.type in INPUT_TYPES

    @cached_property
    def unchecked(self) -> bool:
        """An optional question with nothing to check: any readable answer, or none, is fine."""
        return self.required is False and self.constraint is None and self.choice_filter is None

    @cached_property
    def has_value(self) -> bool:
        return self.type in INPUT_TYPES or self.type == "calculate"

    @cached_property
    def keeps_value(self) -> bool:
        """A calculation that calls once(): its value is stored with the answers and read back,
        so the first value it takes stays (see forms.engine)."""
        return self.type == "calculate" and (
            self.calculate is not None and "once" in self.calculate.functions
        )

    @cached_property
    def contains_kept(self) -> bool:
        """This field, or one inside it (a group's, a repeat's rows), keeps its value."""
        return self.keeps_value or any(c.contains_kept for c in self.children)

    @cached_property
    def row_kept(self) -> tuple[Field, ...]:
        """For a repeat: the calculations of each row that keep their value (as `row_inputs`)."""
        return tuple(c for c in _descendants(self) if c.keeps_value)

    @cached_property
    def row_inputs(self) -> tuple[Field, ...]:
        """For a repeat: the questions answered in each row, nested groups included (the
        questions of a repeat inside it belong to that repeat's rows)."""
        return tuple(c for c in _descendants(self) if c.holds_answer)

    @cached_property
    def row_names(self) -> frozenset[str]:
        """For a repeat: every name a row may carry (answers, calculations, inner repeats)."""
        return frozenset(c.name for c in _descendants(self) if c.has_value or c.type == "repeat")

    @cached_property
    def inner_repeats(self) -> tuple[Field, ...]:
        """For a repeat: the repeats directly inside it (a member's jobs)."""
        return tuple(c for c in _descendants(self) if c.type == "repeat")

    @cached_property
    def choice_values(self) -> frozenset[str]:
        return frozenset(choice.value for choice in self.choices)

    def choices_for(self, values: Mapping[str, str]) -> tuple[Choice, ...]:
        """The choices a cascading select offers given the answers it reads (all without one)."""
        if self.choice_filter is None:
            return self.choices
        allows = self.choice_filter.allows
        return tuple(c for c in self.choices if allows(c, values))

    def choice_label(self, value: str, lang: str = "zh") -> str:
        for choice in self.choices:
            if choice.value == value:
                return choice.label(lang)
        return value


def _descendants(field: Field) -> Iterator[Field]:
    """The fields inside a group or repeat, down to (not into) any repeat inside it."""
    for child in field.children:
        yield child
        if child.type != "repeat":
            yield from _descendants(child)


@dataclass(frozen=True, eq=False)
class Section:
    """A page of the form: a named, labelled list of fields with an optional relevance."""

    name: str
    path: str
    labels: Text
    hints: Text
    relevant: Expression | None
    fields: tuple[Field, ...]
    default_language: str = "zh"

    def label(self, lang: str = "zh") -> str:
        return pick(self.labels, lang, self.default_language) or self.name

    def hint(self, lang: str = "zh") -> str:
        return pick(self.hints, lang, self.default_language)
