"""The economic-status check on both databases: import, match, flags, consent, retention.

Households arrive as real batches from a cadre's device; extracts come in through the county
admin's signed API route (and the service the command line uses); what supervisors and cadres
see is read back through the same routes the laptops use.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sync.server import cli
from sync.server.models import RegistryExtract, RegistryFinding, RegistryFlag, RegistryRow
from sync.server.registry.importing import RegistryImportError, import_extract
from sync.server.registry.service import purge

from .conftest import World
from .helpers import COUNTY, V1A, V1B, V2A
from .registry_helpers import (
    child_id,
    csv_bytes,
    head_id,
    import_via_api,
    pull,
    surveyed,
    xlsx_bytes,
)

ONE_OF_EACH: dict[str, list[Any]] = {
    "vehicles": ["小型轿车", "2021-05-06", "鄂L00001"],
    "real_estate": ["住宅", "2015-01-01", "98.5"],
    "business": ["个体工商户", "2019-07-01"],
    "social_insurance": ["城镇职工基本养老保险", "2016-01-01", "2600"],
    "payroll": ["事业编制", "2010-09-01", "5200"],
    "civil_status": ["死亡", "2025-11-02"],
    "assistance": ["临时救助", "2025-08-01", "1500", V1A],
}


def _flags(factory: sessionmaker[Session], household: Any) -> set[str]:
    with factory() as s:
        return set(
            s.scalars(
                select(RegistryFlag.rule).where(
                    RegistryFlag.household_id == household, RegistryFlag.active.is_(True)
                )
            )
        )


def test_each_source_is_imported_matched_and_flagged(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, admin, sup = world.devices["cadre1"], world.devices["admin"], world.devices["sup_t1"]
    hh = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    for n, (source, rest) in enumerate(ONE_OF_EACH.items()):
        rows = [[head_id(1), *rest], [head_id(9), *rest]]  # the second person was not surveyed
        data = xlsx_bytes(source, rows) if n % 2 else csv_bytes(source, rows)
        r = import_via_api(client, admin, source, data)
        assert r.status_code == 200, r.text
        assert (r.json()["rows_kept"], r.json()["findings"]) == (2, 1)
    assert _flags(factory, hh) == {
        "registry_vehicle",
        "registry_business",
        "registry_pension_above_declared",
        "registry_public_payroll",
        "registry_recorded_dead",
        "registry_other_assistance",
    }  # fmt: skip (one home only: no second-home flag)
    view = client.get(f"/api/v1/registry/households/{hh}?lang=en", headers=sup.auth()).json()
    assert view["consent"] is True
    says = {f["source"]: (f["says"], f["survey_said"]) for f in view["findings"]}
    assert says["vehicles"] == ("a car registered in 2021", "vehicles: None")
    assert says["social_insurance"][0] == "a employee pension of 2600 yuan a month since 2016"
    assert says["civil_status"][1] == "member 1 listed in the household"
    tasks = {f["rule"]: f["task"] for f in view["flags"]}
    assert tasks["registry_vehicle"] == "A car registered in 2021: confirm with the household"
    with factory() as s:
        imports = s.scalars(select(RegistryExtract).order_by(RegistryExtract.source)).all()
        assert [(e.source, e.rows_read, e.rows_kept, e.state) for e in imports] == sorted(
            (src, 2, 2, "current") for src in ONE_OF_EACH
        )
        assert s.scalar(select(func.count()).select_from(RegistryFinding)) == 7


def test_rules_follow_what_the_survey_declared(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, admin = world.devices["cadre1"], world.devices["admin"]
    declared = surveyed(client, cadre, V1A, world.campaign_id, head=2, vehicles=["car"],
                        has_business="yes", income_transfers=40000,
                        benefits=["temporary"])  # fmt: skip
    plain = surveyed(client, cadre, V1B, world.campaign_id, head=3)
    sources = {
        "vehicles": [[head_id(2), "小型轿车", "2020-01-01"], [head_id(3), "普通二轮摩托车", "2020-01-01"]],
        "real_estate": [[head_id(3), "住宅", "2001-01-01", "80"], [child_id(3), "成套住宅", "2012-01-01", "90"],
                        [head_id(2), "住宅", "2001-01-01", "80"], [head_id(2), "商业", "2001-01-01", "30"]],
        "business": [[head_id(2), "有限责任公司", "2018-01-01"]],
        "social_insurance": [[head_id(2), "城镇职工基本养老保险", "2016-01-01", "3000"],
                             [head_id(3), "城乡居民基本养老保险", "2016-01-01", "150"]],
        "assistance": [[head_id(2), "临时救助", "2025-01-01", "900", V1A]],
    }  # fmt: skip
    for source, rows in sources.items():
        assert import_via_api(client, admin, source, csv_bytes(source, rows)).status_code == 200
    # declared a car, a business, transfers above 12 × 3000 and the temporary assistance
    assert _flags(factory, declared) == set()
    # a motorcycle is no flag; two homes are; 12 × 150 is above the 0 yuan of transfers declared
    assert _flags(factory, plain) == {"registry_second_home", "registry_pension_above_declared"}


def test_a_malformed_file_is_refused_whole_with_its_lines(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    admin = world.devices["admin"]
    good = import_via_api(client, admin, "vehicles",
                          csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-01-01"]]))  # fmt: skip
    assert good.status_code == 200
    rows = [
        [head_id(4), "小型轿车", "2021-01-01"],
        [head_id(4)[:-1] + ("0" if head_id(4)[-1] != "0" else "1"), "小型轿车", "2021-01-01"],
        ["", "小型轿车", "2021-01-01"],
        [head_id(5), "小型轿车", "去年"],
    ]
    r = import_via_api(client, admin, "vehicles", csv_bytes("vehicles", rows))
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "registry_file_refused"
    assert [(d["line"], d["reason"]) for d in body["details"]] == [
        (3, "id_check"), (4, "id_missing"), (5, "date"),
    ]  # fmt: skip
    assert head_id(4)[:14] not in r.text  # reasons never repeat the numbers
    with factory() as s:  # nothing of it was kept, and the earlier extract still stands
        assert s.scalar(select(func.count()).select_from(RegistryRow)) == 1
        assert s.scalars(select(RegistryExtract.state)).all() == ["current"]
    no_id = import_via_api(client, admin, "vehicles", "姓名,车辆类型\n某,轿车\n".encode())
    assert no_id.status_code == 422
    assert "no ID number column" in no_id.json()["message"]
    unknown = import_via_api(client, admin, "boats", csv_bytes("vehicles", []))
    assert unknown.status_code == 422
    assert "unknown source" in unknown.json()["message"]


def test_a_newer_extract_replaces_the_older(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, admin = world.devices["cadre1"], world.devices["admin"]
    hh = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    first = csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-01-01"]])
    assert import_via_api(client, admin, "vehicles", first, "2026-01-01").status_code == 200
    assert _flags(factory, hh) == {"registry_vehicle"}
    second = csv_bytes("vehicles", [[head_id(7), "小型轿车", "2021-01-01"]])
    r = import_via_api(client, admin, "vehicles", second, "2026-02-01")
    assert r.status_code == 200
    assert r.json()["flags_closed"] == 1
    assert _flags(factory, hh) == set()
    with factory() as s:
        states = s.execute(
            select(RegistryExtract.extracted_on, RegistryExtract.state).order_by(
                RegistryExtract.extracted_on
            )
        ).all()
        assert [(str(d), st) for d, st in states] == [
            ("2026-01-01", "replaced"), ("2026-02-01", "current"),
        ]  # fmt: skip
        assert s.scalar(select(func.count()).select_from(RegistryRow)) == 1


def test_consent_is_respected(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, admin, sup = world.devices["cadre1"], world.devices["admin"], world.devices["sup_t1"]
    # the bundled form requires the signature to complete a survey: a draft without it yet
    refused = surveyed(client, cadre, V1A, world.campaign_id, 6, "draft", consent_signature="")
    r = import_via_api(client, admin, "vehicles",
                       csv_bytes("vehicles", [[head_id(6), "小型轿车", "2021-01-01"]]))  # fmt: skip
    assert r.json()["findings"] == 0
    view = client.get(f"/api/v1/registry/households/{refused}", headers=sup.auth()).json()
    assert (view["consent"], view["findings"], view["flags"]) == (False, [], [])
    listed = client.get("/api/v1/registry/discrepancies", headers=sup.auth()).json()
    assert [row["household_id"] for row in listed["no_consent"]] == [str(refused)]
    report = client.get("/api/v1/reports/discrepancies?format=json", headers=sup.auth()).json()
    assert "no consent to the registry check" in {row["kind"] for row in report}


def test_a_survey_arriving_after_the_import_is_matched_and_the_task_reaches_its_cadre(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, other, admin = world.devices["cadre1"], world.devices["cadre2"], world.devices["admin"]
    data = csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-03-04"]])
    assert import_via_api(client, admin, "vehicles", data).status_code == 200
    before = pull(client, cadre)
    hh = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    assert _flags(factory, hh) == {"registry_vehicle"}
    tasks = [c for c in pull(client, cadre) if c["kind"] == "recheck"]
    assert not [c for c in before if c["kind"] == "recheck"]
    assert len(tasks) == 1
    task = tasks[0]["data"]
    assert task["household_id"] == str(hh)
    assert task["state"] == "open"
    assert task["text"] == {
        "zh": "登记有2021年注册的小汽车：请与家庭核实",
        "en": "A car registered in 2021: confirm with the household",
    }
    assert head_id(1) not in str(tasks)
    assert "2021-03-04" not in str(tasks)
    assert not [c for c in pull(client, other) if c["kind"] == "recheck"]
    assert not [c for c in pull(client, world.devices["sup_t1"]) if c["kind"] == "recheck"]


def test_a_flag_is_explained_with_a_reason(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, admin, sup = world.devices["cadre1"], world.devices["admin"], world.devices["sup_t1"]
    hh = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    import_via_api(client, admin, "vehicles",
                   csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-03-04"]]))  # fmt: skip
    flag = client.get(f"/api/v1/registry/households/{hh}", headers=sup.auth()).json()["flags"][0]
    target = f"/api/v1/registry/flags/{flag['id']}/explain"
    empty = b'{"reason": "  "}'
    assert (
        client.post(target, content=empty, headers=sup.signed("POST", target, empty)).status_code
        == 422
    )
    body = '{"reason": "车已于2024年卖出，有过户凭证"}'.encode()
    r = client.post(target, content=body, headers=sup.signed("POST", target, body))
    assert r.status_code == 200
    assert r.json()["explained"] is True
    listed = client.get("/api/v1/registry/discrepancies", headers=sup.auth()).json()["flags"]
    assert [(f["explained"], f["explained_reason"]) for f in listed] == [
        (True, "车已于2024年卖出，有过户凭证")
    ]
    tasks = [c["data"] for c in pull(client, cadre) if c["kind"] == "recheck"]
    assert [t["state"] for t in tasks] == ["explained"]


def test_possible_misses_are_listed_per_village(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre, admin, sup = world.devices["cadre1"], world.devices["admin"], world.devices["sup_t1"]
    surveyed(client, cadre, V1A, world.campaign_id, head=1)
    rows = [
        [head_id(1), "临时救助", "2025-08-01", "900", V1A],  # surveyed: not a miss
        [head_id(11), "困难残疾人生活补贴", "2025-08-01", "900", V1B],
        [head_id(12), "优抚", "2025-08-01", "900", V2A],  # another township
    ]
    assert (
        import_via_api(client, admin, "assistance", csv_bytes("assistance", rows)).status_code
        == 200
    )
    t1 = client.get("/api/v1/registry/discrepancies", headers=sup.auth()).json()
    assert [(m["id_number"], m["village_code"]) for m in t1["possible_misses"]] == [
        (head_id(11), V1B)
    ]
    county = client.get("/api/v1/registry/discrepancies", headers=world.devices["sup_c"].auth())
    assert {m["village_code"] for m in county.json()["possible_misses"]} == {V1B, V2A}


def test_purge_drops_extracts_past_the_county_retention(
    client: TestClient, world: World, factory: sessionmaker[Session]
) -> None:
    cadre = world.devices["cadre1"]
    hh = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    today = date.today()
    with factory() as s, s.begin():
        import_extract(s, COUNTY, "vehicles",
                       csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-01-01"]]),
                       extracted_on=today - timedelta(days=400))  # fmt: skip
        import_extract(s, COUNTY, "business",
                       csv_bytes("business", [[head_id(1), "个体工商户", "2021-01-01"]]),
                       extracted_on=today - timedelta(days=30))  # fmt: skip
    assert _flags(factory, hh) == {"registry_vehicle", "registry_business"}
    with factory() as s, s.begin():
        report = purge(s, COUNTY)
    assert (report["purged"], report["sources"]) == (1, ["vehicles"])
    assert _flags(factory, hh) == {"registry_business"}
    with factory() as s:
        assert s.scalars(select(RegistryExtract.state).order_by(RegistryExtract.source)).all() == [
            "current", "purged",
        ]  # fmt: skip
        assert s.scalar(select(func.count()).select_from(RegistryRow)) == 1
    tasks = [c["data"] for c in pull(client, cadre) if c["kind"] == "recheck"]
    assert sorted(t["state"] for t in tasks) == ["closed", "open"]


def test_the_service_refuses_a_future_extract_date(
    factory: sessionmaker[Session], world: World
) -> None:
    with factory() as s, s.begin(), pytest.raises(RegistryImportError, match="future"):
        import_extract(s, COUNTY, "vehicles", csv_bytes("vehicles", []),
                       extracted_on=date.today() + timedelta(days=1))  # fmt: skip


def test_the_command_line_imports_and_purges(
    database_url: str,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    factory: sessionmaker[Session],
) -> None:
    def run(*args: str) -> tuple[int, str, str]:
        code = cli.main(["admin", "--database-url", database_url, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    bad = tmp_path / "车管.csv"
    bad.write_bytes(csv_bytes("vehicles", [[head_id(1), "小型轿车", "2021-01-01"], ["x", "", ""]]))
    code, _out, err = run("import-registry", "--source", "vehicles", str(bad))
    assert code == 1, err
    assert "1 bad row(s) of 2" in err
    assert "line 3: id_character" in err
    good = tmp_path / "车管.xlsx"
    good.write_bytes(xlsx_bytes("vehicles", [[head_id(1), "小型轿车", "2021-01-01"], []]))
    old = (date.today() - timedelta(days=366)).isoformat()
    code, out, _err = run("import-registry", "--source", "vehicles", "--extracted-on", old,
                          str(good))  # fmt: skip
    assert code == 0
    assert f"imported vehicles extract of {old}: 1 rows" in out
    code, out, _err = run("purge-registry")
    assert code == 0
    assert '"purged": 1' in out
    with factory() as s:
        assert s.scalars(select(RegistryExtract.state)).all() == ["purged"]
