"""Loading definitions: small forms as inline tables, and every mistake reported with its path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from forms.errors import FormDefinitionError
from forms.registry import form_from_json, load_definition_file

SCHEMA = Path(__file__).parents[2] / "forms" / "form-definition.schema.json"


def small(*fields: dict[str, Any], **top: Any) -> dict[str, Any]:
    definition: dict[str, Any] = {
        "id": "small",
        "version": 1,
        "title": {"zh": "小表", "en": "Small"},
        "choices": {"yn": [{"value": "yes", "label": "是"}, {"value": "no", "label": "否"}]},
        "sections": [{"name": "main", "label": "主要", "fields": list(fields)}],
    }
    definition.update(top)
    return definition


def test_a_definition_with_errors_reports_each(tmp_path: Path) -> None:
    broken = small(
        {"name": "income", "type": "money", "label": "收入"},
        {"name": "flag", "type": "select_one", "choices": "nope", "label": "x"},
        {"name": "note1", "type": "note", "label": "说明", "relevent": "true()"},
        {"name": "calc", "type": "calculate", "calculate": "${incme} * 2"},
        {"name": "size", "type": "integer", "label": "x", "constraint": "frobnicate(.)"},
        {"name": "income", "type": "text", "label": "重复"},
        {"name": "bad name", "type": "text", "label": "x"},
        {"name": "when", "type": "datetime", "label": "x"},
        {"name": "paren", "type": "text", "label": "x", "relevant": "(${income} > 1"},
        {"name": "nolabel", "type": "text"},
    )
    file = tmp_path / "broken.yaml"
    file.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        load_definition_file(file)
    error = caught.value
    assert error.file == str(file)
    assert error.problems == [
        ("sections[0].fields[5].name", "duplicate name 'income' (also at sections[0].fields[0])"),
        ("sections[0].fields[6].name", "a name is letters, digits, _, - and . (got 'bad name')"),
        ("sections[0].fields[1].choices", "unknown choice list 'nope'"),
        ("sections[0].fields[2].relevent", "unknown key"),
        ("sections[0].fields[3].calculate", "unknown field ${incme}"),
        ("sections[0].fields[4].constraint", "unknown function frobnicate() at character 1: frobnicate(.)"),
        ("sections[0].fields[7].type", "unknown type 'datetime' (one of calculate, date, decimal, group, id_number, integer, money, note, phone, photo, repeat, select_multiple, select_one, signature, text)"),
        ("sections[0].fields[8].relevant", "expected ')', found 'end of expression' at character 15: (${income} > 1"),
        ("sections[0].fields[9].label", "a label is required"),
    ]  # fmt: skip
    assert f"{file}: sections[0].fields[3].calculate: unknown field ${{incme}}" in str(error)


@pytest.mark.parametrize(
    ("definition", "path", "message"),
    [
        (small({"name": "a", "type": "text", "label": "x"}, id="Bad Id"), "id", "expected an id"),
        (small({"name": "a", "type": "text", "label": "x"}, version=0), "version", "whole number"),
        (small({"name": "a", "type": "text", "label": "x"}, languages=["zh"], title={"en": "x"}), "title.en", "not in the form's languages"),
        (small({"name": "a", "type": "calculate", "calculate": "${b}"}, {"name": "b", "type": "calculate", "calculate": "${a} + 1"}), "sections[0].fields[0]", "circular reference"),
        (small({"name": "a", "type": "text", "label": "x", "relevant": "${a} = ''"}), "sections[0].fields[0]", "circular reference"),
        (small({"name": "r", "type": "repeat", "label": "x", "repeat_count": "${nowhere}", "fields": [{"name": "z", "type": "text", "label": "z"}]}), "sections[0].fields[0].repeat_count", "unknown field ${nowhere}"),
        (small({"name": "a", "type": "text", "label": "x", "choices": "yn"}), "sections[0].fields[0].choices", "has no choices"),
        (small({"name": "a", "type": "select_one", "label": "x", "choices": [{"value": "a b", "label": "x"}]}), "sections[0].fields[0].choices[0].value", "spaces"),
        (small({"name": "main", "type": "text", "label": "x"}), "sections[0].fields[0].name", "duplicate name"),
        (small({"name": "g", "type": "group", "label": "x", "fields": [{"name": "t", "type": "text", "label": "t"}]}, {"name": "u", "type": "text", "label": "u", "relevant": "${g} = 1"}), "sections[0].fields[1].relevant", "is a group"),
        (small({"name": "a", "type": "text", "label": "x", "datatype": "money"}), "sections[0].fields[0].datatype", "datatype is for calculate"),
        (small({"name": "a", "type": "integer", "label": "x", "min_count": 1}), "sections[0].fields[0].min_count", "on a repeat"),
    ],
)  # fmt: skip
def test_single_definition_mistakes(definition: dict[str, Any], path: str, message: str) -> None:
    with pytest.raises(FormDefinitionError) as caught:
        form_from_json(definition)
    assert any(p == path and message in m for p, m in caught.value.problems), caught.value.problems


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text("id: x\nsections: [\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        load_definition_file(file)
    assert caught.value.problems[0][0].startswith("line ")


def test_missing_file_is_a_definition_error(tmp_path: Path) -> None:
    with pytest.raises(FormDefinitionError, match="cannot read"):
        load_definition_file(tmp_path / "missing.yaml")


REPEAT_FORM = small(
    {"name": "people", "type": "repeat", "label": "人", "fields": [
        {"name": "age", "type": "integer", "label": "年龄", "required": True,
         "constraint": ". >= 0 and . < 130", "constraint_message": {"zh": "年龄不对", "en": "Bad age"}},
        {"name": "school", "type": "select_one", "choices": "yn", "label": "上学", "relevant": "${age} < 18"},
        {"name": "double", "type": "calculate", "datatype": "integer", "calculate": "${age} * 2"},
    ]},
    {"name": "count_people", "type": "calculate", "datatype": "integer", "calculate": "count(${people})"},
    {"name": "total_age", "type": "calculate", "datatype": "integer", "calculate": "sum(${age})"},
    {"name": "children", "type": "integer", "label": "孩子数", "constraint": ". <= ${count_people}"},
)  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"people": [{"age": 30}, {"age": 10, "school": "yes"}], "children": 1}, []),
        (
            {"people": [{"age": 30}, {"age": 200}]},
            [("people[1].age", "constraint", "年龄：年龄不对")],
        ),
        ({"people": [{}]}, [("people[0].age", "required", "年龄：此项必填")]),
        (
            {"people": [{"age": 1}], "children": 2},
            [("children", "constraint", "孩子数：答案不符合要求")],
        ),
        ({"people": ["x"]}, [("people[0]", "type", "人：每条记录应为一组答案")]),
        (
            {"people": [{"age": 3, "pets": 2}]},
            [("people[0].pets", "unknown_field", "people[0].pets：表单中没有此项")],
        ),
    ],
)
def test_repeats(answers: dict[str, Any], expected: list[tuple[str, str, str]]) -> None:
    form = form_from_json(REPEAT_FORM)
    assert [(p.path, p.code, p.message) for p in form.validate(answers)] == expected


def test_repeat_calculations_and_dropped_answers() -> None:
    form = form_from_json(REPEAT_FORM)
    answers = {"people": [{"age": 30, "school": "no"}, {"age": 10, "school": "yes"}]}
    assert form.clean(answers) == {
        "people": [{"age": 30, "double": 60}, {"age": 10, "school": "yes", "double": 20}],
        "count_people": 2,
        "total_age": 40,
    }
    assert form.compute(answers) == {
        "people": [{"double": 60}, {"double": 20}],
        "count_people": 2,
        "total_age": 40,
    }


def test_the_schema_is_published_and_names_every_field_type() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    types = set(schema["$defs"]["field"]["properties"]["type"]["enum"])
    assert "money" in types
    assert "id_number" in types
    assert "repeat" in types


def test_the_household_form_and_its_published_copy_follow_the_schema() -> None:
    import jsonschema
    import yaml

    from forms.registry import load_form

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    source = Path(__file__).parents[2] / "forms" / "bundled" / "household-survey.v1.yaml"
    jsonschema.validate(yaml.safe_load(source.read_text(encoding="utf-8")), schema)
    jsonschema.validate(load_form("household-survey", 1).to_json(), schema)
    broken = small({"name": "x", "type": "colour", "label": "颜色"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
