"""Exports: the ledger (台账), the public-posting list (公示), referral lists and the discrepancy
report, as xlsx from the server's scope-checked API, with a progress bar and Cancel; for the
whole scope or one of its townships or villages (the list the server last said is in scope)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services import reports
from desktop.services.reports import ExportArea, ExportResult
from desktop.store.profile import Store
from desktop.ui.progress.network import NetworkTask
from sync.client import Cancelled, ServerRefused


class ExportsWidget(QWidget):
    exported = Signal(object)
    export_failed = Signal(str)
    areas_loaded = Signal()

    def __init__(self, pool: QThreadPool, parent: QWidget | None = None, lang: str = "zh") -> None:
        super().__init__(parent)
        self.setObjectName("ExportsWidget")
        self.pool = pool
        self.lang = lang  # a county form's answers in the ledger are labelled in it
        self.store: Store | None = None
        self.task: NetworkTask | None = None
        self.kind_combo = QComboBox(self)
        self.kind_combo.addItem(self.tr("Ledger (台账, contains ID numbers)"), "ledger")
        self.kind_combo.addItem(self.tr("Public-posting list (公示)"), "public-list")
        self.kind_combo.addItem(self.tr("Referral lists per department"), "referrals")
        self.kind_combo.addItem(self.tr("Discrepancy report"), "discrepancies")
        self.area_combo = QComboBox(self)
        self.area_combo.setObjectName("exportAreaCombo")
        self.area_combo.addItem(self.tr("Whole scope"), None)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.bar = QProgressBar(self)
        self.bar.hide()
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.kind_combo, 1)
        row.addWidget(self.area_combo, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        layout.addWidget(self.result_label)
        layout.addStretch(1)

    def set_store(self, store: Store | None) -> None:
        self.cancel()
        self.store = store
        self.export_button.setEnabled(store is not None)
        self.load_areas()

    def load_areas(self) -> None:
        """Townships and villages to cut an export down to (read on the network pool: the
        store thread may be busy with a sync)."""
        store = self.store
        if store is None:
            self._fill_areas([])
            return
        task = NetworkTask(lambda _p, _s: reports.export_areas(store), self)
        task.succeeded.connect(self._fill_areas)
        task.start(self.pool)

    def _fill_areas(self, areas: object) -> None:
        assert isinstance(areas, list)
        keep = self.area_combo.currentData()
        self.area_combo.clear()
        self.area_combo.addItem(self.tr("Whole scope"), None)
        for a in areas:
            assert isinstance(a, ExportArea)
            text = a.name if a.level == "township" else "    " + a.name
            self.area_combo.addItem(text, a)
        i = next(
            (j for j in range(self.area_combo.count()) if self.area_combo.itemData(j) == keep), 0
        )
        self.area_combo.setCurrentIndex(i)
        self.areas_loaded.emit()

    def select_area(self, code: str | None) -> bool:
        for j in range(self.area_combo.count()):
            a = self.area_combo.itemData(j)
            if (a.code if isinstance(a, ExportArea) else None) == code:
                self.area_combo.setCurrentIndex(j)
                return True
        return False

    def _on_export_clicked(self) -> None:
        kind = str(self.kind_combo.currentData())
        area = self.area_combo.currentData()
        suggested = f"{kind}-{area.code}.xlsx" if isinstance(area, ExportArea) else f"{kind}.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the export"), suggested, self.tr("Excel workbook (*.xlsx)")
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path, kind: str | None = None) -> None:
        store = self.store
        if store is None or (self.task is not None and self.task.running):
            return
        what = kind or str(self.kind_combo.currentData())
        chosen = self.area_combo.currentData()
        area = chosen if isinstance(chosen, ExportArea) else None
        lang = self.lang
        task = NetworkTask(
            lambda p, stop: reports.export(store, what, path, p, stop, area=area, lang=lang), self
        )
        task.progressed.connect(self._on_progress)
        task.succeeded.connect(self._on_done)
        task.failed.connect(self._on_failed)
        self.task = task
        self.bar.setRange(0, 0)
        self.bar.show()
        self.cancel_button.show()
        self.export_button.setEnabled(False)
        self.result_label.setText(self.tr("Exporting…"))
        task.start(self.pool)

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _finish(self) -> None:
        self.bar.hide()
        self.cancel_button.hide()
        self.export_button.setEnabled(self.store is not None)

    def _on_done(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        self._finish()
        self.result_label.setText(
            self.tr("Saved %1 (%2 KB).")
            .replace("%1", str(result.path))
            .replace("%2", str(max(1, result.size // 1024)))
        )
        self.exported.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._finish()
        if isinstance(exc, Cancelled):
            code, text = "cancelled", self.tr("Export cancelled; nothing was saved.")
        elif isinstance(exc, ServerRefused) and exc.status == 403:
            code, text = "forbidden", self.tr("Your role or scope does not allow this export.")
        else:
            code = type(exc).__name__
            text = self.tr("The export failed (the server may be out of reach); nothing was saved.")
        self.result_label.setText(text)
        self.export_failed.emit(code)
