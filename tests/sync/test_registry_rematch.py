"""A re-match writes only what changed, and ends where a match from scratch would (both DBs).

The findings and open flags after a changed extract, or after a full county match over changed
members, rows and consent, are compared with what matching an empty findings and flags table
gives (in a transaction rolled back). What must stay put is looked at row by row: a flag keeps
its id and explanation; an unchanged finding or flag is not written at all (PostgreSQL: its
xmin, the transaction that wrote the row version, is unchanged; SQLite: triggers of the
matching connection log every row it deletes, inserts or updates).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from forms.registry_check import load_check
from sync.server.models import RegistryFinding, RegistryFlag, RegistryRow, RegistrySubject
from sync.server.registry.matching import match

from .conftest import World
from .helpers import COUNTY, V1A, V1B
from .registry_helpers import child_id, csv_bytes, head_id, import_via_api, surveyed

FindingKey = tuple[Any, ...]


def _findings(s: Session) -> set[tuple[Any, ...]]:
    f = RegistryFinding
    rows = s.execute(
        select(
            f.household_id,
            f.extract_id,
            f.line,
            f.member_index,
            f.source,
            f.kind,
            f.on_date,
            f.amount,
        )  # fmt: skip
    ).all()
    return {tuple(r) for r in rows}


def _open_flags(s: Session) -> dict[tuple[uuid.UUID, str], tuple[Any, ...]]:
    f = RegistryFlag
    rows = s.execute(
        select(
            f.household_id, f.rule, f.hits, f.first_date, f.kind, f.amount, f.declared_amount
        ).where(f.active.is_(True))  # fmt: skip
    ).all()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def _from_scratch(factory: sessionmaker[Session]) -> tuple[set[Any], dict[Any, Any]]:
    """What a county match over empty findings and flags gives; nothing of it is kept."""
    with factory() as s:
        s.begin()
        s.execute(delete(RegistryFinding))
        s.execute(delete(RegistryFlag))
        match(s, load_check(COUNTY), COUNTY)
        out = _findings(s), _open_flags(s)
        s.rollback()
    return out


def _flag(s: Session, household: uuid.UUID, rule: str) -> RegistryFlag:
    return s.scalars(
        select(RegistryFlag).where(
            RegistryFlag.household_id == household, RegistryFlag.rule == rule
        )
    ).one()


def _explain(client: TestClient, world: World, flag_id: int) -> None:
    sup = world.devices["sup_t1"]
    target = f"/api/v1/registry/flags/{flag_id}/explain"
    body = '{"reason": "车已卖出"}'.encode()
    r = client.post(target, content=body, headers=sup.signed("POST", target, body))
    assert r.status_code == 200, r.text


def test_a_changed_extract_ends_where_a_match_from_scratch_would(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, admin = world.devices["cadre1"], world.devices["admin"]
    h1, h2, h3 = (surveyed(client, cadre, V1A, world.campaign_id, head=n) for n in (1, 2, 3))
    first = [[head_id(1), "小型轿车", "2021-05-06"], [head_id(2), "小型轿车", "2020-01-01"],
             [head_id(3), "小型轿车", "2019-01-01"]]  # fmt: skip
    assert (
        import_via_api(client, admin, "vehicles", csv_bytes("vehicles", first)).status_code == 200
    )
    homes = [[head_id(3), "住宅", "2001-01-01", "80"], [child_id(3), "住宅", "2012-01-01", "90"]]
    r = import_via_api(client, admin, "real_estate", csv_bytes("real_estate", homes))
    assert r.status_code == 200
    with factory() as s:
        before = {(h, rule): _flag(s, h, rule).id for h, rule in
                  [(h1, "registry_vehicle"), (h2, "registry_vehicle"), (h3, "registry_vehicle"),
                   (h3, "registry_second_home")]}  # fmt: skip
    _explain(client, world, before[h1, "registry_vehicle"])
    # the department's next extract: the same car of household 1, household 2's car gone,
    # household 3's car and a truck of its second member
    second = [[head_id(1), "小型轿车", "2021-05-06"], [head_id(3), "小型轿车", "2019-01-01"],
              [child_id(3), "轻型普通货车", "2022-02-02"]]  # fmt: skip
    r = import_via_api(client, admin, "vehicles", csv_bytes("vehicles", second))
    assert r.status_code == 200
    assert (r.json()["findings"], r.json()["flags_opened"], r.json()["flags_closed"]) == (3, 0, 1)
    scratch = _from_scratch(factory)
    with factory() as s:
        assert (_findings(s), _open_flags(s)) == scratch
        kept = _flag(s, h1, "registry_vehicle")
        assert (kept.id, kept.active, kept.explained_reason) == (
            before[h1, "registry_vehicle"], True, "车已卖出",
        )  # fmt: skip
        gone = _flag(s, h2, "registry_vehicle")
        assert (gone.id, gone.active) == (before[h2, "registry_vehicle"], False)
        more = _flag(s, h3, "registry_vehicle")
        assert (more.id, more.active, more.hits) == (before[h3, "registry_vehicle"], True, 2)
        assert _flag(s, h3, "registry_second_home").id == before[h3, "registry_second_home"]


def _watch(s: Session) -> None:
    """SQLite: log what this connection deletes, inserts or updates in findings and flags."""
    s.execute(text("CREATE TEMP TABLE written (what TEXT, k TEXT)"))
    key = "old.household_id || ':' || old.extract_id || ':' || old.line || ':' || old.member_index"
    for event, row in (("DELETE", "old"), ("INSERT", "new")):
        s.execute(text(
            f"CREATE TEMP TRIGGER watch_finding_{event.lower()} AFTER {event} ON registry_finding"
            f" BEGIN INSERT INTO written VALUES ('finding {event.lower()}',"
            f" {key.replace('old.', row + '.')}); END"
        ))  # fmt: skip
    s.execute(text(
        "CREATE TEMP TRIGGER watch_flag AFTER UPDATE ON registry_flag"
        " BEGIN INSERT INTO written VALUES ('flag update', old.id); END"
    ))  # fmt: skip


def _xmins(s: Session) -> tuple[dict[FindingKey, str], dict[int, str]]:
    f, g = RegistryFinding, RegistryFlag
    findings = s.execute(
        select(
            f.household_id,
            f.extract_id,
            f.line,
            f.member_index,
            text("registry_finding.xmin::text"),
        )
    ).all()
    flags = s.execute(select(g.id, text("registry_flag.xmin::text"))).all()
    return {tuple(r[:4]): r[4] for r in findings}, {r[0]: r[1] for r in flags}


def _key(household: uuid.UUID, extract: uuid.UUID, line: int, member: int) -> FindingKey:
    return (household, extract, line, member)


def test_a_full_match_writes_only_what_changed(
    client: TestClient, world: World, factory: sessionmaker[Session], engine: Engine
) -> None:
    cadre, admin = world.devices["cadre1"], world.devices["admin"]
    h1 = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    h2 = surveyed(client, cadre, V1A, world.campaign_id, head=2)
    h3 = surveyed(client, cadre, V1B, world.campaign_id, head=3)
    cars = [[head_id(1), "小型轿车", "2021-05-06"], [head_id(2), "小型轿车", "2020-01-01"],
            [head_id(3), "小型轿车", "2019-01-01"], [child_id(3), "小型轿车", "2018-01-01"]]  # fmt: skip
    assert import_via_api(client, admin, "vehicles", csv_bytes("vehicles", cars)).status_code == 200
    shop = [[head_id(1), "个体工商户", "2019-07-01"]]
    assert import_via_api(client, admin, "business", csv_bytes("business", shop)).status_code == 200
    with factory() as s:
        car1 = _flag(s, h1, "registry_vehicle").id
        shop1 = _flag(s, h1, "registry_business").id
        car2 = _flag(s, h2, "registry_vehicle").id
        vehicles = s.scalar(select(RegistryRow.extract_id).where(RegistryRow.source == "vehicles"))
        assert vehicles is not None
        findings_before = _findings(s)
    _explain(client, world, car1)
    # What matching reads changes behind its back (the bench writes these tables the same way):
    # household 2's row goes, household 3 withdraws its consent, and the vehicles extract gains
    # a car of household 1's second member.
    with factory() as s, s.begin():
        s.execute(delete(RegistryRow).where(RegistryRow.extract_id == vehicles,
                                            RegistryRow.id_number == head_id(2)))  # fmt: skip
        s.execute(update(RegistrySubject).where(RegistrySubject.household_id == h3)
                  .values(consent=False))  # fmt: skip
        s.execute(insert(RegistryRow).values(
            extract_id=vehicles, line=99, county_code=COUNTY, source="vehicles",
            id_number=child_id(1), kind="car", on_date=None, amount=None, village_code=None,
        ))  # fmt: skip
    gone = {k[:4] for k in findings_before if k[0] in (h2, h3) and k[4] == "vehicles"}
    assert len(gone) == 3
    new = {_key(h1, vehicles, 99, 1)}
    pg = engine.dialect.name == "postgresql"
    with factory() as s:
        stamps = _xmins(s) if pg else None
    with factory() as s, s.begin():
        if not pg:
            _watch(s)
        report = match(s, load_check(COUNTY), COUNTY)
        logged = [] if pg else s.execute(text("SELECT what, k FROM written")).all()
        if not pg:
            for name in ("watch_finding_delete", "watch_finding_insert", "watch_flag"):
                s.execute(text(f"DROP TRIGGER {name}"))  # the pooled connection lives on
            s.execute(text("DROP TABLE written"))
    assert (report.opened, report.closed) == (0, 2)  # households 2 and 3's car flags
    scratch = _from_scratch(factory)
    with factory() as s:
        assert (_findings(s), _open_flags(s)) == scratch
        explained = _flag(s, h1, "registry_vehicle")
        assert (explained.id, explained.hits, explained.explained_reason) == (car1, 2, "车已卖出")
        assert _flag(s, h1, "registry_business").id == shop1
        assert not _flag(s, h2, "registry_vehicle").active
        if pg:
            assert stamps is not None
            findings_after, flags_after = _xmins(s)
            rewritten = {k for k, x in findings_after.items() if stamps[0].get(k) != x}
            assert rewritten == new
            assert set(stamps[0]) - set(findings_after) == gone
            assert {i for i, x in flags_after.items() if stamps[1][i] != x} == {
                car1, car2, _flag(s, h3, "registry_vehicle").id,
            }  # fmt: skip
        else:

            def as_key(k: str) -> FindingKey:
                hh, ex, line, member = k.split(":")
                return _key(uuid.UUID(hh), uuid.UUID(ex), int(line), int(member))

            assert {as_key(k) for what, k in logged if what == "finding delete"} == gone
            assert {as_key(k) for what, k in logged if what == "finding insert"} == new
            assert {int(k) for what, k in logged if what == "flag update"} == {
                car1, car2, _flag(s, h3, "registry_vehicle").id,
            }  # fmt: skip
