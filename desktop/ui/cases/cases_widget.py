"""The supervisor's case queue: filters, the table, one case in detail, and the actions the
user's role allows on it, with their dialogs; the postings with their PDF and xlsx lists.

Everything touching the store goes to the store thread as a service call; results come back as
frozen rows. PDF and xlsx files are written on a pool thread to the path the user chose. A
refusal the server sent for this laptop's operation shows on the case, in the user's words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services import case_ops, cases
from desktop.services.cases import CaseDetail, CaseInputError, CaseQueueRow, PostingSheet
from desktop.store.profile import Store
from desktop.ui.cases.detail_html import case_detail_html
from desktop.ui.cases.dialogs import (
    ChangeDialog,
    CheckDialog,
    DecisionDialog,
    IntakeDialog,
    MeetingDialog,
    ObjectionDialog,
    PostingDialog,
    ReviewDialog,
    SettleDialog,
)
from desktop.ui.cases.posting_pdf import FileWrites, posting_headers, save_path, write_posting_pdf
from desktop.ui.cases.queue_model import ID_ROLE, CaseQueueModel, CaseQueueProxy
from desktop.ui.cases.report_widget import CaseReportWidget
from desktop.ui.cases.words import (
    action_label,
    input_error_text,
    refusal_text,
    step_label,
    steps_order,
)
from desktop.ui.id_queue_widget import IdQueueWidget, fill_combo
from desktop.ui.tasks import StoreThread

ACTIONS = (
    "request_check",
    "record_check",
    "meeting",
    "township_review",
    "posting",
    "objection",
    "settle",
    "decide",
    "recheck",
    "change",
)


class CaseQueueWidget(IdQueueWidget):
    model: CaseQueueModel
    proxy: CaseQueueProxy

    loaded = Signal()
    detail_shown = Signal(str)
    queued = Signal(str)  # an operation went to the outbox (its id)
    failed = Signal(str)  # an input error code
    exported = Signal(str)  # a posting file was written (its path)

    def __init__(
        self, runner: StoreThread, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("CaseQueueWidget")
        self.runner, self.lang = runner, lang
        self.store: Store | None = None
        self.detail: CaseDetail | None = None
        self.dialog: QDialog | None = None
        self.today: Callable[[], date] = date.today
        self.files = FileWrites()
        self._detail_gen = 0  # only the newest detail load is shown

        # --- Filters
        self.step_combo = QComboBox(self)
        self.village_combo = QComboBox(self)
        self.days_combo = QComboBox(self)
        self.overdue_combo = QComboBox(self)
        self.days_combo.addItem(self.tr("Any"), None)
        for n in (0, 1, 3, 7):
            self.days_combo.addItem(self.tr("At most %1").replace("%1", str(n)), n)
        self.overdue_combo.addItem(self.tr("All cases"), None)
        self.overdue_combo.addItem(self.tr("Overdue only"), True)
        filters = self.filter_row(
            [
                (self.tr("Step"), self.step_combo),
                (self.tr("Village"), self.village_combo),
                (self.tr("Posting days left"), self.days_combo),
                (self.tr("Overdue"), self.overdue_combo),
            ]
        )
        self.count_label = QLabel(self)
        filters.addWidget(self.count_label)
        self.intake_button = QPushButton(self.tr("Application at the window…"), self)
        self.intake_button.setObjectName("caseIntake")
        self.intake_button.clicked.connect(self.open_intake_dialog)
        self.intake_button.hide()
        filters.addWidget(self.intake_button)

        # --- Table and detail
        self.table = self.build_table(CaseQueueModel(self), CaseQueueProxy(self), "caseTable")
        self.detail_view = QTextBrowser(self)
        self.detail_view.setObjectName("caseDetail")
        self.refusal_label = QLabel(self)
        self.refusal_label.setObjectName("caseRefusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet(
            "background: #fde7e9; border: 1px solid #b00020; padding: 6px"
        )
        self.refusal_label.hide()
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self)
        self.dismiss_button.setObjectName("caseDismissRefusal")
        self.dismiss_button.clicked.connect(self.dismiss_refusal)
        self.dismiss_button.hide()
        self.action_buttons: dict[str, QPushButton] = {}
        action_row = QHBoxLayout()
        for action in ACTIONS:
            b = QPushButton(action_label(action), self)
            b.setObjectName(f"case_{action}")
            b.clicked.connect(lambda _c=False, a=action: self.run_action(a))
            b.hide()
            self.action_buttons[action] = b
            action_row.addWidget(b)
        action_row.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        refusal_row = QHBoxLayout()
        refusal_row.addWidget(self.refusal_label, 1)
        refusal_row.addWidget(self.dismiss_button)
        right_layout.addLayout(refusal_row)
        right_layout.addWidget(self.detail_view, 1)
        right_layout.addLayout(action_row)
        split = QSplitter(self)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        # --- Postings: the printable list and the spreadsheet
        self.posting_combo = QComboBox(self)
        self.pdf_button = QPushButton(self.tr("Save posting as PDF…"), self)
        self.xlsx_button = QPushButton(self.tr("Save posting as xlsx…"), self)
        self.pdf_button.clicked.connect(lambda: self.export_posting("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export_posting("xlsx"))
        self.message_label = QLabel(self)
        self.message_label.setObjectName("caseMessage")
        self.message_label.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("Posting"), self))
        bottom.addWidget(self.posting_combo)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(self.message_label, 1)

        self.add_shortcuts()  # J / K, as in the review queue

        # The queue and the reports page, as two tabs of the cases screen
        queue_page = QWidget(self)
        queue_layout = QVBoxLayout(queue_page)
        queue_layout.addLayout(filters)
        queue_layout.addWidget(split, 1)
        queue_layout.addLayout(bottom)
        self.report = CaseReportWidget(self)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("casePages")
        self.pages.addTab(queue_page, self.tr("Queue"))
        self.pages.addTab(self.report, self.tr("Reports"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    # --- Loading

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.model.set_rows([])
        self.detail = None
        self.detail_view.clear()
        self._show_actions(())
        if store is not None:
            self.reload()

    def reload(self) -> None:
        store, lang, today = self.store, self.lang, self.today()
        if store is None:
            return
        self.runner.submit(
            lambda: (
                cases.load_queue(store, lang, today),
                cases.postings(store),
                cases.may_work_cases(store),
                cases.report_page(store, lang, today),
            ),
            self._on_loaded,
            self._on_failed,
        )

    def _on_loaded(self, loaded: object) -> None:
        assert isinstance(loaded, tuple)
        rows, postings, may_work, (reports, programmes, until) = loaded
        self.report.show_reports(reports, programmes, self.today(), until)
        self.intake_button.setVisible(bool(may_work))
        current = self.current_id()
        self.model.set_rows(rows)
        self._fill_filters(rows)
        keep = self.posting_combo.currentData()
        self.posting_combo.clear()
        for pid, village, start, end in postings:
            self.posting_combo.addItem(f"{village} {start.isoformat()} – {end.isoformat()}", pid)
        if keep is not None:
            self.posting_combo.setCurrentIndex(max(0, self.posting_combo.findData(keep)))
        for b in (self.pdf_button, self.xlsx_button):
            b.setEnabled(bool(postings))
        if current is not None and self.select(current):
            self._load_detail(current)  # its data may have changed; an older load is dropped
        elif self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        self.loaded.emit()

    def _fill_filters(self, rows: list[CaseQueueRow]) -> None:
        steps = sorted({r.step for r in rows}, key=steps_order)
        fill_combo(self.step_combo, {s: step_label(s) for s in steps}, self.tr("All steps"))
        villages = dict(
            sorted({(r.village_code, r.village_name) for r in rows}, key=lambda v: v[1])
        )
        fill_combo(self.village_combo, villages, self.tr("All villages"))
        self._on_filter_changed()

    def _on_filter_changed(self) -> None:
        self.proxy.set_filters(
            self.step_combo.currentData(),
            self.village_combo.currentData(),
            self.days_combo.currentData(),
            self.overdue_combo.currentData(),
        )
        self.count_label.setText(
            self.tr("%1 of %2 cases")
            .replace("%1", str(self.proxy.rowCount()))
            .replace("%2", str(self.model.rowCount()))
        )

    # --- Moving through the queue

    def selected_rows(self) -> list[CaseQueueRow]:
        found = (self.model.row_for(i) for i in self.selected_ids())
        return [r for r in found if r is not None]

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cid = current.data(ID_ROLE) if current.isValid() else None
        if cid is None:
            self.detail = None
            self.detail_view.clear()
            self._show_actions(())
            return
        self._load_detail(str(cid))

    def _load_detail(self, case_id: str) -> None:
        store, lang, today = self.store, self.lang, self.today()
        if store is None:
            return
        self._detail_gen += 1
        gen = self._detail_gen
        self.runner.submit(
            lambda: cases.load_detail(store, case_id, lang, today),
            lambda detail: self._on_detail_loaded(detail, gen),
            self._on_failed,
        )

    def _on_detail_loaded(self, detail: object, gen: int = 0) -> None:
        assert isinstance(detail, CaseDetail)
        if gen != self._detail_gen or detail.row.case_id != self.current_id():
            return  # a newer load is on its way, or the user has moved on
        self.detail = detail
        self.detail_view.setHtml(case_detail_html(detail))
        self._show_actions(detail.actions)
        refusal = detail.row.refusal
        if refusal is not None:
            self.refusal_label.setText(refusal_text(refusal.code, refusal.params, refusal.op))
        self.refusal_label.setVisible(refusal is not None)
        self.dismiss_button.setVisible(refusal is not None)
        self.detail_shown.emit(detail.row.case_id)

    def _show_actions(self, actions: tuple[str, ...]) -> None:
        for action, b in self.action_buttons.items():
            b.setVisible(action in actions)

    # --- Actions

    def run_action(self, action: str) -> None:
        """Run one action on the current case; a dialog first where it needs input. What the
        user typed is read here, on the GUI thread; only plain values go to the store thread."""
        d = self.detail
        if d is None or self.store is None:
            return
        r, today = d.row, self.today()
        cid = r.case_id
        if action == "request_check":
            self._submit(lambda s: case_ops.request_check(s, cid, today))
        elif action == "recheck":
            self._submit(lambda s: case_ops.start_recheck(s, cid, "", today))
        elif action == "record_check":
            self._open(CheckDialog(r, self), self._on_check_accepted)
        elif action == "meeting":
            self.open_meeting_dialog()
        elif action == "township_review":
            self._open(ReviewDialog(r, d.categories, self), self._on_review_accepted)
        elif action == "posting":
            self.open_posting_dialog()
        elif action == "objection":
            self._open(ObjectionDialog(r, today, self), self._on_objection_accepted)
        elif action == "settle":
            self._open(SettleDialog(r, d.objections, self), self._on_settle_accepted)
        elif action == "decide":
            dialog = DecisionDialog(
                r, d.categories, d.posting_day, None, self, d.pending_change == "exit"
            )
            self._open(dialog, self._on_decision_accepted)
        elif action == "change":
            self._open(ChangeDialog(r, self), self._on_change_accepted)

    def _case_id(self) -> str:
        assert self.detail is not None
        return self.detail.row.case_id

    def _on_check_accepted(self, dl: CheckDialog) -> None:
        cid, today = self._case_id(), self.today()
        outcome, note = str(dl.outcome_combo.currentData()), dl.note_edit.toPlainText()
        self._submit(lambda s: case_ops.record_check(s, cid, outcome, note, today))

    def _on_review_accepted(self, dl: ReviewDialog) -> None:
        cid, today = self._case_id(), self.today()
        outcome, category = str(dl.outcome_combo.currentData()), dl.category_combo.currentText()
        amount, comment = dl.amount_edit.text(), dl.comment_edit.toPlainText()
        self._submit(
            lambda s: case_ops.township_review(s, cid, outcome, category, amount, comment, today)
        )

    def _on_objection_accepted(self, dl: ObjectionDialog) -> None:
        cid, today = self._case_id(), self.today()
        received, content = dl.received_on_date(), dl.content_edit.toPlainText()
        raised_by = dl.raised_by_edit.text()
        self._submit(
            lambda s: case_ops.record_objection(s, cid, received, content, raised_by, today)
        )

    def _on_settle_accepted(self, dl: SettleDialog) -> None:
        cid, today = self._case_id(), self.today()
        oid, outcome = str(dl.objection_combo.currentData()), str(dl.outcome_combo.currentData())
        reason = dl.reason_edit.toPlainText()
        self._submit(lambda s: case_ops.settle_objection(s, cid, oid, outcome, reason, today))

    def _on_change_accepted(self, dl: ChangeDialog) -> None:
        cid, today = self._case_id(), self.today()
        action, reason = str(dl.action_combo.currentData()), dl.reason_edit.toPlainText()
        self._submit(lambda s: case_ops.change_circumstances(s, cid, action, reason, today))

    def _on_decision_accepted(self, dl: DecisionDialog) -> None:
        cid, today = self._case_id(), self.today()
        outcome, category = str(dl.outcome_combo.currentData()), dl.category_combo.currentText()
        amount, month = dl.amount_edit.text(), dl.month_edit.text()
        reason = dl.reason_edit.toPlainText()
        self._submit(
            lambda s: case_ops.decide(s, cid, outcome, category, amount, month, reason, today)
        )

    def open_intake_dialog(self) -> None:
        store, lang = self.store, self.lang
        if store is None:
            return
        self.runner.submit(
            lambda: cases.intake_choices(store, lang), self._on_intake_choices, self._on_failed
        )

    def _on_intake_choices(self, choices: object) -> None:
        assert isinstance(choices, tuple)
        households, programmes = choices
        today = self.today()

        def accepted(dl: IntakeDialog) -> None:
            hid = str(dl.household_combo.currentData() or "")
            programme = str(dl.programme_combo.currentData() or "")
            applicant, note = dl.applicant_edit.text(), dl.note_edit.toPlainText()
            self._submit(lambda s: case_ops.open_case(s, hid, programme, applicant, note, today))

        self._open(IntakeDialog(households, programmes, self), accepted)

    def dismiss_refusal(self) -> None:
        d = self.detail
        if d is None or self.store is None:
            return
        store, cid = self.store, d.row.case_id
        self.runner.submit(
            lambda: case_ops.dismiss_refusal(store, cid), lambda _r: self.reload(), self._on_failed
        )

    def _village_rows(self, step_actions: tuple[str, ...]) -> list[CaseQueueRow]:
        """The chosen cases, else every case of the current case's village at that step."""
        d = self.detail
        if d is None:
            return []
        chosen = [r for r in self.selected_rows() if r.village_code == d.row.village_code]
        pool = chosen if len(chosen) > 1 else self.model.rows()
        return [
            r for r in pool
            if r.village_code == d.row.village_code and _action_for(r) in step_actions
        ]  # fmt: skip

    def open_meeting_dialog(self) -> None:
        d = self.detail
        if d is None:
            return
        village, today = d.row.village_code, self.today()

        def accepted(dl: MeetingDialog) -> None:
            held, place, members = dl.held_on_date(), dl.place_edit.text(), dl.members
            outcomes, minutes = dl.meeting_outcomes(), dl.minutes
            self._submit(
                lambda s: case_ops.record_meeting(
                    s, village, held, place, members, outcomes, minutes, today
                )
            )

        self._open(MeetingDialog(self._village_rows(("meeting",)), today, self), accepted)

    def open_posting_dialog(self) -> None:
        d = self.detail
        if d is None:
            return
        village, today = d.row.village_code, self.today()

        def accepted(dl: PostingDialog) -> None:
            start, chosen = dl.start_date(), dl.chosen()
            self._submit(lambda s: case_ops.create_posting(s, village, start, chosen, today))

        rows = self._village_rows(("posting",))
        self._open(PostingDialog(d.row.village_name, rows, today, self), accepted)

    def _open(self, dialog: QDialog, on_accepted: Callable[[Any], None]) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_accepted(dialog))
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self) -> None:
        if self.dialog is not None and self.dialog is self.sender():
            self.dialog.deleteLater()
            self.dialog = None

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.close()
            dialog.deleteLater()

    def _submit(self, work: Callable[[Store], str]) -> None:
        store = self.store
        if store is None:
            return
        self.runner.submit(lambda: work(store), self._on_queued, self._on_failed)

    def _on_queued(self, op_id: object) -> None:
        self.message_label.setText(self.tr("Saved here; it goes to the server with the next sync."))
        self.queued.emit(str(op_id))
        self.reload()

    def _on_failed(self, exc: BaseException) -> None:
        code = exc.code if isinstance(exc, CaseInputError) else type(exc).__name__
        self.message_label.setText(input_error_text(code))
        self.failed.emit(code)

    # --- Posting files

    def export_posting(self, kind: str, path: Path | None = None) -> None:
        """Ask where (unless `path` is given), then write the posting list there off the GUI
        thread. Nothing is written anywhere else."""
        store, lang = self.store, self.lang
        pid = self.posting_combo.currentData()
        if store is None or pid is None:
            return
        if path is None:
            caption = self.tr("Save the posting list")
            pattern = self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("Spreadsheet (*.xlsx)")
            path = save_path(self, caption, pattern, f".{kind}")
            if path is None:
                return
        target = path
        headers = posting_headers()
        self.runner.submit(
            lambda: cases.posting_sheet(store, str(pid), lang),
            lambda sheet: self._write_posting(kind, sheet, target, headers),
            self._on_failed,
        )

    def _write_posting(self, kind: str, sheet: object, path: Path, headers: list[str]) -> None:
        assert isinstance(sheet, PostingSheet)
        if kind == "pdf":
            work: Callable[[], object] = lambda: write_posting_pdf(sheet, path)  # noqa: E731
        else:
            work = lambda: cases.write_posting_xlsx(sheet, headers, path)  # noqa: E731
        self.files.start(work, lambda: self._on_exported(path), self._on_export_failed)

    def _on_exported(self, path: Path) -> None:
        self.message_label.setText(self.tr("Posting list saved: %1").replace("%1", path.name))
        self.exported.emit(str(path))

    def _on_export_failed(self) -> None:
        self.message_label.setText(self.tr("The posting list could not be written there."))

    def shutdown(self) -> None:
        """Let a file being written (a posting list, the reports) finish before the store goes."""
        QThreadPool.globalInstance().waitForDone(30_000)
        self._close_dialog()


def _action_for(r: CaseQueueRow) -> str:
    return {"appraisal": "meeting", "posting": "posting"}.get(r.next_action, r.next_action)
