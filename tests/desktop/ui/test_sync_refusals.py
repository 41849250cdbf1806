"""What the cadre reads when the server refuses the laptop's requests, in the real window.

Against a real `doorstep-server serve` on loopback (the e2e fixtures): a laptop whose clock is an
hour ahead (the signing clock is the controller's seam, `SyncController.clock`) presses Sync and
is told how far off the clock is and to set the date and time, in English and in Chinese; its
survey stays in the outbox and goes once the clock is right. A laptop county IT revoked is told
to contact county IT. Every refusal code of the signing layer has words of its own in both
languages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from desktop.services import syncing
from desktop.store.profile import Store
from desktop.ui.i18n import install_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from desktop.ui.sync.status_widget import refusal_words, result_words
from sync.protocol import CLOCK_REFUSALS, SIGNATURE_REFUSALS
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import new_household
from tests.sync.helpers import V1A

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000
DEVICE_REFUSALS = ("device_revoked", "unknown_device", "user_disabled", "client_outdated")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    assert install_translators("zh_CN")
    yield
    install_translators("en")


def _window(qtbot: QtBot, store: Store, settings: AppSettings) -> MainWindow:
    w = MainWindow(store.folder.parent, None, "en", settings)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.households.loaded, timeout=T):
        w.adopt_store(store)
    qtbot.waitUntil(lambda: w.sync.status is not None, timeout=T)
    return w


def _sync(qtbot: QtBot, w: MainWindow) -> tuple[Any, str]:
    said: list[str] = []
    w.sync_status.message.connect(said.append)
    with qtbot.waitSignal(w.sync.sync_finished, timeout=60_000) as blocker:
        qtbot.mouseClick(w.sync_status.sync_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(w.sync.status_changed, timeout=T):
        pass
    w.sync_status.message.disconnect(said.append)
    assert len(said) == 1
    return blocker.args[0], said[0]


def test_a_clock_an_hour_ahead_is_told_to_the_cadre_and_nothing_is_lost(
    qtbot: QtBot, laptop_factory: Any, county: County, settings: AppSettings, tmp_path: Path
) -> None:
    laptop: Store = laptop_factory("cadre1")
    new_household(laptop, V1A, 7)
    w = _window(qtbot, laptop, settings)
    w.sync.clock = lambda: time.time() + 3600

    result, said = _sync(qtbot, w)
    assert (result.outcome, result.error) == ("refused", "clock_skewed")
    assert result.clock_offset is not None
    assert abs(result.clock_offset - 3600) <= 5
    assert "clock is 1 h ahead of the server's" in said
    assert "Set the correct date, time and time zone" in said
    assert w.sync_status.toolTip() == said
    # The status bar remembers it from the sync log: the brief word and the whole message.
    qtbot.waitUntil(lambda: "clock wrong" in w.sync_status.last_label.text(), timeout=T)
    assert said in w.sync_status.last_label.toolTip()
    assert syncing.pending_count(laptop) == 1

    # The same, in Chinese, when the cadre switches language.
    assert install_translators("zh_CN")
    try:
        qtbot.waitUntil(lambda: "本机时钟比服务器快 1 小时" in w.sync_status.toolTip(), timeout=T)
        assert "日期、时间和时区" in w.sync_status.toolTip()
    finally:
        install_translators("en")
    qtbot.waitUntil(lambda: w.sync_status.toolTip() == said, timeout=T)

    # The clock set right: the survey goes.
    w.sync.clock = None
    result, said = _sync(qtbot, w)
    assert result.outcome == "ok", said
    assert syncing.pending_count(laptop) == 0


def test_a_revoked_laptop_is_told_to_contact_county_it(
    qtbot: QtBot, laptop_factory: Any, county: County, settings: AppSettings
) -> None:
    laptop: Store = laptop_factory("cadre1")
    new_household(laptop, V1A, 8)
    device = laptop.get_state("device_id")
    assert device
    out = county.server.admin("revoke-device", device)
    assert out.returncode == 0, out.stderr.decode()
    w = _window(qtbot, laptop, settings)
    result, said = _sync(qtbot, w)
    assert (result.outcome, result.error) == ("not_enrolled", "device_revoked")
    assert "revoked" in said
    assert "Contact county IT" in said
    assert syncing.pending_count(laptop) == 1


def test_every_refusal_code_has_its_own_words_in_both_languages(
    qapp: QCoreApplication, chinese: None
) -> None:
    codes = sorted(CLOCK_REFUSALS | SIGNATURE_REFUSALS | set(DEVICE_REFUSALS))
    zh = {code: refusal_words(code, 3600) for code in codes}
    install_translators("en")
    en = {code: refusal_words(code, 3600) for code in codes}
    for code in codes:
        assert en[code], code
        assert zh[code], code
        assert not CJK.search(en[code] or ""), code
        assert CJK.search(zh[code] or ""), code
    # Refusals the cadre handles differently read differently; the four ways a signature can
    # fail to verify share one message (what to do is the same).
    unverified = {"bad_signature", "device_mismatch", "signature_missing", "signature_malformed"}
    distinct = {en[c] for c in codes if c not in unverified} | {en["bad_signature"]}
    assert len(distinct) == len(codes) - len(unverified) + 1
    assert "behind" in (refusal_words("clock_skewed", -5400) or "")
    assert "1 h 30 min" in (refusal_words("clock_skewed", -5400) or "")
    assert "2 d 0 h" in (refusal_words("clock_skewed", 2 * 86400) or "")
    assert "update" in en["client_outdated"].lower()  # type: ignore[union-attr]
    assert "county IT" in en["device_revoked"]  # type: ignore[operator]
    # Other errors keep the outcome's words.
    assert refusal_words("batch_too_large") is None
    assert result_words("offline", "unreachable").startswith("The server cannot be reached")
