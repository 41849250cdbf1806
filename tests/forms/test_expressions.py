"""The expression language: a table of expressions and their values, and hostile text."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.errors import ExpressionError
from forms.evaluator import Scope, compile_expression, free_resolver
from forms.syntax import parse
from forms.values import NodeSet

TODAY = date(2024, 6, 1)
VALUES: dict[str, Any] = {
    "a": Decimal(6),
    "b": Decimal(4),
    "zero": Decimal(0),
    "empty": None,
    "name": "王小明",
    "multi": ("jobs", "training"),
    "born": date(2010, 6, 2),
    "visit": date(2024, 6, 1),
    "ages": NodeSet((Decimal(40), Decimal(12), None)),
    "rows": NodeSet(({}, {}, {})),
    "id": "11010519491231002X",
}


def run(source: str, current: Any = None) -> Any:
    expression = compile_expression(source, free_resolver(VALUES))
    scope = Scope({}, {}, TODAY)
    scope.current = current
    return expression.evaluate(scope)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 2 * 3", Decimal(7)),
        ("(1 + 2) * 3", Decimal(9)),
        ("${a} div ${b}", Decimal("1.5")),
        ("${a} mod ${b}", Decimal(2)),
        ("-${a} + 1", Decimal(-5)),
        ("0.1 + 0.2 = 0.3", True),  # decimals, not floats
        ("${a} div ${zero}", None),  # division by zero: empty, no crash
        ("${empty} + 1", None),  # arithmetic on a missing value: empty
        ("${empty} = ''", True),
        ("${empty} != ''", False),
        ("${empty} > 0", False),
        ("${empty} < 0", False),
        ("${empty} = 0", False),
        ("${a} > 5 and ${b} < 5", True),
        ("${a} > 7 or not(${b} = 4)", False),
        ("'6' = ${a}", True),  # a string compared with a number is read as a number
        ("'abc' < 5", False),
        ("if(${a} > 5, 'big', 'small')", "big"),
        ("if(${empty}, 1, 2)", Decimal(2)),
        ("selected(${multi}, 'jobs')", True),
        ("selected(${multi}, 'legal_aid')", False),
        ("count-selected(${multi})", Decimal(2)),
        ("count-selected(${empty})", Decimal(0)),
        ("count(${rows})", Decimal(3)),
        ("sum(${ages})", Decimal(52)),
        ("max(${ages})", Decimal(40)),
        ("sum(${a}, ${empty}, ${b})", Decimal(10)),
        ("today()", TODAY),
        ("string-length(${name})", Decimal(3)),
        ("string-length(${empty})", Decimal(0)),
        ("regex('13912345678', '^1[3-9][0-9]{9}$')", True),
        ("regex('abc', '^[0-9]+$')", False),
        ("round(2.345, 2)", Decimal("2.35")),
        ("round(2.5)", Decimal(3)),
        ("int(-3.7)", Decimal(-3)),
        ("int(${empty})", None),
        ("coalesce(${empty}, 'x')", "x"),
        ("coalesce(${name}, 'x')", "王小明"),
        ("age(${born}, ${visit})", Decimal(13)),  # the birthday is tomorrow
        ("age(${born})", Decimal(13)),
        ("age(${empty})", None),
        ("${visit} > ${born}", True),
        ("${visit} = '2024-06-01'", True),
        ("${visit} - 1 = '2024-05-31'", True),
        ("id-birth-date(${id})", date(1949, 12, 31)),
        ("id-sex(${id})", "female"),
        ("id-sex('123')", None),
        ("concat('a', 1, ${empty})", "a1"),
        ("substr('abcdef', 1, 3)", "bc"),
        (". >= 0", True),
        ("true() and not(false())", True),
        ("1 div 3 * 3 = 1", False),  # exact within 28 digits, like any decimal arithmetic
    ],
)
def test_expression_values(source: str, expected: Any) -> None:
    assert run(source, current=Decimal(5)) == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("", "empty expression"),
        ("1 +", "ends too early"),
        ("(1 + 2", "expected ')'"),
        ("foo(1)", "unknown function foo()"),
        ("if(1, 2)", "if() takes 3 arguments"),
        ("selected(${multi})", "selected() takes 2 arguments, not 1"),
        ("age", "unknown name 'age'"),
        ("${unterminated", "a field reference looks like ${name}"),
        ("'open", "unterminated string"),
        ("1 # 2", "unexpected character '#'"),
        ("regex(${name}, '(')", "invalid regular expression"),
        ("(" * 200 + "1" + ")" * 200, "nested too deeply"),
    ],
)
def test_bad_expressions(source: str, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        compile_expression(source, free_resolver(VALUES))
    assert message in str(caught.value)


expression_alphabet = st.sampled_from(
    list("()${}.,'\"+-*=!<> 0123456789abcdxyz_:")
    + ["and", "or", "div", "mod", "if(", "${a}", "sum("]
)


@given(st.text(max_size=200))
@settings(max_examples=400)
def test_parser_raises_only_its_own_error_on_any_text(text: str) -> None:
    with contextlib.suppress(ExpressionError):
        parse(text)


@given(st.lists(expression_alphabet, max_size=60).map("".join))
@settings(max_examples=600)
def test_parse_and_evaluate_near_miss_expressions(text: str) -> None:
    """Text built from the language's own pieces either fails cleanly or evaluates without error."""
    try:
        expression = compile_expression(text, free_resolver(VALUES))
    except ExpressionError:
        return
    expression.evaluate(Scope({}, {}, TODAY))


def _corpus_form(name: str, folder: Any) -> Any:
    from forms.xlsform import import_xlsform
    from tests.forms.xlsform_corpus import BOOKS, write

    return import_xlsform(write(next(b for b in BOOKS if b.name == name), folder)).form


def test_odk_functions_computed_by_the_form_engine(tmp_path: Any) -> None:
    """jr:choice-name(), position(..), once(), indexed-repeat(), now() as an imported XLSForm
    uses them, evaluated by forms/ (never Python eval). A calculate with no type holds text,
    as ODK stores it."""
    form = _corpus_form("functions_odk", tmp_path)
    day = date(2026, 3, 5)
    got = form.compute({"fav": "pear", "row": [{"x": 1}, {"x": 7}, {"x": 3}]}, today=day)
    assert got["fav_label"] == "Pear"  # the choice's label, not its value
    assert [r["pos"] for r in got["row"]] == ["1", "2", "3"]
    assert [r["stamp"] for r in got["row"]] == ["2026-03-05"] * 3
    assert got["second_x"] == "7"
    assert got["when"] == "2026-03-05"
    short = form.compute({"row": [{"x": 1}]}, today=day)
    assert short.get("second_x") in (None, "")  # no second row: empty, no error
    assert short.get("fav_label") in (None, "")


def test_select_and_empty_value_functions_computed_by_the_form_engine(tmp_path: Any) -> None:
    """count-selected(), selected-at(), regex(), coalesce(), if(), sum() with empty values."""
    form = _corpus_form("functions_selects", tmp_path)
    got = form.compute({"picked": ["plum", "apple"], "a": 7, "b": 5})
    assert got["first_pick"] == "plum"
    assert got["ab"] == "12"
    assert got["size"] == "big"
    assert got["total"] == "7"
    empty = form.compute({})
    assert empty["ab"] == "0"  # coalesce() gives 0 for both empty answers
    assert empty["size"] == "small"
    assert empty["total"] == "0"  # ODK's sum(): an empty answer adds nothing
    assert empty.get("first_pick") in (None, "")
    assert [p.code for p in form.validate({"picked": ["plum", "apple", "pear"]}, "en")] == [
        "constraint"
    ]  # count-selected(.) <= 2
    assert [p.path for p in form.validate({"code": "ab123"}, "en")] == ["code"]  # regex()
    assert form.validate({"code": "AB123"}, "en") == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sum(${ages})", Decimal(52)),  # one row's age empty: left out, as JavaRosa does
        ("sum(${rows})", Decimal(0)),  # rows with nothing to add
        ("count-selected(${multi})", Decimal(2)),
        ("selected-at(${multi}, 1)", "training"),
        ("selected-at(${multi}, 5)", ""),
        ("if(${empty} = '', 'none', 'some')", "none"),
        ("coalesce(${empty}, ${a})", Decimal(6)),
        ("once(${a} + 1)", Decimal(7)),
        ("now()", TODAY),
    ],
)
def test_odk_function_values(source: str, expected: Any) -> None:
    assert run(source) == expected
