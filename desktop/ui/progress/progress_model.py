"""The progress table: one row per township, village or cadre, over the service's frozen rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.services.reports import ProgressRow

Index = QModelIndex | QPersistentModelIndex
FIELDS = (
    "label",
    "assigned",
    "visited",
    "revisits_pending",
    "completed",
    "submitted",
    "returned",
    "approved",
)


def header(field: str) -> str:
    return {
        "label": QCoreApplication.translate("ProgressTableModel", "Name"),
        "assigned": QCoreApplication.translate("ProgressTableModel", "Assigned"),
        "visited": QCoreApplication.translate("ProgressTableModel", "Visited"),
        "revisits_pending": QCoreApplication.translate("ProgressTableModel", "Revisits pending"),
        "completed": QCoreApplication.translate("ProgressTableModel", "Completed"),
        "submitted": QCoreApplication.translate("ProgressTableModel", "Submitted"),
        "returned": QCoreApplication.translate("ProgressTableModel", "Returned"),
        "approved": QCoreApplication.translate("ProgressTableModel", "Approved"),
    }[field]


class ProgressTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ProgressRow] = []
        self._unknown: frozenset[str] = frozenset()

    def set_rows(self, rows: Sequence[ProgressRow], unknown: Sequence[str] = ()) -> None:
        """`unknown`: counts the figures' source cannot know, shown as a dash, never as 0."""
        self.beginResetModel()
        self._rows = list(rows)
        self._unknown = frozenset(unknown)
        self.endResetModel()

    def rows(self) -> list[ProgressRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return header(FIELDS[section]) if 0 <= section < len(FIELDS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        field = FIELDS[index.column()]
        if field in self._unknown:
            if role == Qt.ItemDataRole.DisplayRole:
                return "—"
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate(
                    "ProgressTableModel", "Not fetched from the server yet"
                )
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        value = getattr(self._rows[index.row()], field)
        return value if role == Qt.ItemDataRole.UserRole or isinstance(value, str) else str(value)
