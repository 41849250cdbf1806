"""Reports: progress, the ledger xlsx (formula injection neutralised), the public list (nothing
sensitive), referral lists, discrepancies; every export audited; cadres cannot export."""

from __future__ import annotations

import io
import uuid

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sync.server.models import AuditEvent

from .conftest import World
from .helpers import COUNTY, T1, T2, V1A, V1B, V2A, household_data, push, survey_data
from .test_review import review


def seed(client: TestClient, world: World) -> dict[str, uuid.UUID]:
    c1, c2 = world.devices["cadre1"], world.devices["cadre2"]
    h = {k: uuid.uuid4() for k in ("a", "b", "c", "d")}
    s = {k: uuid.uuid4() for k in ("a", "b", "c")}
    camp = world.campaign_id
    push(
        client,
        c1,
        [
            c1.record("household", h["a"], household_data(V1A)),
            c1.record(
                "survey",
                s["a"],
                survey_data(
                    h["a"],
                    V1A,
                    camp,
                    head_name='=HYPERLINK("http://x")',
                    needs=["jobs", "medical_aid"],
                ),
            ),
            c1.record("household", h["b"], household_data(V1B, head=1)),
            c1.record(
                "survey",
                s["b"],
                survey_data(
                    h["b"],
                    V1B,
                    camp,
                    head=1,
                    income=30000,
                    benefits=["dibao_rural"],
                    recommendation="keep",
                ),
            ),
            c1.record("household", h["d"], household_data(V1A, head=3)),
            c1.record(
                "visit",
                uuid.uuid4(),
                {
                    "household_id": str(h["d"]),
                    "campaign_id": str(camp),
                    "outcome": "nobody_home",
                    "revisit_date": "2026-03-10",
                },
            ),
        ],
    )
    # the same head (same ID number) surveyed again in another township's village
    push(
        client,
        c2,
        [
            c2.record("household", h["c"], household_data(V2A)),
            c2.record("survey", s["c"], survey_data(h["c"], V2A, camp, status="completed")),
        ],
    )
    assert review(client, world.devices["sup_t1"], s["a"], "approve").status_code == 200
    return s


def test_progress(world: World, client: TestClient) -> None:
    seed(client, world)
    admin = world.devices["admin"].auth()
    rows = client.get(
        "/api/v1/reports/progress", params={"campaign_id": str(world.campaign_id)}, headers=admin
    ).json()
    by = {r["village"]: r for r in rows}
    assert by[V1A]["assigned"] == 2
    assert by[V1A]["visited"] == 2
    assert by[V1A]["revisits_pending"] == 1
    assert by[V1A]["township_approved"] == 1
    assert by[V1B]["submitted"] == 1
    assert by[V2A]["completed"] == 1
    assert by[V2A]["submitted"] == 0
    towns = client.get(
        "/api/v1/reports/progress",
        params={"campaign_id": str(world.campaign_id), "by": "township"},
        headers=admin,
    ).json()
    assert {r["township"]: r["visited"] for r in towns} == {"421202001": 3, "421202002": 1}
    cadres = client.get(
        "/api/v1/reports/progress",
        params={"campaign_id": str(world.campaign_id), "by": "cadre"},
        headers=admin,
    ).json()
    assert {r["name"]: r["visited"] for r in cadres} == {"cadre1": 3, "cadre2": 1}
    # a cadre sees only their own villages
    own = client.get(
        "/api/v1/reports/progress",
        params={"campaign_id": str(world.campaign_id)},
        headers=world.devices["cadre2"].auth(),
    ).json()
    assert [r["village"] for r in own] == [V2A]


def test_ledger_public_referrals_discrepancies(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    s = seed(client, world)
    sup = world.devices["sup_c"].auth()
    xlsx = client.get(
        "/api/v1/reports/ledger", params={"campaign_id": str(world.campaign_id)}, headers=sup
    )
    assert xlsx.status_code == 200
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws is not None
    cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "Contains sensitive personal information" in str(ws["A1"].value)
    public = client.get(
        "/api/v1/reports/public-list", params={"campaign_id": str(world.campaign_id)}, headers=sup
    ).json()
    assert len(public) == 1
    assert set(public[0]) == {"village", "name", "category", "proposed benefit"}
    detail = client.get(f"/api/v1/surveys/{s['a']}", headers=sup).json()
    flat = str(public)
    assert detail["answers"]["head_id_number"] not in flat
    assert "125" not in flat
    referrals = client.get(
        "/api/v1/reports/referrals", params={"campaign_id": str(world.campaign_id)}, headers=sup
    ).json()
    assert {r["need"] for r in referrals} >= {"jobs", "medical_aid"}
    assert len({r["department"] for r in referrals}) >= 2
    disc = client.get(
        "/api/v1/reports/discrepancies", params={"campaign_id": str(world.campaign_id)}, headers=sup
    ).json()
    kinds = {d["kind"] for d in disc}
    assert "same person in two households" in kinds
    assert "receives dibao, screened above 1.5x standard" in kinds
    assert "screened eligible, receives nothing" in kinds
    assert all("*" in d["ID number (masked)"] for d in disc if d["ID number (masked)"])
    xl = client.get(
        "/api/v1/reports/referrals",
        params={"campaign_id": str(world.campaign_id), "format": "xlsx"},
        headers=sup,
    )
    assert xl.headers["content-type"].startswith("application/vnd.openxmlformats")
    with factory() as session:
        exports = session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("export.%"))
        ).all()
    assert {e.action for e in exports} == {
        "export.ledger",
        "export.public_list",
        "export.referrals",
        "export.discrepancies",
    }
    assert all(e.user_id == world.users["sup_c"] and e.device_id and e.request_id for e in exports)
    # township supervisor of the other township sees none of township 1's rows
    other = client.get(
        "/api/v1/reports/referrals",
        params={"campaign_id": str(world.campaign_id)},
        headers=world.devices["sup_t2"].auth(),
    ).json()
    assert other
    assert {r["village"] for r in other} == {"丙村"}
    assert (
        client.get("/api/v1/reports/ledger", headers=world.devices["cadre1"].auth()).status_code
        == 403
    )


def test_a_surveyed_member_heading_a_registered_household_elsewhere(
    world: World, client: TestClient, factory: sessionmaker[Session], tmp_path: object
) -> None:
    from pathlib import Path

    from sync.server.admin import service as admin_svc

    from .helpers import COUNTY

    s = seed(client, world)
    sup = world.devices["sup_c"].auth()
    member_id = client.get(f"/api/v1/surveys/{s['b']}", headers=sup).json()["answers"]["members"][
        1
    ]["id_number"]
    assert isinstance(tmp_path, Path)
    reg = tmp_path / "reg.csv"
    reg.write_text(
        f"village_code,head_name,head_id_number\n{V2A},测试己某,{member_id}\n", encoding="utf-8"
    )
    with factory() as session:
        admin_svc.import_households(session, COUNTY, reg)
    disc = client.get(
        "/api/v1/reports/discrepancies", params={"campaign_id": str(world.campaign_id)}, headers=sup
    ).json()
    masked = member_id[:4] + "*" * 10 + member_id[-4:]
    assert any(d["ID number (masked)"] == masked and "丙村" in d["villages"] for d in disc)
    assert member_id not in str(disc)


def _exports_audited(factory: sessionmaker[Session]) -> list[AuditEvent]:
    with factory() as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.action.like("export.%"))).all()
        )


def test_exports_cut_down_to_a_township_or_village_of_the_scope(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    seed(client, world)
    camp = str(world.campaign_id)
    county, town1 = world.devices["sup_c"].auth(), world.devices["sup_t1"].auth()

    def ledger(headers: dict[str, str], **where: str) -> list[list[object]]:
        r = client.get(
            "/api/v1/reports/ledger", params={"campaign_id": camp, **where}, headers=headers
        )
        assert r.status_code == 200, r.text
        ws = load_workbook(io.BytesIO(r.content)).active
        assert ws is not None
        return [list(row) for row in ws.iter_rows(min_row=3, values_only=True)]

    everything = ledger(county)
    assert {r[0] for r in everything} == {T1, T2}
    only_t2 = ledger(county, township=T2)
    assert only_t2
    assert {r[0] for r in only_t2} == {T2}
    assert len(ledger(county, township=T1)) + len(only_t2) == len(everything)
    only_v1b = ledger(town1, village=V1B)
    assert [r[1] for r in only_v1b] == ["乙村"]
    assert len(ledger(town1, township=T1, village=V1A)) == 1
    r = client.get(
        "/api/v1/reports/public-list",
        params={"campaign_id": camp, "village": V1A, "format": "xlsx"},
        headers=town1,
    )
    assert r.headers["content-disposition"] == f'attachment; filename="public-list-{V1A}.xlsx"'
    referred = client.get(
        "/api/v1/reports/referrals", params={"campaign_id": camp, "village": V1B}, headers=town1
    ).json()
    assert referred
    assert {r["village"] for r in referred} == {"乙村"}

    # discrepancies: a duplicate is found across the scope and kept where it touches the area
    def kinds(headers: dict[str, str], **where: str) -> list[tuple[str, str]]:
        rows = client.get(
            "/api/v1/reports/discrepancies", params={"campaign_id": camp, **where}, headers=headers
        ).json()
        return sorted((r["kind"], r["villages"]) for r in rows)

    same = "same person in two households"
    assert (same, "丙村,甲村") in kinds(county, village=V2A)  # the other household is in 甲村
    assert (same, "丙村,甲村") in kinds(county, township=T1)
    assert same not in {k for k, _ in kinds(town1, village=V1B)}
    assert ("receives dibao, screened above 1.5x standard", "乙村") in kinds(town1, village=V1B)
    assert "receives dibao, screened above 1.5x standard" not in {
        k for k, _ in kinds(town1, village=V1A)
    }
    within = [e.detail.get("within") for e in _exports_audited(factory)]
    assert [T2] in within
    assert [V1B] in within
    assert [COUNTY] in within

    # out of scope, unknown, or a village of another township: refused, nothing audited
    before = len(_exports_audited(factory))
    for where, status in (
        ({"township": T2}, 403),
        ({"village": V2A}, 403),
        ({"village": "999999999999"}, 404),
        ({"township": "999999999"}, 404),
        ({"township": T1, "village": V2A}, 422),
    ):
        for path in ("ledger", "public-list", "referrals", "discrepancies"):
            r = client.get(
                f"/api/v1/reports/{path}",
                params={"campaign_id": camp, "format": "xlsx", **where},
                headers=town1,
            )
            assert r.status_code == status, (path, where, r.text)
    assert len(_exports_audited(factory)) == before
