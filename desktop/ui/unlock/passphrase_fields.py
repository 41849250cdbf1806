"""Two passphrase boxes with a strength meter, shared by first run and change of passphrase."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from desktop.services.profiles import passphrase_strength


class PassphraseFieldsWidget(QWidget):
    """Passphrase typed twice; `changed` fires on every keystroke."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit(self)
        self.first.setObjectName("newPassphrase")
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("newPassphraseAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = QProgressBar(self)
        self.meter.setObjectName("strengthMeter")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("strengthVerdict")
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(QCoreApplication.translate("PassphraseFields", "New passphrase"), self.first)
        layout.addRow("", self.meter)
        layout.addRow("", self.verdict)
        layout.addRow(QCoreApplication.translate("PassphraseFields", "Type it again"), self.again)
        self.first.textChanged.connect(self._on_text_changed)
        self.again.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def values(self) -> tuple[str, str]:
        return self.first.text(), self.again.text()

    def clear(self) -> None:
        self.first.clear()
        self.again.clear()

    def _on_text_changed(self) -> None:
        strength = passphrase_strength(self.first.text())
        self.meter.setValue(strength.score)
        words = [
            QCoreApplication.translate("PassphraseFields", "Too short: at least 8 characters")
            if strength.too_short
            else QCoreApplication.translate("PassphraseFields", "Too weak"),
            QCoreApplication.translate("PassphraseFields", "Weak"),
            QCoreApplication.translate("PassphraseFields", "Fair"),
            QCoreApplication.translate("PassphraseFields", "Good"),
            QCoreApplication.translate("PassphraseFields", "Strong"),
        ]
        text = words[strength.score] if self.first.text() else ""
        if self.again.text() and self.again.text() != self.first.text():
            text += ("  " if text else "") + QCoreApplication.translate(
                "PassphraseFields", "The two passphrases differ."
            )
        self.verdict.setText(text)
        self.changed.emit()
