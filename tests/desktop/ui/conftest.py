"""Fixtures for the Qt tests: a profile with a small village of households, and the window.

The window gets its own QSettings file in tmp_path (so the privacy test can read every byte of
it) and quick key derivation; the store is real SQLCipher.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from desktop.services import households as hh
from desktop.services import profiles
from desktop.store.records import HouseholdData
from desktop.ui.i18n import uninstall_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.none_refcount import pin_none
from desktop.ui.settings import AppSettings
from tests.desktop import household_fixture as fx
from tests.desktop.conftest import FAST_KDF, PASSPHRASE

pin_none()  # as the app does at start: PySide6 6.12 on Python 3.11 (desktop/ui/none_refcount.py)

HEADS = [
    ("王建国", "421202196503124516", "演示村三组12号", "13907150000"),
    ("李桂英", "421202196708214523", "演示村一组3号", "13972381234"),
    ("张秀兰", "421202194011114523", "演示村二组8号", ""),
]


@pytest.fixture
def county(recovery_keypair: tuple[bytes, bytes]) -> profiles.CountyProfile:
    return profiles.CountyProfile("421202", "咸安区", recovery_keypair[1], None)


@pytest.fixture
def data_dir(tmp_path: Path, county: profiles.CountyProfile) -> Path:
    """A data directory with one unlocked-then-locked profile and three households."""
    folder = tmp_path / "data" / "cadre"
    store = profiles.create(folder, PASSPHRASE, PASSPHRASE, county, "cadre-001", FAST_KDF)
    divisions = [hh.DivisionRow(d.code, d.name, d.level, d.parent_code) for d in fx.divisions()]
    rows = [
        HouseholdData(
            id=f"00000000-0000-0000-0000-00000000000{i}",
            village_code=fx.VILLAGE,
            head_name=name,
            address=address,
            head_id_number=idn,
            phone=phone or None,
            hukou_type="rural",
            origin="registry",
        )
        for i, (name, idn, address, phone) in enumerate(HEADS)
    ]
    hh.import_registry(store, divisions, rows)
    store.lock()
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def _source_language_after() -> Iterator[None]:
    """A test that switches the language live leaves the next one in English."""
    yield
    uninstall_translators()


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(
    qtbot: QtBot, data_dir: Path, county: profiles.CountyProfile, settings: AppSettings
) -> Iterator[MainWindow]:
    w = MainWindow(data_dir, county, "en", settings, FAST_KDF)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def unlock(qtbot: QtBot, window: MainWindow, passphrase: str = PASSPHRASE) -> None:
    from desktop.ui.unlock.unlock_widget import UnlockWidget

    page = window.unlock_page
    assert isinstance(page, UnlockWidget)
    page.passphrase.insert(passphrase)  # QTest types Latin-1 only; the passphrase is Chinese
    with qtbot.waitSignal(window.households.loaded, timeout=10_000):
        qtbot.keyClick(page.passphrase, "\r")
