"""`Form`: a loaded, checked form definition and the operations on a response.

This is the object the app renders and the server checks answers with. It is immutable and safe
to share between threads: each call evaluates into its own state. `validate` lists problems,
`clean` gives the answers to keep (irrelevant ones dropped, calculations filled in), `compute`
gives only the calculations, and `to_json` the definition it was built from, for shipping to
laptops. `carry_kept` copies what once() calculations kept into answers a screen is editing.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from forms.engine import Plan, Problem, State, check, cleaned, evaluate, walk
from forms.model import Field, Section, Text, pick
from forms.values import OUTER_INDEX, PARENT_ROW, POSITION, first, to_number

# A typo (10000 children) must not make the survey screen build ten thousand rows.
MAX_COUNTED_ROWS = 200

if TYPE_CHECKING:
    from forms.screening import Flag
    from forms.standards import Standards

__all__ = ["Form", "Problem", "Review", "carry_kept"]


@dataclass(frozen=True)
class Review:
    """The outcome of `Form.review`: problems, the cleaned answers and the screening flags."""

    problems: list[Problem]
    answers: dict[str, Any]
    flags: list[Flag]


class Form:
    """A form ready for use. Build one with `forms.registry`, not directly."""

    def __init__(
        self,
        *,
        id: str,
        version: int,
        titles: Text,
        languages: tuple[str, ...],
        default_language: str,
        sections: tuple[Section, ...],
        plan: Plan,
        definition: Mapping[str, Any],
    ) -> None:
        self.id = id
        self.version = version
        self.titles = titles
        self.languages = languages
        self.default_language = default_language
        self.sections = sections
        self._plan = plan
        self._definition = copy.deepcopy(dict(definition))
        self._fields = {field.name: field for field in walk(sections)}

    def __repr__(self) -> str:
        return f"<Form {self.id} v{self.version}>"

    def title(self, lang: str = "zh") -> str:
        return pick(self.titles, lang, self.default_language) or self.id

    def field(self, name: str) -> Field:
        """The field called `name` anywhere in the form (names are unique); KeyError if none."""
        return self._fields[name]

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every field in document order, groups and repeat children included."""
        return tuple(self._fields.values())

    def _state(
        self,
        answers: Mapping[str, Any],
        today: date | None,
        standards: Standards | None,
        known_flags: list[frozenset[str] | None] | None = None,
    ) -> State:
        day = today or date.today()
        holder: dict[str, State] = {}
        cache: list[frozenset[str] | None] = known_flags if known_flags is not None else []

        def flags() -> frozenset[str] | None:
            # Screening runs only if an expression asks (screening-disagrees), and only once.
            if not cache:
                clean = cleaned(self.sections, holder["state"])
                cache.append(_screening_codes(clean, standards, day))
            return cache[0]

        state = evaluate(self._plan, answers, day, flags)
        holder["state"] = state
        return state

    def validate(
        self,
        answers: Mapping[str, Any],
        lang: str = "zh",
        *,
        today: date | None = None,
        standards: Standards | None = None,
    ) -> list[Problem]:
        """Every problem with `answers`, in document order (repeat indexes in paths are 0-based).

        `today` is the day `today()` returns (default: the system date). `standards` feeds
        `screening-disagrees()`; by default they are looked up from the village code and visit
        date, and the check is skipped when none are known.
        """
        state = self._state(answers, today, standards)
        return check(self.sections, state, lang)

    def review(
        self,
        answers: Mapping[str, Any],
        standards: Standards | None = None,
        lang: str = "zh",
        *,
        today: date | None = None,
    ) -> Review:
        """Validate, clean and screen in one evaluation (what the server and the app do on save).

        `flags` is empty when no standards are given or found for the household's county.
        """
        from forms.screening import screen
        from forms.standards import standards_for_answers

        day = today or date.today()
        known: list[frozenset[str] | None] = []
        state = self._state(answers, day, standards, known)
        clean = cleaned(self.sections, state)
        chosen = standards if standards is not None else standards_for_answers(clean, day)
        flags = screen(clean, chosen, lang, today=day) if chosen is not None else []
        # Hand the flags to screening-disagrees() so the household is screened only once.
        known.append(frozenset(f.code for f in flags) if _screenable(clean, chosen) else None)
        problems = check(self.sections, state, lang)
        return Review(problems, clean, flags)

    def clean(
        self,
        answers: Mapping[str, Any],
        *,
        today: date | None = None,
    ) -> dict[str, Any]:
        """The answers to store: irrelevant ones dropped, calculations filled in, JSON-friendly."""
        return cleaned(self.sections, self._state(answers, today, None))

    def compute(self, answers: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
        """Only the calculations (repeat calculations as a list of rows under the repeat's name)."""
        return cleaned(self.sections, self._state(answers, today, None), calculates_only=True)

    def relevance(
        self, answers: Mapping[str, Any], *, today: date | None = None
    ) -> dict[str, bool]:
        """Which questions are relevant now, by path (`members[0].disability_grade`): for renderers."""
        state = self._state(answers, today, None)
        out: dict[str, bool] = {}
        rows = state.scope.rows
        for name, field in self._fields.items():
            if field.repeat is None:
                out[name] = state.relevant.get((name, -1), False)
            else:
                for index, row in enumerate(rows.get(field.repeat, [])):
                    out[f"{_row_path(field.repeat, index, row, self._fields)}.{name}"] = (
                        state.relevant.get((name, index), False)
                    )
        return out

    def repeat_counts(
        self, answers: Mapping[str, Any], *, today: date | None = None
    ) -> dict[str, int]:
        """How many rows each top-level repeat with a `repeat_count` must have now, for the
        renderer to add or remove rows; a count not known yet (empty, negative, not whole)
        is left out, and one over MAX_COUNTED_ROWS is capped there."""
        state = self._state(answers, today, None)
        out: dict[str, int] = {}
        for name, field in self._fields.items():
            if field.type != "repeat" or field.repeat is not None or field.repeat_count is None:
                continue
            state.scope.current = None
            wanted = to_number(first(field.repeat_count.evaluate(state.scope)))
            if wanted is None or wanted < 0 or wanted != int(wanted):
                continue
            cap = min(MAX_COUNTED_ROWS, field.max_count or MAX_COUNTED_ROWS)
            out[name] = min(int(wanted), cap)
        return out

    def to_json(self) -> dict[str, Any]:
        """The definition this form was built from (a deep copy, JSON-compatible)."""
        return copy.deepcopy(self._definition)


def carry_kept(
    fields: Iterable[Field], target: dict[str, Any], computed: Mapping[str, Any]
) -> bool:
    """Copy the values of the calculations that keep their first value (once()) from
    `computed` (a review's cleaned answers) into `target` (the answers being edited, at the same
    level; groups are flat there, repeats are lists of rows matched by position). True when
    something changed. A screen calls this after each review, so what once() took is saved
    with the draft and is what the next review reads back; a value the review dropped (the
    calculation is not relevant now) is dropped here too."""
    changed = False
    for field in fields:
        if not field.contains_kept:
            continue
        if field.type == "group":
            changed |= carry_kept(field.children, target, computed)
        elif field.keeps_value:
            value = computed.get(field.name)
            if value is None or value == "":  # empty: nothing kept (a save drops it anyway)
                changed |= target.pop(field.name, None) not in (None, "")
            elif target.get(field.name) != value:
                target[field.name] = value
                changed = True
        elif field.type == "repeat" and isinstance(target.get(field.name), list):
            done = computed.get(field.name)
            done_rows = done if isinstance(done, list) else []
            for index, row in enumerate(target[field.name]):
                if isinstance(row, dict):
                    out = done_rows[index] if index < len(done_rows) else {}
                    changed |= carry_kept(
                        field.children, row, out if isinstance(out, Mapping) else {}
                    )
    return changed


def _row_path(repeat: str, index: int, row: dict[str, Any], fields: Mapping[str, Field]) -> str:
    """`members[0].jobs[1]` for the second job of the first member; `members[0]` on top."""
    if PARENT_ROW not in row:
        return f"{repeat}[{index}]"
    outer_repeat = fields[repeat].repeat
    assert outer_repeat is not None
    outer = _row_path(outer_repeat, row[OUTER_INDEX], row[PARENT_ROW], fields)
    return f"{outer}.{repeat}[{row[POSITION]}]"


def _screening_codes(
    answers: Mapping[str, Any], standards: Standards | None, today: date
) -> frozenset[str] | None:
    from forms.screening import screen
    from forms.standards import standards_for_answers

    chosen = standards if standards is not None else standards_for_answers(answers, today)
    if not _screenable(answers, chosen):
        return None
    assert chosen is not None
    return frozenset(flag.code for flag in screen(answers, chosen))


def _screenable(answers: Mapping[str, Any], standards: Standards | None) -> bool:
    """Whether screening can judge a recommendation: standards, members and a hukou type."""
    return (
        standards is not None
        and bool(answers.get("members"))
        and answers.get("hukou_type") in ("urban", "rural")
    )
