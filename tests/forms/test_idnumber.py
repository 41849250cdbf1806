"""Resident ID numbers: known numbers, generated numbers, and every single-character change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms.idnumber import (
    IdNumberError,
    check_character,
    is_valid_id_number,
    make_id_number,
    normalize_id_number,
    parse_id_number,
)

TODAY = date(2024, 6, 1)

regions = st.from_regex(r"[1-8][0-9]{5}", fullmatch=True)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    return make_id_number(draw(regions), draw(births), draw(sequences))


@pytest.mark.parametrize(
    ("number", "birth", "sex", "region"),
    [
        ("11010519491231002X", date(1949, 12, 31), "female", "110105"),  # the GB 11643 example
        ("11010519491231002x", date(1949, 12, 31), "female", "110105"),  # lower-case x accepted
    ],
)
def test_known_numbers(number: str, birth: date, sex: str, region: str) -> None:
    info = parse_id_number(number, today=TODAY)
    assert (info.birth_date, info.sex, info.region) == (birth, sex, region)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "length"),
        ("1101051949123100", "length"),
        ("11010519491231002Y", "character"),
        ("11010519491331002X", "date"),  # month 13
        ("11010519490229002X", "date"),  # 1949 is not a leap year
        ("110105203001010011", "date"),  # born after `today`
        ("01010519491231002X", "region"),
        ("110105194912310021", "check"),
    ],
)
def test_bad_numbers_say_why(number: str, reason: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(number, today=TODAY)
    assert caught.value.reason == reason
    assert not is_valid_id_number(number, today=TODAY)


def test_check_character_x_stands_for_ten() -> None:
    assert check_character("11010519491231002") == "X"


@given(valid_numbers())
@settings(max_examples=300)
def test_every_generated_number_passes(number: str) -> None:
    info = parse_id_number(number, today=TODAY)
    assert info.sex == ("male" if int(number[16]) % 2 else "female")
    assert f"{info.birth_date:%Y%m%d}" == number[6:14]


@given(valid_numbers(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
@settings(max_examples=500)
def test_every_single_character_change_fails(number: str, position: int, replacement: str) -> None:
    if number[position] == replacement:
        replacement = "0" if replacement != "0" else "1"
    changed = number[:position] + replacement + number[position + 1 :]
    assert not is_valid_id_number(changed, today=TODAY)


def test_born_today_is_valid_and_tomorrow_is_not() -> None:
    assert is_valid_id_number(make_id_number("421221", TODAY, 1), today=TODAY)
    assert not is_valid_id_number(
        make_id_number("421221", TODAY + timedelta(days=1), 1), today=TODAY
    )


# --- what Chinese input methods type (issue 18) ------------------------------------------------

GB_EXAMPLE = "11010519491231002X"


@pytest.mark.parametrize(
    "typed",
    [
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and X
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lower-case x
        "110105 19491231 002X",  # groups with spaces
        "110105\u300019491231\u3000002x",  # the ideographic space of a Chinese input method
        " 1101 0519 4912 3100 2X\t",
        "11010519491231\u200b002X",  # a zero-width space from pasting
        "１１０１０５ 19491231 ００２X",  # mixed
    ],
)
def test_typed_numbers_are_folded_before_the_check(typed: str) -> None:
    assert normalize_id_number(typed) == GB_EXAMPLE
    assert parse_id_number(typed, today=TODAY).birth_date == date(1949, 12, 31)
    assert is_valid_id_number(typed, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "position", "char"),
    [
        ("1101O519491231002X", 5, "O"),  # a letter O for a zero
        ("110105 1949l231 002X", 11, "l"),  # place 11 of the number, not of the typed text
        ("11010519491231002Y", 18, "Y"),
        ("1101051949123100X2", 17, "X"),  # X only at the end
        ("110105一九四九1231002X", 7, "一"),
        ("11010519491231-002X", 15, "-"),
    ],
)
def test_a_wrong_character_is_named_with_its_place(typed: str, position: int, char: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(typed, today=TODAY)
    error = caught.value
    assert (error.reason, error.position, error.char) == ("character", position, char)
    assert f"character {position} of the ID number, {char!r}" in str(error)


def test_the_form_engine_folds_and_names_the_character_in_both_languages() -> None:
    from forms.registry import load_form
    from forms.samples import sample_household

    form = load_form("household-survey", 1)
    data = sample_household()
    data["members"][0]["id_number"] = data["head_id_number"] = "  " + "".join(
        chr(ord(c) + 0xFEE0) for c in data["members"][0]["id_number"]
    )  # full-width, as an input method gives it
    assert not [p for p in form.validate(data, today=TODAY) if "id_number" in p.path]
    cleaned = form.clean(data, today=TODAY)
    assert cleaned["members"][0]["id_number"] == sample_household()["members"][0]["id_number"]

    data["members"][0]["id_number"] = "1101O519491231002X"
    (zh,) = [p for p in form.validate(data, "zh", today=TODAY) if p.path == "members[0].id_number"]
    assert zh.message.endswith("身份证号第5位“O”不是数字")
    (en,) = [p for p in form.validate(data, "en", today=TODAY) if p.path == "members[0].id_number"]
    assert en.message.endswith("Character 5 of the ID number, “O”, is not a digit")
