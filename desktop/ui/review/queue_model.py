"""The review queue table: a thin Qt model over the service's frozen rows, and its filter proxy.

The model holds survey ids in queue order and the rows by id; it never runs SQL (the store thread
loads the queue and hands it over). Sorting uses `SORT_ROLE` values (numbers for the age, plain
text otherwise) so the proxy compares in C++; filtering by village, cadre, screening and
recommendation is a set of exact matches checked per row.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from desktop.services.review import QueueRow
from desktop.ui.id_table_model import ID_ROLE as ID_ROLE  # the queues' widgets read it here
from desktop.ui.id_table_model import SORT_ROLE as SORT_ROLE
from desktop.ui.id_table_model import IdFilterProxy, IdTableModel

COL_KEY, COL_VILLAGE, COL_CADRE, COL_HEAD, COL_FLAGS, COL_RECOMMENDATION, COL_AGE, COL_STATE = (
    range(8)
)
FLAG_COLOR = QColor("#b26a00")
CONFLICT_COLOR = QColor("#b00020")


def _header(col: int) -> str:
    return [
        QCoreApplication.translate("ReviewQueueModel", "Key"),
        QCoreApplication.translate("ReviewQueueModel", "Village"),
        QCoreApplication.translate("ReviewQueueModel", "Cadre"),
        QCoreApplication.translate("ReviewQueueModel", "Head of household"),
        QCoreApplication.translate("ReviewQueueModel", "Screening"),
        QCoreApplication.translate("ReviewQueueModel", "Recommendation"),
        QCoreApplication.translate("ReviewQueueModel", "Days in queue"),
        QCoreApplication.translate("ReviewQueueModel", "State"),
    ][col]


def state_label(state: str) -> str:
    return {
        "submitted": QCoreApplication.translate("ReviewState", "Submitted"),
        "returned_by_county": QCoreApplication.translate("ReviewState", "Returned by the county"),
        "township_approved": QCoreApplication.translate("ReviewState", "Approved by the township"),
        "returned_by_township": QCoreApplication.translate("ReviewState", "Returned to the cadre"),
        "county_approved": QCoreApplication.translate("ReviewState", "Approved by the county"),
        "withdrawn": QCoreApplication.translate("ReviewState", "Withdrawn by the county"),
    }.get(state, state)


class ReviewQueueModel(IdTableModel[QueueRow]):
    COLUMNS = 8

    def row_id(self, r: QueueRow) -> str:
        return r.survey_id

    def header(self, col: int) -> str:
        return _header(col)

    def sort_value(self, r: QueueRow, col: int) -> Any:
        if col == COL_AGE:
            return r.age_days
        if col == COL_FLAGS:
            return len(r.flags)
        return self.display(r, col)

    def role_data(self, r: QueueRow, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_FLAGS and r.flags:
            return FLAG_COLOR
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_FLAGS:
            return "\n".join(r.flags) or None
        if r.conflict and col == COL_STATE:
            if role == Qt.ItemDataRole.ForegroundRole:
                return CONFLICT_COLOR
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate(
                    "ReviewQueueModel",
                    "The server also holds a conflicting version of this survey: compare both "
                    "before deciding.",
                )
        return None

    def display(self, r: QueueRow, col: int) -> str:
        if col == COL_KEY:
            return r.short_key
        if col == COL_VILLAGE:
            return r.village_name
        if col == COL_CADRE:
            return r.cadre_name
        if col == COL_HEAD:
            return r.head_name
        if col == COL_FLAGS:
            return (
                QCoreApplication.translate("ReviewQueueModel", "%n flag(s)", "", len(r.flags))
                if r.flags
                else QCoreApplication.translate("ReviewQueueModel", "clean")
            )
        if col == COL_RECOMMENDATION:
            return r.recommendation_label or r.recommendation
        if col == COL_AGE:
            return str(r.age_days)
        if col == COL_STATE:
            if r.conflict:
                conflict = QCoreApplication.translate("ReviewQueueModel", "conflicting version")
                return f"{state_label(r.state)} · {conflict}"
            return state_label(r.state)
        return ""


class ReviewQueueProxy(IdFilterProxy):
    """Exact-match filters; None means any. `flagged`: True flagged only, False clean only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.village: str | None = None
        self.cadre: str | None = None
        self.flagged: bool | None = None
        self.recommendation: str | None = None

    def set_filters(
        self,
        village: str | None = None,
        cadre: str | None = None,
        flagged: bool | None = None,
        recommendation: str | None = None,
    ) -> None:
        self.beginFilterChange()
        self.village, self.cadre = village, cadre
        self.flagged, self.recommendation = flagged, recommendation
        self.endFilterChange()

    def accepts(self, r: QueueRow) -> bool:
        return (
            (self.village is None or r.village_code == self.village)
            and (self.cadre is None or r.cadre_name == self.cadre)
            and (self.flagged is None or bool(r.flags) == self.flagged)
            and (self.recommendation is None or r.recommendation == self.recommendation)
        )
