"""Evaluating a response against a form: relevance, calculations, then checks.

A load-time `Plan` orders every section, group, repeat and field so that whatever an expression
reads is settled before it runs (a topological order of the `relevant` and `calculate`
references, document order among equals; a cycle is a definition error). `evaluate` then reads
the answers into typed values, walks the plan once per repeat row, drops answers to irrelevant
questions and fills in calculations. `check` turns the settled state into `Problem`s in document
order; `cleaned` and `computed` turn it back into JSON-friendly answers.

A calculation that calls `once()` keeps its first value, as in ODK Collect: it is written out
with the answers like any calculation, read back from them here (`forms.coercion.kept`), and
evaluated with that value as `.`, which `once(x)` returns when it is not empty. So the value
stays through later edits, a draft reopened on another day, the server's own evaluation and
review; a value that is not what the calculation writes is a `type` problem, not replaced.

Problem paths use 0-based repeat indexes, like the JSON they point into: `members[0].name` is the
first member's name.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from forms.coercion import Bad, calculated, coerce, is_blank, kept, to_json
from forms.evaluator import Expression, Scope
from forms.messages import message, with_label
from forms.model import Field, Section, pick
from forms.values import (
    FLAT_INDEX,
    OUTER_INDEX,
    PARENT_ROW,
    POSITION,
    first,
    is_empty,
    to_number,
    to_string,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a response: where (`members[0].id_number`), what kind, and a message."""

    path: str
    code: str
    message: str


@dataclass(frozen=True, eq=False)
class Step:
    """One node of the plan: a section, group, repeat or field, evaluated once or once per row."""

    name: str
    relevant: Expression | None
    field: Field | None  # None for sections
    parent: str | None
    parent_in_repeat: bool
    repeat: str | None
    parent_outer: bool = False  # the field sits right in a repeat inside a repeat


@dataclass(frozen=True, eq=False)
class Plan:
    steps: tuple[Step, ...]
    top_inputs: tuple[Field, ...]  # top-level fields a person answers
    repeats: tuple[Field, ...]  # the top-level repeats (each reads its inner ones per row)
    known: frozenset[str]  # every name that may appear in answers at the top level
    nested: tuple[str, ...] = ()  # repeats inside repeats: their rows of every outer row, in order
    top_kept: tuple[Field, ...] = ()  # top-level calculations that keep their value (once())


def walk(sections: tuple[Section, ...]) -> Iterator[Field]:
    """Every field in document order, depth first."""
    stack: list[Field] = []
    for section in sections:
        stack.extend(reversed(section.fields))
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


def build_plan(sections: tuple[Section, ...]) -> tuple[Plan | None, list[tuple[str, str]]]:
    """Order the form's nodes; returns (plan, []) or (None, problems) when references form a cycle."""
    nodes: dict[str, Step] = {}
    order: dict[str, int] = {}
    deps: dict[str, set[str]] = {}
    paths: dict[str, str] = {}
    nested = {f.name for f in walk(sections) if f.type == "repeat" and f.repeat is not None}
    for section in sections:
        nodes[section.name] = Step(section.name, section.relevant, None, None, False, None)
        deps[section.name] = set(section.relevant.refs) if section.relevant else set()
        order[section.name] = len(order)
        paths[section.name] = section.path
    for item in walk(sections):
        parent_in_repeat = (
            item.parent is not None and item.parent != item.repeat and item.repeat is not None
        )
        nodes[item.name] = Step(
            item.name,
            item.relevant,
            item,
            item.parent,
            parent_in_repeat,
            item.repeat,
            item.repeat is not None and item.parent == item.repeat and item.repeat in nested,
        )
        needed: set[str] = set(item.relevant.refs) if item.relevant else set()
        if item.calculate is not None:
            needed |= item.calculate.refs
        if item.parent is not None:
            needed.add(item.parent)
        deps[item.name] = needed
        order[item.name] = len(order)
        paths[item.name] = item.path
    # Kahn's algorithm with a heap on document position keeps the order predictable.
    waiting = {name: {d for d in needed if d in nodes} for name, needed in deps.items()}
    users: dict[str, list[str]] = {name: [] for name in nodes}
    for name, needed in waiting.items():
        for dependency in needed:
            users[dependency].append(name)
    ready = [(order[name], name) for name, needed in waiting.items() if not needed]
    heapq.heapify(ready)
    sorted_steps: list[Step] = []
    while ready:
        _, name = heapq.heappop(ready)
        sorted_steps.append(nodes[name])
        for user in users[name]:
            waiting[user].discard(name)
            if not waiting[user]:
                heapq.heappush(ready, (order[user], user))
    if len(sorted_steps) < len(nodes):
        stuck = sorted((order[n], n) for n, needed in waiting.items() if needed)
        return None, [
            (
                paths[name],
                f"circular reference: relevant/calculate of ${{{name}}} depends on itself",
            )
            for _, name in stuck
        ]
    top_inputs = tuple(f for f in walk(sections) if f.repeat is None and f.holds_answer)
    repeats = tuple(f for f in walk(sections) if f.type == "repeat" and f.repeat is None)
    known = frozenset(
        f.name for f in walk(sections) if f.repeat is None and (f.has_value or f.type == "repeat")
    )
    inner = tuple(f.name for f in walk(sections) if f.type == "repeat" and f.repeat is not None)
    kept_here = tuple(f for f in walk(sections) if f.repeat is None and f.keeps_value)
    return Plan(tuple(sorted_steps), top_inputs, repeats, known, inner, kept_here), []


@dataclass(eq=False)
class State:
    """A response after evaluation: typed values, relevance per node and row, reading problems."""

    scope: Scope
    relevant: dict[tuple[str, int], bool]
    bad: dict[str, Bad]  # path -> why the raw answer could not be read
    raw: dict[str, Any]  # path -> the unreadable raw answer, kept so nothing typed is lost
    unknown: list[str]  # paths of answers the form has no question for


def evaluate(
    plan: Plan,
    answers: Mapping[str, Any],
    today: date,
    flags: Callable[[], frozenset[str] | None] | None = None,
) -> State:
    bad: dict[str, Bad] = {}
    raw_kept: dict[str, Any] = {}
    unknown: list[str] = []
    top: dict[str, Any] = {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for field in plan.top_inputs:
        value = coerce(field, answers.get(field.name), today)
        if isinstance(value, Bad):
            bad[field.name] = value
            raw_kept[field.name] = answers.get(field.name)
            value = None
        top[field.name] = value
    for field in plan.top_kept:
        value = kept(field, answers.get(field.name))
        if isinstance(value, Bad):
            bad[field.name] = value
            raw_kept[field.name] = answers.get(field.name)
            value = None
        top[field.name] = value
    for repeat in plan.repeats:
        raw_rows = answers.get(repeat.name)
        typed_rows: list[dict[str, Any]] = []
        if isinstance(raw_rows, list):
            inputs = repeat.row_inputs
            allowed = repeat.row_names
            inner = repeat.inner_repeats
            for index, raw_row in enumerate(raw_rows):
                row: dict[str, Any] = {}
                if not isinstance(raw_row, Mapping):
                    bad[f"{repeat.name}[{index}]"] = Bad("type", "type.row")
                    typed_rows.append(row)
                    continue
                for field in inputs:
                    value = coerce(field, raw_row.get(field.name), today)
                    if isinstance(value, Bad):
                        path = f"{repeat.name}[{index}].{field.name}"
                        bad[path] = value
                        raw_kept[path] = raw_row.get(field.name)
                        value = None
                    row[field.name] = value
                for field in repeat.row_kept:
                    value = kept(field, raw_row.get(field.name))
                    if isinstance(value, Bad):
                        path = f"{repeat.name}[{index}].{field.name}"
                        bad[path] = value
                        raw_kept[path] = raw_row.get(field.name)
                        value = None
                    row[field.name] = value
                unknown.extend(f"{repeat.name}[{index}].{k}" for k in raw_row if k not in allowed)
                if inner:
                    nest = _Nested(rows, bad, raw_kept, unknown, today)
                    nest.read(inner, raw_row, row, index, f"{repeat.name}[{index}]")
                typed_rows.append(row)
        elif not is_blank(raw_rows):
            bad[repeat.name] = Bad("type", "type.repeat")
        rows[repeat.name] = typed_rows
    for name in plan.nested:
        rows.setdefault(name, [])
    unknown[:0] = [str(k) for k in answers if k not in plan.known]
    scope = Scope(top, rows, today, flags)
    relevant: dict[tuple[str, int], bool] = {}
    # The step's work is written out here rather than called per step and row: this loop runs
    # over a hundred times per survey, and the call was a good part of its cost.
    is_relevant = relevant.get
    for step in plan.steps:
        name, parent, condition, item = step.name, step.parent, step.relevant, step.field
        if step.repeat is None:
            ok = True
            if parent is not None:
                ok = is_relevant((parent, -1), True)
            if ok and condition is not None:
                scope.current = None
                ok = condition.truth(scope)
            relevant[(name, -1)] = ok
            if item is not None and (not ok or item.calculate is not None):
                _settle(item, ok, scope, top)
            continue
        parent_in_repeat = step.parent_in_repeat
        outer = step.parent_outer
        for index, row in enumerate(rows.get(step.repeat, ())):
            scope.row = row
            ok = True
            if parent is not None:
                key = row[OUTER_INDEX] if outer else index if parent_in_repeat else -1
                ok = is_relevant((parent, key), True)
            if ok and condition is not None:
                scope.current = None
                ok = condition.truth(scope)
            relevant[(name, index)] = ok
            if item is not None and (not ok or item.calculate is not None):
                _settle(item, ok, scope, row)
        scope.row = None
    return State(scope, relevant, bad, raw_kept, unknown)


def _settle(
    field: Field,
    ok: bool,
    scope: Scope,
    target: dict[str, Any],  # where the field's value goes: the top level or the current row
) -> None:
    """An irrelevant field's value is dropped; a relevant calculation's is filled in."""
    if field.type == "repeat":
        if not ok:
            if field.repeat is None:
                scope.rows[field.name] = []
            else:
                target[field.name] = []  # this row's inner rows; other rows keep theirs
        return
    if not field.has_value:
        return
    if not ok:
        target[field.name] = None
    elif field.calculate is not None:
        if field.keeps_value:  # `.` is the value it holds already, for once()
            scope.current = target.get(field.name)
            target[field.name] = calculated(field, field.calculate.evaluate(scope))
            scope.current = None
        else:
            target[field.name] = calculated(field, field.calculate.evaluate(scope))


class _Nested:
    """Reads the rows of repeats inside a repeat's row into that row and the flat row lists."""

    def __init__(
        self,
        rows: dict[str, list[dict[str, Any]]],
        bad: dict[str, Bad],
        raw_kept: dict[str, Any],
        unknown: list[str],
        today: date,
    ) -> None:
        self.rows, self.bad, self.raw_kept, self.unknown, self.today = (
            rows,
            bad,
            raw_kept,
            unknown,
            today,
        )

    def read(
        self,
        repeats: tuple[Field, ...],
        raw_row: Mapping[str, Any],
        row: dict[str, Any],
        flat_index: int,
        prefix: str,
    ) -> None:
        for repeat in repeats:
            raw_rows = raw_row.get(repeat.name)
            mine: list[dict[str, Any]] = []
            every = self.rows.setdefault(repeat.name, [])
            path = f"{prefix}.{repeat.name}"
            if isinstance(raw_rows, list):
                for position, raw in enumerate(raw_rows):
                    inner: dict[str, Any] = {
                        PARENT_ROW: row,
                        OUTER_INDEX: flat_index,
                        POSITION: position,
                        FLAT_INDEX: len(every),
                    }
                    index = len(every)
                    every.append(inner)
                    mine.append(inner)
                    here = f"{path}[{position}]"
                    if not isinstance(raw, Mapping):
                        self.bad[here] = Bad("type", "type.row")
                        continue
                    for field in repeat.row_inputs:
                        value = coerce(field, raw.get(field.name), self.today)
                        if isinstance(value, Bad):
                            self.bad[f"{here}.{field.name}"] = value
                            self.raw_kept[f"{here}.{field.name}"] = raw.get(field.name)
                            value = None
                        inner[field.name] = value
                    for field in repeat.row_kept:
                        value = kept(field, raw.get(field.name))
                        if isinstance(value, Bad):
                            self.bad[f"{here}.{field.name}"] = value
                            self.raw_kept[f"{here}.{field.name}"] = raw.get(field.name)
                            value = None
                        inner[field.name] = value
                    allowed = repeat.row_names
                    self.unknown.extend(f"{here}.{k}" for k in raw if k not in allowed)
                    if repeat.inner_repeats:
                        self.read(repeat.inner_repeats, raw, inner, index, here)
            elif not is_blank(raw_rows):
                self.bad[path] = Bad("type", "type.repeat")
            row[repeat.name] = mine


def rows_of(field: Field, scope: Scope) -> list[tuple[int, dict[str, Any]]]:
    """A repeat's rows as (index among all its rows, row): for a repeat inside a repeat, the rows
    of the current outer row only."""
    if field.repeat is None:
        return list(enumerate(scope.rows.get(field.name, [])))
    outer = scope.row
    mine = outer.get(field.name, []) if outer is not None else []
    return [(row[FLAT_INDEX], row) for row in mine]


def check(sections: tuple[Section, ...], state: State, lang: str) -> list[Problem]:
    """Every problem of the evaluated response, in document order."""
    problems = [
        Problem(path, "unknown_field", with_label(path, message("unknown_field", lang), lang))
        for path in state.unknown
    ]
    scope = state.scope
    for section in sections:
        if not state.relevant.get((section.name, -1), False):
            continue
        for field in section.fields:
            _check_field(field, state, lang, -1, "", problems)
    scope.row = None
    scope.current = None
    return problems


def _check_field(
    field: Field, state: State, lang: str, index: int, prefix: str, problems: list[Problem]
) -> None:
    if not state.relevant.get((field.name, index), False):
        return
    kind = field.type
    if kind == "group":
        for child in field.children:
            _check_field(child, state, lang, index, prefix, problems)
        return
    scope = state.scope
    if kind == "repeat":
        path = f"{prefix}{field.name}"
        if path in state.bad:
            problems.append(_bad_problem(field, state.bad[path], path, lang))
            return
        outer_row = scope.row
        indexed = rows_of(field, scope)
        rows = scope.rows.get(field.name, []) if field.repeat is None else indexed
        minimum = (
            field.min_count
            if field.min_count is not None
            else (1 if _required(field, state) else 0)
        )
        if len(rows) < minimum:
            text = message("repeat_count.min", lang, count=minimum)
            problems.append(
                Problem(path, "repeat_count", with_label(field.label(lang), text, lang))
            )
        if field.repeat_count is not None:
            _check_repeat_count(field, state, path, len(rows), lang, problems)
        if field.max_count is not None and len(rows) > field.max_count:
            text = message("repeat_count.max", lang, count=field.max_count)
            problems.append(
                Problem(path, "repeat_count", with_label(field.label(lang), text, lang))
            )
        bad = state.bad
        for position, (row_index, row) in enumerate(indexed):
            row_path = f"{path}[{position}]"
            if bad and row_path in bad:
                problems.append(_bad_problem(field, bad[row_path], row_path, lang))
                continue
            scope.row = row
            for child in field.children:
                _check_field(child, state, lang, row_index, f"{row_path}.", problems)
        scope.row = outer_row
        return
    if not field.holds_answer:
        if state.bad and field.type == "calculate":  # a kept value (once()) that cannot be read
            path = f"{prefix}{field.name}"
            if path in state.bad:
                problems.append(_bad_problem(field, state.bad[path], path, lang))
        return
    # Most responses read cleanly: the path is spelled out only when something needs it.
    if state.bad:
        path = f"{prefix}{field.name}"
        if path in state.bad:
            problems.append(_bad_problem(field, state.bad[path], path, lang))
            return
    if field.unchecked:
        return  # an optional question with no constraint: any readable answer, or none, is fine
    value = (scope.row if index >= 0 and scope.row is not None else scope.top).get(field.name)
    if field.choice_filter is not None and not is_empty(value):
        outside = _outside_filter(field, scope, index, value)
        if outside is not None:
            text = message("choice.filtered", lang, value=outside)
            path = f"{prefix}{field.name}"
            problems.append(Problem(path, "choice", with_label(field.label(lang), text, lang)))
            return
    if is_empty(value):
        if _required(field, state):
            text = pick(field.required_messages, lang, field.default_language) or message(
                "required", lang
            )
            path = f"{prefix}{field.name}"
            problems.append(Problem(path, "required", with_label(field.label(lang), text, lang)))
        return
    if field.constraint is not None:
        scope.current = value
        passed = field.constraint.truth(scope)
        scope.current = None
        if not passed:
            text = pick(field.constraint_messages, lang, field.default_language) or message(
                "constraint", lang
            )
            path = f"{prefix}{field.name}"
            problems.append(Problem(path, "constraint", with_label(field.label(lang), text, lang)))


def filter_values(field: Field, scope: Scope, index: int) -> dict[str, str]:
    """The answers a cascading select's filter reads, as text: in the row first, then on top."""
    assert field.choice_filter is not None
    row = scope.row if index >= 0 else None
    out: dict[str, str] = {}
    for name in field.choice_filter.refs:
        value = row[name] if row is not None and name in row else scope.top.get(name)
        out[name] = "" if is_empty(value) else to_string(value)
    return out


def _outside_filter(field: Field, scope: Scope, index: int, value: Any) -> str | None:
    """The first chosen value the filter does not offer now, else None."""
    offered = {c.value for c in field.choices_for(filter_values(field, scope, index))}
    for chosen in value if isinstance(value, tuple) else (value,):
        if chosen not in offered:
            return str(chosen)
    return None


def _check_repeat_count(
    field: Field, state: State, path: str, rows: int, lang: str, problems: list[Problem]
) -> None:
    assert field.repeat_count is not None
    state.scope.current = None
    wanted = to_number(first(field.repeat_count.evaluate(state.scope)))
    if wanted is None or wanted < 0 or wanted == rows:
        return  # not known yet (the count is a later answer), or the rows are right
    text = message("repeat_count.exact", lang, count=int(wanted))
    problems.append(Problem(path, "repeat_count", with_label(field.label(lang), text, lang)))


def _required(field: Field, state: State) -> bool:
    if isinstance(field.required, bool):
        return field.required
    state.scope.current = None
    return field.required.truth(state.scope)


def _bad_problem(field: Field, bad: Bad, path: str, lang: str) -> Problem:
    text = message(bad.key, lang, **dict(bad.params))
    return Problem(path, bad.code, with_label(field.label(lang), text, lang))


def cleaned(
    sections: tuple[Section, ...], state: State, *, calculates_only: bool = False
) -> dict[str, Any]:
    """The relevant answers (and calculations) as JSON-friendly data; irrelevant ones dropped."""
    out: dict[str, Any] = {}
    for section in sections:
        if not state.relevant.get((section.name, -1), False):
            continue
        for field in section.fields:
            _clean_field(field, state, -1, "", out, calculates_only)
    return out


def _clean_field(
    field: Field, state: State, index: int, prefix: str, out: dict[str, Any], calculates_only: bool
) -> None:
    if not state.relevant.get((field.name, index), False):
        return
    kind = field.type
    if kind == "group":
        for child in field.children:
            _clean_field(child, state, index, prefix, out, calculates_only)
        return
    scope = state.scope
    if kind == "repeat":
        rows_out: list[dict[str, Any]] = []
        outer_row = scope.row
        for position, (row_index, row) in enumerate(rows_of(field, scope)):
            row_out: dict[str, Any] = {}
            row_prefix = f"{prefix}{field.name}[{position}]."
            scope.row = row
            for child in field.children:
                _clean_field(child, state, row_index, row_prefix, row_out, calculates_only)
            rows_out.append(row_out)
        scope.row = outer_row
        if rows_out and (not calculates_only or any(rows_out)):
            out[field.name] = rows_out
        return
    if not field.has_value or (calculates_only and kind != "calculate"):
        return
    if state.raw:  # only when some answer could not be read: the path is spelled out for it
        path = f"{prefix}{field.name}"
        if path in state.raw:
            out[field.name] = state.raw[path]  # unreadable, kept as typed so the cadre can fix it
            return
    values = scope.rows[field.repeat][index] if field.repeat is not None else scope.top
    value = to_json(field, values.get(field.name))
    if value is not None:
        out[field.name] = value
