"""The app's icon is set and bundled fonts are registered when the window opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui import assets


def test_window_icon_is_set(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assets.install_assets(app)
    assert not app.windowIcon().isNull()


def test_bundled_cjk_font_is_registered(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    system_font = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    assert system_font.is_file(), ".ci/run installs fonts-wqy-microhei"
    shutil.copyfile(system_font, fonts / system_font.name)
    monkeypatch.setattr(assets, "FONTS", fonts)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    families = assets.install_assets(app)
    assert any("WenQuanYi" in f or "文泉" in f for f in families), families
