"""Icons and fonts the app ships: the window icon, and a CJK font where a build bundles one.

A county build carries a Chinese font (`resources/fonts/`), so labels render on a laptop whose
system has none; a developer's checkout uses the system's fonts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
ICON = RESOURCES / "icons" / "doorstep.svg"
FONTS = RESOURCES / "fonts"


def install_assets(app: QApplication) -> list[str]:
    """Set the window icon and register bundled fonts; returns the font families added."""
    if ICON.exists():
        app.setWindowIcon(QIcon(str(ICON)))
    families: list[str] = []
    if FONTS.is_dir():
        for font in sorted(FONTS.iterdir()):
            font_id = QFontDatabase.addApplicationFont(str(font))
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
    return families
