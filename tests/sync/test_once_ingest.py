"""The server evaluates a survey itself on ingest; a calculation with once() keeps the value
the device took (on an earlier day) instead of taking the server's day, in the stored
calculations and in what a supervisor reads. A kept value that is not what the calculation
writes is refused with the field named, and nothing is stored. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from sync.server.admin.publishing import publish_form_file
from sync.server.models import Survey
from tests.forms.xlsform_corpus import BOOKS, write

from .conftest import World
from .helpers import COUNTY, V1A, household_data, push

KEPT = {
    "started": "2026-01-05",
    "visits": 6,
    "first_visits": "4",
    "consent": "yes",
    "consent_day": "2026-01-06",
    "log": [{"note": "到访", "logged": "2026-01-05"}],
}


def _send(client: TestClient, world: World, answers: dict[str, Any]) -> tuple[Any, uuid.UUID]:
    cadre = world.devices["cadre1"]
    household, survey = uuid.uuid4(), uuid.uuid4()
    data = {
        "household_id": str(household),
        "campaign_id": str(world.campaign_id),
        "form_id": "functions_once",
        "form_version": 1,
        "status": "submitted",
        "answers": answers,
    }
    reply = push(
        client,
        cadre,
        [
            cadre.record("household", household, household_data(V1A)),
            cadre.record("survey", survey, data),
        ],
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["results"][1], survey


def _publish(factory: sessionmaker[Session], world: World, folder: Path) -> None:
    book = next(b for b in BOOKS if b.name == "functions_once")
    with factory() as s:
        report = publish_form_file(
            s, COUNTY, write(book, folder), campaign_id=world.campaign_id, today=date(2026, 3, 10)
        )
    assert report.published


def test_the_server_keeps_the_value_the_device_kept(
    client: TestClient, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _publish(factory, world, tmp_path)
    result, survey = _send(client, world, KEPT)
    assert result["status"] == "accepted", result
    with factory() as s:
        stored = s.get(Survey, survey)
        assert stored is not None
        assert stored.answers == KEPT
        # the server's own evaluation, on a day that is not the device's
        assert date.today() != date(2026, 1, 5)
        assert stored.computed["started"] == "2026-01-05"
        assert stored.computed["first_visits"] == "4"  # not 6, what visits says now
        assert stored.computed["consent_day"] == "2026-01-06"
    sup = world.devices["sup_t1"]
    detail = client.get(f"/api/v1/surveys/{survey}", headers=sup.auth())
    assert detail.status_code == 200, detail.text
    assert detail.json()["answers"]["started"] == "2026-01-05"


def test_a_kept_value_that_is_not_one_is_refused_and_not_stored(
    client: TestClient, world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    _publish(factory, world, tmp_path)
    result, survey = _send(client, world, {**KEPT, "log": [{"note": "到访", "logged": [1]}]})
    assert result["status"] == "rejected", result
    assert [(p["path"], p["code"]) for p in result["problems"]] == [("log[0].logged", "type")]
    with factory() as s:
        assert s.get(Survey, survey) is None
