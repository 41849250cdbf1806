"""The household survey (household-survey v1): a realistic family validated, cleaned and screened."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from forms.form import Form
from forms.referrals import DEPARTMENT_OF_NEED, DEPARTMENTS, referrals
from forms.registry import bundled_forms, form_from_json, load_form
from forms.samples import SHA, sample_household
from forms.screening import screen
from forms.standards import load_standards

TODAY = date(2024, 3, 20)


@pytest.fixture(scope="module")
def form() -> Form:
    return load_form("household-survey", 1)


def answers(**changes: Any) -> dict[str, Any]:
    data = sample_household()
    data.update(changes)
    return data


def problems(form: Form, data: dict[str, Any], lang: str = "zh") -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in form.validate(data, lang, today=TODAY)]


def test_bundled(form: Form) -> None:
    assert ("household-survey", 1) in bundled_forms()
    assert form.id == "household-survey"
    assert form.version == 1
    assert form.title("zh") == "困难家庭入户调查表"
    assert form.title("en").startswith("Household survey")


def test_every_question_has_chinese_and_english(form: Form) -> None:
    for field in form.fields:
        if field.type != "calculate":
            assert set(field.labels) == {"zh", "en"}, field.name
        for choice in field.choices:
            assert set(choice.labels) == {"zh", "en"}, (field.name, choice.value)


def test_the_fixed_field_names_exist(form: Form) -> None:
    names = {f.name for f in form.fields}
    required = {
        "campaign_round", "visit_date", "visit_outcome", "revisit_date", "village_code", "address",
        "head_name", "head_id_number", "phone", "hukou_type", "members", "name", "id_number",
        "relation", "health", "disability_kind", "disability_grade", "work_ability", "occupation",
        "schooling", "works_away", "left_behind", "birth_date", "sex", "age", "income_wages",
        "income_farming", "income_property", "income_transfers", "income_other", "income_total",
        "income_per_capita_year", "income_per_capita_month", "exp_medical", "exp_education",
        "exp_disability_care", "exp_disaster", "exp_total", "adjusted_per_capita_month", "housing",
        "housing_safety", "vehicles", "savings_band", "has_business", "large_machinery",
        "livestock", "benefits", "causes", "needs", "recommendation", "recommendation_reason",
        "photos", "consent_signature",
    }  # fmt: skip
    assert required <= names
    assert {c.value for c in form.field("needs").choices} == set(DEPARTMENT_OF_NEED)
    assert set(DEPARTMENT_OF_NEED.values()) <= set(DEPARTMENTS)


def test_a_complete_chinese_household_validates_and_screens(form: Form) -> None:
    data = answers()
    assert form.validate(data, today=TODAY) == []
    clean = form.clean(data, today=TODAY)
    assert clean["income_total"] == "23600.00"
    assert clean["income_per_capita_year"] == "3933.33"
    assert clean["income_per_capita_month"] == "327.78"
    assert clean["exp_total"] == "11300.50"
    assert clean["adjusted_per_capita_month"] == "170.83"
    assert clean["household_size"] == 6
    head = clean["members"][0]
    assert (head["birth_date"], head["sex"], head["age"]) == ("1968-03-14", "male", 55)
    assert clean["members"][4]["age"] == 8
    assert "works_away" not in clean["members"][4]  # under 16: not asked
    flags = screen(clean, load_standards("421221", 2024))
    assert [f.code for f in flags] == [
        "dibao_income",
        "disability_living_subsidy",
        "disability_nursing_subsidy",
        "left_behind_child",
        "possibly_missed",
    ]
    assert flags[0].explanation == "人均月收入 327.78 元 < 农村低保标准 368.08 元"
    assert referrals(clean["needs"], disabled_member=True) == {
        "health": ["medical_aid"],
        "housing": ["housing_repair"],
        "hrss": ["training"],
    }


def test_compute_holds_only_calculations(form: Form) -> None:
    computed = form.compute(answers(), today=TODAY)
    assert computed["income_total"] == "23600.00"
    assert "income_wages" not in computed
    assert computed["members"][1] == {"birth_date": "1970-09-02", "sex": "female", "age": 53}


def test_problem_paths_carry_zero_based_repeat_indexes(form: Form) -> None:
    data = answers()
    data["members"][3]["id_number"] = data["members"][3]["id_number"][:-1] + (
        "0" if data["members"][3]["id_number"][-1] != "0" else "1"
    )
    data["members"][1]["health"] = "disabled"  # then kind and grade are required
    data["photos"][1]["photo"] = "not-a-hash"
    found = form.validate(data, today=TODAY)
    assert [(p.path, p.code) for p in found] == [
        ("members[1].disability_kind", "required"),
        ("members[1].disability_grade", "required"),
        ("members[3].id_number", "id_number"),
        ("photos[1].photo", "attachment"),
    ]
    assert found[2].message == "身份证号：身份证号校验位不符，请核对"
    english = form.validate(data, "en", today=TODAY)
    assert (
        english[2].message
        == "ID number: The check digit does not match: please re-check the number"
    )


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"income_wages": "abc"}, [("income_wages", "type")]),
        ({"income_wages": "12.345"}, [("income_wages", "type")]),
        ({"income_wages": "-5"}, [("income_wages", "constraint")]),
        ({"income_wages": None}, [("income_wages", "required")]),
        ({"hukou_type": "city"}, [("hukou_type", "choice")]),
        ({"vehicles": ["none", "car"]}, [("vehicles", "constraint")]),
        ({"vehicles": "car motorcycle"}, []),  # XLSForm's space-separated form is accepted
        ({"phone": "12345"}, [("phone", "phone")]),
        ({"phone": "0715-8123456"}, []),
        ({"phone": None}, []),
        ({"village_code": "4212"}, [("village_code", "constraint")]),
        ({"visit_date": "2024-04-01"}, [("visit_date", "constraint")]),  # after today
        ({"visit_date": "2024-02-30"}, [("visit_date", "type")]),
        ({"members": []}, [("members", "repeat_count")]),
        ({"members": "nobody"}, [("members", "type")]),
        ({"causes": ["other"]}, [("causes_other", "required")]),
        ({"consent_signature": None}, [("consent_signature", "required")]),
        ({"consent_signature": "sha256:" + SHA}, []),
        ({"livestock": 2.5}, [("livestock", "type")]),
        ({"favourite_colour": "red"}, [("favourite_colour", "unknown_field")]),
    ],
)
def test_single_mistakes(
    form: Form, changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    assert problems(form, answers(**changes)) == expected


@pytest.mark.parametrize(
    ("recommendation", "benefits", "reason_required"),
    [
        ("dibao", [], False),  # screening agrees: income below the line
        ("tekun", [], True),  # members can work: not a tekun candidate
        ("exit", ["dibao_rural"], True),  # still below the line
        ("keep", [], True),  # possibly missed
        ("keep", ["dibao_rural"], False),
        ("verify", [], False),
        ("temporary", [], False),
    ],
)
def test_a_reason_is_required_when_the_recommendation_disagrees(
    form: Form, recommendation: str, benefits: list[str], reason_required: bool
) -> None:
    data = answers(recommendation=recommendation, benefits=benefits)
    assert (("recommendation_reason", "required") in problems(form, data)) is reason_required
    data["recommendation_reason"] = "子女外出务工收入不稳定"
    assert ("recommendation_reason", "required") not in problems(form, data)


def test_outside_the_city_without_standards_no_reason_is_demanded(form: Form) -> None:
    data = answers(recommendation="tekun", village_code="110105001001")
    assert problems(form, data) == []


def test_nobody_home_needs_only_a_revisit_and_drops_the_rest(form: Form) -> None:
    data = answers(visit_outcome="nobody_home")
    assert problems(form, data) == [("revisit_date", "required")]
    data["revisit_date"] = "2024-03-10"
    assert problems(form, data) == [("revisit_date", "constraint")]
    data["revisit_date"] = "2024-03-15"
    assert problems(form, data) == []
    clean = form.clean(data, today=TODAY)
    assert set(clean) == {
        "campaign_round",
        "visit_date",
        "visit_outcome",
        "revisit_date",
        "surveyed",
    }
    assert clean["surveyed"] is False


@pytest.mark.parametrize("outcome", ["refused", "moved_out", "gone"])
def test_other_outcomes_need_nothing_more(form: Form, outcome: str) -> None:
    minimal = {"campaign_round": "mid", "visit_date": "2024-03-12", "visit_outcome": outcome}
    assert problems(form, minimal) == []


def test_irrelevant_answers_are_dropped_not_kept(form: Form) -> None:
    data = answers(housing="none")
    data["members"][0]["health"] = "healthy"  # kind and grade of disability become irrelevant
    assert problems(form, data) == []
    clean = form.clean(data, today=TODAY)
    assert "housing_safety" not in clean
    assert "disability_grade" not in clean["members"][0]
    relevance = form.relevance(data, today=TODAY)
    assert relevance["members[0].disability_grade"] is False
    assert relevance["members[1].disability_grade"] is False
    assert relevance["housing_safety"] is False


def test_six_member_sums_never_use_floats(form: Form) -> None:
    data = answers(
        income_wages=0.1,
        income_farming=0.2,
        income_property="0",
        income_transfers=0,
        income_other=0,
    )
    clean = form.clean(data, today=TODAY)
    assert clean["income_total"] == "0.30"


def test_the_definition_round_trips_through_json(form: Form) -> None:
    shipped = form.to_json()
    again = form_from_json(copy.deepcopy(shipped))
    assert again.to_json() == shipped
    broken = answers(income_wages="x")
    assert again.validate(broken, today=TODAY) == form.validate(broken, today=TODAY)


def test_review_validates_cleans_and_screens_in_one_call(form: Form) -> None:
    review = form.review(answers(recommendation="keep"), today=TODAY)  # standards from the village
    assert [(p.path, p.code) for p in review.problems] == [("recommendation_reason", "required")]
    assert review.answers["income_total"] == "23600.00"
    assert review.flags[0].code == "dibao_income"
    assert form.review(answers(), load_standards("421200", 2017), "en", today=TODAY).problems == []
