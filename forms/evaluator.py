"""Compiles a parsed expression into a Python closure, once, and evaluates it many times.

`compile_expression(source, resolve)` parses the text, checks every function name and argument
count, asks `resolve` for a getter per `${field}` (so an unknown field fails here, at load time),
and returns an `Expression` whose `evaluate(scope)` walks no tree: each node became a closure.
A `Scope` carries the answers being evaluated, the current repeat row, the current value (`.`:
the answer a constraint checks, or the value a calculation with `once()` already holds), the day
that `today()` returns and, for `screening-disagrees()`, the household's screening flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import DivisionByZero, InvalidOperation, Overflow
from typing import Any

from forms.errors import ExpressionError
from forms.functions import FUNCTIONS, compile_pattern
from forms.syntax import (
    Binary,
    Call,
    Current,
    Literal,
    Node,
    Ref,
    Unary,
    calls,
    parse,
    references,
)
from forms.values import NodeSet, compare, equals, first, to_bool, to_number, to_string

_QUOTED_REF = re.compile(r"\s*\$\{([^\W\d][\w.-]*)\}\s*")

Getter = Callable[["Scope"], Any]
Resolve = Callable[[str, int], Getter]
# The label of a choice, from the name of its question and the value: for jr:choice-name().
Labels = Callable[[str, str], str]


class Scope:
    """What an expression sees while it runs."""

    __slots__ = ("current", "flags", "row", "rows", "today", "top")

    def __init__(
        self,
        top: dict[str, Any],
        rows: dict[str, list[dict[str, Any]]],
        today: date,
        flags: Callable[[], frozenset[str] | None] | None = None,
    ) -> None:
        self.top = top
        self.rows = rows
        self.row: dict[str, Any] | None = None
        self.current: Any = None
        self.today = today
        self.flags = flags


@dataclass(frozen=True)
class Expression:
    """A compiled expression: its source text, the fields it reads, the functions it calls,
    and its closure."""

    source: str
    refs: frozenset[str]
    run: Getter = field(repr=False, compare=False)
    functions: frozenset[str] = frozenset()

    def evaluate(self, scope: Scope) -> Any:
        return self.run(scope)

    def truth(self, scope: Scope) -> bool:
        return to_bool(self.run(scope))


def _arithmetic(op: str, left: Any, right: Any) -> Any:
    left, right = first(left), first(right)
    # Dates move by days, and the difference of two dates is a number of days.
    if op in "+-" and isinstance(left, date) and not isinstance(right, date):
        days = to_number(right)
        if days is None or not days.is_finite() or abs(days) > 1_000_000:
            return None
        try:
            return left + timedelta(days=int(days) if op == "+" else -int(days))
        except OverflowError:
            return None
    a, b = to_number(left), to_number(right)
    if a is None or b is None:
        return None
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            return None  # XPath gives Infinity or NaN; an empty answer is the useful reading
        if op == "div":
            return a / b
        return a % b  # mod: the sign follows the dividend, as in XPath
    except (InvalidOperation, DivisionByZero, Overflow):
        return None


def _compile(node: Node, resolve: Resolve, source: str, labels: Labels | None = None) -> Getter:
    if isinstance(node, Literal):
        constant = node.value
        return lambda scope: constant
    if isinstance(node, Ref):
        return resolve(node.name, node.position)
    if isinstance(node, Current):
        return lambda scope: scope.current
    if isinstance(node, Unary):
        operand = _compile(node.operand, resolve, source, labels)

        def negate(scope: Scope) -> Any:
            number = to_number(operand(scope))
            return None if number is None else -number

        return negate
    if isinstance(node, Binary):
        return _compile_binary(node, resolve, source, labels)
    return _compile_call(node, resolve, source, labels)


def _compile_binary(node: Binary, resolve: Resolve, source: str, labels: Labels | None) -> Getter:
    left = _compile(node.left, resolve, source, labels)
    right = _compile(node.right, resolve, source, labels)
    op = node.op
    if op == "or":
        return lambda scope: to_bool(left(scope)) or to_bool(right(scope))
    if op == "and":
        return lambda scope: to_bool(left(scope)) and to_bool(right(scope))
    if op == "=":
        return lambda scope: equals(left(scope), right(scope))
    if op == "!=":
        return lambda scope: not equals(left(scope), right(scope))
    if op in ("<", "<=", ">", ">="):
        return lambda scope: compare(op, left(scope), right(scope))
    if op in ("+", "-", "*", "div", "mod"):
        return lambda scope: _arithmetic(op, left(scope), right(scope))
    raise ExpressionError(f"unsupported operator {op!r}", source, node.position)


def _compile_call(node: Call, resolve: Resolve, source: str, labels: Labels | None) -> Getter:
    if node.name == "indexed-repeat":
        return _compile_indexed_repeat(node, resolve, source, labels)
    args = [_compile(arg, resolve, source, labels) for arg in node.args]
    if node.name in ("jr:choice-name", "choice-name"):
        return _compile_choice_name(node, args, source, labels)
    if node.name == "if":
        if len(args) != 3:
            raise ExpressionError("if() takes 3 arguments", source, node.position)
        test, then, otherwise = args
        return lambda scope: then(scope) if to_bool(test(scope)) else otherwise(scope)
    function = FUNCTIONS.get(node.name)
    if function is None:
        raise ExpressionError(f"unknown function {node.name}()", source, node.position)
    count = len(args)
    if count < function.min_args or (function.max_args is not None and count > function.max_args):
        expected = (
            str(function.min_args)
            if function.min_args == function.max_args
            else f"{function.min_args} or more"
            if function.max_args is None
            else f"{function.min_args} to {function.max_args}"
        )
        raise ExpressionError(
            f"{node.name}() takes {expected} arguments, not {count}", source, node.position
        )
    pattern = node.args[1] if node.name == "regex" else None
    if isinstance(pattern, Literal) and compile_pattern(str(pattern.value)) is None:
        raise ExpressionError("invalid regular expression", source, pattern.position)
    impl = function.impl
    if count == 1:
        only = args[0]
        return lambda scope: impl((only(scope),), scope)
    return lambda scope: impl([arg(scope) for arg in args], scope)


def _compile_indexed_repeat(
    node: Call, resolve: Resolve, source: str, labels: Labels | None
) -> Getter:
    """indexed-repeat(${field}, ${repeat}, n): the field's value in the repeat's n-th row."""
    if len(node.args) != 3 or not isinstance(node.args[0], Ref):
        raise ExpressionError(
            "indexed-repeat() takes ${field}, ${repeat} and a row number", source, node.position
        )
    name = node.args[0].name
    resolve(name, node.args[0].position)  # an unknown field fails here, at load time
    rows = _compile(node.args[1], resolve, source, labels)
    number = _compile(node.args[2], resolve, source, labels)

    def indexed(scope: Scope) -> Any:
        found = rows(scope)
        index = to_number(first(number(scope)))
        if not isinstance(found, NodeSet) or index is None or index != int(index):
            return None
        position = int(index) - 1
        if not 0 <= position < len(found.values):
            return None
        row = found.values[position]
        return row.get(name) if isinstance(row, Mapping) else None

    return indexed


def _compile_choice_name(
    node: Call, args: list[Getter], source: str, labels: Labels | None
) -> Getter:
    """jr:choice-name(value, '${question}'): the label of a choice of that question."""
    target = node.args[1] if len(node.args) == 2 else None
    match = _QUOTED_REF.fullmatch(str(target.value)) if isinstance(target, Literal) else None
    if match is None or labels is None:
        raise ExpressionError(
            "jr:choice-name() takes a value and a question as '${name}'", source, node.position
        )
    question = match.group(1)
    value = args[0]
    label_of = labels

    def choice_name(scope: Scope) -> Any:
        chosen = first(value(scope))
        return None if chosen is None else label_of(question, to_string(chosen))

    return choice_name


def compile_expression(source: str, resolve: Resolve, labels: Labels | None = None) -> Expression:
    """Parse and compile `source`; unknown fields (via `resolve`) and functions raise here.

    `labels` gives a choice's label for jr:choice-name(); without it, that function is refused.
    """
    node = parse(source)
    run = _compile(node, resolve, source, labels)
    return Expression(
        source=source,
        refs=frozenset(references(node)),
        run=run,
        functions=frozenset(calls(node)),
    )


def free_resolver(values: Mapping[str, Any]) -> Resolve:
    """A resolver over a plain mapping: for trying expressions outside a form (tests, docs)."""

    def resolve(name: str, position: int) -> Getter:
        return lambda scope: values.get(name)

    return resolve


__all__ = ["Expression", "Scope", "compile_expression", "free_resolver"]
