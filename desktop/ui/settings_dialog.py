"""The Settings dialog: minutes of idle time before the app locks itself, the language, and
whether photos wait for the township office network.

Values go to AppSettings (QSettings) and apply at once: the main window switches language
without a restart (an open survey is rebuilt in the new language with what is typed kept).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services.attachments import OfficeNetworkError, parse_office_networks
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
        self.photos_office_only = QCheckBox(
            self.tr("Send photos only on the township office network"), self
        )
        self.photos_office_only.setObjectName("photosOfficeOnly")
        self.photos_office_only.setToolTip(
            self.tr(
                "Answers are always sent. Photos are large: with this on they wait until the "
                "laptop is on the office network, so a village link is not tied up."
            )
        )
        self.photos_office_only.setChecked(settings.photos_office_only)
        self.office_networks = QLineEdit(settings.office_networks, self)
        self.office_networks.setObjectName("officeNetworks")
        self.office_networks.setPlaceholderText(self.tr("e.g. 10.42.0.0/16, 192.168.8.0/24"))
        self.office_networks.setToolTip(
            self.tr("Address ranges of the office network; county IT gives them.")
        )
        self.office_networks.setEnabled(self.photos_office_only.isChecked())
        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons = buttons
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        form = QFormLayout()
        form.addRow(self.tr("Lock after this much idle time"), self.auto_lock)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.photos_office_only)
        form.addRow(self.tr("Office network (from county IT)"), self.office_networks)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.photos_office_only.toggled.connect(self.office_networks.setEnabled)
        buttons.accepted.connect(self._on_save_clicked)
        buttons.rejected.connect(self.reject)

    def accept_button(self) -> QPushButton:
        return self._buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _office_problem(self) -> str | None:
        """Why the office network cannot be saved as typed, in plain words (None: it can)."""
        if not self.photos_office_only.isChecked():
            return None
        try:
            networks = parse_office_networks(self.office_networks.text())
        except OfficeNetworkError as exc:
            return self.tr(
                "“%1” is not an address range. Write ranges like 10.42.0.0/16, separated by commas."
            ).replace("%1", exc.entry)
        if not networks:
            return self.tr("Enter the office network's address ranges (county IT has them).")
        return None

    def _on_save_clicked(self) -> None:
        problem = self._office_problem()
        if problem is not None:  # nothing is saved until it reads
            self.error.setText(problem)
            self.error.show()
            self.office_networks.setFocus()
            return
        self.settings.photos_office_only = self.photos_office_only.isChecked()
        self.settings.office_networks = self.office_networks.text()
        self.settings.auto_lock_minutes = self.auto_lock.value()
        self.settings.language = str(self.language.currentData())
        self.settings.sync()
        self.accept()
