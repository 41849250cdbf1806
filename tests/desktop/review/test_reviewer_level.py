"""A county supervisor's queue is at the county level as soon as the panel opens, not only after
the first sync's identity call: the panel asks the server who the reviewer is when it joins the
window (and which surveys hold a conflicting version). Until the server has said, the queue
says its level is not confirmed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QStackedWidget, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from desktop.services import review, syncing
from desktop.ui.review.panel import SupervisorPanel
from desktop.ui.review.queue_widget import ReviewQueueWidget
from desktop.ui.tasks import StoreThread
from sync.server.admin import service as admin
from sync.server.db import make_sessionmaker
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import COUNTY, V1A

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000


def test_county_supervisor_queue_is_county_level_before_any_identity_call(
    qtbot: QtBot, laptop_factory: Any, county: County
) -> None:
    with make_sessionmaker(county.engine)() as s:
        admin.create_user(s, "sup_c", "supervisor", COUNTY, [COUNTY])
    cadre = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    camp = campaign_of(cadre)
    ids = [new_survey(cadre, new_household(cadre, V1A, i), V1A, i, camp) for i in range(3)]
    assert syncing.run_sync(cadre).outcome == "ok"
    town = laptop_factory("sup_t1")
    assert syncing.run_sync(town).outcome == "ok"
    review.decide(town, ids[0], "approve", level="township")
    assert syncing.run_sync(town).outcome == "ok"

    cty = laptop_factory("sup_c")
    assert syncing.run_sync(cty).outcome == "ok"  # the sync alone does not tell the level
    assert review.reviewer_level(cty) == ("township", False)

    runner = StoreThread()
    try:
        # the queue on its own says the level is a guess
        alone = ReviewQueueWidget(runner, "en")
        qtbot.addWidget(alone)
        with qtbot.waitSignal(alone.loaded, timeout=T):
            alone.set_store(cty)
        assert "not yet confirmed" in alone.level_label.text()
        assert "Township" in alone.level_label.text()
        alone.set_store(None)

        # in the window: the panel asks the server as it joins, and the queue moves up a level
        stack, toolbar, households = QStackedWidget(), QToolBar(), QWidget()
        qtbot.addWidget(stack)
        qtbot.addWidget(toolbar)
        stack.addWidget(households)
        panel = SupervisorPanel.attach(runner, cty, stack, households, toolbar, "en")
        qtbot.waitUntil(lambda: stack.currentWidget() is panel, timeout=T)
        queue = panel.queue
        qtbot.waitUntil(lambda: "County level" in queue.level_label.text(), timeout=T)
        assert "not yet confirmed" not in queue.level_label.text()
        qtbot.waitUntil(lambda: [r.survey_id for r in queue.model.rows()] == [ids[0]], timeout=T)
        assert review.reviewer_level(cty) == ("county", True)
        # with its identity the panel learnt which surveys hold a conflicting version (none)
        qtbot.waitUntil(lambda: cty.get_state(review.CONFLICTS_KEY) is not None, timeout=T)
        assert review.known_conflicts(cty) == frozenset()
        panel.detach(stack, toolbar)
    finally:
        qtbot.waitUntil(runner.is_idle, timeout=T)
        runner.stop()
