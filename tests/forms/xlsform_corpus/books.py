"""The workbooks that must import: one per feature family, then real-world-shaped forms."""

from __future__ import annotations

from typing import Any

from tests.forms.xlsform_corpus.model import Book, Rows

SHA = {"sha256": "b" * 64}
YES_NO: Rows = [["list_name", "name", "label"], ["yn", "yes", "Yes"], ["yn", "no", "No"]]
FRUIT: Rows = [
    ["list_name", "name", "label::English (en)", "label::中文 (zh)"],
    ["fruit", "apple", "Apple", "苹果"],
    ["fruit", "pear", "Pear", "梨"],
    ["fruit", "plum", "Plum", "李子"],
]


def _villages() -> tuple[Rows, Rows]:
    """Two counties, five townships each, 110 villages a township; every township has a
    village named 'centre' (the same value under different filters)."""
    choices: Rows = [
        ["list_name", "name", "label::中文 (zh)", "label::English (en)", "county", "township"]
    ]
    for c in range(1, 3):
        choices.append(["county", f"c{c}", f"县{c}", f"County {c}", "", ""])
    for c in range(1, 3):
        for t in range(1, 6):
            choices.append(
                ["township", f"c{c}t{t}", f"乡{c}-{t}", f"Township {c}-{t}", f"c{c}", ""]
            )
    for c in range(1, 3):
        for t in range(1, 6):
            choices.append(
                ["village", "centre", f"中心村{c}-{t}", f"Centre {c}-{t}", f"c{c}", f"c{c}t{t}"]
            )
            for v in range(1, 110):
                choices.append(
                    [
                        "village",
                        f"c{c}t{t}v{v}",
                        f"村{c}-{t}-{v}",
                        f"Village {c}-{t}-{v}",
                        f"c{c}",
                        f"c{c}t{t}",
                    ]
                )
    survey: Rows = [
        ["type", "name", "label::中文 (zh)", "label::English (en)", "required", "choice_filter"],
        ["select_one county", "county", "县", "County", "yes", ""],
        ["select_one township", "township", "乡镇", "Township", "yes", "county=${county}"],
        [
            "select_one village",
            "village",
            "村",
            "Village",
            "yes",
            "county=${county} and township=${township}",
        ],
    ]
    return survey, choices


VILLAGE_SURVEY, VILLAGE_CHOICES = _villages()


def _household() -> Book:
    survey: Rows = [
        [
            "type",
            "name",
            "label::中文 (zh)",
            "label::English (en)",
            "required",
            "relevant",
            "constraint",
            "calculation",
            "repeat_count",
        ],
        ["begin group", "hh", "家庭", "Household", "", "", "", "", ""],
        ["text", "head", "户主", "Head of household", "yes", "", "", "", ""],
        ["integer", "hh_size", "人数", "People", "yes", "", ". > 0 and . < 30", "", ""],
        ["end group", "", "", "", "", "", "", "", ""],
        ["begin group", "roster", "成员", "Members", "", "", "", "", ""],
        ["begin repeat", "member", "成员", "Member", "", "", "", "", "${hh_size}"],
        ["text", "m_name", "姓名", "Name", "yes", "", "", "", ""],
        ["integer", "m_age", "年龄", "Age", "yes", "", ". >= 0 and . < 130", "", ""],
        ["select_one yn", "works", "有工作", "Works", "yes", "${m_age} >= 16", "", "", ""],
        ["begin repeat", "job", "工作", "Job", "", "${works} = 'yes'", "", "", ""],
        ["text", "job_title", "工作", "Job title", "yes", "", "", "", ""],
        ["decimal", "job_pay", "月收入", "Monthly pay", "", "", ". >= 0", "", ""],
        ["end repeat", "", "", "", "", "", "", "", ""],
        ["calculate", "m_pay", "", "", "", "", "", "sum(${job_pay})", ""],
        ["calculate", "m_jobs", "", "", "", "", "", "count(${job})", ""],
        ["end repeat", "", "", "", "", "", "", "", ""],
        ["end group", "", "", "", "", "", "", "", ""],
        ["begin repeat", "plot", "地块", "Plot", "", "", "", "", ""],
        ["decimal", "plot_mu", "面积（亩）", "Area (mu)", "yes", "", ". > 0", "", ""],
        ["select_one crop", "plot_crop", "作物", "Crop", "", "", "", "", ""],
        ["end repeat", "", "", "", "", "", "", "", ""],
        ["calculate", "total_pay", "", "", "", "", "", "sum(${m_pay})", ""],
        ["calculate", "eldest", "", "", "", "", "", "max(${m_age})", ""],
    ]
    choices: Rows = [
        ["list_name", "name", "label::中文 (zh)", "label::English (en)"],
        ["yn", "yes", "是", "Yes"],
        ["yn", "no", "否", "No"],
        ["crop", "rice", "水稻", "Rice"],
        ["crop", "tea", "茶", "Tea"],
    ]
    good: dict[str, Any] = {
        "head": "王建国",
        "hh_size": 2,
        "member": [
            {"m_name": "王建国", "m_age": 58, "works": "yes",
             "job": [{"job_title": "茶农", "job_pay": "1500"}, {"job_title": "保安", "job_pay": "900"}]},
            {"m_name": "王小明", "m_age": 9},
        ],
        "plot": [{"plot_mu": "2.5", "plot_crop": "tea"}],
    }  # fmt: skip
    bad: dict[str, Any] = {
        "head": "王建国",
        "hh_size": 3,
        "member": [
            {"m_name": "王建国", "m_age": 58, "works": "yes", "job": [{"job_pay": "-1"}]},
            {"m_name": "王小明", "m_age": 9},
        ],
    }
    return Book(
        "household_roster",
        survey,
        choices,
        [
            ["form_id", "version", "form_title", "default_language"],
            ["hh_roster", "3", "家庭成员调查", "中文 (zh)"],
        ],
        valid=[good],
        invalid=[
            (
                bad,
                [
                    ("member", "repeat_count"),
                    ("member[0].job[0].job_title", "required"),
                    ("member[0].job[0].job_pay", "constraint"),
                ],
            )
        ],
        languages=["zh", "en"],
        label=("head", "户主"),
        nested=("member", "job"),
    )


BOOKS: list[Book] = [
    Book(
        "basic_types",
        [
            ["type", "name", "label", "required", "constraint", "calculation"],
            ["text", "name", "Your name", "yes", "", ""],
            ["integer", "age", "Age", "yes", ". >= 0", ""],
            ["decimal", "height", "Height (m)", "", ". > 0 and . < 3", ""],
            ["date", "born", "Date of birth", "", "", ""],
            ["note", "thanks", "Thank you", "", "", ""],
            ["calculate", "months", "", "", "", "${age} * 12"],
        ],
        valid=[{"name": "Ana", "age": 40, "height": "1.7", "born": "1985-01-02"}],
        invalid=[
            (
                {"age": -1, "height": "4"},
                [("name", "required"), ("age", "constraint"), ("height", "constraint")],
            )
        ],
        languages=["und"],
        label=("name", "Your name"),
    ),
    Book(
        "case_insensitive",
        [
            ["Type", "NAME", "Label", "Required", "Relevant"],
            ["BEGIN GROUP", "g", "Group", "", ""],
            ["Select_One yn", "smoker", "Do you smoke?", "Yes", ""],
            ["Integer", "per_day", "How many a day?", "TRUE", "${smoker} = 'yes'"],
            ["End_Group", "", "", "", ""],
        ],
        YES_NO,
        [["Form_ID", "Version"], ["smoke", "2"]],
        valid=[{"smoker": "no"}, {"smoker": "yes", "per_day": 5}],
        invalid=[({"smoker": "yes"}, [("per_day", "required")])],
        label=("smoker", "Do you smoke?"),
    ),
    Book(
        "languages_no_chinese",
        [
            ["type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)"],
            ["text", "village", "Village", "Village (fr)", "Where you live"],
            ["select_one fruit", "fav", "Favourite fruit", "Fruit préféré", ""],
        ],
        [
            ["list_name", "name", "label::English (en)", "label::Français (fr)"],
            ["fruit", "apple", "Apple", "Pomme"],
            ["fruit", "pear", "Pear", "Poire"],
        ],
        valid=[{"village": "Ax", "fav": "pear"}],
        invalid=[({"fav": "kiwi"}, [("fav", "choice")])],
        languages=["en", "fr"],
        label=("fav", "Favourite fruit"),
    ),
    Book(
        "languages_single_colon",
        [
            ["type", "name", "label:English", "label:Chinese"],
            ["text", "head", "Head", "户主"],
            ["select_multiple fruit", "fruit", "Fruit", "水果"],
        ],
        [
            ["list_name", "name", "label:English", "label:Chinese"],
            ["fruit", "apple", "Apple", "苹果"],
            ["fruit", "pear", "Pear", "梨"],
        ],
        [["default_language"], ["Chinese"]],
        valid=[{"head": "x", "fruit": ["apple", "pear"]}],
        invalid=[({"fruit": ["apple", "fig"]}, [("fruit", "choice")])],
        languages=["zh", "en"],
        label=("head", "户主"),
    ),
    Book(
        "plain_label_default_language",
        [
            ["type", "name", "label", "label::中文 (zh)"],
            ["text", "head", "Head of household", "户主"],
            ["integer", "n", "People", "人数"],
        ],
        settings=[["default_language"], ["English (en)"]],
        valid=[{"head": "x", "n": 3}],
        languages=["en", "zh"],
        label=("head", "Head of household"),
    ),
    Book(
        "chinese_plain",
        [
            ["type", "name", "label", "required"],
            ["text", "head", "户主姓名", "yes"],
            ["phone", "tel", "联系电话", ""],
        ],
        valid=[{"head": "李", "tel": "13907150000"}],
        invalid=[({"tel": "12"}, [("head", "required"), ("tel", "phone")])],
        languages=["zh"],
        label=("head", "户主姓名"),
    ),
    Book(
        "xml_names",
        [
            ["type", "name", "label", "relevant", "calculation"],
            ["integer", "hh-size", "Household size", "", ""],
            ["text", "q1.a", "Question 1a", "${hh-size} > 1", ""],
            ["text", "名字", "Name", "", ""],
            ["calculate", "_twice", "", "", "${hh-size} * 2"],
        ],
        valid=[{"hh-size": 2, "q1.a": "x", "名字": "李"}],
        invalid=[({"hh_size": 2}, [("hh_size", "unknown_field")])],
        label=("q1.a", "Question 1a"),
    ),
    Book(
        "or_other",
        [
            ["type", "name", "label::English (en)", "label::中文 (zh)"],
            ["select_one fruit or_other", "fav", "Favourite", "最喜欢"],
            ["select_multiple fruit or_other", "grown", "Grown", "种植"],
        ],
        FRUIT,
        valid=[
            {"fav": "apple"},
            {
                "fav": "other",
                "fav_other": "Durian",
                "grown": ["other", "pear"],
                "grown_other": "Fig",
            },
        ],
        invalid=[({"fav": "other"}, [("fav_other", "required")])],
        label=("fav", "Favourite"),
    ),
    Book(
        "choice_filter",
        [
            ["type", "name", "label", "choice_filter"],
            ["select_one district", "district", "District", ""],
            ["select_one place", "place", "Place", "district=${district}"],
            [
                "select_multiple place",
                "visited",
                "Visited",
                "district = ${district} and kind = 'town'",
            ],
        ],
        [
            ["list_name", "name", "label", "district", "kind"],
            ["district", "north", "North", "", ""],
            ["district", "south", "South", "", ""],
            ["place", "centre", "North centre", "north", "town"],
            ["place", "hill", "Hill", "north", "village"],
            ["place", "centre", "South centre", "south", "town"],
            ["place", "bay", "Bay", "south", "town"],
        ],
        valid=[
            {"district": "north", "place": "hill"},
            {"district": "south", "place": "centre", "visited": ["bay", "centre"]},
        ],
        invalid=[
            (
                {"district": "north", "place": "bay", "visited": ["hill"]},
                [("place", "choice"), ("visited", "choice")],
            )
        ],
        cascade=({"district": "south"}, "place", 2),
    ),
    Book(
        "select_one_from_file_csv",
        [
            ["type", "name", "label"],
            ["select_one_from_file clinics.csv", "clinic", "Clinic"],
        ],
        files={
            "clinics.csv": [
                ["name", "label", "town"],
                ["c1", "Town clinic", "a"],
                ["c2", "Hill clinic", "b"],
            ]
        },
        valid=[{"clinic": "c2"}],
        invalid=[({"clinic": "c3"}, [("clinic", "choice")])],
        label=("clinic", "Clinic"),
    ),
    Book(
        "select_multiple_from_file_xlsx",
        [
            ["type", "name", "label::English (en)", "choice_filter"],
            ["select_one region", "region", "Region", ""],
            ["select_multiple_from_file schools.xlsx", "schools", "Schools", "region=${region}"],
        ],
        [
            ["list_name", "name", "label::English (en)"],
            ["region", "r1", "Region 1"],
            ["region", "r2", "Region 2"],
        ],
        files={
            "schools.xlsx": [
                ["name", "label::English (en)", "region"],
                ["s1", "School 1", "r1"],
                ["s2", "School 2", "r1"],
                ["s3", "School 3", "r2"],
            ]
        },
        valid=[{"region": "r1", "schools": ["s1", "s2"]}],
        invalid=[({"region": "r2", "schools": ["s1"]}, [("schools", "choice")])],
        cascade=({"region": "r1"}, "schools", 2),
    ),
    Book(
        "nested_repeats",
        [
            ["type", "name", "label", "required"],
            ["begin repeat", "person", "Person", ""],
            ["text", "pname", "Name", "yes"],
            ["begin repeat", "phone_numbers", "Phone numbers", ""],
            ["text", "number", "Number", "yes"],
            ["end repeat", "", "", ""],
            ["end repeat", "", "", ""],
        ],
        valid=[
            {
                "person": [
                    {"pname": "a", "phone_numbers": [{"number": "1"}, {"number": "2"}]},
                    {"pname": "b"},
                ]
            }
        ],
        invalid=[
            (
                {"person": [{"pname": "a", "phone_numbers": [{}]}]},
                [("person[0].phone_numbers[0].number", "required")],
            )
        ],
        nested=("person", "phone_numbers"),
    ),
    Book(
        "repeat_count",
        [
            ["type", "name", "label", "repeat_count"],
            ["integer", "children", "How many children?", ""],
            ["begin repeat", "child", "Child", "${children}"],
            ["text", "child_name", "Name", ""],
            ["end repeat", "", "", ""],
            ["begin repeat", "visit", "Visit", "2"],
            ["date", "visit_day", "Day", ""],
            ["end repeat", "", "", ""],
        ],
        valid=[{"children": 1, "child": [{"child_name": "x"}], "visit": [{}, {}]}],
        invalid=[
            (
                {"children": 2, "child": [{}], "visit": [{}]},
                [("child", "repeat_count"), ("visit", "repeat_count")],
            )
        ],
    ),
    Book(
        "trigger",
        [
            ["type", "name", "label", "calculation", "trigger"],
            ["integer", "weight", "Weight", "", ""],
            ["calculate", "weighed_on", "", "today()", "${weight}"],
        ],
        valid=[{"weight": 12}],
    ),
    Book(
        "phone_and_barcode",
        [
            ["type", "name", "label", "required"],
            ["phone number", "mobile", "Mobile", "yes"],
            ["barcode", "card", "Card barcode", ""],
            ["datetime", "seen_at", "Seen at", ""],
            ["time", "seen_time", "Time", ""],
        ],
        valid=[
            {
                "mobile": "13907150000",
                "card": "690123",
                "seen_at": "2026-03-01",
                "seen_time": "09:30",
            }
        ],
        invalid=[({"mobile": "555"}, [("mobile", "phone")])],
    ),
    Book(
        "metadata_and_media",
        [
            ["type", "name", "label"],
            ["start", "start", ""],
            ["end", "end", ""],
            ["deviceid", "device", ""],
            ["today", "day", ""],
            ["geopoint", "gps", "Location"],
            ["audio", "voice", "Voice note"],
            ["text", "remark", "Remark"],
        ],
        valid=[{"remark": "ok"}],
        invalid=[({"gps": "1 2"}, [("gps", "unknown_field")])],
    ),
    Book(
        "functions_odk",
        [
            ["type", "name", "label", "calculation", "constraint"],
            ["select_one fruit", "fav", "Favourite", "", ""],
            ["calculate", "fav_label", "", "jr:choice-name(${fav}, '${fav}')", ""],
            ["begin repeat", "row", "Row", "", ""],
            ["integer", "x", "X", "", ". >= 0"],
            ["calculate", "pos", "", "position(..)", ""],
            ["calculate", "stamp", "", "once(today())", ""],
            ["end repeat", "", "", "", ""],
            ["calculate", "second_x", "", "indexed-repeat(${x}, ${row}, 2)", ""],
            ["calculate", "when", "", "now()", ""],
        ],
        FRUIT,
        valid=[{"fav": "pear", "row": [{"x": 1}, {"x": 7}]}],
        invalid=[({"row": [{"x": -1}]}, [("row[0].x", "constraint")])],
    ),
    Book(
        # once() keeps the first value: the sample answers carry values a device kept on an
        # earlier day, and they must validate and stay as they are.
        "functions_once",
        [
            ["type", "name", "label", "calculation", "relevant"],
            ["calculate", "started", "", "once(now())", ""],
            ["integer", "visits", "Visits", "", ""],
            ["calculate", "first_visits", "", "once(${visits})", ""],
            ["select_one yn", "consent", "Consent?", "", ""],
            ["calculate", "consent_day", "", "if(${consent} = 'yes', once(today()), '')", ""],
            ["begin repeat", "log", "Log", "", ""],
            ["text", "note", "Note", "", ""],
            ["calculate", "logged", "", "once(today())", "${note} != ''"],
            ["end repeat", "", "", "", ""],
        ],
        YES_NO,
        valid=[
            {
                "started": "2026-01-05",
                "visits": 3,
                "first_visits": "2",
                "consent": "yes",
                "consent_day": "2026-01-06",
                "log": [{"note": "a", "logged": "2026-01-05"}, {"note": "b"}],
            },
            {"visits": 1},
        ],
        invalid=[
            ({"started": {"at": "noon"}}, [("started", "type")]),
            ({"log": [{"note": "a", "logged": ["x", 1]}]}, [("log[0].logged", "type")]),
        ],
    ),
    Book(
        "functions_selects",
        [
            ["type", "name", "label", "calculation", "constraint", "constraint_message"],
            [
                "select_multiple fruit",
                "picked",
                "Picked",
                "",
                "count-selected(.) <= 2",
                "At most two",
            ],
            ["calculate", "first_pick", "", "selected-at(${picked}, 0)", "", ""],
            [
                "text",
                "code",
                "Code",
                "",
                "regex(., '^[A-Z]{2}[0-9]{3}$')",
                "Two letters, three digits",
            ],
            ["integer", "a", "A", "", "", ""],
            ["integer", "b", "B", "", "", ""],
            ["calculate", "ab", "", "coalesce(${a}, 0) + coalesce(${b}, 0)", "", ""],
            ["calculate", "size", "", "if(${ab} > 10, 'big', 'small')", "", ""],
            ["calculate", "total", "", "sum(${a})", "", ""],
        ],
        FRUIT,
        valid=[{"picked": ["apple", "plum"], "code": "AB123", "a": 4}],
        invalid=[
            (
                {"picked": ["apple", "plum", "pear"], "code": "ab1"},
                [("picked", "constraint"), ("code", "constraint")],
            )
        ],
    ),
    Book(
        "entities_and_other_sheets",
        [["type", "name", "label"], ["text", "tree_id", "Tree"]],
        sheets={
            "entities": [["list_name", "label"], ["trees", "${tree_id}"]],
            "notes": [["anything"]],
        },
        valid=[{"tree_id": "t1"}],
    ),
    Book(
        "groups_nested",
        [
            ["type", "name", "label", "relevant", "appearance"],
            ["begin group", "visit", "Visit", "", "field-list"],
            ["select_one yn", "home", "Anyone home?", "", ""],
            ["begin group", "inside", "Inside", "${home} = 'yes'", ""],
            ["integer", "rooms", "Rooms", "", ""],
            ["begin group", "kitchen", "Kitchen", "${rooms} > 1", ""],
            ["select_one yn", "stove", "Stove", "", ""],
            ["end group", "", "", "", ""],
            ["end group", "", "", "", ""],
            ["end group", "", "", "", ""],
            ["text", "after", "After the visit", "", ""],
        ],
        YES_NO,
        valid=[{"home": "yes", "rooms": 3, "stove": "no"}, {"home": "no", "after": "left a note"}],
    ),
    Book(
        "messages_translated",
        [
            [
                "type",
                "name",
                "label::English (en)",
                "label::中文 (zh)",
                "required",
                "required message::English (en)",
                "constraint",
                "jr:constraintMsg::English (en)",
                "constraint_message::中文 (zh)",
            ],
            ["integer", "age", "Age", "年龄", "yes", "Age please", ". < 120", "Too old", "太大"],
        ],
        valid=[{"age": 30}],
        invalid=[({"age": 130}, [("age", "constraint")])],
        label=("age", "Age"),
    ),
    Book(
        "media_types",
        [
            ["type", "name", "label", "appearance"],
            ["image", "photo_id", "ID card photo", ""],
            ["image", "consent", "Signature", "signature"],
        ],
        valid=[{"photo_id": SHA, "consent": SHA}],
        invalid=[({"photo_id": "not-a-photo"}, [("photo_id", "attachment")])],
    ),
    Book(
        "settings_variants",
        [["type", "name", "label"], ["text", "x", "X"]],
        settings=[
            ["form_id", "form_title", "version", "instance_name", "style"],
            ["My Form 2024", "My form", "2024.03", "concat('a', ${x})", "pages"],
        ],
        valid=[{"x": "y"}],
    ),
    Book(
        "defaults_hints",
        [
            ["type", "name", "label", "hint", "default", "guidance_hint", "read_only"],
            ["integer", "rooms", "Rooms", "Count bedrooms only", "1", "Ask the head", ""],
            ["text", "note_taker", "Note taker", "", "", "", "yes"],
        ],
        valid=[{"rooms": 2}],
    ),
    Book(
        "choice_duplicates_allowed",
        [["type", "name", "label"], ["select_one c", "c", "C"]],
        [["list_name", "name", "label"], ["c", "a", "A"], ["c", "a", "A again"], ["c", "b", "B"]],
        [["allow_choice_duplicates"], ["yes"]],
        valid=[{"c": "a"}],
    ),
    Book(
        "choice_filter_in_repeat",
        [
            ["type", "name", "label", "choice_filter"],
            ["begin repeat", "plot", "Plot", ""],
            ["select_one kind", "kind", "Kind", ""],
            ["select_one crop", "crop", "Crop", "kind=${kind}"],
            ["end repeat", "", "", ""],
        ],
        [
            ["list_name", "name", "label", "kind"],
            ["kind", "grain", "Grain", ""],
            ["kind", "tree", "Tree", ""],
            ["crop", "rice", "Rice", "grain"],
            ["crop", "wheat", "Wheat", "grain"],
            ["crop", "tea", "Tea", "tree"],
        ],
        valid=[{"plot": [{"kind": "grain", "crop": "wheat"}, {"kind": "tree", "crop": "tea"}]}],
        invalid=[({"plot": [{"kind": "tree", "crop": "rice"}]}, [("plot[0].crop", "choice")])],
    ),
    _household(),
    Book(
        "village_picker",
        VILLAGE_SURVEY,
        VILLAGE_CHOICES,
        [["form_id", "version", "default_language"], ["village_picker", "1", "中文 (zh)"]],
        valid=[
            {"county": "c2", "township": "c2t3", "village": "centre"},
            {"county": "c1", "township": "c1t1", "village": "c1t1v109"},
        ],
        invalid=[
            (
                {"county": "c1", "township": "c2t1", "village": "c1t1v1"},
                [("township", "choice"), ("village", "choice")],
            )
        ],
        languages=["zh", "en"],
        label=("county", "县"),
        cascade=({"county": "c1", "township": "c1t2"}, "village", 110),
    ),
]

# Exactly what each import lists as converted differently or left out (the others list nothing).
NOTES: dict[str, list[str]] = {
    "or_other": [
        "sheet survey, row 2, column type: or_other: choice 'other' and question 'fav_other' added",
        "sheet survey, row 3, column type: or_other: choice 'other' and question 'grown_other' added",
    ],
    "repeat_count": [
        "sheet survey, row 3, column repeat_count: the cadre adds the rows; a survey is complete with exactly that many",
        "sheet survey, row 6, column repeat_count: the cadre adds the rows; a survey is complete with exactly that many",
    ],
    "trigger": [
        "sheet survey, row 3, column trigger: recalculated whenever what it reads changes, not only when ${weight} does",
    ],
    "phone_and_barcode": [
        "sheet survey, row 2, column type: phone number: checked as a Chinese mobile or landline number",
        "sheet survey, row 3, column type: barcode: a barcode is typed in, not scanned",
        "sheet survey, row 4, column type: datetime: a date and time is kept as the date",
        "sheet survey, row 5, column type: time: a time is typed as text (HH:MM)",
    ],
    "metadata_and_media": [
        "sheet survey, row 2, column type: start is recorded by Doorstep itself; row left out",
        "sheet survey, row 3, column type: end is recorded by Doorstep itself; row left out",
        "sheet survey, row 4, column type: deviceid is recorded by Doorstep itself; row left out",
        "sheet survey, row 6, column type: geopoint questions cannot be captured on a laptop; 'gps' left out",
        "sheet survey, row 7, column type: audio questions cannot be captured on a laptop; 'voice' left out",
    ],
    "functions_odk": [
        "sheet settings, column default_language: 3 text(s) have no 'und' version: another language is shown",
    ],
    "functions_selects": [
        "sheet settings, column default_language: 3 text(s) have no 'und' version: another language is shown",
    ],
    "entities_and_other_sheets": [
        "sheet entities: entities are not supported; sheet not read",
        "sheet notes: sheet is not read",
    ],
    "settings_variants": [
        "sheet settings, row 2, column instance_name: not used by Doorstep; ignored",
        "sheet settings, row 2, column style: not used by Doorstep; ignored",
        "sheet settings, row 2, column form_id: form id 'My Form 2024' is used as 'my-form-2024'",
        "sheet settings, row 2, column version: version '2024.03' is not a whole number: using 1",
    ],
    "defaults_hints": [
        "sheet survey, column guidance_hint: guidance hints are not shown",
        "sheet survey, row 3, column read_only: read_only is not kept: the cadre may answer",
    ],
    "choice_duplicates_allowed": [
        "sheet choices, row 3, column name: duplicate choice 'a' left out",
    ],
    "household_roster": [
        "sheet survey, row 7, column repeat_count: the cadre adds the rows; a survey is complete with exactly that many",
    ],
}

for _book in BOOKS:
    _book.notes = NOTES.get(_book.name, [])
