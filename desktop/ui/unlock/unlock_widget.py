"""The unlock screen: pick a profile, type the passphrase, open it in the store thread.

After repeated wrong passphrases the screen counts down the wait before the next try (the
button stays off, the rest of the window keeps working), and once the profile needs the county
recovery it says so and stops offering the passphrase field.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QTimer, Signal
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
from desktop.store.keys import WrongPassphrase
from desktop.store.profile import NeedsRecovery, Store, TooManyAttempts
from desktop.ui.tasks import StoreThread
from desktop.ui.unlock.errors import describe


class UnlockWidget(QWidget):
    """Emits `unlocked` with the store; key derivation runs off the GUI thread."""

    unlocked = Signal(object)
    tick_ms = 1000  # the countdown's step; tests make it short

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
        self.profile_box.currentIndexChanged.connect(self._on_profile_changed)
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
        self.countdown = QLabel(self)
        self.countdown.setObjectName("countdownLabel")
        self.countdown.hide()
        self._remaining = 0
        self._needs_recovery = False
        self._timer = QTimer(self)
        self._timer.setInterval(self.tick_ms)
        self._timer.timeout.connect(self._on_tick)
        hint = QLabel(
            self.tr("Forgot your passphrase? County IT can set a new one with the recovery key."),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (title, self.profile_box, self.passphrase, self.error, self.countdown,
                  self.busy, self.unlock_button, hint):  # fmt: skip
            layout.addWidget(w)
        layout.addStretch(2)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.passphrase.returnPressed.connect(self._on_unlock_clicked)

    def selected(self) -> ProfileInfo | None:
        index = self.profile_box.currentIndex()
        return self._profiles[index] if 0 <= index < len(self._profiles) else None

    def reset(self) -> None:
        self.passphrase.clear()
        if not self._waiting():
            self.error.clear()
        self._set_busy(False)
        self.passphrase.setFocus()

    def _waiting(self) -> bool:
        return self._needs_recovery or self._remaining > 0

    def _on_profile_changed(self) -> None:
        # The counter belongs to a profile: another one starts with a clean screen.
        self._timer.stop()
        self._remaining, self._needs_recovery = 0, False
        self.countdown.hide()
        self.error.clear()
        self._set_busy(False)

    def _on_unlock_clicked(self) -> None:
        info = self.selected()
        if info is None or not self.unlock_button.isEnabled() or self._waiting():
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
        text = describe(exc)
        if isinstance(exc, NeedsRecovery):
            self._needs_recovery = True
            self.passphrase.clear()
        wait = exc.wait_s if isinstance(exc, WrongPassphrase | TooManyAttempts) else 0.0
        if isinstance(exc, WrongPassphrase) and exc.tries_left is not None and exc.tries_left <= 5:
            text += " " + self.tr(
                "%n more wrong passphrase(s) and only county IT's recovery can open this profile.",
                "",
                exc.tries_left,
            )
        self.error.setText(text)
        if wait > 0:
            self._remaining = math.ceil(wait)
            self._show_countdown()
            self._timer.setInterval(self.tick_ms)
            self._timer.start()
        self._set_busy(False)
        self.passphrase.selectAll()

    def _on_tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self._remaining = 0
            self._timer.stop()
            self.countdown.hide()
            self._set_busy(False)
        else:
            self._show_countdown()

    def _show_countdown(self) -> None:
        self.countdown.setText(self.tr("You can try again in %n second(s).", "", self._remaining))
        self.countdown.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        usable = not busy and not self._waiting()
        self.unlock_button.setEnabled(usable)
        self.passphrase.setEnabled(not busy and not self._needs_recovery)
        if not busy:
            self.passphrase.setFocus()
