"""The exports a county reads (ledger, public list, referrals) show a county's own form's
choice labels in the reader's language, not the raw values; the bundled household survey keeps
its values. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from sync.server.admin.publishing import publish_form_file
from tests.forms.xlsform_corpus import Book, write

from .conftest import World
from .helpers import COUNTY, V1A, household_data, push
from .test_review import review

BOOK = Book(
    "county_needs",
    [
        ["type", "name", "label::English (en)", "label::中文 (zh)", "required"],
        ["text", "head_name", "Head of household", "户主姓名", "yes"],
        ["select_multiple need", "needs", "Needs", "需求", ""],
        ["select_one rec", "recommendation", "Recommendation", "建议", ""],
    ],
    [
        ["list_name", "name", "label::English (en)", "label::中文 (zh)"],
        ["need", "jobs", "Help finding work", "就业帮扶"],
        ["need", "medical_aid", "Medical aid", "医疗救助"],
        ["rec", "dibao", "Minimum living allowance", "低保"],
        ["rec", "keep", "No change", "维持"],
    ],
    settings=[["form_id", "version", "form_title"], ["county_needs", "2", "县需求调查"]],
)


def _get(client: TestClient, world: World, report: str, lang: str) -> list[dict[str, Any]]:
    sup = world.devices["sup_t1"]
    reply = client.get(
        f"/api/v1/reports/{report}",
        params={"campaign_id": str(world.campaign_id), "format": "json", "lang": lang},
        headers=sup.auth(),
    )
    assert reply.status_code == 200, reply.text
    rows: list[dict[str, Any]] = reply.json()
    return rows


def test_exports_show_a_custom_forms_labels_in_the_readers_language(
    client: TestClient, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with factory() as s:
        report = publish_form_file(
            s, COUNTY, write(BOOK, tmp_path), campaign_id=world.campaign_id, today=date(2026, 3, 10)
        )
    assert report.published
    cadre = world.devices["cadre1"]
    household, survey = uuid.uuid4(), uuid.uuid4()
    answers = {"head_name": "王建国", "needs": ["jobs", "medical_aid"], "recommendation": "dibao"}
    data = {
        "household_id": str(household),
        "campaign_id": str(world.campaign_id),
        "form_id": "county_needs",
        "form_version": 2,
        "status": "submitted",
        "answers": answers,
    }
    push(
        client,
        cadre,
        [
            cadre.record("household", household, household_data(V1A)),
            cadre.record("survey", survey, data),
        ],
    )
    assert review(client, world.devices["sup_t1"], survey, "approve").status_code == 200

    ledger = [r for r in _get(client, world, "ledger", "en") if r["form"].startswith("县需求调查")]
    assert len(ledger) == 1
    assert ledger[0]["needs"] == "Help finding work,Medical aid"
    assert ledger[0]["recommendation"] == "Minimum living allowance"
    assert "Needs: Help finding work, Medical aid" in ledger[0]["answers"]
    in_chinese = [r for r in _get(client, world, "ledger", "zh") if r["form"].startswith("县需求")]
    assert in_chinese[0]["recommendation"] == "低保"

    public = [r for r in _get(client, world, "public-list", "en") if r["name"] == "王建国"]
    assert [r["proposed benefit"] for r in public] == ["Minimum living allowance"]
    assert [r["proposed benefit"] for r in _get(client, world, "public-list", "zh")] == ["低保"]

    referrals = [r for r in _get(client, world, "referrals", "zh") if r["name"] == "王建国"]
    assert sorted(r["need"] for r in referrals) == ["医疗救助", "就业帮扶"]
