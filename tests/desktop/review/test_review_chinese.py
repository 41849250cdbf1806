"""The supervisor's screens speak Chinese by default: buttons, headers, states, the dashboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool

from desktop.ui.i18n import install_translators
from desktop.ui.progress.exports_widget import ExportsWidget
from desktop.ui.progress.progress_model import ProgressTableModel
from desktop.ui.review.queue_model import ReviewQueueModel, state_label
from desktop.ui.review.queue_widget import ReviewQueueWidget
from desktop.ui.review.return_dialog import ReturnDialog
from desktop.ui.tasks import StoreThread


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    assert install_translators("zh_CN")
    yield
    install_translators("en")


def test_review_and_progress_in_chinese(qtbot, chinese: None) -> None:  # type: ignore[no-untyped-def]
    runner = StoreThread()
    w = ReviewQueueWidget(runner, "zh")
    qtbot.addWidget(w)
    assert w.approve_button.text() == "审核通过 (Ctrl+Enter)"
    assert w.next_button.text() == "下一份 (J)"
    h = Qt.Orientation.Horizontal
    assert ReviewQueueModel().headerData(6, h) == "待审天数"
    assert state_label("returned_by_county") == "县级退回"
    d = ReturnDialog([("income_wages", "工资收入")], "测试户主")
    qtbot.addWidget(d)
    assert d.ok_button.text() == "退回"
    assert ProgressTableModel().headerData(3, h) == "待再次上门"
    e = ExportsWidget(QThreadPool())
    qtbot.addWidget(e)
    assert e.kind_combo.itemText(1) == "公示名单"
