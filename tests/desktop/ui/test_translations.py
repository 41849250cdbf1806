"""Translations: zh_CN complete, compiled, and used by the real widgets."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.services import profiles
from desktop.ui.i18n import I18N_DIR, install_translators
from desktop.ui.main_window import MainWindow
from desktop.ui.settings import AppSettings
from desktop.ui.unlock.first_run_widget import FirstRunWidget


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    assert install_translators("zh_CN")
    yield
    install_translators("en")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_catalogue_complete_and_compiled(lang: str) -> None:
    ts = I18N_DIR / f"doorstep_{lang}.ts"
    unfinished = [
        m.findtext("source")
        for m in ET.parse(ts).iter("message")
        if (m.find("translation") is not None and m.find("translation").get("type"))  # type: ignore[union-attr]
    ]
    assert unfinished == []
    assert (I18N_DIR / f"doorstep_{lang}.qm").stat().st_mtime >= ts.stat().st_mtime - 1


def test_widgets_speak_chinese(
    qtbot: QtBot,
    chinese: None,
    tmp_path: Path,
    county: profiles.CountyProfile,
    settings: AppSettings,
) -> None:
    w = MainWindow(tmp_path / "d", county, "zh_CN", settings)
    qtbot.addWidget(w)
    page = w.unlock_page
    assert isinstance(page, FirstRunWidget)
    assert page.create_button.text() == "创建并打开"
    assert "恢复密钥" in page.findChild(type(page.error), "keyExplanation").text()
    assert w.households.search.placeholderText().startswith("搜索")


def test_every_catalogue_context_is_one_qt_looks_up() -> None:
    """`obj.tr()` outside a method of obj's class gives lupdate the variable's name as the context,
    while Qt looks the string up under the class name at run time: such strings stay English."""
    classes: set[str] = set()
    contexts: set[str] = set()
    for path in (I18N_DIR.parents[1] / "desktop" / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                classes.add(node.name)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                contexts.add(node.args[0].value)
    names = {c.findtext("name") for c in ET.parse(I18N_DIR / "doorstep_zh_CN.ts").iter("context")}
    assert names - classes - contexts == set()
