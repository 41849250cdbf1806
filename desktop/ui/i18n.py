"""Translations: load the compiled catalogue for the chosen language, and the form's language.

Widget strings go through Qt's translation system (`resources/translations/doorstep_<lang>.qm`); labels
of form questions come from the form definition itself, in the matching form language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
_installed: list[QTranslator] = []


def form_language(lang: str) -> str:
    """The form definition's language code for a UI language (zh_CN → zh)."""
    return "en" if lang.startswith("en") else "zh"


def install_translators(lang: str) -> bool:
    """Install the app's and Qt's own translations; True when the app catalogue was found."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(lang))
    found = False
    ours = QTranslator(app)
    if ours.load(f"doorstep_{lang}", str(I18N_DIR)):
        app.installTranslator(ours)
        _installed.append(ours)
        found = True
    qt = QTranslator(app)
    if lang != "en" and qt.load(
        f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt)
        _installed.append(qt)
    return found


def uninstall_translators() -> None:
    """Back to the source strings (English): what tests start from."""
    app = QCoreApplication.instance()
    if app is not None:
        for old in _installed:
            app.removeTranslator(old)
    _installed.clear()
