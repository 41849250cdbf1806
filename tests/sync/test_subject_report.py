"""`admin subject-report` on both databases: for one ID number, the households, surveys,
reviews, cases, department rows and recorded looks the county holds, as xlsx or JSON; the
number comes on stdin and never reaches the output, the audit or the file's name."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sync.server import cli
from sync.server.models import AuditEvent

from .conftest import World
from .helpers import NAMES, V1A, V1B
from .registry_helpers import child_id, csv_bytes, head_id, import_via_api, surveyed


def _run(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: Any, stdin: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["admin", "--database-url", database_url, "subject-report", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    book = load_workbook(path, read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_one_persons_records_and_who_looked_at_them(
    client: TestClient,
    world: World,
    factory: sessionmaker[Session],
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    cadre, admin, sup = world.devices["cadre1"], world.devices["admin"], world.devices["sup_t1"]
    mine = surveyed(client, cadre, V1A, world.campaign_id, head=1)
    surveyed(client, cadre, V1B, world.campaign_id, head=2)  # someone else
    extract = csv_bytes("payroll", [[head_id(1), "事业编制", "2010-09-01", "5200"],
                                    [head_id(2), "行政编制", "2011-09-01", "6100"]])  # fmt: skip
    assert import_via_api(client, admin, "payroll", extract).status_code == 200
    looked = client.get(f"/api/v1/registry/households/{mine}", headers=sup.auth())
    assert looked.status_code == 200, looked.text

    out = tmp_path / "answer.xlsx"
    code, printed, err = _run(database_url, monkeypatch, capsys, head_id(1) + "\n", "--out",
                              str(out))  # fmt: skip
    assert code == 0, err
    assert head_id(1) not in printed + err
    sheets = _sheets(out)
    assert [r[0] for r in sheets["所在家庭"][1:]] == [str(mine)]
    assert sheets["所在家庭"][1][2] == "户主"
    surveys = sheets["调查记录"][1:]
    assert len(surveys) == 1
    assert surveys[0][1] == str(mine)
    assert surveys[0][7] == "cadre1"
    assert surveys[0][10] == "户主、成员1"
    held = json.loads(surveys[0][11])
    assert held["成员1"]["id_number"] == head_id(1)
    assert NAMES[1] in surveys[0][11]
    assert NAMES[2] not in json.dumps(held["成员1"])
    assert [r[:2] for r in sheets["部门数据"][1:]] == [
        ["财政供养", "财政供养：事业编制人员（自2010年）"]
    ]
    assert "6100" not in str(sheets["部门数据"])  # the other person's row
    looks = [(r[1], r[4]) for r in sheets["查阅记录"][1:]]
    assert ("registry.view", "sup_t1") in looks

    with factory() as s:
        runs = s.scalars(select(AuditEvent).where(AuditEvent.action == "subject.report")).all()
    assert len(runs) == 1
    assert runs[0].detail["households"] == [str(mine)]
    assert head_id(1) not in json.dumps(runs[0].detail) + runs[0].entity_id

    # A member who is not the head, as JSON.
    as_json = tmp_path / "answer.json"
    code, _, err = _run(database_url, monkeypatch, capsys, child_id(1) + "\n", "--out",
                        str(as_json))  # fmt: skip
    assert code == 0, err
    doc = json.loads(as_json.read_text(encoding="utf-8"))
    assert [s["本人身份"] for s in doc["surveys"]] == ["成员2"]
    assert doc["registry"] == []
    assert doc["households"][0]["户主身份"] == "成员"


def test_bad_id_numbers_and_revealing_file_names_are_refused(
    world: World,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: Any,
) -> None:
    wrong = head_id(1)[:-1] + ("0" if head_id(1)[-1] != "0" else "1")
    code, _, err = _run(database_url, monkeypatch, capsys, wrong + "\n", "--out",
                        str(tmp_path / "a.xlsx"))  # fmt: skip
    assert code == 1
    assert "not valid" in err
    assert not (tmp_path / "a.xlsx").exists()
    named = tmp_path / f"{head_id(1)}.xlsx"
    code, _, err = _run(database_url, monkeypatch, capsys, head_id(1) + "\n", "--out", str(named))
    assert code == 1
    assert "file's name holds the ID number" in err
    assert not named.exists()
    code, _, err = _run(database_url, monkeypatch, capsys, "", "--out", str(tmp_path / "b.xlsx"))
    assert code == 1
    assert "standard input" in err
