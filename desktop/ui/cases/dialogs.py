"""The case dialogs: an appraisal meeting for many cases, an objection and its settling, a
posting for a village, the township review, the check result and the decision.

Each dialog only gathers what the user types; the case widget hands it to the service on the
store thread, and the service's checks word any mistake (nothing is saved then). The minutes
photo is read and re-encoded in memory on a pool thread (no metadata, no file written).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QThreadPool
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.services.case_ops import MeetingOutcome
from desktop.services.cases import CaseQueueRow, ObjectionLine
from desktop.ui.cases.words import programme_word
from desktop.ui.survey.photo_codec import PhotoTask, prepare


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class _CaseDialog(QDialog):
    """A form with OK and Cancel; subclasses add their rows."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("caseDialogNote")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)

    def _date_edit(self, value: date) -> QDateEdit:
        edit = QDateEdit(_qdate(value), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))


# --- Meeting


class MeetingDialog(_CaseDialog):
    """One village appraisal meeting (民主评议): date, place, members, outcome and votes per case,
    and a photo of the minutes."""

    def __init__(
        self, rows: Sequence[CaseQueueRow], today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Village appraisal meeting"), parent)
        self.rows = list(rows)
        self.minutes: bytes = b""
        self.held_on = self._date_edit(today)
        self.place_edit = QLineEdit(self)
        self.members_edit = QPlainTextEdit(self)
        self.members_edit.setPlaceholderText(self.tr("One name a line"))
        self.members_edit.setMaximumHeight(90)
        self.minutes_button = QPushButton(self.tr("Choose the minutes photo…"), self)
        self.minutes_label = QLabel(self.tr("No photo yet"), self)
        self.minutes_button.clicked.connect(self._on_minutes_clicked)
        self.form.addRow(self.tr("Held on"), self.held_on)
        self.form.addRow(self.tr("Place"), self.place_edit)
        self.form.addRow(self.tr("Members present"), self.members_edit)
        self.form.addRow(self.minutes_button, self.minutes_label)
        self.table = QTableWidget(len(self.rows), 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Household"),
                self.tr("Outcome"),
                self.tr("For"),
                self.tr("Against"),
                self.tr("Abstain"),
            ]  # fmt: skip
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outcomes: list[QComboBox] = []
        self.votes: list[tuple[QSpinBox, QSpinBox, QSpinBox]] = []
        for i, r in enumerate(self.rows):
            self.table.setCellWidget(i, 0, QLabel(f"{r.head_name} · {r.programme_label}", self))
            combo = QComboBox(self)
            combo.addItem(self.tr("Agree"), "agree")
            combo.addItem(self.tr("Disagree"), "disagree")
            combo.addItem(self.tr("Defer"), "defer")
            self.table.setCellWidget(i, 1, combo)
            self.outcomes.append(combo)
            spins = []
            for col in (2, 3, 4):
                spin = QSpinBox(self)
                spin.setRange(0, 10_000)
                self.table.setCellWidget(i, col, spin)
                spins.append(spin)
            self.votes.append((spins[0], spins[1], spins[2]))
        self.form.addRow(self.table)
        self.resize(720, 520)

    def set_minutes(self, prepared: bytes) -> None:
        self.minutes = prepared
        self.minutes_label.setText(
            self.tr("Photo ready (%1 KB)").replace("%1", str(len(prepared) // 1024))
        )

    def _on_minutes_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Minutes photo"), "", self.tr("Images (*.jpg *.jpeg *.png)")
        )
        if not path:
            return
        self.minutes_label.setText(self.tr("Preparing the photo…"))
        task = PhotoTask(lambda: prepare(Path(path).read_bytes()).jpeg)
        task.signals.done.connect(lambda jpeg: self.set_minutes(bytes(jpeg)))
        task.signals.failed.connect(
            lambda _exc: self.minutes_label.setText(
                self.tr("That file is not a photo Qt can read.")
            )
        )
        self._task = task  # the signals object lives as long as the dialog needs it
        QThreadPool.globalInstance().start(task)

    def set_outcome(self, i: int, outcome: str, votes: tuple[int, int, int]) -> None:
        self.outcomes[i].setCurrentIndex(self.outcomes[i].findData(outcome))
        for spin, n in zip(self.votes[i], votes, strict=True):
            spin.setValue(n)

    @property
    def members(self) -> list[str]:
        text = self.members_edit.toPlainText().replace("、", "\n").replace(",", "\n")
        return [m.strip() for m in text.splitlines() if m.strip()]

    def meeting_outcomes(self) -> list[MeetingOutcome]:
        return [
            MeetingOutcome(
                r.case_id,
                str(combo.currentData()),
                spins[0].value(),
                spins[1].value(),
                spins[2].value(),
            )  # fmt: skip
            for r, combo, spins in zip(self.rows, self.outcomes, self.votes, strict=True)
        ]

    def held_on_date(self) -> date:
        return _pydate(self.held_on.date())


# --- Objections


class ObjectionDialog(_CaseDialog):
    """An objection received during the posting: when, who raised it (optional), what it says."""

    def __init__(self, row: CaseQueueRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Objection: %1").replace("%1", row.head_name), parent)
        self.received_on = self._date_edit(today)
        self.raised_by_edit = QLineEdit(self)
        self.raised_by_edit.setPlaceholderText(self.tr("Optional"))
        self.content_edit = QPlainTextEdit(self)
        self.form.addRow(self.tr("Received on"), self.received_on)
        self.form.addRow(self.tr("Raised by"), self.raised_by_edit)
        self.form.addRow(self.tr("What it says"), self.content_edit)

    def received_on_date(self) -> date:
        return _pydate(self.received_on.date())


class SettleDialog(_CaseDialog):
    """Settle an open objection: upheld (back to re-check) or dismissed (a written reason)."""

    def __init__(
        self, row: CaseQueueRow, objections: Sequence[ObjectionLine], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Settle an objection: %1").replace("%1", row.head_name), parent)
        self.objection_combo = QComboBox(self)
        for o in objections:
            if o.outcome is None:
                self.objection_combo.addItem(f"{o.received_on} · {o.content[:40]}", o.objection_id)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem(self.tr("Upheld: back to re-check"), "upheld")
        self.outcome_combo.addItem(self.tr("Dismissed"), "dismissed")
        self.reason_edit = QPlainTextEdit(self)
        self.form.addRow(self.tr("Objection"), self.objection_combo)
        self.form.addRow(self.tr("Outcome"), self.outcome_combo)
        self.form.addRow(self.tr("Reason"), self.reason_edit)


# --- Posting


class PostingDialog(_CaseDialog):
    """A posting (公示) for one village from a start date: the cases to post, all ticked."""

    def __init__(
        self,
        village_name: str,
        rows: Sequence[CaseQueueRow],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Public posting: %1").replace("%1", village_name), parent)
        self.start = self._date_edit(today)
        self.start.setMinimumDate(_qdate(today))
        self.cases = QListWidget(self)
        for r in rows:
            item = QListWidgetItem(f"{r.head_name} · {r.programme_label} · {r.proposed_amount}")
            item.setData(Qt.ItemDataRole.UserRole, r.case_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.cases.addItem(item)
        self.form.addRow(self.tr("Starts on"), self.start)
        self.form.addRow(self.tr("Cases"), self.cases)
        self.show_note(
            self.tr(
                "The posting runs for the county's number of calendar days from the start date."
            )
        )

    def start_date(self) -> date:
        return _pydate(self.start.date())

    def chosen(self) -> list[str]:
        out = []
        for i in range(self.cases.count()):
            item = self.cases.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out


# --- Review, check, decision


class ReviewDialog(_CaseDialog):
    """The township review: pass with a proposed category and monthly amount, or return."""

    def __init__(
        self, row: CaseQueueRow, categories: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Township review: %1").replace("%1", row.head_name), parent)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem(self.tr("Pass"), "pass")
        self.outcome_combo.addItem(self.tr("Return for re-check"), "return")
        self.category_combo = QComboBox(self)
        self.category_combo.setEditable(True)
        self.category_combo.addItems(list(categories))
        self.amount_edit = QLineEdit(row.proposed_amount, self)
        self.comment_edit = QPlainTextEdit(self)
        self.form.addRow(self.tr("Outcome"), self.outcome_combo)
        self.form.addRow(self.tr("Proposed category"), self.category_combo)
        self.form.addRow(self.tr("Proposed monthly amount (yuan)"), self.amount_edit)
        self.form.addRow(self.tr("Comment"), self.comment_edit)


class CheckDialog(_CaseDialog):
    """The economic-status check result, recorded by hand."""

    def __init__(self, row: CaseQueueRow, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Check result: %1").replace("%1", row.head_name), parent)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem(self.tr("Eligible"), "eligible")
        self.outcome_combo.addItem(self.tr("Not eligible"), "ineligible")
        self.outcome_combo.addItem(self.tr("Unclear"), "unclear")
        self.note_edit = QPlainTextEdit(self)
        self.form.addRow(self.tr("Result"), self.outcome_combo)
        self.form.addRow(self.tr("Note"), self.note_edit)


class DecisionDialog(_CaseDialog):
    """Approve with category, monthly amount and start month, or refuse with a reason the
    household is told. Inside the posting window it says so; the server has the last word."""

    def __init__(
        self,
        row: CaseQueueRow,
        categories: Sequence[str],
        posting_day: int | None,
        window_days: int | None,
        parent: QWidget | None = None,
        allow_exit: bool = False,
    ) -> None:
        super().__init__(self.tr("Decision: %1").replace("%1", row.head_name), parent)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem(self.tr("Approve"), "approved")
        self.outcome_combo.addItem(self.tr("Refuse"), "refused")
        if allow_exit:  # a change of circumstances asked for the exit (退出)
            self.outcome_combo.addItem(self.tr("Confirm the exit"), "exited")
        self.category_combo = QComboBox(self)
        self.category_combo.setEditable(True)
        self.category_combo.addItems(list(categories))
        self.amount_edit = QLineEdit(row.proposed_amount, self)
        self.month_edit = QLineEdit(self)
        self.month_edit.setPlaceholderText("2027-01")
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("Told to the household"))
        self.form.addRow(self.tr("Decision"), self.outcome_combo)
        self.form.addRow(self.tr("Category"), self.category_combo)
        self.form.addRow(self.tr("Monthly amount (yuan)"), self.amount_edit)
        self.form.addRow(self.tr("Start month"), self.month_edit)
        self.form.addRow(self.tr("Reason for a refusal"), self.reason_edit)
        if row.days_left:
            self.show_note(
                self.tr(
                    "The posting still runs: day %1, %2 day(s) left. The server refuses a "
                    "decision before the window has closed."
                )
                .replace("%1", str(posting_day or ""))
                .replace("%2", str(row.days_left))
            )
        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_changed)
        self._on_outcome_changed()
        self._window_days = window_days

    def _on_outcome_changed(self) -> None:
        approve = self.outcome_combo.currentData() == "approved"
        for w in (self.category_combo, self.amount_edit, self.month_edit):
            w.setEnabled(approve)
        self.reason_edit.setEnabled(not approve)


# --- Intake


class IntakeDialog(_CaseDialog):
    """An application taken at the township window (一门受理): the household (type to find it)
    and the programme; the case then waits for the household's survey."""

    def __init__(
        self,
        households: Sequence[tuple[str, str]],
        programmes: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Application at the window"), parent)
        self.household_combo = QComboBox(self)
        self.household_combo.setEditable(True)
        self.household_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for hid, text in households:
            self.household_combo.addItem(text, hid)
        self.programme_combo = QComboBox(self)
        for code, label in programmes:
            self.programme_combo.addItem(programme_word(code) if label == code else label, code)
        self.applicant_edit = QLineEdit(self)
        self.applicant_edit.setPlaceholderText(self.tr("Optional"))
        self.note_edit = QPlainTextEdit(self)
        self.form.addRow(self.tr("Household"), self.household_combo)
        self.form.addRow(self.tr("Programme"), self.programme_combo)
        self.form.addRow(self.tr("Applicant"), self.applicant_edit)
        self.form.addRow(self.tr("Note"), self.note_edit)
        self.show_note(self.tr("The case waits for an approved survey of the household."))

    def select_household(self, household_id: str) -> bool:
        i = self.household_combo.findData(household_id)
        self.household_combo.setCurrentIndex(i)
        return i >= 0


class ChangeDialog(_CaseDialog):
    """A change of circumstances on an approved case: adjust the amount or exit, with why."""

    def __init__(self, row: CaseQueueRow, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Change of circumstances: %1").replace("%1", row.head_name), parent
        )
        self.action_combo = QComboBox(self)
        self.action_combo.addItem(self.tr("Adjust the amount"), "adjust")
        self.action_combo.addItem(self.tr("Exit the programme"), "exit")
        self.reason_edit = QPlainTextEdit(self)
        self.form.addRow(self.tr("Change"), self.action_combo)
        self.form.addRow(self.tr("Reason"), self.reason_edit)
        self.show_note(self.tr("The case goes through the check, appraisal and posting again."))
