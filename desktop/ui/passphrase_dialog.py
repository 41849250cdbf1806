"""Changing the passphrase of the open profile: the current one, then the new one twice.

The data key is re-wrapped with the new passphrase (the database itself is not re-encrypted);
key derivation takes a second or two, so it runs on the store thread while a busy bar shows.
Refusals (wrong current passphrase, too weak, typed differently) are worded next to the fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop.services import profiles
from desktop.ui.unlock.errors import describe
from desktop.ui.unlock.passphrase_fields import PassphraseFieldsWidget


class PassphraseDialog(QDialog):
    """Emits `accepted` once the new passphrase is in place."""

    def __init__(
        self,
        runner: Any,
        folder: Path,
        kdf_params: dict[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("PassphraseDialog")
        self.setWindowTitle(self.tr("Change passphrase"))
        self._runner, self._folder, self._kdf = runner, folder, kdf_params
        self.current = QLineEdit(self)
        self.current.setObjectName("currentPassphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = PassphraseFieldsWidget(self)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("passphraseBusy")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = QLabel(self)
        self.error.setObjectName("passphraseError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Change"))
        self.ok_button.setObjectName("changePassphraseButton")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        note = QLabel(
            self.tr(
                "Your data stays as it is; only the passphrase that opens it changes. "
                "County IT can still recover it with the county's recovery key."
            ),
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Current passphrase"), self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_change_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_change_clicked(self) -> None:
        old = self.current.text()
        new, again = self.fields.values()
        if not old:
            self.error.setText(self.tr("Type your current passphrase first."))
            self.current.setFocus()
            return
        folder, kdf = self._folder, self._kdf
        self._set_busy(True)
        self._runner.submit(
            lambda: profiles.change_passphrase(folder, old, new, again, kdf),
            self._on_changed,
            self._on_failed,
        )

    def _on_changed(self, _result: object) -> None:
        self._set_busy(False)
        self.current.clear()
        self.fields.clear()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.error.setText(describe(exc))
        if isinstance(exc, profiles.PassphraseRejected):
            self.fields.first.setFocus()
        else:
            self.current.selectAll()
            self.current.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)
        if busy:
            self.error.clear()
