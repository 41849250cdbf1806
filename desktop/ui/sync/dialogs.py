"""The sync log (viewable, exportable for county IT) and the USB transfer dialog.

Both read and write through the store thread. The log holds times, outcomes, counts and error
codes only, so showing or exporting it shows no household's data. The USB dialog seals the
pending batches into one encrypted file for the township office and reads back its receipt;
file names are chosen by the person and never carry personal data.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import sync_status
from desktop.services.syncing import LogLine, SyncSummary
from desktop.store.profile import Store
from desktop.ui.sync.status_widget import result_words, short_time
from desktop.ui.tasks import StoreThread


def _failure_text(exc: BaseException) -> str:
    # Messages from the sync layer are written for people and carry no personal data.
    return QCoreApplication.translate("SyncDialogs", "That did not work: %1").replace(
        "%1", str(exc) or type(exc).__name__
    )


class SyncLogDialog(QDialog):
    """The last rounds, newest first; Export writes them as text for county IT."""

    loaded = Signal()
    exported = Signal(str)

    def __init__(self, runner: StoreThread, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncLogDialog")
        self.setWindowTitle(self.tr("Sync log"))
        self.resize(820, 420)
        self._runner, self._store = runner, store
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("syncLogTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Finished"), self.tr("Route"), self.tr("Result"), self.tr("Error code"),
             self.tr("Counts")]
        )  # fmt: skip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.export_button = QPushButton(self.tr("Export for county IT…"), self)
        self.export_button.setObjectName("exportLogButton")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("The log holds times, results and counts only: no names or ID numbers."),
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.export_button.clicked.connect(self._on_export_clicked)
        store_ = store
        runner.submit(lambda: sync_status.log_lines(store_), self._on_lines_loaded)

    def _on_lines_loaded(self, lines: object) -> None:
        assert isinstance(lines, list)
        self.table.setRowCount(len(lines))
        for r, line in enumerate(lines):
            assert isinstance(line, LogLine)
            counts = {k: v for k, v in line.counts.items() if v}
            cells = (
                short_time(line.finished_at),
                self.tr("USB") if line.via == "usb" else self.tr("Network"),
                result_words(
                    line.outcome, line.error, _offset(line.counts.get("clock_offset_seconds"))
                ),
                line.error or "",
                json.dumps(counts, sort_keys=True),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.loaded.emit()

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the sync log"), "doorstep-sync-log.txt", "Text (*.txt)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        store = self._store
        self._runner.submit(
            lambda: sync_status.export_log(store, path),
            lambda n: self._on_exported(path, n),
            lambda exc: self.result_label.setText(_failure_text(exc)),
        )

    def _on_exported(self, path: Path, n: object) -> None:
        self.result_label.setText(
            self.tr("%1 rounds written to %2").replace("%1", str(n)).replace("%2", path.name)
        )
        self.exported.emit(str(path))


class UsbDialog(QDialog):
    """Export what waits to a sealed file; import the office's receipt."""

    step_done = Signal(str)  # export | import | key | error, after the store thread finished

    def __init__(self, runner: StoreThread, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usbDialog")
        self.setWindowTitle(self.tr("USB transfer"))
        self._runner, self._store = runner, store
        explain = QLabel(
            self.tr(
                "Without a network, take the surveys to the township office on a USB stick. "
                "The file is encrypted for the county server only. The office imports it and "
                "gives you a receipt file; import the receipt here so the laptop knows what "
                "arrived."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.key_edit = QLineEdit(self)
        self.key_edit.setObjectName("usbKeyEdit")
        self.key_edit.setPlaceholderText(self.tr("Server USB key (from county IT)"))
        self.key_button = QPushButton(self.tr("Save key"), self)
        self.key_button.setObjectName("usbKeyButton")
        key_row = QHBoxLayout()
        key_row.addWidget(self.key_edit, 1)
        key_row.addWidget(self.key_button)
        self.export_button = QPushButton(self.tr("Export waiting surveys to a file…"), self)
        self.export_button.setObjectName("usbExportButton")
        self.import_button = QPushButton(self.tr("Import a receipt…"), self)
        self.import_button.setObjectName("usbImportButton")
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(key_row)
        layout.addWidget(self.export_button)
        layout.addWidget(self.import_button)
        layout.addWidget(self.result_label)
        layout.addWidget(close)
        self.key_button.clicked.connect(self._on_key_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        runner.submit(lambda: sync_status.has_usb_key(store), self._on_key_known)

    def _on_key_known(self, known: object) -> None:
        self.key_edit.setVisible(not known)
        self.key_button.setVisible(not known)

    def _on_key_clicked(self) -> None:
        store, key = self._store, self.key_edit.text()
        self._runner.submit(
            lambda: sync_status.set_usb_key(store, key),
            self._on_key_saved,
            self._on_failed,
        )

    def _on_key_saved(self, _result: object) -> None:
        self._on_key_known(True)
        self.step_done.emit("key")

    def _on_export_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export to USB"), "doorstep-transfer.dst", "Doorstep (*.dst)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        store = self._store
        self._runner.submit(
            lambda: sync_status.export_usb(store, path),
            lambda n: self._on_exported(int(str(n))),
            self._on_failed,
        )

    def _on_exported(self, batches: int) -> None:
        if batches:
            text = self.tr("%1 batches written. Take the file to the township office.")
            self.result_label.setText(text.replace("%1", str(batches)))
        else:
            self.result_label.setText(self.tr("Nothing is waiting to be sent."))
        self.step_done.emit("export")

    def _on_import_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a receipt"), "", "Doorstep (*.dsr *.dst);;* (*)"
        )
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> None:
        store = self._store
        self._runner.submit(
            lambda: sync_status.import_receipt(store, path), self._on_imported, self._on_failed
        )

    def _on_imported(self, summary: object) -> None:
        assert isinstance(summary, SyncSummary)
        text = self.tr("Receipt read: %1 records acknowledged, %2 conflicts.")
        self.result_label.setText(
            text.replace("%1", str(summary.counts.get("acknowledged", 0))).replace(
                "%2", str(summary.counts.get("conflicts", 0))
            )
        )
        self.step_done.emit("import")

    def _on_failed(self, exc: BaseException) -> None:
        self.result_label.setText(_failure_text(exc))
        self.step_done.emit("error")


def _offset(value: object) -> int | None:
    return value if isinstance(value, int) else None
