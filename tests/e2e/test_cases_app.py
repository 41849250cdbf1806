"""Cases end to end in the app, against a real `doorstep-server serve` on loopback.

Three households in one village go from approved surveys (a cadre's laptop, the township and the
county supervisors' laptops) to cases. The township supervisor, in the window and offline,
requests and records the economic check, records one appraisal meeting for all three with its
minutes photographed, reviews them, starts a posting, records two objections (one dismissed
with a reason, one upheld, which sends its case back to re-check), then syncs once: the server takes every operation (the steps after the meeting wait for its
minutes photo and go in the same round). A decision attempted inside the posting window is
refused by the server and the refusal is shown in the case widget in the user's words, with the
case back at its posting. A week later (the server's calendar moved with DOORSTEP_TODAY) the
decisions go through. The cadre's laptop, offline since before the decisions, syncs and shows
the household due for re-check: the next round's assignments name it, the household list says
so, and its survey for that round opens with the case panel beside it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services import cases, reports, syncing
from desktop.store.models import Assignment
from desktop.store.profile import Store
from desktop.ui.cases.dialogs import (
    CheckDialog,
    DecisionDialog,
    IntakeDialog,
    ObjectionDialog,
    PostingDialog,
    ReviewDialog,
    SettleDialog,
)
from desktop.ui.households.table_model import COL_CASE
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from sync.server.admin import service as admin
from sync.server.db import make_sessionmaker
from tests.e2e import conftest as e2e
from tests.e2e.case_steps import (
    LEFT,
    T,
    act,
    approved_surveys,
    meeting_for,
    open_case_queue,
    server_day,
    show_case,
    sync_in_window,
    township_decides,
)
from tests.e2e.conftest import County
from tests.e2e.work import new_household
from tests.sync.helpers import COUNTY, V1A

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

# Far enough back that the re-check (3 months after a decision a week later) is due today.
D0 = date.today() - timedelta(days=200)


def test_meeting_and_posting_offline_a_refusal_in_the_window_and_the_cadre_sees_the_recheck(
    qtbot: QtBot, laptop_factory: Any, county: County, tmp_path: Path
) -> None:
    with make_sessionmaker(county.engine)() as s:
        admin.create_user(s, "sup_c", "supervisor", COUNTY, [COUNTY])
    township_decides(county, tmp_path)
    server_day(county, D0)
    cadre: Store = laptop_factory("cadre1")
    sup: Store = laptop_factory("sup_t1")
    supc: Store = laptop_factory("sup_c")
    assert syncing.run_sync(cadre).outcome == "ok"
    assert reports.refresh_identity(supc) == "county"
    walk_in = new_household(cadre, V1A, 7)  # applies at the township window, no survey yet
    households = approved_surveys(cadre, sup, supc, 3)
    # the cadre's laptop learns of the cases, then stays offline until the end
    assert syncing.run_sync(cadre).outcome == "ok"
    assert {c.step for h in households for c in cases.household_cases(cadre, h)} == {
        "survey_approved"
    }

    # --- the township supervisor's window
    w, q, ids = open_case_queue(qtbot, sup, tmp_path, D0, households)

    # --- offline: check, one meeting for all three, reviews, the posting, an objection
    for cid in ids:
        act(qtbot, q, cid, "request_check")
        act(qtbot, q, cid, "record_check", lambda d: isinstance(d, CheckDialog))

    act(qtbot, q, ids[0], "meeting", meeting_for(ids, members=5))

    def passed(d: Any) -> None:
        assert isinstance(d, ReviewDialog)
        d.category_combo.setCurrentText("C")
        d.amount_edit.setText("368.08")

    for cid in ids:
        act(qtbot, q, cid, "township_review", passed)

    def posting(d: Any) -> None:
        assert isinstance(d, PostingDialog)
        assert len(d.chosen()) == 3

    act(qtbot, q, ids[0], "posting", posting)

    def objection(d: Any) -> None:
        assert isinstance(d, ObjectionDialog)
        d.content_edit.setPlainText("They have a shop in town")

    def dismissed(d: Any) -> None:
        assert isinstance(d, SettleDialog)
        d.outcome_combo.setCurrentIndex(d.outcome_combo.findData("dismissed"))
        d.reason_edit.setPlainText("The shop belongs to a cousin")

    def upheld(d: Any) -> None:
        assert isinstance(d, SettleDialog)
        d.outcome_combo.setCurrentIndex(d.outcome_combo.findData("upheld"))

    act(qtbot, q, ids[1], "objection", objection)
    act(qtbot, q, ids[1], "settle", dismissed)
    act(qtbot, q, ids[2], "objection", objection)
    act(qtbot, q, ids[2], "settle", upheld)
    # --- and an application taken at the township window (一门受理)
    with qtbot.waitSignal(q.runner.busy_changed, timeout=T):
        qtbot.mouseClick(q.intake_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(q.dialog, IntakeDialog), timeout=T)
    intake = q.dialog
    assert isinstance(intake, IntakeDialog)
    assert intake.select_household(walk_in)
    intake.programme_combo.setCurrentIndex(intake.programme_combo.findData("dibao"))
    with qtbot.waitSignal(q.queued, timeout=T) as opened:
        intake.accept()
    qtbot.waitUntil(q.runner.is_idle, timeout=T)
    walk_in_case = str(opened.args[0])
    assert syncing.pending_count(sup) == 3 * 2 + 1 + 3 + 1 + 4 + 1
    assert [r.step for r in map(q.model.row_for, ids) if r and r.pending] == [
        "posting",
        "posting",
        "recheck",
    ]

    # --- one sync: every operation taken, the minutes photo uploaded between them
    assert sync_in_window(qtbot, w).outcome == "ok"
    assert syncing.pending_count(sup) == 0

    def row(cid: str) -> Any:
        return q.model.row_for(cid)

    qtbot.waitUntil(
        lambda: all(
            row(c).step == "posting" and not row(c).pending and row(c).refusal is None
            and row(c).days_left == 7
            for c in ids[:2]
        ),
        timeout=T,
    )  # fmt: skip
    # the application is a case on the server, waiting for the household's survey
    assert (row(walk_in_case).step, row(walk_in_case).pending) == ("intake", False)
    assert row(walk_in_case).next_action == "survey"
    # the upheld objection sent its case back to re-check, on the server too
    assert (row(ids[2]).step, row(ids[2]).pending) == ("recheck", False)

    # --- a decision inside the window: refused by the server, shown in the widget
    def approve(d: Any) -> None:
        assert isinstance(d, DecisionDialog)
        notes.append(d.note.text())
        d.category_combo.setCurrentText("C")
        d.amount_edit.setText("368.08")
        d.month_edit.setText(f"{D0.year:04d}-{D0.month:02d}")

    notes: list[str] = []
    act(qtbot, q, ids[0], "decide", approve)
    assert "The posting still runs: day 1, 7 day(s) left." in notes[0]
    assert sync_in_window(qtbot, w).outcome == "ok"
    qtbot.waitUntil(lambda: q.model.row_for(ids[0]).refusal is not None, timeout=T)  # type: ignore[union-attr]
    show_case(qtbot, q, ids[0])
    assert q.refusal_label.isVisibleTo(q)
    end = (D0 + timedelta(days=6)).isoformat()
    assert (
        f"Refused: the decision. No decision yet: today is day 1 of the 7-day posting, which "
        f"ends on {end} (7 day(s) left)." == q.refusal_label.text()
    )
    assert q.model.row_for(ids[0]).step == "posting"  # type: ignore[union-attr]

    # --- a week later the window has closed: the decisions go through
    day = D0 + timedelta(days=7)
    server_day(county, day)
    q.today = lambda: day
    q.reload()
    for cid in ids[:2]:
        act(qtbot, q, cid, "decide", approve)
    assert notes[1:] == ["", ""]  # the window has closed: nothing to warn of
    assert sync_in_window(qtbot, w).outcome == "ok"
    qtbot.waitUntil(
        lambda: all(row(c).step == "approved" and not row(c).pending for c in ids[:2]), timeout=T
    )
    assert row(ids[2]).step == "recheck"
    decided = row(ids[0]).household_id
    w.close()

    # --- the next round: its assignments name the households due for re-check
    with make_sessionmaker(county.engine)() as s:
        camp = admin.create_campaign(s, COUNTY, date.today().year, "end", date.today())
        admin.assign(s, camp, "cadre1", [V1A])

    # --- the cadre's laptop, offline when the decisions were made, syncs: re-check due
    assert syncing.run_sync(cadre).outcome == "ok"
    with cadre.reading() as s:
        due = {
            str(a.household_id)
            for a in s.scalars(select(Assignment).where(Assignment.campaign_id == str(camp)))
            if a.household_id
        }
    assert decided in due
    cadre_cases = cases.household_cases(cadre, decided)
    assert [c.step for c in cadre_cases] == ["approved"]
    assert cadre_cases[0].next_action == "recheck_due"
    settings2 = AppSettings(QSettings(str(tmp_path / "c.ini"), QSettings.Format.IniFormat))
    cw = MainWindow(cadre.folder.parent, None, "en", settings2)
    qtbot.addWidget(cw)
    cw.show()
    cw.adopt_store(cadre)
    qtbot.waitUntil(lambda: cw.households.model.row_for(decided) is not None, timeout=T)
    model = cw.households.model
    at = model.source_row_of(decided)
    assert "Re-check due" in str(model.index(at, COL_CASE).data())
    assert cw.supervisor is None or cw.stack.indexOf(cw.supervisor) < 0  # no case work for cadres
    cw.households.survey_requested.emit(decided, str(camp))
    qtbot.waitUntil(lambda: cw.case_panel is not None and cw.case_panel.isVisible(), timeout=T)
    assert cw.case_panel is not None
    text = cw.case_panel.label.text()
    assert "Re-check due" in text
    assert "Dibao" in text
    cw.close()
