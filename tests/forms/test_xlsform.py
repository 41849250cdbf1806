"""XLSForm import: a workbook written here with openpyxl converts to a form that validates the same
answers as the equivalent hand-written definition, and everything unsupported is listed by row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from forms.errors import FormDefinitionError
from forms.registry import form_from_json
from forms.xlsform import convert_xlsform

SURVEY = [
    ["type", "name", "label::中文 (zh)", "label::English (en)", "required", "relevant", "constraint",
     "constraint_message::中文 (zh)", "constraint_message::English (en)", "calculation", "appearance"],
    ["begin group", "household", "家庭", "Household", "", "", "", "", "", "", ""],
    ["text", "head_name", "户主姓名", "Head", "yes", "", "", "", "", "", ""],
    ["id_number", "head_id", "身份证号", "ID number", "yes", "", "", "", "", "", ""],
    ["select_one hukou", "hukou_type", "户口", "Hukou", "yes", "", "", "", "", "", ""],
    ["money", "income", "年收入", "Income", "yes", "", ". >= 0", "不能为负", "Cannot be negative", "", ""],
    ["end group", "", "", "", "", "", "", "", "", "", ""],
    ["begin repeat", "members", "成员", "Members", "", "", "", "", "", "", ""],
    ["text", "name", "姓名", "Name", "yes", "", "", "", "", "", ""],
    ["integer", "age", "年龄", "Age", "yes", "", ". >= 0 and . < 130", "年龄不对", "Bad age", "", ""],
    ["select_multiple needs", "needs", "需求", "Needs", "", "${age} >= 16", "", "", "", "", ""],
    ["end repeat", "", "", "", "", "", "", "", "", "", ""],
    ["calculate", "size", "", "", "", "", "", "", "", "count(${members})", ""],
    ["calculate", "per_capita", "", "", "", "", "", "", "", "${income} div ${size}", ""],
    ["image", "consent", "签名", "Signature", "yes", "", "", "", "", "", "signature"],
]  # fmt: skip
CHOICES = [
    ["list_name", "name", "label::中文 (zh)", "label::English (en)"],
    ["hukou", "urban", "城镇", "Urban"],
    ["hukou", "rural", "农村", "Rural"],
    ["needs", "jobs", "就业", "Jobs"],
    ["needs", "training", "培训", "Training"],
]
SETTINGS = [
    ["form_id", "version", "form_title", "default_language"],
    ["Mini Survey", "2024031201", "小调查", "中文 (zh)"],
]

HAND_WRITTEN: dict[str, Any] = {
    "id": "mini-survey",
    "version": 2024031201,
    "title": {"zh": "小调查"},
    "languages": ["zh", "en"],
    "choices": {
        "hukou": [{"value": "urban", "label": {"zh": "城镇", "en": "Urban"}}, {"value": "rural", "label": {"zh": "农村", "en": "Rural"}}],
        "needs": [{"value": "jobs", "label": {"zh": "就业", "en": "Jobs"}}, {"value": "training", "label": {"zh": "培训", "en": "Training"}}],
    },
    "sections": [
        {"name": "household", "label": {"zh": "家庭", "en": "Household"}, "fields": [
            {"name": "head_name", "type": "text", "label": {"zh": "户主姓名", "en": "Head"}, "required": True},
            {"name": "head_id", "type": "id_number", "label": {"zh": "身份证号", "en": "ID number"}, "required": True},
            {"name": "hukou_type", "type": "select_one", "choices": "hukou", "label": {"zh": "户口", "en": "Hukou"}, "required": True},
            {"name": "income", "type": "money", "label": {"zh": "年收入", "en": "Income"}, "required": True,
             "constraint": ". >= 0", "constraint_message": {"zh": "不能为负", "en": "Cannot be negative"}},
        ]},
        {"name": "main", "label": "main", "fields": [
            {"name": "members", "type": "repeat", "label": {"zh": "成员", "en": "Members"}, "fields": [
                {"name": "name", "type": "text", "label": {"zh": "姓名", "en": "Name"}, "required": True},
                {"name": "age", "type": "integer", "label": {"zh": "年龄", "en": "Age"}, "required": True,
                 "constraint": ". >= 0 and . < 130", "constraint_message": {"zh": "年龄不对", "en": "Bad age"}},
                {"name": "needs", "type": "select_multiple", "choices": "needs", "label": {"zh": "需求", "en": "Needs"}, "relevant": "${age} >= 16"},
            ]},
            {"name": "size", "type": "calculate", "calculate": "count(${members})"},
            {"name": "per_capita", "type": "calculate", "calculate": "${income} div ${size}"},
            {"name": "consent", "type": "signature", "label": {"zh": "签名", "en": "Signature"}, "required": True, "appearance": "signature"},
        ]},
    ],
}  # fmt: skip

SHA = "a" * 64
ANSWER_SETS: list[dict[str, Any]] = [
    {},
    {"head_name": "李", "head_id": "11010519491231002X", "hukou_type": "rural", "income": "1200.5",
     "members": [{"name": "李", "age": 75, "needs": ["jobs"]}, {"name": "小李", "age": 9, "needs": ["jobs"]}],
     "consent": {"sha256": SHA}},
    {"head_name": "李", "head_id": "110105194912310021", "hukou_type": "town", "income": "-1",
     "members": [{"name": "", "age": 200}, {"age": "x"}], "consent": "nope"},
    {"members": []},
]  # fmt: skip


def write(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_round_trip_validates_the_same_answers(tmp_path: Path) -> None:
    result = convert_xlsform(
        write(tmp_path / "mini.xlsx", {"survey": SURVEY, "choices": CHOICES, "settings": SETTINGS})
    )
    assert result.unsupported == [
        "sheet settings, row 2, column form_id: form id 'Mini Survey' is used as 'mini-survey'"
    ]
    imported = form_from_json(result.definition)
    reference = form_from_json(HAND_WRITTEN)
    assert (imported.id, imported.version) == ("mini-survey", 2024031201)
    assert imported.field("consent").type == "signature"
    for answers in ANSWER_SETS:
        for lang in ("zh", "en"):
            assert imported.validate(answers, lang) == reference.validate(answers, lang)
        assert imported.clean(answers) == reference.clean(answers)
    assert imported.compute(ANSWER_SETS[1]) == {"size": "2", "per_capita": "600.25"}


def test_what_is_left_out_is_listed_by_row_and_what_cannot_be_read_refuses(
    tmp_path: Path,
) -> None:
    survey = [
        ["type", "name", "label", "relevant", "calculation", "media::image"],
        ["text", "a", "A", "", "", ""],
        ["geopoint", "where", "Where", "", "", ""],
        ["calculate", "c", "", "", "pulldata('x', 'y', 'z', 'w')", ""],
        ["start", "started", "", "", "", ""],
    ]
    sheets = {
        "survey": survey,
        "choices": CHOICES,
        "settings": [["version"], ["v1"]],
        "extra": [["x"]],
    }
    result = convert_xlsform(write(tmp_path / "odd.xlsx", sheets))
    assert result.unsupported == [
        "sheet settings, column default_language: 4 text(s) have no 'und' version: another language is shown",
        "sheet settings, row 2, column version: version 'v1' is not a whole number: using 1",
        "sheet survey, column media::image: pictures and sounds in questions are not shown",
        "sheet survey, row 3, column type: geopoint questions cannot be captured on a laptop; 'where' left out",
        "sheet survey, row 4, column calculation: function pulldata() not supported; expression left out: pulldata('x', 'y', 'z', 'w')",
        "sheet survey, row 5, column type: start is recorded by Doorstep itself; row left out",
        "sheet extra: sheet is not read",
    ]
    form = form_from_json(result.definition)  # what remains still loads
    assert [f.name for f in form.fields] == ["a", "c"]

    survey += [
        ["text", "d", "D", "${nowhere} = 1", "", ""],
        ["select_one missing", "e", "E", "", "", ""],
        ["txt", "f", "F", "", "", ""],
        ["text", "a", "A again", "", "", ""],
        ["begin group", "g", "G", "(", "", ""],
    ]
    with pytest.raises(FormDefinitionError) as refused:
        convert_xlsform(write(tmp_path / "bad.xlsx", {"survey": survey, "choices": CHOICES}))
    assert refused.value.problems == [
        ("sheet survey, row 6, column relevant", "no question is named ${nowhere}"),
        ("sheet survey, row 7, column type", "choice list 'missing' is not on the choices sheet"),
        ("sheet survey, row 8, column type", "'txt' is not a question type"),
        (
            "sheet survey, row 9, column name",
            "name 'a' is used twice (also row 2); Doorstep needs each name once in a form",
        ),
        ("sheet survey, row 10, column type", "the group that begins here is never closed"),
        (
            "sheet survey, row 10, column relevant",
            "expression not understood (expression ends too early): (",
        ),
    ]


def test_not_a_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match="the file is empty|not an .xlsx workbook"):
        convert_xlsform(bad)


def test_no_survey_sheet(tmp_path: Path) -> None:
    with pytest.raises(FormDefinitionError, match="survey sheet"):
        convert_xlsform(write(tmp_path / "empty.xlsx", {"choices": CHOICES}))
