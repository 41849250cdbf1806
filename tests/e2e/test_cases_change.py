"""A change of circumstances end to end, in the app, against a real `doorstep-server serve`.

Two households in one village are approved for 低保 at the township (this county's rules put the
decision there). A month later the township supervisor records, in the case detail, a change of
circumstances for each: one household's amount is adjusted, the other leaves the programme
(退出). Both changes go through the outbox and a real sync, and then through the same steps as
the first decision: the economic check again, one appraisal meeting for both with its minutes,
the township review, a 7-day posting, and the decisions after the window (the adjusted amount;
the exit confirmed with the reason the household is told). The ledger the app downloads then
says so: the new amount on one row, the exit on the other.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services import cases, reports, syncing
from desktop.store.profile import Store
from desktop.ui.cases.cases_widget import CaseQueueWidget
from desktop.ui.cases.dialogs import (
    ChangeDialog,
    CheckDialog,
    DecisionDialog,
    PostingDialog,
    ReviewDialog,
)
from sync.server.admin import service as admin
from sync.server.db import make_sessionmaker
from sync.server.models import CaseFile
from tests.e2e import conftest as e2e
from tests.e2e.case_steps import (
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
from tests.sync.helpers import COUNTY

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 60_000
D0 = date.today() - timedelta(days=60)


def _through_the_steps(qtbot: QtBot, q: CaseQueueWidget, ids: list[str], amounts: dict[str, str]):
    """Check, one meeting, township review (with the amount proposed), the posting: offline."""
    for cid in ids:
        act(qtbot, q, cid, "request_check")
        act(qtbot, q, cid, "record_check", lambda d: isinstance(d, CheckDialog))

    act(qtbot, q, ids[0], "meeting", meeting_for(ids, members=3))
    for cid in ids:

        def passed(d: Any, cid: str = cid) -> None:
            assert isinstance(d, ReviewDialog)
            d.category_combo.setCurrentText("C")
            d.amount_edit.setText(amounts[cid])

        act(qtbot, q, cid, "township_review", passed)

    def posting(d: Any) -> None:
        assert isinstance(d, PostingDialog)
        assert set(d.chosen()) == set(ids)

    act(qtbot, q, ids[0], "posting", posting)


def _reports_agree(store: Store, day: date, until: date) -> list[cases.TownshipCaseReport]:
    """The laptop's own figures (offline) are the server's, township by township."""
    mine = cases.township_reports(store, day, until)
    theirs = reports.server_case_report(store, until)
    assert {r.township_code: r.as_wire() for r in mine} == theirs
    return mine


def _ledger_rows(store: Store, tmp_path: Path, name: str) -> tuple[list[Any], list[list[Any]]]:
    out = tmp_path / name
    reports.export(store, "ledger", out, lang="en")
    sheet = load_workbook(out, read_only=True).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if "monthly amount" in r)  # under the banner
    return rows[at], rows[at + 1 :]


def test_change_of_circumstances_adjusts_one_amount_and_exits_another_through_the_steps(
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
    households = approved_surveys(cadre, sup, supc, 2)

    w, q, ids = open_case_queue(qtbot, sup, tmp_path, D0, households)
    adjusted, leaving = ids

    def row(cid: str) -> Any:
        return q.model.row_for(cid)

    # --- the first decision: both approved at 368.08 a month
    _through_the_steps(qtbot, q, ids, {adjusted: "368.08", leaving: "368.08"})
    assert sync_in_window(qtbot, w).outcome == "ok"
    day1 = D0 + timedelta(days=7)
    server_day(county, day1)
    q.today = lambda: day1
    q.reload()
    month1 = f"{day1.year:04d}-{day1.month:02d}"

    def approve(amount: str, month: str) -> Any:
        def fill(d: Any) -> None:
            assert isinstance(d, DecisionDialog)
            d.outcome_combo.setCurrentIndex(d.outcome_combo.findData("approved"))
            d.category_combo.setCurrentText("C")
            d.amount_edit.setText(amount)
            d.month_edit.setText(month)

        return fill

    for cid in ids:
        act(qtbot, q, cid, "decide", approve("368.08", month1))
    assert sync_in_window(qtbot, w).outcome == "ok"
    qtbot.waitUntil(
        lambda: all(row(c).step == "approved" and not row(c).pending for c in ids), timeout=T
    )

    # --- a month later: the changes of circumstances, recorded in the case detail
    day2 = day1 + timedelta(days=30)
    server_day(county, day2)
    q.today = lambda: day2
    q.reload()

    def change(action: str, reason: str) -> Any:
        def fill(d: Any) -> None:
            assert isinstance(d, ChangeDialog)
            d.action_combo.setCurrentIndex(d.action_combo.findData(action))
            d.reason_edit.setPlainText(reason)

        return fill

    act(qtbot, q, adjusted, "change", change("adjust", "The son has lost his job"))
    act(qtbot, q, leaving, "change", change("exit", "The daughter now earns a wage"))
    # moved on the laptop at once, and waiting in the outbox
    assert [(row(c).step, row(c).pending) for c in ids] == [("recheck", True)] * 2
    assert syncing.pending_count(sup) == 2
    assert sync_in_window(qtbot, w).outcome == "ok"
    assert syncing.pending_count(sup) == 0
    qtbot.waitUntil(
        lambda: all(row(c).step == "recheck" and not row(c).pending for c in ids), timeout=T
    )
    with make_sessionmaker(county.engine)() as s:
        on_server = {
            str(c.id): (c.step, c.pending_change)
            for c in s.scalars(select(CaseFile).where(CaseFile.step == "recheck"))
        }
    assert on_server == {adjusted: ("recheck", "adjust"), leaving: ("recheck", "exit")}

    # --- the same steps again, offline, then one sync
    # an exit proposes no amount at the township review
    _through_the_steps(qtbot, q, ids, {adjusted: "512.40", leaving: ""})
    assert sync_in_window(qtbot, w).outcome == "ok"
    qtbot.waitUntil(
        lambda: all(row(c).step == "posting" and not row(c).pending for c in ids), timeout=T
    )
    # the reports page, offline from the laptop's store, agrees with the server's report
    (mine,) = _reports_agree(sup, day2, day2)
    assert mine.by_step == {"dibao": {"posting": 2}}
    assert [(p.days_left, p.cases) for p in mine.postings_open] == [(7, 2)]
    assert (mine.decisions, mine.rechecks_due) == (0, 0)

    # --- after the window: the adjusted amount, and the exit with its reason
    day3 = day2 + timedelta(days=7)
    server_day(county, day3)
    q.today = lambda: day3
    q.reload()
    month3 = f"{day3.year:04d}-{day3.month:02d}"
    act(qtbot, q, adjusted, "decide", approve("512.40", month3))

    def exit_(d: Any) -> None:
        assert isinstance(d, DecisionDialog)
        i = d.outcome_combo.findData("exited")
        assert i >= 0  # offered only because the change asked for the exit
        d.outcome_combo.setCurrentIndex(i)
        d.reason_edit.setPlainText("The household's income is above the line")

    act(qtbot, q, leaving, "decide", exit_)
    assert sync_in_window(qtbot, w).outcome == "ok"
    qtbot.waitUntil(
        lambda: (
            (row(adjusted).step, row(leaving).step) == ("approved", "exited")
            and not row(adjusted).pending
            and not row(leaving).pending
        ),
        timeout=T,
    )
    assert row(adjusted).refusal is None
    assert row(leaving).refusal is None
    show_case(qtbot, q, leaving)
    assert q.detail is not None
    assert q.detail.actions == ()  # nothing left to do on an exit

    # --- the reports page: the same figures as the server's, in the widget and its xlsx
    until = day3 + timedelta(days=120)  # the adjusted case's re-check falls in that round
    (mine,) = _reports_agree(sup, day3, until)
    assert mine.by_step == {"dibao": {"approved": 1, "exited": 1}}
    assert (mine.decisions, mine.approved, mine.monthly_total) == (2, 1, "512.40")
    assert mine.rechecks_due == 1
    assert mine.postings_open == ()
    page = q.report
    q.pages.setCurrentWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=T):
        q.reload()
    summary = page.summary_table
    assert [summary.item(0, c).text() for c in range(1, 5)] == ["0", "2", "1", "512.40"]
    out = tmp_path / "reports.xlsx"
    with qtbot.waitSignal(page.exported, timeout=T):
        page.export_xlsx(out)
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["Cases by step", "Postings open", "Re-checks and decisions"]
    decided = [list(r) for r in book["Re-checks and decisions"].iter_rows(values_only=True)]
    assert decided[1][1:] == [0, 2, 1, "512.40"]

    # --- the ledger, as the app downloads it
    header, body = _ledger_rows(sup, tmp_path, "ledger.xlsx")
    step, amount, decision = (header.index(k) for k in ("step", "monthly amount", "decision"))
    by_step = {r[step]: r for r in body if r[step]}
    assert set(by_step) == {"approved", "exited"}
    assert by_step["approved"][amount] == "512.40"
    assert by_step["approved"][decision] == f"approved {day3.isoformat()} (township)"
    assert str(by_step["exited"][decision]).startswith(f"exited {day3.isoformat()} (township)")
    assert "above the line" in str(by_step["exited"][decision])
    w.close()
