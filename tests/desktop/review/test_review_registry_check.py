"""The economic-status check beside the survey in the supervisor's review detail, against a real
server on loopback: the findings (department, what it says, what the survey said) and the flags
appear when the survey is shown, each look is in the server's audit with the supervisor, a flag
marked explained shows its reason, and offline the detail says the check needs the network.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop.services import registry_check, syncing
from desktop.store.models import Survey
from desktop.ui.review.queue_widget import ReviewQueueWidget
from desktop.ui.tasks import StoreThread
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import V1A, make_id
from tests.sync.registry_helpers import csv_bytes

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000


def test_findings_and_flags_beside_the_survey_audited_per_look(
    qtbot: QtBot,
    laptop_factory: Any,
    county: County,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cadre = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    sid = new_survey(cadre, new_household(cadre, V1A, 1), V1A, 1, campaign_of(cadre))
    assert syncing.run_sync(cadre).outcome == "ok"
    extract = tmp_path / "payroll.csv"
    extract.write_bytes(
        csv_bytes("payroll", [[make_id(date(1970, 1, 2), 1), "事业编制", "2012-09-01", "5200"]])
    )
    done = county.server.admin("import-registry", "--source", "payroll", str(extract))
    assert done.returncode == 0, done.stderr.decode()

    sup = laptop_factory("sup_t1")
    assert syncing.run_sync(sup).outcome == "ok"
    with sup.reading() as s:
        household = s.get(Survey, sid).household_id
    runner = StoreThread()
    try:
        w = ReviewQueueWidget(runner, "en")
        qtbot.addWidget(w)
        w.show()
        with qtbot.waitSignal(w.loaded, timeout=T):
            w.set_store(sup)
        with qtbot.waitSignal(w.check_shown, timeout=T):
            assert w.select(sid)
        shown = w.detail_view.toPlainText()
        assert "Economic-status check" in shown
        assert "A member is on the public payroll" in shown
        assert "Public payroll (finance bureau)" in shown
        assert "on the public payroll as a public-institution employee since 2012" in shown
        assert "member 1's occupation: farming" in shown

        flag = registry_check.fetch_findings(sup, household, "en").flags[0]
        assert f'href="explain:{flag.id}"' in w.detail_view.toHtml()
        # the supervisor clicks "Mark explained…" and types the reason
        monkeypatch.setattr(
            QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("已核实：2023年已离职", True))
        )
        with (
            qtbot.waitSignal(w.flag_explained, timeout=T),
            qtbot.waitSignal(w.check_shown, timeout=T),
        ):
            w.detail_view.anchorClicked.emit(QUrl(f"explain:{flag.id}"))
        assert "explained: 已核实：2023年已离职" in w.detail_view.toPlainText()
        assert f'href="explain:{flag.id}"' not in w.detail_view.toHtml()
        assert w.message_label.text() == "The explanation was recorded."

        with county.engine.connect() as conn:
            looks = conn.execute(
                text("SELECT user_id FROM audit_event WHERE action = 'registry.view'")
            ).all()
        assert len(looks) == 3  # shown, fetched, shown again
        sup_id = sup.get_state("user")
        assert {str(u).replace("-", "") for (u,) in looks} == {str(sup_id).replace("-", "")}

        county.server.stop()
        with qtbot.waitSignal(w.check_shown, timeout=60_000):
            w.reload_detail_check()
        assert "The check is available when online." in w.detail_view.toPlainText()
        w.set_store(None)
    finally:
        qtbot.waitUntil(runner.is_idle, timeout=T)
        runner.stop()
