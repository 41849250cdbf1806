"""Administration: divisions, users and scope, enrollment codes, registry import, keypair, CLI."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sync.server import cli
from sync.server.admin import service as admin
from sync.server.models import AuditEvent, County, Household, Village

from .conftest import World, enroll
from .helpers import COUNTY, V1A, V2A, make_id, new_key, write_divisions

BIN = Path(sys.executable).parent
_GOOD = make_id(date(1960, 5, 6), 7)
BAD_ID = _GOOD[:-1] + ("1" if _GOOD[-1] != "1" else "2")


def _households_file(tmp: Path, rows: list[list[str]], xlsx: bool = False) -> Path:
    header = ["village_code", "head_name", "head_id_number", "address", "hukou_type", "categories"]
    if xlsx:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(header)
        for r in rows:
            ws.append(r)
        path = tmp / "registry.xlsx"
        wb.save(path)
        return path
    path = tmp / "registry.csv"
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_households_all_or_nothing(
    world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    good = [V1A, "测试甲某", make_id(date(1960, 5, 5), 1), "一组", "rural", "dibao_rural"]
    rows = [
        good,
        [V1A, "测试乙某", BAD_ID, "二组", "rural", ""],  # bad check digit
        ["999999999999", "测试丙某", make_id(date(1961, 5, 5), 2), "", "urban", ""],
        [V2A, "", make_id(date(1962, 5, 5), 3), "", "martian", "dibao_rural、flying"],
        [V1A, "测试丁某", good[2], "", "", ""],  # same ID as row 2
    ]
    with factory() as s, pytest.raises(admin.AdminError) as exc:
        admin.import_households(s, COUNTY, _households_file(tmp_path, rows))
    text = str(exc.value)
    for expected in (
        "row 3: head_id_number",
        "row 4: village_code",
        "row 5: head_name",
        "row 5: hukou_type",
        "row 5: unknown categories flying",
        "row 6: head_id_number repeats row 2",
    ):
        assert expected in text
    assert BAD_ID not in text
    assert "测试乙某" not in text
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 0
    with factory() as s:
        n = admin.import_households(s, COUNTY, _households_file(tmp_path, [good], xlsx=True))
        assert n == 1
        h = s.scalars(select(Household)).one()
        assert (h.categories, h.township_code, h.source) == (
            ["dibao_rural"],
            "421202001",
            "registry",
        )


def test_create_county_refuses_bad_files_and_imports_nothing(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    towns, _ = write_divisions(tmp_path)
    bad = tmp_path / "v.csv"
    bad.write_text(
        "code,name,township_code\n421202001001,甲村,421202009\nabc,,421202001\n", encoding="utf-8"
    )
    with factory() as s, pytest.raises(admin.AdminError) as exc:
        admin.create_county(s, COUNTY, "测试区", towns, bad)
    assert "row 2: unknown township_code" in str(exc.value)
    assert "row 3: code must be digits" in str(exc.value)
    with factory() as s:
        assert s.get(County, COUNTY) is None
        assert s.scalar(select(func.count()).select_from(Village)) == 0


def test_user_scope_must_fit_role(world: World, factory: sessionmaker[Session]) -> None:
    with factory() as s:
        with pytest.raises(admin.AdminError, match="scope must be village"):
            admin.create_user(s, "x", "cadre", COUNTY, ["421202001"])
        with pytest.raises(admin.AdminError, match="not a division"):
            admin.create_user(s, "y", "supervisor", COUNTY, ["999"])
        with pytest.raises(admin.AdminError, match="already exists"):
            admin.create_user(s, "cadre1", "cadre", COUNTY, [V1A])


def test_enrollment_codes_single_use_expiring_rate_limited(
    world: World, client: TestClient, factory: sessionmaker[Session]
) -> None:
    with factory() as s:
        code, _ = admin.create_enrollment_code(s, "cadre1", 1)
        expired, _ = admin.create_enrollment_code(s, "cadre1", -1)
    _key, pub = new_key()
    r = client.post("/api/v1/enroll", json={"code": code.lower(), "public_key": pub})
    assert r.status_code == 200
    assert len(r.json()["token"]) > 30
    again = client.post("/api/v1/enroll", json={"code": code, "public_key": pub})
    assert again.status_code == 403
    assert again.json()["error"] == "code_used"
    old = client.post("/api/v1/enroll", json={"code": expired, "public_key": pub})
    assert old.json()["error"] == "code_expired"
    bad_key = client.post(
        "/api/v1/enroll", json={"code": "ABCD-EFGH", "public_key": "bm90IGEga2V5"}
    )
    assert bad_key.status_code == 422
    statuses = [
        client.post("/api/v1/enroll", json={"code": f"WRONG{i:04d}", "public_key": pub}).status_code
        for i in range(25)
    ]
    assert 429 in statuses
    with factory() as s:  # tokens are stored hashed only
        from sync.server.models import Device

        assert all(len(d.token_hash) == 64 for d in s.scalars(select(Device)))
        assert r.json()["token"] not in {d.token_hash for d in s.scalars(select(Device))}


def test_county_keypair_private_key_only_in_file(
    world: World, factory: sessionmaker[Session], client: TestClient, tmp_path: Path
) -> None:
    out = tmp_path / "recovery.pem"
    with factory() as s:
        res = admin.county_keypair(s, COUNTY, out)
    assert out.stat().st_mode & 0o777 == 0o600
    key = serialization.load_pem_private_key(out.read_bytes(), password=None)
    raw_private = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )  # type: ignore[union-attr]
    with factory() as s:
        cty = s.get(County, COUNTY)
        assert cty is not None
        assert cty.recovery_public_key is not None
        # the database holds the public half and nothing of the private one
        from sqlalchemy import text

        dump = " ".join(
            str(row)
            for t in ("county", "audit_event", "server_meta")
            for row in s.execute(text(f"SELECT * FROM {t}"))
        )
        assert raw_private.hex() not in dump
        assert out.read_text() not in dump
    d = enroll(client, factory, "cadre2")
    page = client.get("/api/v1/changes", headers=d.auth()).json()
    profiles = [c for c in page["changes"] if c["kind"] == "county"]
    assert profiles[-1]["data"]["recovery_public_key"] == res.public_key_b64
    with factory() as s, pytest.raises(admin.AdminError, match="exists already"):
        admin.county_keypair(s, COUNTY, out)


def test_cli_end_to_end(
    database_url: str, engine: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The admin commands, run in-process through `cli.main` (one real process below)."""
    towns, vills = write_divisions(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        code = cli.main(["admin", "--database-url", database_url, *args])
        out = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out.out, out.err)

    assert (
        run(
            "create-county", COUNTY, "测试区", "--townships", str(towns), "--villages", str(vills)
        ).returncode
        == 0
    )
    assert (
        run("create-user", "c1", "--role", "cadre", "--county", COUNTY, "--scope", V1A).returncode
        == 0
    )
    code = run("enrollment-code", "c1", "--hours", "2")
    assert code.returncode == 0
    assert len(code.stdout.split()[0]) == 14
    camp = run(
        "create-campaign",
        "--county",
        COUNTY,
        "--year",
        "2026",
        "--round",
        "mid",
        "--starts",
        "2026-06-01",
    )
    assert camp.returncode == 0, camp.stderr
    assert (
        run(
            "assign", "--campaign", camp.stdout.strip(), "--user", "c1", "--village", V1A
        ).returncode
        == 0
    )
    bad = run("assign", "--campaign", camp.stdout.strip(), "--user", "c1", "--village", V2A)
    assert bad.returncode == 1
    assert "outside" in bad.stderr
    keyfile = tmp_path / "k.pem"
    kp = run("county-keypair", "--county", COUNTY, "--out", str(keyfile))
    assert kp.returncode == 0
    assert keyfile.exists()
    listed = subprocess.run(
        [str(BIN / "doorstep-server"), "admin", "--database-url", database_url, "list-devices"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.strip() == "[]"


def test_admin_actions_are_audited(world: World, factory: sessionmaker[Session]) -> None:
    with factory() as s:
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {
        "county.create",
        "user.create",
        "campaign.create",
        "assignment.create",
        "device.enroll",
        "enrollment_code.create",
    } <= actions
