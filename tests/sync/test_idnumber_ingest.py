"""The server folds ID numbers typed with a Chinese input method and names a wrong character.

A laptop of an older version may send a head's number in full-width digits; the server stores it
as the 18 ASCII characters everyone searches by. A number still wrong after folding is refused
with a problem that names the character and its place, and nothing is stored.
"""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sync.server.models import Household

from .conftest import World
from .helpers import V1A, household_data, push

FULL_WIDTH = (
    "１１０１０５１９４９１２３１００２ｘ"  # 11010519491231002X as an input method types it
)


def test_a_full_width_number_is_stored_folded(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    r = push(client, dev, [dev.record("household", hid, household_data(V1A,
                                                                        head_id_number=FULL_WIDTH))])  # fmt: skip
    assert [x["status"] for x in r.json()["results"]] == ["accepted"]
    with factory() as s:
        stored = s.scalars(select(Household.head_id_number).where(Household.id == hid)).one()
    assert stored == "11010519491231002X"


def test_a_wrong_character_is_named_and_nothing_is_stored(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    dev = world.devices["cadre1"]
    hid = uuid.uuid4()
    data = household_data(V1A, head_id_number="1101O519491231002X")  # letter O at place 5
    (result,) = push(client, dev, [dev.record("household", hid, data)]).json()["results"]
    assert result["status"] == "rejected"
    (problem,) = result["problems"]
    assert problem["code"] == "invalid_id_number"
    assert problem["path"] == "head_id_number"
    assert problem["message"].startswith("Character 5 of the ID number, 'O'")
    with factory() as s:
        assert s.get(Household, hid) is None
