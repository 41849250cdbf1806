"""The demo county's households: 200, fictional, valid ID numbers, in the demo villages."""

from __future__ import annotations

import csv

from desktop import demo
from forms.idnumber import is_valid_id_number


def test_demo_households_are_plausible_and_stable() -> None:
    rows = demo.demo_households()
    assert len(rows) == 200
    assert rows == demo.demo_households()  # the same demo every time
    villages = {r["code"] for r in csv.DictReader((demo.DEMO_DIR / "villages.csv").open())}
    assert {r.village_code for r in rows} == villages
    assert all(r.head_id_number and is_valid_id_number(r.head_id_number) for r in rows)
    assert len({r.head_id_number for r in rows}) == 200
