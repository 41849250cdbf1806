"""Dialogs on the household list: add a household found in the field, record a visit outcome.

Both hand their input to the households service in the store thread and close only when it was
saved; a refusal is shown in plain words inside the dialog and changes nothing.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services import households as hh
from desktop.services.households import DivisionRow, HouseholdInputError
from desktop.store.profile import Store
from desktop.ui.households.states import outcome_label
from desktop.ui.idnumber_input import IdNumberValidator
from desktop.ui.tasks import StoreThread


def input_error_text(exc: BaseException) -> str:
    if not isinstance(exc, HouseholdInputError):
        return QCoreApplication.translate("HouseholdErrors", "It could not be saved. Try again.")
    text = {
        "head_name_required": QCoreApplication.translate(
            "HouseholdErrors", "Enter the name of the head of household."
        ),
        "village_required": QCoreApplication.translate("HouseholdErrors", "Choose the village."),
        "village_unknown": QCoreApplication.translate(
            "HouseholdErrors", "This village is not in your list."
        ),
        "id_number_invalid": QCoreApplication.translate(
            "HouseholdErrors", "This ID number is not valid: check the 18 digits and the last one."
        ),
        "id_number_character": QCoreApplication.translate(
            "HouseholdErrors", "Character {position} of the ID number, “{char}”, is not a digit."
        ),
        "id_number_character18": QCoreApplication.translate(
            "HouseholdErrors",
            "The last character of the ID number, “{char}”, must be a digit or X.",
        ),
        "id_number_length": QCoreApplication.translate(
            "HouseholdErrors", "An ID number has 18 characters; this one has {count}."
        ),
        "phone_invalid": QCoreApplication.translate(
            "HouseholdErrors", "Enter an 11-digit mobile number or a landline like 0715-1234567."
        ),
        "revisit_required": QCoreApplication.translate(
            "HouseholdErrors", "Choose the day to come back."
        ),
        "revisit_in_past": QCoreApplication.translate(
            "HouseholdErrors", "The revisit day cannot be in the past."
        ),
        "outcome_invalid": QCoreApplication.translate(
            "HouseholdErrors", "Choose what happened at the door."
        ),
    }.get(
        exc.code, QCoreApplication.translate("HouseholdErrors", "It could not be saved. Try again.")
    )
    return text.format(**exc.params) if exc.params else text


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020")
    return label


class AddHouseholdDialog(QDialog):
    def __init__(
        self,
        runner: StoreThread,
        store: Store,
        village_rows: list[DivisionRow],
        village_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a household found in the field"))
        self._runner, self._store = runner, store
        self.household_id: str | None = None
        self.village = QComboBox(self)
        for v in village_rows:
            self.village.addItem(v.name, v.code)
        if village_code:
            self.village.setCurrentIndex(max(0, self.village.findData(village_code)))
        self.head_name = QLineEdit(self)
        self.head_name.setObjectName("headName")
        self.id_number = QLineEdit(self)
        self.id_number.setObjectName("idNumber")
        self.id_number.setValidator(IdNumberValidator(self.id_number))
        self.address = QLineEdit(self)
        self.address.setObjectName("address")
        self.phone = QLineEdit(self)
        self.phone.setObjectName("phone")
        self.hukou = QComboBox(self)
        self.hukou.addItem(self.tr("Not known yet"), None)
        self.hukou.addItem(self.tr("Rural"), "rural")
        self.hukou.addItem(self.tr("Urban"), "urban")
        self.error = _error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("Village"), self.village)
        form.addRow(self.tr("Head of household"), self.head_name)
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Hukou"), self.hukou)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_save_clicked(self) -> None:
        store = self._store
        args = {
            "village_code": str(self.village.currentData() or ""),
            "head_name": self.head_name.text(),
            "address": self.address.text(),
            "head_id_number": self.id_number.text(),
            "phone": self.phone.text(),
            "hukou_type": self.hukou.currentData(),
        }
        self.buttons.setEnabled(False)
        self._runner.submit(
            lambda: hh.add_household(store, **args), self._on_saved, self._on_failed
        )

    def _on_saved(self, household_id: object) -> None:
        self.household_id = str(household_id)
        self.buttons.setEnabled(True)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(input_error_text(exc))


class VisitOutcomeDialog(QDialog):
    """What happened at the door when no survey was filled."""

    def __init__(
        self,
        runner: StoreThread,
        store: Store,
        household_id: str,
        head_name: str,
        campaign_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a visit: %1").replace("%1", head_name))
        self._runner, self._store = runner, store
        self._household_id, self._campaign_id = household_id, campaign_id
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("outcome")
        for code in hh.OUTCOMES:
            self.outcome.addItem(outcome_label(code), code)
        self.revisit = QDateEdit(self)
        self.revisit.setObjectName("revisitDate")
        self.revisit.setCalendarPopup(True)
        self.revisit.setDisplayFormat("yyyy-MM-dd")
        self.revisit.setDate(QDate.currentDate().addDays(1))
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.error = _error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("What happened"), self.outcome)
        self._revisit_label = QLabel(self.tr("Come back on"), self)
        form.addRow(self._revisit_label, self.revisit)
        form.addRow(self.tr("Note"), self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        self.outcome.currentIndexChanged.connect(self._on_outcome_changed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _on_outcome_changed(self) -> None:
        visible = self.outcome.currentData() == "nobody_home"
        self.revisit.setVisible(visible)
        self._revisit_label.setVisible(visible)

    def _on_save_clicked(self) -> None:
        store, hid, cid = self._store, self._household_id, self._campaign_id
        outcome = str(self.outcome.currentData())
        qd = self.revisit.date()
        revisit = date(qd.year(), qd.month(), qd.day()) if outcome == "nobody_home" else None
        note = self.note.text()
        self.buttons.setEnabled(False)
        self._runner.submit(
            lambda: hh.record_visit(
                store, hid, outcome, revisit_on=revisit, note=note, campaign_id=cid
            ),
            self._on_saved,
            self._on_failed,
        )

    def _on_saved(self, _result: object) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(input_error_text(exc))
