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
        ("11010519491231002Y", "shape"),
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
