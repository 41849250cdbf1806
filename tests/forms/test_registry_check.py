"""The check's definition as data: the bundled county definition loads, rows are read strictly."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from forms.idnumber import make_id_number
from forms.registry_check import CheckDefinitionError, check_from_json, load_check
from forms.registry_rows import Layout, LayoutError, RowProblem

TODAY = date(2026, 3, 1)


def test_bundled_definition_covers_every_source_and_rule() -> None:
    check = load_check("421202")  # a county inherits its prefecture's definition
    assert check.county_code == "421200"
    assert set(check.sources) == {
        "vehicles", "real_estate", "business", "social_insurance", "payroll", "civil_status",
        "assistance",
    }  # fmt: skip
    assert {r.source for r in check.rules} == set(check.sources)
    assert check.retention_days == 365


def test_a_row_is_read_into_words_never_into_the_row() -> None:
    source = load_check("421200").source("vehicles")
    layout = Layout.from_headings(source, [" 身份证号 ", "车辆类型", "初次登记日期", "号牌"])
    number = make_id_number("421202", date(1980, 5, 6), 11)
    row = layout.read(2, [number.lower(), "小型轿车", "2021/3/5", "鄂L12345"], TODAY)
    assert (row.id_number, row.kind, row.on_date) == (number, "car", date(2021, 3, 5))
    assert source.describe(row.kind, row.on_date, row.amount, "en") == "a car registered in 2021"
    assert source.describe(row.kind, row.on_date, row.amount, "zh") == "2021年登记的小汽车"
    assert layout.read(3, [number, "一种新车型", "20200101"], TODAY).kind == "other"


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        (["", "小型轿车", "2021-01-01"], "id_missing"),
        (["42120219800506001", "小型轿车", "2021-01-01"], "id_length"),
        (["421202198005060110", "小型轿车", "2021-01-01"], "id_check"),
        (["4212021980O506001X", "小型轿车", "2021-01-01"], "id_character"),
        ([make_id_number("421202", date(1980, 5, 6), 11), "小型轿车", "next spring"], "date"),
    ],
)
def test_bad_rows_say_why(cells: list[str], reason: str) -> None:
    layout = Layout.from_headings(
        load_check("421200").source("vehicles"), ["身份证号", "车辆类型", "登记日期"]
    )
    with pytest.raises(RowProblem) as err:
        layout.read(7, cells, TODAY)
    assert err.value.reason == reason
    assert "42120219800506" not in str(err.value)


def test_amounts_and_headings() -> None:
    source = load_check("421200").source("social_insurance")
    with pytest.raises(LayoutError, match="no ID number column"):
        Layout.from_headings(source, ["姓名", "险种"])
    layout = Layout.from_headings(source, ["公民身份号码", "险种", "月待遇金额"])
    assert layout.missing() == ["on_date"]
    number = make_id_number("421202", date(1950, 1, 2), 21)
    row = layout.read(2, [number, "城镇职工基本养老保险", "2,350.5元"], TODAY)
    assert (row.kind, row.amount) == ("pension", Decimal("2350.50"))
    with pytest.raises(RowProblem, match="not an amount"):
        layout.read(3, [number, "城镇职工基本养老保险", "很多"], TODAY)


def test_a_broken_definition_names_the_key() -> None:
    with pytest.raises(CheckDefinitionError, match=r"rules\[0\].source"):
        check_from_json(
            {
                "county_code": "421200",
                "version": 1,
                "retention_days": 30,
                "sources": {
                    "vehicles": {
                        "department": {"zh": "车管", "en": "Vehicles"},
                        "columns": {"id_number": ["身份证号"]},
                        "says": {"zh": "车", "en": "car"},
                    }
                },
                "rules": [
                    {
                        "code": "x",
                        "source": "boats",
                        "test": "any",
                        "label": {"zh": "a", "en": "a"},
                        "task": {"zh": "b", "en": "b"},
                    }
                ],
            }  # fmt: skip
        )
