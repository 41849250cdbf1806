"""After a whole journey over real HTTP (a cadre's survey synced, returned by the township
supervisor, corrected with a reason, resubmitted, approved), the raw bytes of the server's log
folder, both laptops' profile folders and the temporary folder the process used hold no name, ID
number or phone number of the household: they live only inside the encrypted stores (and the
server's database)."""

from __future__ import annotations

import tempfile
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.services import review, syncing
from desktop.store import records
from desktop.store.models import Survey
from desktop.store.profile import Store
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of
from tests.sync.helpers import V1A, answers_for, make_id, member

HEAD, SPOUSE = "欧阳明珠", "司马青云"
HEAD_ID = make_id(date(1968, 7, 19), 731)
SPOUSE_ID = make_id(date(1971, 2, 3), 732)
PHONE = "13912345678"


def _needles() -> list[bytes]:
    out: list[bytes] = []
    for text in (HEAD, SPOUSE, HEAD_ID, SPOUSE_ID, PHONE):
        out += [text.encode("utf-8"), text.encode("utf-16-le")]
    return out


def _leaks(folder: Path, skip: tuple[str, ...] = ()) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.startswith(skip):
            continue
        data = path.read_bytes()
        found += [f"{path.relative_to(folder)}: {n!r}" for n in _needles() if n in data]
    return found


def _write(store: Store, survey: records.SurveyData, reason: str = "") -> None:
    with store.transaction() as s:
        records.save_survey(s, store.actor, survey, reason=reason or None)


def test_a_full_journey_leaves_no_personal_data_outside_the_sealed_stores(
    county: County, laptop_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("TMPDIR", str(scratch))

    cadre = laptop_factory("cadre1")
    sup = laptop_factory("sup_t1")
    assert syncing.run_sync(cadre).outcome == "ok"
    household = records.HouseholdData(
        id=str(uuid.uuid4()), village_code=V1A, head_name=HEAD, address="某组9号",
        head_id_number=HEAD_ID, hukou_type="rural", phone=PHONE,
    )  # fmt: skip
    with cadre.transaction() as s:
        records.save_household(s, cadre.actor, household)
    answers = answers_for(
        V1A, [member(HEAD, HEAD_ID, "head"), member(SPOUSE, SPOUSE_ID, "spouse")], HEAD,
        phone=PHONE,
    )  # fmt: skip
    sid = str(uuid.uuid4())
    survey = records.SurveyData(sid, household.id, "household-survey", 1, answers, "submitted",
                                campaign_of(cadre))  # fmt: skip
    _write(cadre, survey)
    assert syncing.run_sync(cadre).outcome == "ok"

    assert syncing.run_sync(sup).outcome == "ok"
    assert sid in {row.survey_id for row in review.load_queue(sup, level="township")}
    review.decide(sup, sid, "return", "请核实工资收入", level="township")
    assert syncing.run_sync(sup).outcome == "ok"
    assert syncing.run_sync(cadre).outcome == "ok"
    with cadre.reading() as s:
        row = s.get(Survey, sid)
        assert row is not None
        assert row.status == "returned"
        corrected = records.SurveyData(sid, row.household_id, row.form_id, row.form_version,
                                       {**row.answers, "income_wages": 2600}, "submitted",
                                       row.campaign_id)  # fmt: skip
    _write(cadre, corrected, "按工资条更正")
    assert syncing.run_sync(cadre).outcome == "ok"
    assert syncing.run_sync(sup).outcome == "ok"
    review.decide(sup, sid, "approve", level="township")
    assert syncing.run_sync(sup).outcome == "ok"
    with county.engine.connect() as c:
        from sqlalchemy import text

        state = c.execute(
            text("SELECT state FROM survey WHERE CAST(id AS TEXT) IN (:a, :b)"),
            {"a": sid, "b": sid.replace("-", "")},
        ).scalar_one()
    assert state not in (None, "returned", "submitted")  # approved at the township

    county.server.stop()  # the log is flushed and closed
    assert county.server.log_text()  # the scan reads a real log
    assert _leaks(county.server.folder, skip=("server.db",)) == []
    # the same scan does find them where they are meant to be: the server's own database
    assert any(hit.startswith("server.db") for hit in _leaks(county.server.folder))
    for store in (cadre, sup):
        folder = store.folder
        store.lock()
        assert _leaks(folder) == []
    assert _leaks(scratch) == []
