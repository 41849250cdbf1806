"""The review queue table: a thin Qt model over the service's frozen rows, and its filter proxy.

The model holds survey ids in queue order and the rows by id; it never runs SQL (the store thread
loads the queue and hands it over). Sorting uses `SORT_ROLE` values (numbers for the age, plain
text otherwise) so the proxy compares in C++; filtering by village, cadre, screening and
recommendation is a set of exact matches checked per row.
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

from desktop.services.review import QueueRow

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
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
    }.get(state, state)


class ReviewQueueModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, QueueRow] = {}

    # --- Loading

    def set_rows(self, rows: Sequence[QueueRow]) -> None:
        self.beginResetModel()
        self._ids = [r.survey_id for r in rows]
        self._rows = {r.survey_id: r for r in rows}
        self.endResetModel()

    def remove_ids(self, ids: Sequence[str]) -> None:
        for sid in ids:
            if sid not in self._rows:
                continue
            i = self._ids.index(sid)
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._ids[i]
            del self._rows[sid]
            self.endRemoveRows()

    def row_at(self, i: int) -> QueueRow:
        return self._rows[self._ids[i]]

    def row_for(self, survey_id: str) -> QueueRow | None:
        return self._rows.get(survey_id)

    def rows(self) -> list[QueueRow]:
        return [self._rows[i] for i in self._ids]

    # --- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _header(section) if 0 <= section < 8 else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        r = self._rows[self._ids[index.row()]]
        col = index.column()
        if role == ID_ROLE:
            return r.survey_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == SORT_ROLE:
            if col == COL_AGE:
                return r.age_days
            if col == COL_FLAGS:
                return len(r.flags)
            return self._display(r, col)
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

    def _display(self, r: QueueRow, col: int) -> str:
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


class ReviewQueueProxy(QSortFilterProxyModel):
    """Exact-match filters; None means any. `flagged`: True flagged only, False clean only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.village: str | None = None
        self.cadre: str | None = None
        self.flagged: bool | None = None
        self.recommendation: str | None = None
        self.setSortRole(SORT_ROLE)

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

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ReviewQueueModel) or source_parent.isValid():
            return False
        r = model.row_at(source_row)
        return (
            (self.village is None or r.village_code == self.village)
            and (self.cadre is None or r.cadre_name == self.cadre)
            and (self.flagged is None or bool(r.flags) == self.flagged)
            and (self.recommendation is None or r.recommendation == self.recommendation)
        )
