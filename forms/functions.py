"""The fixed set of functions expressions may call, with their argument counts.

XLSForm's functions used by survey forms (`if` is handled by the evaluator because it is lazy),
plus a few Doorstep extensions: `age(date[, on])` for completed years, `id-birth-date()` and
`id-sex()` to read a resident ID number, and `screening-disagrees()` for the cadre's
recommendation (see `forms.assessment`). Every function takes already-evaluated arguments and
follows the empty-value rules of `forms.values`; none of them raises on bad data.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from forms.idnumber import IdNumberError, parse_id_number
from forms.values import POSITION, NodeSet, first, is_empty, to_bool, to_date, to_number, to_string

if TYPE_CHECKING:
    from forms.evaluator import Scope

Impl = Callable[[Sequence[Any], "Scope"], Any]


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    min_args: int
    max_args: int | None  # None: any number
    impl: Impl


def _items(value: Any) -> tuple[Any, ...]:
    return value.values if isinstance(value, NodeSet) else (value,)


def _selected_values(value: Any) -> tuple[str, ...]:
    value = first(value)
    if isinstance(value, tuple):
        return value
    return tuple(to_string(value).split())


def _selected(args: Sequence[Any], scope: Scope) -> bool:
    return to_string(args[1]).strip() in _selected_values(args[0])


def _count_selected(args: Sequence[Any], scope: Scope) -> Decimal:
    return Decimal(len(_selected_values(args[0])))


def _count(args: Sequence[Any], scope: Scope) -> Decimal:
    value = args[0]
    if isinstance(value, NodeSet):
        return Decimal(len(value.values))
    return Decimal(0 if is_empty(value) else 1)


def _numbers(args: Sequence[Any]) -> list[Decimal]:
    numbers = []
    for arg in args:
        for item in _items(arg):
            number = to_number(item)
            if number is not None:
                numbers.append(number)
    return numbers


def _sum(args: Sequence[Any], scope: Scope) -> Decimal:
    # As ODK Collect does: JavaRosa's XPathFuncExpr.sum() converts each node with toNumeric(),
    # which gives NaN for an empty or non-numeric string, and adds only the values that are not
    # NaN (getodk/javarosa, src/main/java/org/javarosa/xpath/expr/XPathFuncExpr.java). So an
    # empty answer counts as nothing, a repeat with no rows sums to 0, and a roster row with no
    # income typed yet does not blank the household total. (Older JavaRosa builds added the NaN
    # and the whole sum became NaN, which Collect shows as empty.)
    return sum(_numbers(args), Decimal(0))


def _max(args: Sequence[Any], scope: Scope) -> Decimal | None:
    numbers = _numbers(args)
    return max(numbers) if numbers else None


def _min(args: Sequence[Any], scope: Scope) -> Decimal | None:
    numbers = _numbers(args)
    return min(numbers) if numbers else None


def _today(args: Sequence[Any], scope: Scope) -> date:
    return scope.today


def _string_length(args: Sequence[Any], scope: Scope) -> Decimal:
    return Decimal(len(to_string(args[0])))


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return None


def _regex(args: Sequence[Any], scope: Scope) -> bool:
    pattern = compile_pattern(to_string(args[1]))
    return pattern is not None and pattern.search(to_string(args[0])) is not None


def _round(args: Sequence[Any], scope: Scope) -> Decimal | None:
    number = to_number(args[0])
    digits = to_number(args[1]) if len(args) > 1 else Decimal(0)
    if number is None or digits is None or not -20 <= digits <= 20:
        return None
    try:
        return number.quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return None


def _int(args: Sequence[Any], scope: Scope) -> Decimal | None:
    number = to_number(args[0])
    return None if number is None else number.to_integral_value(rounding=ROUND_DOWN)


def _floor(args: Sequence[Any], scope: Scope) -> Decimal | None:
    number = to_number(args[0])
    return None if number is None else number.to_integral_value(rounding=ROUND_FLOOR)


def _ceiling(args: Sequence[Any], scope: Scope) -> Decimal | None:
    number = to_number(args[0])
    return None if number is None else number.to_integral_value(rounding=ROUND_CEILING)


def _abs(args: Sequence[Any], scope: Scope) -> Decimal | None:
    number = to_number(args[0])
    return None if number is None else abs(number)


def _coalesce(args: Sequence[Any], scope: Scope) -> Any:
    for arg in args:
        value = first(arg)
        if not is_empty(value):
            return value
    return None


def completed_years(born: date, on: date) -> int:
    """Age in completed years on a day (someone born on 29 February ages on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def _age(args: Sequence[Any], scope: Scope) -> Decimal | None:
    born = to_date(args[0])
    on = to_date(args[1]) if len(args) > 1 and not is_empty(first(args[1])) else scope.today
    if born is None or on is None or born > on:
        return None
    return Decimal(completed_years(born, on))


def _id_birth_date(args: Sequence[Any], scope: Scope) -> date | None:
    try:
        return parse_id_number(to_string(args[0]), today=scope.today).birth_date
    except IdNumberError:
        return None


def _id_sex(args: Sequence[Any], scope: Scope) -> str | None:
    try:
        return parse_id_number(to_string(args[0]), today=scope.today).sex
    except IdNumberError:
        return None


def _concat(args: Sequence[Any], scope: Scope) -> str:
    return "".join(to_string(arg) for arg in args)


def _string(args: Sequence[Any], scope: Scope) -> str:
    return to_string(args[0])


def _number(args: Sequence[Any], scope: Scope) -> Decimal | None:
    return to_number(args[0])


def _boolean(args: Sequence[Any], scope: Scope) -> bool:
    return to_bool(args[0])


def _not(args: Sequence[Any], scope: Scope) -> bool:
    return not to_bool(args[0])


def _date(args: Sequence[Any], scope: Scope) -> date | None:
    return to_date(args[0])


def _substr(args: Sequence[Any], scope: Scope) -> str:
    text = to_string(args[0])
    start = to_number(args[1])
    end = to_number(args[2]) if len(args) > 2 else Decimal(len(text))
    if start is None or end is None:
        return ""
    return text[max(int(start), 0) : max(int(end), 0)]


def _contains(args: Sequence[Any], scope: Scope) -> bool:
    return to_string(args[1]) in to_string(args[0])


def _starts_with(args: Sequence[Any], scope: Scope) -> bool:
    return to_string(args[0]).startswith(to_string(args[1]))


def _ends_with(args: Sequence[Any], scope: Scope) -> bool:
    return to_string(args[0]).endswith(to_string(args[1]))


def _selected_at(args: Sequence[Any], scope: Scope) -> str:
    chosen = _selected_values(args[0])
    index = to_number(args[1])
    if index is None or not 0 <= index < len(chosen) or index != int(index):
        return ""
    return chosen[int(index)]


def _position(args: Sequence[Any], scope: Scope) -> Decimal | None:
    # The row is found by identity among the repeats' rows: only forms that ask pay for it.
    row = scope.row
    if row is None:
        return None
    if POSITION in row:  # a row of a repeat inside a repeat: its place among its outer row's
        return Decimal(row[POSITION] + 1)
    for rows in scope.rows.values():
        for index, candidate in enumerate(rows):
            if candidate is row:
                return Decimal(index + 1)
    return None


def _once(args: Sequence[Any], scope: Scope) -> Any:
    # As JavaRosa does: the value the node already holds when it is not empty, else the
    # argument. In a calculation `.` is the value it was given before (the engine reads it back
    # from the stored answers), so once(now()) keeps the first day however often the survey is
    # re-evaluated; see forms.engine and docs/forms.md.
    held = first(scope.current)
    return first(args[0]) if is_empty(held) else held


def _now(args: Sequence[Any], scope: Scope) -> date:
    return scope.today  # answers hold dates, not times: the day is what a check can use


def _true(args: Sequence[Any], scope: Scope) -> bool:
    return True


def _false(args: Sequence[Any], scope: Scope) -> bool:
    return False


def _screening_disagrees(args: Sequence[Any], scope: Scope) -> bool:
    from forms.assessment import disagrees

    flags = scope.flags() if scope.flags is not None else None
    if flags is None:  # no standards for this county and year: nothing to disagree with
        return False
    return disagrees(to_string(args[0]), flags)


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function("selected", 2, 2, _selected),
        Function("count-selected", 1, 1, _count_selected),
        Function("count", 1, 1, _count),
        Function("sum", 1, None, _sum),
        Function("max", 1, None, _max),
        Function("min", 1, None, _min),
        Function("today", 0, 0, _today),
        Function("string-length", 1, 1, _string_length),
        Function("regex", 2, 2, _regex),
        Function("round", 1, 2, _round),
        Function("int", 1, 1, _int),
        Function("floor", 1, 1, _floor),
        Function("ceiling", 1, 1, _ceiling),
        Function("abs", 1, 1, _abs),
        Function("coalesce", 2, None, _coalesce),
        Function("age", 1, 2, _age),
        Function("id-birth-date", 1, 1, _id_birth_date),
        Function("id-sex", 1, 1, _id_sex),
        Function("concat", 1, None, _concat),
        Function("string", 1, 1, _string),
        Function("number", 1, 1, _number),
        Function("boolean", 1, 1, _boolean),
        Function("not", 1, 1, _not),
        Function("date", 1, 1, _date),
        Function("substr", 2, 3, _substr),
        Function("contains", 2, 2, _contains),
        Function("starts-with", 2, 2, _starts_with),
        Function("ends-with", 2, 2, _ends_with),
        Function("selected-at", 2, 2, _selected_at),
        Function("position", 0, 0, _position),
        Function("once", 1, 1, _once),
        Function("now", 0, 0, _now),
        Function("true", 0, 0, _true),
        Function("false", 0, 0, _false),
        Function("screening-disagrees", 1, 1, _screening_disagrees),
    )
}

# Not in the table: `if` evaluates only the branch it takes; `indexed-repeat` reads a column of a
# repeat by the name of its first argument; `jr:choice-name` needs the form's choice lists.
SPECIAL_FORMS = frozenset({"if", "indexed-repeat", "jr:choice-name", "choice-name"})
KNOWN_FUNCTIONS = frozenset(FUNCTIONS) | SPECIAL_FORMS
