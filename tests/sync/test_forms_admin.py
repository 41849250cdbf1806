"""Publishing a form converted from an XLSForm (`doorstep-server admin import-xlsform`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy.orm import Session, sessionmaker

from sync.server import cli

from .conftest import World
from .helpers import COUNTY

SURVEY = [
    ["type", "name", "label::中文 (zh)", "label::English (en)", "required", "calculation"],
    ["text", "head_name", "户主姓名", "Head", "yes", ""],
    ["integer", "members", "人数", "Members", "yes", ""],
    ["geopoint", "where", "位置", "Where", "", ""],
]
SETTINGS = [
    ["form_id", "version", "form_title", "default_language"],
    ["Mini Check", "3", "小调查", "中文 (zh)"],
]


def workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "survey"
    for row in SURVEY:
        ws.append(row)
    st = wb.create_sheet("settings")
    for row in SETTINGS:
        st.append(row)
    wb.save(path)
    return path


def test_import_xlsform_publishes_on_the_feed(
    world: World,
    client: TestClient,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    factory: sessionmaker[Session],
) -> None:
    code = cli.main(
        [
            "admin",
            "--database-url",
            database_url,
            "import-xlsform",
            "--county",
            COUNTY,
            str(workbook(tmp_path / "f.xlsx")),
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "published mini-check version 3" in out.out
    assert "geopoint" in out.out  # what was left out is listed
    feed = client.get(
        "/api/v1/changes", params={"limit": 1000}, headers=world.devices["cadre1"].auth()
    ).json()
    forms = {
        (c["data"]["form_id"], c["data"]["version"]) for c in feed["changes"] if c["kind"] == "form"
    }
    assert ("mini-check", 3) in forms
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert (
        cli.main(
            [
                "admin",
                "--database-url",
                database_url,
                "import-xlsform",
                "--county",
                COUNTY,
                str(bad),
            ]
        )
        == 1
    )
    assert "cannot be converted" in capsys.readouterr().err
