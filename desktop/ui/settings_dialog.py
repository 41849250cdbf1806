"""The Settings dialog: minutes of idle time before the app locks itself, and the language.

Values go to AppSettings (QSettings); the idle time applies at once, the language from the next
start (widgets are built in one language; restarting them mid-survey would lose typing).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.i18n import DEFAULT_LANGUAGE
from desktop.ui.settings import AppSettings

LANGUAGE_NAMES = {"zh_CN": "中文（简体）", "en": "English"}  # each in its own language
MAX_AUTO_LOCK_MIN = 120


class SettingsDialog(QDialog):
    def __init__(
        self, settings: AppSettings, current_language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.settings = settings
        self._current_language = current_language
        self.auto_lock = QSpinBox(self)
        self.auto_lock.setObjectName("autoLockMinutes")
        self.auto_lock.setRange(1, MAX_AUTO_LOCK_MIN)
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setValue(min(settings.auto_lock_minutes, MAX_AUTO_LOCK_MIN))
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        chosen = settings.language or current_language or DEFAULT_LANGUAGE
        self.language.setCurrentIndex(max(0, self.language.findData(chosen)))
        self.restart_note = QLabel(self.tr("The new language is used from the next start."), self)
        self.restart_note.setObjectName("restartNote")
        self.restart_note.setWordWrap(True)
        self.restart_note.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons = buttons
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Lock after this much idle time"), self.auto_lock)
        form.addRow(self.tr("Language"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.restart_note)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self._on_language_changed)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)

    def accept_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _on_language_changed(self, _index: int) -> None:
        self.restart_note.setVisible(self.language.currentData() != self._current_language)

    def _on_save_clicked(self) -> None:
        self.settings.auto_lock_minutes = self.auto_lock.value()
        self.settings.language = str(self.language.currentData())
        self.settings.sync()
        self.accept()
