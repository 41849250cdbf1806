"""The case queue table: a thin Qt model over case ids with the service's frozen rows, and its
filter proxy (step, village, days left in the posting window, overdue).

The model never runs SQL: the store thread loads the rows and hands them over. Sorting uses
`SORT_ROLE` (numbers for days, text otherwise) so the proxy compares in C++.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.services.cases import CaseQueueRow
from desktop.ui.cases.words import next_action_label, step_label

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
(COL_NAME, COL_VILLAGE, COL_PROGRAMME, COL_STEP, COL_SINCE, COL_DAYS_LEFT, COL_DUE, COL_AMOUNT) = (
    range(8)
)
COLUMNS = 8
OVERDUE_COLOR = QColor("#b00020")
PENDING_COLOR = QColor("#6b6b6b")


def _header(col: int) -> str:
    return [
        QCoreApplication.translate("CaseQueueModel", "Head of household"),
        QCoreApplication.translate("CaseQueueModel", "Village"),
        QCoreApplication.translate("CaseQueueModel", "Programme"),
        QCoreApplication.translate("CaseQueueModel", "Step"),
        QCoreApplication.translate("CaseQueueModel", "Days in step"),
        QCoreApplication.translate("CaseQueueModel", "Posting days left"),
        QCoreApplication.translate("CaseQueueModel", "Due"),
        QCoreApplication.translate("CaseQueueModel", "Proposed monthly amount"),
    ][col]


class CaseQueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, CaseQueueRow] = {}

    # --- Loading

    def set_rows(self, rows: Sequence[CaseQueueRow]) -> None:
        self.beginResetModel()
        self._ids = [r.case_id for r in rows]
        self._rows = {r.case_id: r for r in rows}
        self.endResetModel()

    def update_rows(self, rows: Sequence[CaseQueueRow]) -> None:
        """New copies of rows already shown (after an operation): repaint them in place."""
        for r in rows:
            if r.case_id not in self._rows:
                continue
            self._rows[r.case_id] = r
            i = self._ids.index(r.case_id)
            self.dataChanged.emit(self.index(i, 0), self.index(i, COLUMNS - 1))

    def row_at(self, i: int) -> CaseQueueRow:
        return self._rows[self._ids[i]]

    def row_for(self, case_id: str) -> CaseQueueRow | None:
        return self._rows.get(case_id)

    def rows(self) -> list[CaseQueueRow]:
        return [self._rows[i] for i in self._ids]

    # --- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(section) if 0 <= section < COLUMNS else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        r = self._rows[self._ids[index.row()]]
        col = index.column()
        if role == ID_ROLE:
            return r.case_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == SORT_ROLE:
            if col == COL_SINCE:
                return r.days_in_step
            if col == COL_DAYS_LEFT:
                return -1 if r.days_left is None else r.days_left
            return self._display(r, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.refusal is not None or (r.overdue and col == COL_DUE):
                return OVERDUE_COLOR
            if r.pending:
                return PENDING_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STEP and r.pending:
            return QCoreApplication.translate(
                "CaseQueueModel", "Changed on this laptop; waiting for the server."
            )
        return None

    def _display(self, r: CaseQueueRow, col: int) -> str:
        if col == COL_NAME:
            return r.head_name
        if col == COL_VILLAGE:
            return r.village_name
        if col == COL_PROGRAMME:
            return r.programme_label
        if col == COL_STEP:
            text = step_label(r.step)
            if r.pending:
                text += " · " + QCoreApplication.translate("CaseQueueModel", "waiting to sync")
            return text
        if col == COL_SINCE:
            return str(r.days_in_step)
        if col == COL_DAYS_LEFT:
            return "" if r.days_left is None else str(r.days_left)
        if col == COL_DUE:
            if r.refusal is not None:
                return QCoreApplication.translate("CaseQueueModel", "Refused by the server")
            text = next_action_label(r.next_action)
            if r.overdue and not text:
                text = QCoreApplication.translate("CaseQueueModel", "Overdue")
            return text
        if col == COL_AMOUNT:
            return r.proposed_amount
        return ""


class CaseQueueProxy(QSortFilterProxyModel):
    """Exact-match filters; None means any. `max_days_left`: postings with at most that many
    days left (postings only); `overdue`: True overdue only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.step: str | None = None
        self.village: str | None = None
        self.max_days_left: int | None = None
        self.overdue: bool | None = None
        self.setSortRole(SORT_ROLE)

    def set_filters(
        self,
        step: str | None = None,
        village: str | None = None,
        max_days_left: int | None = None,
        overdue: bool | None = None,
    ) -> None:
        self.beginFilterChange()
        self.step, self.village = step, village
        self.max_days_left, self.overdue = max_days_left, overdue
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, CaseQueueModel) or source_parent.isValid():
            return False
        r = model.row_at(source_row)
        return (
            (self.step is None or r.step == self.step)
            and (self.village is None or r.village_code == self.village)
            and (
                self.max_days_left is None
                or (r.days_left is not None and r.days_left <= self.max_days_left)
            )
            and (self.overdue is None or r.overdue == self.overdue)
        )
