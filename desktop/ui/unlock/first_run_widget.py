"""First run: create the profile with a passphrase and explain who can open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import profiles
from desktop.services.profiles import CountyProfile, PassphraseRejected, check_new_passphrase
from desktop.store.profile import Store
from desktop.ui.tasks import StoreThread
from desktop.ui.unlock.errors import describe
from desktop.ui.unlock.passphrase_fields import PassphraseFieldsWidget


class FirstRunWidget(QWidget):
    """Sets up this laptop's profile; emits `unlocked` with the new store."""

    unlocked = Signal(object)

    def __init__(
        self,
        runner: StoreThread,
        folder: Path,
        county: CountyProfile,
        kdf_params: dict[str, int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._folder, self._county, self._kdf = runner, folder, county, kdf_params
        title = QLabel(self.tr("Set up Doorstep on this laptop"), self)
        title.setObjectName("pageTitle")
        county_label = QLabel(
            self.tr("County: %1").replace("%1", county.county_name or county.county_code), self
        )
        explanation = QLabel(
            self.tr(
                "Everything you record is kept encrypted on this laptop. Nobody can read it "
                "without a key: your passphrase, or the county's recovery key held by county "
                "IT. If you forget your passphrase, county IT can give you a new one; nobody "
                "else can open your data, not even someone who takes the laptop."
            ),
            self,
        )
        explanation.setWordWrap(True)
        explanation.setObjectName("keyExplanation")
        self.user = QLineEdit(self)
        self.user.setObjectName("userId")
        self.user.setPlaceholderText(self.tr("as on your staff list"))
        self.passphrase = PassphraseFieldsWidget(self)
        self.create_button = QPushButton(self.tr("Create and open"), self)
        self.create_button.setObjectName("createButton")
        self.create_button.setDefault(True)
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.hide()
        self.error = QLabel(self)
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")

        form = QFormLayout()
        form.addRow(self.tr("Your name or staff number"), self.user)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for w in (title, county_label, explanation):
            layout.addWidget(w)
        layout.addLayout(form)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(self.busy)
        layout.addWidget(self.create_button)
        layout.addStretch(2)

        self.create_button.clicked.connect(self._on_create_clicked)
        self.passphrase.again.returnPressed.connect(self._on_create_clicked)
        self.passphrase.changed.connect(lambda: self.error.clear())

    def _on_create_clicked(self) -> None:
        first, again = self.passphrase.values()
        try:
            check_new_passphrase(first, again)
        except PassphraseRejected as exc:
            self.error.setText(describe(exc))
            return
        self._set_busy(True)
        folder, county, user, kdf = self._folder, self._county, self.user.text(), self._kdf
        self._runner.submit(
            lambda: profiles.create(folder, first, again, county, user, kdf),
            self._on_created,
            self._on_failed,
        )

    def _on_created(self, store: object) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        assert isinstance(store, Store)
        self.unlocked.emit(store)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.error.setText(describe(exc))

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.create_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)
