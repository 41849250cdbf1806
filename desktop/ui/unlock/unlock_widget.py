"""The unlock screen: pick a profile, type the passphrase, open it in the store thread."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import profiles
from desktop.services.profiles import ProfileInfo
from desktop.store.profile import Store
from desktop.ui.tasks import StoreThread
from desktop.ui.unlock.errors import describe


class UnlockWidget(QWidget):
    """Emits `unlocked` with the store; key derivation runs off the GUI thread."""

    unlocked = Signal(object)

    def __init__(
        self,
        runner: StoreThread,
        profile_list: list[ProfileInfo],
        preferred: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._profiles = profile_list
        title = QLabel(self.tr("Unlock Doorstep"), self)
        title.setObjectName("pageTitle")
        self.profile_box = QComboBox(self)
        self.profile_box.setObjectName("profileBox")
        for info in profile_list:
            self.profile_box.addItem(info.name, str(info.folder))
        if preferred:
            self.profile_box.setCurrentIndex(max(0, self.profile_box.findText(preferred)))
        self.profile_box.setVisible(len(profile_list) > 1)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = QLabel(self)
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        hint = QLabel(
            self.tr("Forgot your passphrase? County IT can set a new one with the recovery key."),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (title, self.profile_box, self.passphrase, self.error, self.busy,
                  self.unlock_button, hint):  # fmt: skip
            layout.addWidget(w)
        layout.addStretch(2)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.passphrase.returnPressed.connect(self._on_unlock_clicked)

    def selected(self) -> ProfileInfo | None:
        index = self.profile_box.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else None

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.clear()
        self._set_busy(False)
        self.passphrase.setFocus()

    def _on_unlock_clicked(self) -> None:
        info = self.selected()
        if info is None or not self.unlock_button.isEnabled():
            return
        text = self.passphrase.text()
        if not text:
            return
        self._set_busy(True)
        folder = info.folder
        self._runner.submit(lambda: profiles.unlock(folder, text), self._on_done, self._on_failed)

    def _on_done(self, store: object) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        assert isinstance(store, Store)
        self.unlocked.emit(store)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.passphrase.selectAll()
        self.error.setText(describe(exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.unlock_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
        if not busy:
            self.passphrase.setFocus()
