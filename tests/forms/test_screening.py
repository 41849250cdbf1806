"""Screening rules at and around their boundaries, with the city's 2017 standards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from forms.idnumber import make_id_number
from forms.screening import screen
from forms.standards import Standards, load_standards

STANDARDS = load_standards("421200", 2017)
VISIT = date(2024, 3, 12)
RURAL_TWO = Decimal(4417) * 2  # the rural line for a household of two: 8834 yuan a year


def member(**answers: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": "成员",
        "relation": "other",
        "health": "healthy",
        "work_ability": "full",
    }
    row.update(answers)
    return row


def household(
    income: Decimal | str = "0",
    *,
    hukou: str = "rural",
    members: list[dict[str, Any]] | None = None,
    benefits: list[str] | None = None,
    expenditure: str = "0",
    transfers: str = "0",
) -> dict[str, Any]:
    return {
        "visit_date": VISIT.isoformat(),
        "hukou_type": hukou,
        "members": members
        if members is not None
        else [member(relation="head"), member(relation="spouse")],
        "income_wages": str(income),
        "income_transfers": transfers,
        "exp_medical": expenditure,
        "benefits": benefits or [],
    }


def codes(answers: dict[str, Any], standards: Standards = STANDARDS) -> set[str]:
    return {flag.code for flag in screen(answers, standards)}


@pytest.mark.parametrize(
    ("income", "benefits", "present", "absent"),
    [
        (RURAL_TWO - Decimal("0.01"), [], {"dibao_income", "possibly_missed"}, {"marginal"}),
        (RURAL_TWO, [], {"marginal"}, {"dibao_income", "possibly_missed"}),  # exactly at the line
        (RURAL_TWO + Decimal("0.01"), [], {"marginal"}, {"dibao_income"}),
        (RURAL_TWO * Decimal("1.5"), ["dibao_rural"], {"marginal"}, {"recheck_dibao_above"}),
        (
            RURAL_TWO * Decimal("1.5") + Decimal("0.01"),
            ["dibao_rural"],
            {"recheck_dibao_above"},
            {"marginal"},
        ),
        (
            RURAL_TWO * Decimal("1.5") + Decimal("0.01"),
            [],
            set(),
            {"recheck_dibao_above", "marginal"},
        ),
        (RURAL_TWO - Decimal("0.01"), ["dibao_rural"], {"dibao_income"}, {"possibly_missed"}),
        (RURAL_TWO - Decimal("0.01"), ["tekun_home"], {"dibao_income"}, {"possibly_missed"}),
        (RURAL_TWO - Decimal("0.01"), ["temporary"], {"possibly_missed"}, set()),
    ],
)
def test_income_rules_at_their_boundaries(
    income: Decimal, benefits: list[str], present: set[str], absent: set[str]
) -> None:
    found = codes(household(income, benefits=benefits))
    assert present <= found
    assert not absent & found


def test_urban_households_use_the_urban_line() -> None:
    assert "dibao_income" in codes(household(Decimal(6396 * 2) - Decimal("0.01"), hukou="urban"))
    assert "dibao_income" not in codes(household(Decimal(6396 * 2), hukou="urban"))


@pytest.mark.parametrize(
    ("expenditure", "expected"),
    [("0", False), ("0.01", True), ("5000", True)],
)
def test_expenditure_difficulty_starts_just_above_the_line(
    expenditure: str, expected: bool
) -> None:
    found = codes(household(RURAL_TWO, expenditure=expenditure))
    assert ("expenditure_difficulty" in found) is expected
    assert "dibao_income" not in found


def test_explanation_gives_the_figures() -> None:
    flags = screen(household("3750", members=[member(relation="head")]), STANDARDS)
    assert flags[0].code == "dibao_income"
    assert flags[0].explanation == "人均月收入 312.50 元 < 农村低保标准 368.08 元"
    english = screen(household("3750", members=[member(relation="head")]), STANDARDS, "en")
    assert (
        english[0].explanation
        == "monthly income per person 312.50 yuan < rural dibao line 368.08 yuan"
    )


@pytest.mark.parametrize(
    ("abilities", "wages", "transfers", "expected"),
    [
        (["none", "none"], "0", "1200", True),
        (["none", "none"], "0.01", "0", False),
        (["none", "partial"], "0", "0", False),
        (["none"], "0", "0", True),
    ],
)
def test_tekun_candidate(abilities: list[str], wages: str, transfers: str, expected: bool) -> None:
    members = [member(work_ability=a) for a in abilities]
    found = codes(household(wages, members=members, transfers=transfers))
    assert ("tekun_candidate" in found) is expected


@pytest.mark.parametrize(
    ("grade", "benefits", "income", "living", "nursing"),
    [
        ("1", [], RURAL_TWO * 3, False, True),
        ("2", ["dibao_rural"], RURAL_TWO * 3, True, True),
        ("3", ["dibao_rural"], RURAL_TWO * 3, True, False),
        ("3", [], RURAL_TWO - 1, True, False),  # qualifies for 低保 without receiving it yet
        ("4", [], RURAL_TWO, False, False),
    ],
)
def test_disability_subsidies(
    grade: str, benefits: list[str], income: Decimal, living: bool, nursing: bool
) -> None:
    members = [
        member(relation="head", health="disabled", disability_grade=grade),
        member(relation="spouse"),
    ]
    found = codes(household(income, members=members, benefits=benefits))
    assert ("disability_living_subsidy" in found) is living
    assert ("disability_nursing_subsidy" in found) is nursing


def child_born(years_before_visit: int, days: int = 0) -> str:
    born = date(VISIT.year - years_before_visit, VISIT.month, VISIT.day)
    return make_id_number("421221", date.fromordinal(born.toordinal() + days), 12)


@pytest.mark.parametrize(
    ("child_id", "head", "spouse", "expected"),
    [
        (child_born(16, days=1), {"works_away": "yes"}, {"works_away": "yes"}, True),  # 16 tomorrow
        (child_born(16), {"works_away": "yes"}, {"works_away": "yes"}, False),  # 16 today
        (child_born(8), {"works_away": "yes"}, {"works_away": "no"}, False),
        (child_born(8), {"works_away": "yes"}, {"works_away": "no", "health": "serious"}, True),
        (child_born(8), {"works_away": "yes"}, {"works_away": "no", "work_ability": "none"}, True),
        (child_born(8), {"works_away": "no"}, {"works_away": "no"}, False),
    ],
)
def test_left_behind_child(
    child_id: str, head: dict[str, Any], spouse: dict[str, Any], expected: bool
) -> None:
    members = [
        member(relation="head", **head),
        member(relation="spouse", **spouse),
        member(relation="child", id_number=child_id, work_ability="none"),
    ]
    found = codes(household(RURAL_TWO * 3, members=members))
    assert ("left_behind_child" in found) is expected


def test_grandchild_with_both_parents_away_is_left_behind() -> None:
    members = [
        member(relation="head"),
        member(relation="child", works_away="yes"),
        member(relation="child_in_law", works_away="yes"),
        member(relation="grandchild", id_number=child_born(5)),
    ]
    flags = [
        f
        for f in screen(household(RURAL_TWO * 4, members=members), STANDARDS)
        if f.code == "left_behind_child"
    ]
    assert flags
    assert flags[0].members == (3,)
    assert "5岁" in flags[0].explanation


def test_no_members_or_hukou_means_no_income_flags() -> None:
    assert not codes(household("0", members=[]))
    assert "dibao_income" not in codes(household("0", hukou=""))


def test_standards_round_trip_and_fall_back_to_the_city() -> None:
    county = load_standards("421221", 2024)  # Jiayu county inherits the city's 2017 figures
    assert (county.county_code, county.year) == ("421200", 2017)
    assert county.dibao_month("rural").quantize(Decimal("0.01")) == Decimal("368.08")
    assert county.temporary_max("rural") == Decimal(4417) / 12 * 6
    assert county.temporary_max("urban", special=True) == Decimal(6396)
    assert Standards.from_json(county.to_json()) == county
    raised = Standards.from_json(
        {**county.to_json(), "county_code": "421221", "year": 2024, "dibao_rural_year": "7000"}
    )
    assert "dibao_income" in codes(household(Decimal(14000) - 1), raised)
    assert "dibao_income" not in codes(household(Decimal(14000) - 1), STANDARDS)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"county_code": "42"}, "county_code"),
        ({"year": "2017"}, "year"),
        ({"dibao_rural_year": None}, "dibao_rural_year is required"),
        ({"dibao_urban_year": "abc"}, "dibao_urban_year"),
        ({"tekun_rural_year": "-1"}, "negative"),
    ],
)
def test_bad_standards_name_the_key(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Standards.from_json({**STANDARDS.to_json(), **change})


def test_unknown_county_has_no_standards() -> None:
    with pytest.raises(LookupError):
        load_standards("110105", 2024)
    with pytest.raises(LookupError):
        load_standards("421221", 2016)
