"""The supervisor's progress dashboard, exports, spot checks and audit view, against a real
`doorstep-server serve` on loopback: figures from the server, then from the store when the
server is gone (with their time); each xlsx opened with openpyxl and checked against the data;
the public list holds no ID number, phone, health or income value; exports stay in scope; a
spot-check sample is the same from the same seed; a household's history names who and which
device.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop.services import reports, review, syncing
from desktop.services.reports import ExportArea
from desktop.store.profile import Store
from desktop.ui.progress.audit_widget import AuditWidget
from desktop.ui.progress.exports_widget import ExportsWidget
from desktop.ui.progress.progress_model import ProgressTableModel
from desktop.ui.progress.progress_widget import ProgressWidget
from desktop.ui.tasks import StoreThread
from sync.client import Cancelled, ServerRefused
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import T1, T2, V1A, V1B, V2A, survey_answers

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000


def _rows(path: Path) -> list[list[Any]]:
    ws = openpyxl.load_workbook(path, read_only=True).active
    assert ws is not None
    return [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture
def synced(laptop_factory: Any, county: County) -> dict[str, Any]:
    cadre1, cadre2 = laptop_factory("cadre1"), laptop_factory("cadre2")
    for lap in (cadre1, cadre2):
        assert syncing.run_sync(lap).outcome == "ok"
    c1, c2 = campaign_of(cadre1), campaign_of(cadre2)
    heads = {}
    ids = []
    for i, village in enumerate((V1A, V1A, V1B)):
        hid = new_household(cadre1, village, 10 + i)
        ids.append(new_survey(cadre1, hid, village, 10 + i, c1))
        heads[hid] = survey_answers(village, head=10 + i)
    hid2 = new_household(cadre2, V2A, 20)
    new_survey(cadre2, hid2, V2A, 20, c2)
    assert syncing.run_sync(cadre1).outcome == "ok"
    assert syncing.run_sync(cadre2).outcome == "ok"
    sup = laptop_factory("sup_t1")
    assert syncing.run_sync(sup).outcome == "ok"
    assert reports.refresh_identity(sup) == "township"
    return {"sup": sup, "ids": ids, "heads": heads, "other": hid2}


def test_progress_from_the_server_then_from_the_store_offline(
    qtbot: QtBot, synced: dict[str, Any], county: County, qtmodeltester: Any
) -> None:
    sup: Store = synced["sup"]
    runner, pool = StoreThread(), QThreadPool()
    w = ProgressWidget(runner, pool)
    qtbot.addWidget(w)
    try:
        with qtbot.waitSignal(w.loaded, timeout=T) as got:
            w.set_store(sup)
        snap = got.args[0]
        assert snap.source == "server"
        by_village = {r.key: r for r in snap.rows}
        assert set(by_village) == {V1A, V1B}  # township 2 is not in this scope
        assert by_village[V1A].submitted == 2
        assert by_village[V1B].submitted == 1
        assert snap.days_left == reports.days_left(date(2026, 3, 22))
        assert "From the server" in w.as_of_label.text()
        qtmodeltester.check(w.model)
        assert w.chart.rows == list(snap.rows)
        parts = dict(w.chart.segments(by_village[V1A]))
        assert parts["submitted"] > 0
        assert abs(sum(parts.values()) - 1) < 1e-9

        county.server.stop()  # offline: the last figures, with their time
        with qtbot.waitSignal(w.loaded, timeout=60_000) as got:
            w.reload()
        offline = got.args[0]
        assert offline.source == "cache"
        assert offline.rows == snap.rows
        assert offline.as_of == snap.as_of
        assert "Offline" in w.as_of_label.text()
    finally:
        pool.waitForDone(T)
        runner.stop()


def test_local_counts_before_any_fetch(synced: dict[str, Any]) -> None:
    snap = reports.cached_progress(synced["sup"], "cadre")
    assert snap.source == "local"
    assert [(r.key, r.submitted) for r in snap.rows] == [("cadre1", 3)]
    assert snap.unknown == ("assigned", "visited", "revisits_pending")
    model = ProgressTableModel()
    model.set_rows(snap.rows, snap.unknown)
    assert model.rowCount() == 1
    # what the laptop cannot know is a dash, not a zero; what it holds is counted
    assert model.index(0, 1).data() == "—"
    assert model.index(0, 2).data() == "—"
    assert model.index(0, 5).data() == "3"


def test_progress_not_fetched_yet_before_the_first_sync(
    qtbot: QtBot, laptop_factory: Any, county: County
) -> None:
    sup = laptop_factory("sup_t1")  # enrolled, never synced: no campaign, no surveys
    runner, pool = StoreThread(), QThreadPool()
    w = ProgressWidget(runner, pool)
    qtbot.addWidget(w)
    w.show()
    try:
        with qtbot.waitSignal(w.loaded, timeout=T) as got:
            w.set_store(sup)
        snap = got.args[0]
        assert snap.source == "none"
        assert snap.rows == ()
        assert w.not_fetched_label.isVisible()
        assert not w.split.isVisible()  # no table of zeros
        assert w.as_of_label.text() == "Not fetched yet"

        assert syncing.run_sync(sup).outcome == "ok"  # once synced, the server's figures
        with qtbot.waitSignal(w.loaded, timeout=T) as got:
            w.reload()
        assert got.args[0].source == "server"
        assert not w.not_fetched_label.isVisible()
        assert w.split.isVisible()
    finally:
        pool.waitForDone(T)
        qtbot.waitUntil(runner.is_idle, timeout=T)
        runner.stop()


def test_exports_checked_with_openpyxl_scope_and_cancel(
    qtbot: QtBot, synced: dict[str, Any], tmp_path: Path
) -> None:
    sup: Store = synced["sup"]
    for sid in synced["ids"][:2]:  # the public list shows approved ones only
        review.decide(sup, sid, "approve")
    assert syncing.run_sync(sup).outcome == "ok"
    pool = QThreadPool()
    w = ExportsWidget(pool)
    qtbot.addWidget(w)
    w.set_store(sup)
    out: dict[str, Path] = {}
    for kind in ("ledger", "public-list", "referrals", "discrepancies"):
        out[kind] = tmp_path / f"{kind}.xlsx"
        with qtbot.waitSignal(w.exported, timeout=T) as done:
            w.export_to(out[kind], kind)
        assert done.args[0].size == out[kind].stat().st_size
    pool.waitForDone(T)

    ledger = _rows(out["ledger"])
    header = ledger[1]  # row 0 is the sensitivity banner
    body = [dict(zip(header, r, strict=True)) for r in ledger[2:]]
    heads = synced["heads"]
    assert sorted(r["head ID number"] for r in body) == sorted(
        a["head_id_number"] for a in heads.values()
    )
    assert {r["village"] for r in body} <= {"甲村", "乙村", V1A, V1B}
    assert sorted(r["review state"] for r in body) == [
        "submitted",
        "township_approved",
        "township_approved",
    ]
    by_id = {a["head_id_number"]: a for a in heads.values()}
    for r in body:
        a = by_id[r["head ID number"]]
        assert r["head name"] == a["head_name"]
        assert r["members"] == len(a["members"])
        assert r["recommendation"] == a["recommendation"]
        assert len(str(r["survey key"])) == 8

    # the public list: only approved surveys, never an ID number, phone, health or income value
    public = _rows(out["public-list"])
    text = repr(public)
    for a in heads.values():
        assert a["head_id_number"] not in text
        assert a["phone"] not in text
        assert str(a["income_wages"]) not in text
        for m in a["members"]:
            assert m["id_number"] not in text
    assert "healthy" not in text
    assert public[0] == ["village", "name", "category", "proposed benefit"]
    assert len(public) == 3  # the two approved households, by name
    assert {r[1] for r in public[1:]} <= {a["head_name"] for a in heads.values()}

    referrals = _rows(out["referrals"])
    assert referrals[0][0] == "department"
    assert all(len(str(r[-1])) == 8 for r in referrals[1:])  # each names its survey key
    assert len(referrals) > 1  # the invented answers need jobs: at least one referral

    # cancel: nothing is written, not even a partial file
    target = tmp_path / "cancelled.xlsx"
    with pytest.raises(Cancelled):
        reports.export(sup, "ledger", target, should_stop=lambda: True)
    assert not target.exists()
    assert not list(tmp_path.glob("*.part"))


def test_spot_check_and_audit_view(qtbot: QtBot, synced: dict[str, Any]) -> None:
    sup: Store = synced["sup"]
    pool = QThreadPool()
    w = AuditWidget(pool)
    qtbot.addWidget(w)
    w.set_store(sup)
    try:
        with qtbot.waitSignal(w.spot_check_drawn, timeout=T) as first:
            w.draw(50, 424242)
        with qtbot.waitSignal(w.spot_check_drawn, timeout=T) as second:
            w.draw(50, 424242)
        a, b = first.args[0], second.args[0]
        assert a["id"] != b["id"]  # two recorded draws
        assert a["seed"] == b["seed"] == 424242
        assert [c["sample"] for c in a["cadres"]] == [c["sample"] for c in b["cadres"]]
        assert len(a["cadres"][0]["sample"]) == 2  # ceil(3 × 50 %)
        assert b["cadres"][0]["sample"][0]["short_key"] in w.view.toPlainText()

        # the outcome of one revisit is recorded against the draw
        sampled = b["cadres"][0]["sample"][0]["survey_id"]
        with qtbot.waitSignal(w.outcome_recorded, timeout=T) as rec:
            w.record_outcome(sampled, "discrepancy")
        after = {s["survey_id"]: s for s in rec.args[0]["cadres"][0]["sample"]}
        assert after[sampled]["outcome"] == "discrepancy"
        assert w.sample_combo.count() == 2

        household = next(iter(synced["heads"]))
        with qtbot.waitSignal(w.history_loaded, timeout=T) as hist:
            w.show_history(household)
        actions = [line.action for line in hist.args[0]]
        assert "household.received" in actions
        assert "survey.received" in actions
        assert any(line.user == "cadre1" and line.device_id for line in hist.args[0])
        # another township's household: the server answers as if it did not exist
        with qtbot.waitSignal(w.failed, timeout=T):
            w.show_history(synced["other"])
    finally:
        pool.waitForDone(T)


def _exports_audited(county: County) -> int:
    with county.engine.connect() as c:
        return int(
            c.execute(
                text("SELECT count(*) FROM audit_event WHERE action LIKE 'export.%'")
            ).scalar_one()
        )


def test_exports_by_township_or_village_within_the_scope(
    qtbot: QtBot, synced: dict[str, Any], county: County, tmp_path: Path
) -> None:
    sup: Store = synced["sup"]
    pool = QThreadPool()
    w = ExportsWidget(pool)
    qtbot.addWidget(w)
    try:
        with qtbot.waitSignal(w.areas_loaded, timeout=T):
            w.set_store(sup)
        areas = [w.area_combo.itemData(i) for i in range(w.area_combo.count())]
        # the scope the server told: township 1 and its villages, never township 2
        assert [(a.level, a.code) if a else None for a in areas] == [
            None,
            ("township", T1),
            ("village", V1A),
            ("village", V1B),
        ]
        counts = {}
        for code in (V1A, V1B, T1):
            assert w.select_area(code)
            out = tmp_path / f"ledger-{code}.xlsx"
            with qtbot.waitSignal(w.exported, timeout=T):
                w.export_to(out, "ledger")
            body = _rows(out)[2:]
            counts[code] = len(body)
            ids = {r[4] for r in body}
            want = {
                a["head_id_number"]
                for a in synced["heads"].values()
                if code == T1 or a["village_code"] == code
            }
            assert ids == want
        assert counts == {V1A: 2, V1B: 1, T1: 3}

        # another township's village: the server refuses, no file, nothing audited
        before = _exports_audited(county)
        target = tmp_path / "other.xlsx"
        with pytest.raises(ServerRefused) as refused:
            reports.export(sup, "ledger", target, area=ExportArea("village", V2A, "丙村"))
        assert refused.value.status == 403
        w._fill_areas([ExportArea("township", T2, "二号镇")])
        assert w.select_area(T2)
        with qtbot.waitSignal(w.export_failed, timeout=T) as failed:
            w.export_to(target, "public-list")
        assert failed.args[0] == "forbidden"
        assert "scope" in w.result_label.text()
        assert not target.exists()
        assert not list(tmp_path.glob("*.part"))
        assert _exports_audited(county) == before
    finally:
        pool.waitForDone(T)
