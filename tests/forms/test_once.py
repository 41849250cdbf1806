"""once(): a calculation keeps the first value it takes, as in ODK Collect (JavaRosa returns the
node's value when it is not empty, else the argument). The value travels with the answers, so
each test feeds one evaluation's cleaned answers into the next, the way the survey screen, a
saved draft and the server do."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from forms.evaluator import Scope, compile_expression, free_resolver
from forms.form import carry_kept
from forms.registry import form_from_json
from tests.forms.test_definitions import small

DAY1, DAY2 = date(2026, 3, 5), date(2026, 3, 9)

FORM = form_from_json(
    small(
        {"name": "a", "type": "integer", "label": "A"},
        {"name": "ok", "type": "select_one", "choices": "yn", "label": "同意"},
        {"name": "stamp", "type": "calculate", "datatype": "date", "calculate": "once(today())"},
        {"name": "loose", "type": "calculate", "calculate": "once(now())"},
        {"name": "first_a", "type": "calculate", "datatype": "integer", "calculate": "once(${a})"},
        {"name": "big", "type": "calculate", "datatype": "boolean", "calculate": "once(${a} > 3)"},
        {"name": "agreed_on", "type": "calculate", "datatype": "date",
         "calculate": "if(${ok} = 'yes', once(today()), '')"},
        {"name": "later", "type": "calculate", "datatype": "date", "relevant": "${a} > 0",
         "calculate": "once(today())"},
        {"name": "plain", "type": "calculate", "datatype": "date", "calculate": "today()"},
        {"name": "visits", "type": "repeat", "label": "走访", "fields": [
            {"name": "n", "type": "integer", "label": "次"},
            {"name": "seen", "type": "calculate", "datatype": "date",
             "calculate": "once(today())"},
            {"name": "jobs", "type": "repeat", "label": "工作", "fields": [
                {"name": "title", "type": "text", "label": "职业"},
                {"name": "since", "type": "calculate", "datatype": "date",
                 "calculate": "once(today())"},
            ]},
        ]},
    )
)  # fmt: skip


def test_only_calculations_that_call_once_keep_their_value() -> None:
    keeping = {f.name for f in FORM.fields if f.keeps_value}
    assert keeping == {"stamp", "loose", "first_a", "big", "agreed_on", "later", "seen", "since"}
    assert [f.name for f in FORM.field("visits").row_kept] == ["seen"]


def test_the_first_value_stays_through_edits_and_days() -> None:
    first = FORM.clean({"a": 2}, today=DAY1)
    assert (first["stamp"], first["loose"], first["first_a"], first["big"]) == (
        "2026-03-05",
        "2026-03-05",
        2,
        False,
    )
    assert first["plain"] == "2026-03-05"
    # Another answer changes, on another day: the kept values do not; today() does.
    again = FORM.clean({**first, "a": 9}, today=DAY2)
    assert (again["stamp"], again["loose"], again["first_a"], again["big"]) == (
        "2026-03-05",
        "2026-03-05",
        2,
        False,  # false is a value, not empty: it is kept too
    )
    assert again["plain"] == "2026-03-09"
    assert FORM.compute(again, today=DAY2)["stamp"] == "2026-03-05"
    assert FORM.validate(again, "en", today=DAY2) == []


def test_an_empty_value_is_not_kept_so_the_first_non_empty_one_is() -> None:
    empty = FORM.clean({}, today=DAY1)
    assert "first_a" not in empty  # nothing typed yet: empty, and once() tries again
    typed = FORM.clean({**empty, "a": 5}, today=DAY1)
    assert typed["first_a"] == 5
    assert FORM.clean({**typed, "a": 7}, today=DAY1)["first_a"] == 5
    cleared = FORM.clean({**typed, "a": None}, today=DAY1)
    assert cleared["first_a"] == 5


def test_once_inside_if_is_reached_only_when_the_branch_is_taken() -> None:
    """As in JavaRosa: the branch not taken gives '' and the node holds nothing afterwards."""
    no = FORM.clean({"ok": "no"}, today=DAY1)
    assert "agreed_on" not in no
    yes = FORM.clean({**no, "ok": "yes"}, today=DAY1)
    assert yes["agreed_on"] == "2026-03-05"
    assert FORM.clean(yes, today=DAY2)["agreed_on"] == "2026-03-05"
    assert "agreed_on" not in FORM.clean({**yes, "ok": "no"}, today=DAY2)


def test_an_irrelevant_calculation_drops_its_value_and_starts_again() -> None:
    shown = FORM.clean({"a": 1}, today=DAY1)
    assert shown["later"] == "2026-03-05"
    hidden = FORM.clean({**shown, "a": 0}, today=DAY2)
    assert "later" not in hidden
    assert FORM.clean({**hidden, "a": 1}, today=DAY2)["later"] == "2026-03-09"


def test_each_row_keeps_its_own_value_nested_rows_too() -> None:
    first = FORM.clean({"visits": [{"n": 1, "jobs": [{"title": "farmer"}]}]}, today=DAY1)
    assert first["visits"][0]["seen"] == "2026-03-05"
    assert first["visits"][0]["jobs"][0]["since"] == "2026-03-05"
    grown = {
        "visits": [
            {**first["visits"][0], "jobs": [*first["visits"][0]["jobs"], {"title": "cook"}]},
            {"n": 2},
        ]
    }
    second = FORM.clean(grown, today=DAY2)
    assert [r["seen"] for r in second["visits"]] == ["2026-03-05", "2026-03-09"]
    assert [j["since"] for j in second["visits"][0]["jobs"]] == ["2026-03-05", "2026-03-09"]
    assert FORM.validate(second, "en", today=DAY2) == []


@pytest.mark.parametrize(
    ("answers", "path", "message"),
    [
        ({"stamp": "soon"}, "stamp", "stamp: Expected a date (YYYY-MM-DD)"),
        ({"first_a": "many"}, "first_a", "first_a: Expected a whole number"),
        ({"big": "false"}, "big", "big: Expected true or false"),
        ({"big": 1}, "big", "big: Expected true or false"),
        ({"stamp": True}, "stamp", "stamp: Expected a date (YYYY-MM-DD)"),
        ({"loose": {"at": "noon"}}, "loose", "loose: Expected a single calculated value"),
        ({"loose": [1, 2]}, "loose", "loose: Expected a single calculated value"),
        ({"loose": float("nan")}, "loose", "loose: Expected a single calculated value"),
        ({"visits": [{"seen": 20260305}]}, "visits[0].seen", "seen: Expected a date (YYYY-MM-DD)"),
        (
            {"visits": [{"jobs": [{"since": "x"}]}]},
            "visits[0].jobs[0].since",
            "since: Expected a date (YYYY-MM-DD)",
        ),
    ],
)
def test_a_kept_value_that_cannot_be_read_is_a_problem_and_stays_as_sent(
    answers: dict[str, Any], path: str, message: str
) -> None:
    problems = FORM.validate(answers, "en", today=DAY1)
    assert [(p.path, p.code, p.message) for p in problems] == [(path, "type", message)]
    clean = FORM.clean(answers, today=DAY1)
    where: Any = clean
    for part in path.replace("]", "").replace("[", ".").split("."):
        where = where[int(part)] if part.isdigit() else where[part]
    sent: Any = answers
    for part in path.replace("]", "").replace("[", ".").split("."):
        sent = sent[int(part)] if part.isdigit() else sent[part]
    assert where == sent or (where != where and sent != sent)  # NaN is kept as NaN


@pytest.mark.parametrize(
    ("answers", "name", "kept"),
    [
        ({"loose": "2025-12-31"}, "loose", "2025-12-31"),  # untyped: text, as ODK stores it
        ({"loose": 7}, "loose", "7"),
        ({"loose": ["jobs", "training"]}, "loose", ["jobs", "training"]),
        ({"first_a": "12"}, "first_a", 12),
        ({"stamp": "2025-12-31T08:00:00"}, "stamp", "2025-12-31"),
        ({"big": True}, "big", True),
    ],
)
def test_kept_values_read_back_as_the_calculation_writes_them(
    answers: dict[str, Any], name: str, kept: Any
) -> None:
    assert FORM.validate(answers, "en", today=DAY1) == []
    assert FORM.clean(answers, today=DAY1)[name] == kept


def test_once_gives_the_current_value_when_there_is_one() -> None:
    expression = compile_expression("once(${a} + 1)", free_resolver({"a": Decimal(6)}))
    scope = Scope({}, {}, DAY1)
    assert expression.evaluate(scope) == Decimal(7)
    scope.current = Decimal(3)
    assert expression.evaluate(scope) == Decimal(3)
    scope.current = ""
    assert expression.evaluate(scope) == Decimal(7)


TOP = [f for section in FORM.sections for f in section.fields]


def test_carry_kept_copies_what_once_took_into_the_answers_being_edited() -> None:
    editing: dict[str, Any] = {
        "a": 2,
        "plain": "2020-01-01",
        "visits": [{"n": 1, "jobs": [{"title": "farmer"}]}, {"n": 2}],
    }
    review = FORM.clean(editing, today=DAY1)
    assert carry_kept(TOP, editing, review) is True
    assert editing["stamp"] == "2026-03-05"
    assert editing["first_a"] == 2
    assert editing["plain"] == "2020-01-01"  # not a kept calculation: left alone
    assert [r["seen"] for r in editing["visits"]] == ["2026-03-05"] * 2
    assert editing["visits"][0]["jobs"][0]["since"] == "2026-03-05"
    # The next review reads them back, on another day: nothing changes any more.
    assert carry_kept(TOP, editing, FORM.clean(editing, today=DAY2)) is False
    editing["a"] = 0  # `later` becomes irrelevant: the review drops it, and so does the copy
    assert carry_kept(TOP, editing, FORM.clean(editing, today=DAY2)) is True
    assert "later" not in editing


def test_carry_kept_treats_an_empty_text_as_nothing_kept() -> None:
    """An untyped calculation can give '' (an if() branch not taken); saving drops it, so a
    draft reopened without it has nothing new to keep."""
    editing: dict[str, Any] = {"a": 1}
    assert carry_kept(TOP, editing, {"loose": ""}) is False
    assert "loose" not in editing
    editing["loose"] = "2026-03-05"
    assert carry_kept(TOP, editing, {"loose": ""}) is True
    assert "loose" not in editing
