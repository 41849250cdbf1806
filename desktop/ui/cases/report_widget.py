"""The cases screen's reports page: per township, cases by programme and step; postings open
today with the days left; re-checks due this round; decisions this month with their amounts.

Offline first: the figures come from this laptop's store (`cases.township_reports`, on the store
thread), so they are there without a network and agree with the server's report once synced.
"Save as xlsx…" writes the three tables as the page shows them, on a pool thread, to the file
the user chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services import cases
from desktop.services.cases import TownshipCaseReport
from desktop.ui.cases.posting_pdf import FileWrites, save_path
from desktop.ui.cases.words import step_label, steps_order

Sheet = tuple[str, list[str], list[list[Any]]]


def _table(parent: QWidget, name: str) -> QTableWidget:
    t = QTableWidget(parent)
    t.setObjectName(name)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().hide()
    return t


def _fill(table: QTableWidget, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeColumnsToContents()


class CaseReportWidget(QWidget):
    loaded = Signal()
    exported = Signal(str)  # the xlsx was written (its path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CaseReportWidget")
        self.reports: list[TownshipCaseReport] = []
        self.sheets: list[Sheet] = []
        self.files = FileWrites()
        self.as_of_label = QLabel(self)
        self.as_of_label.setObjectName("caseReportAsOf")
        self.as_of_label.setWordWrap(True)
        self.xlsx_button = QPushButton(self.tr("Save as xlsx…"), self)
        self.xlsx_button.setObjectName("caseReportXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.message_label = QLabel(self)
        self.message_label.setObjectName("caseReportMessage")
        self.steps_table = _table(self, "caseReportSteps")
        self.postings_table = _table(self, "caseReportPostings")
        self.summary_table = _table(self, "caseReportSummary")
        top = QHBoxLayout()
        top.addWidget(self.as_of_label, 1)
        top.addWidget(self.message_label)
        top.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        for title, table, stretch in (
            (self.tr("Cases by programme and step"), self.steps_table, 2),
            (self.tr("Postings open today"), self.postings_table, 1),
            (self.tr("Re-checks and decisions"), self.summary_table, 1),
        ):
            heading = QLabel(f"<b>{title}</b>", self)
            layout.addWidget(heading)
            layout.addWidget(table, stretch)

    def show_reports(
        self,
        reports: Sequence[TownshipCaseReport],
        programmes: dict[str, str],
        today: date,
        until: date,
    ) -> None:
        """Fill the three tables (and what the xlsx will hold) from the store's figures."""
        self.reports = list(reports)
        self.as_of_label.setText(
            self.tr(
                "From this laptop's data as of %1 (the last sync and the work done here since). "
                "Re-checks due by %2, the end of the round; decisions since %3."
            )
            .replace("%1", today.isoformat())
            .replace("%2", until.isoformat())
            .replace("%3", today.replace(day=1).isoformat())
        )
        steps = sorted(
            {s for r in reports for by in r.by_step.values() for s in by}, key=steps_order
        )
        headers = [self.tr("Township"), self.tr("Programme")]
        headers += [step_label(s) for s in steps] + [self.tr("Total")]
        rows: list[list[Any]] = []
        for r in reports:
            for code, by in r.by_step.items():
                counts = [by.get(s, 0) for s in steps]
                rows.append([r.township_name, programmes.get(code, code), *counts, sum(counts)])
        self.sheets = [(self.tr("Cases by step"), headers, rows)]
        _fill(self.steps_table, headers, rows)

        headers = [
            self.tr("Township"),
            self.tr("Village"),
            self.tr("Posted from"),
            self.tr("Last day"),
            self.tr("Days left"),
            self.tr("Cases"),
        ]
        rows = [
            [
                r.township_name,
                p.village_name,
                p.start_date.isoformat(),
                p.end_date.isoformat(),
                p.days_left,
                p.cases,
            ]
            for r in reports
            for p in r.postings_open
        ]
        self.sheets.append((self.tr("Postings open"), headers, rows))
        _fill(self.postings_table, headers, rows)

        headers = [
            self.tr("Township"),
            self.tr("Re-checks due this round"),
            self.tr("Decisions this month"),
            self.tr("Approved"),
            self.tr("Monthly total (yuan)"),
        ]
        rows = [
            [r.township_name, r.rechecks_due, r.decisions, r.approved, r.monthly_total]
            for r in reports
        ]
        self.sheets.append((self.tr("Re-checks and decisions"), headers, rows))
        _fill(self.summary_table, headers, rows)
        self.loaded.emit()

    def export_xlsx(self, path: Path | None = None) -> None:
        """Ask where (unless `path` is given), then write the tables there off the GUI thread."""
        if path is None:
            caption, pattern = self.tr("Save the reports"), self.tr("Spreadsheet (*.xlsx)")
            path = save_path(self, caption, pattern, ".xlsx")
            if path is None:
                return
        sheets, target = list(self.sheets), path
        self.files.start(
            lambda: cases.write_sheets_xlsx(sheets, target),
            lambda: self._on_exported(target),
            self._on_export_failed,
        )

    def _on_exported(self, path: Path) -> None:
        self.message_label.setText(self.tr("Reports saved: %1").replace("%1", path.name))
        self.exported.emit(str(path))

    def _on_export_failed(self) -> None:
        self.message_label.setText(self.tr("The reports could not be written there."))
