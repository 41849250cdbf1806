"""The case queue table: a thin Qt model over case ids with the service's frozen rows, and its
filter proxy (step, village, days left in the posting window, overdue).

The model never runs SQL: the store thread loads the rows and hands them over. Sorting uses
`SORT_ROLE` (numbers for days, text otherwise) so the proxy compares in C++.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from desktop.services.cases import CaseQueueRow
from desktop.ui.cases.words import next_action_label, step_label
from desktop.ui.id_table_model import ID_ROLE as ID_ROLE  # the queues' widgets read it here
from desktop.ui.id_table_model import SORT_ROLE as SORT_ROLE
from desktop.ui.id_table_model import IdFilterProxy, IdTableModel

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


class CaseQueueModel(IdTableModel[CaseQueueRow]):
    COLUMNS = COLUMNS

    def row_id(self, r: CaseQueueRow) -> str:
        return r.case_id

    def header(self, col: int) -> str:
        return _header(col)

    def sort_value(self, r: CaseQueueRow, col: int) -> Any:
        if col == COL_SINCE:
            return r.days_in_step
        if col == COL_DAYS_LEFT:
            return -1 if r.days_left is None else r.days_left
        return self.display(r, col)

    def role_data(self, r: CaseQueueRow, col: int, role: int) -> Any:
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

    def display(self, r: CaseQueueRow, col: int) -> str:
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


class CaseQueueProxy(IdFilterProxy):
    """Exact-match filters; None means any. `max_days_left`: postings with at most that many
    days left (postings only); `overdue`: True overdue only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.step: str | None = None
        self.village: str | None = None
        self.max_days_left: int | None = None
        self.overdue: bool | None = None

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

    def accepts(self, r: CaseQueueRow) -> bool:
        return (
            (self.step is None or r.step == self.step)
            and (self.village is None or r.village_code == self.village)
            and (
                self.max_days_left is None
                or (r.days_left is not None and r.days_left <= self.max_days_left)
            )
            and (self.overdue is None or r.overdue == self.overdue)
        )
