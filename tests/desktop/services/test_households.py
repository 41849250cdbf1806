"""Households service: list with states, add a household found in the field, visit outcomes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.services import households as hh
from desktop.services.surveys import SurveyService
from desktop.store.profile import Store
from forms.idnumber import make_id_number
from tests.desktop import household_fixture as fx


def _seed(store: Store) -> list[str]:
    divisions = [hh.DivisionRow(d.code, d.name, d.level, d.parent_code) for d in fx.divisions()]
    rows = [fx.household(), fx.household("李四", "421202196708214523")]
    hh.import_registry(store, divisions, rows)
    return [r.id for r in rows]


def test_states_follow_visits_and_surveys(store: Store) -> None:
    first, second = _seed(store)
    rows = {r.id: r for r in hh.list_households(store)}
    assert {r.state for r in rows.values()} == {"not_visited"}
    assert rows[first].village_name == "演示村"

    tomorrow = date.today() + timedelta(days=1)
    hh.record_visit(store, first, "nobody_home", revisit_on=tomorrow)
    assert hh.get_household(store, first).state == "revisit"
    assert hh.list_households(store, today=tomorrow)[0].state in {"revisit_due", "not_visited"}
    assert {r.id: r.state for r in hh.list_households(store, today=tomorrow)}[
        first
    ] == "revisit_due"

    SurveyService(store).start(second)
    assert hh.get_household(store, second).state == "draft"


def test_search_text_holds_name_id_address_phone(store: Store) -> None:
    _seed(store)
    row = next(r for r in hh.list_households(store) if r.head_name == "李四")
    for fragment in ("李四", "08214523", "三组12号", "13907150000", "演示村"):
        assert fragment.lower() in row.search_text


def test_add_household_checks_input(store: Store) -> None:
    _seed(store)
    before = len(hh.list_households(store))
    bad = [
        ({"head_name": " "}, "head_name_required"),
        ({"head_id_number": "421202196503124510"}, "id_number_invalid"),
        ({"phone": "12345"}, "phone_invalid"),
        ({"village_code": "999999999999"}, "village_unknown"),
    ]
    for override, code in bad:
        args = {"village_code": fx.VILLAGE, "head_name": "赵六", **override}
        with pytest.raises(hh.HouseholdInputError) as err:
            hh.add_household(store, **args)
        assert err.value.code == code
    assert len(hh.list_households(store)) == before
    new_id = hh.add_household(
        store, village_code=fx.VILLAGE, head_name="赵六", phone="139 0715 0001", hukou_type="rural"
    )
    row = hh.get_household(store, new_id)
    assert (row.phone, row.state) == ("13907150001", "not_visited")


def test_visit_outcome_rules(store: Store) -> None:
    first, _ = _seed(store)
    with pytest.raises(hh.HouseholdInputError, match="revisit_required"):
        hh.record_visit(store, first, "nobody_home")
    with pytest.raises(hh.HouseholdInputError, match="revisit_in_past"):
        hh.record_visit(store, first, "nobody_home", revisit_on=date(2000, 1, 1))
    with pytest.raises(hh.HouseholdInputError, match="outcome_invalid"):
        hh.record_visit(store, first, "abducted")
    hh.record_visit(store, first, "refused", note="不愿意")
    assert hh.get_household(store, first).state == "refused"


def test_add_household_folds_what_an_input_method_typed(store: Store) -> None:
    _seed(store)
    number = make_id_number("421202", date(1965, 3, 12), 451)
    # the region in full-width digits, then groups with a space and an ideographic space
    typed = "".join(chr(ord(c) + 0xFEE0) for c in number[:6]) + " "
    typed += number[6:14] + "\u3000" + number[14:]
    new_id = hh.add_household(
        store, village_code=fx.VILLAGE, head_name="赵六", head_id_number=typed
    )
    assert hh.get_household(store, new_id).head_id_number == number


@pytest.mark.parametrize(
    ("typed", "code", "params"),
    [
        ("4212O2196503124518", "id_number_character", {"position": "5", "char": "O"}),
        ("42120219650312451Y", "id_number_character18", {"position": "18", "char": "Y"}),
        ("4212021965 0312", "id_number_length", {"count": "14"}),
    ],
)
def test_a_wrong_id_number_says_what_is_wrong(
    store: Store, typed: str, code: str, params: dict[str, str]
) -> None:
    _seed(store)
    before = len(hh.list_households(store))
    with pytest.raises(hh.HouseholdInputError) as err:
        hh.add_household(store, village_code=fx.VILLAGE, head_name="赵六", head_id_number=typed)
    assert (err.value.code, err.value.params) == (code, params)
    assert len(hh.list_households(store)) == before
