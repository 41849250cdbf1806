"""A thin Qt table model over ids with the service's frozen rows, and its filter proxy.

The queues (review, cases) keep their rows in queue order as ids, with the rows by id, and never
run SQL: the store thread loads the rows and hands them over. A subclass says how a row is
named (`row_id`), its headers and its cells; sorting uses `SORT_ROLE` values (numbers where a
subclass gives them, the cell's text otherwise) so the proxy compares in C++, and the proxy's
filters are a per-row predicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
R = TypeVar("R")


class IdTableModel(QAbstractTableModel, Generic[R]):
    """Rows of type R in the order given, looked up by their id."""

    COLUMNS = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, R] = {}

    # --- what a subclass says
    # Not abc.abstractmethod: Shiboken's metaclass conflicts with ABCMeta, and under a metaclass
    # derived from both (PySide6 6.11) Shiboken still builds instances of abstract classes.

    def row_id(self, r: R) -> str:
        raise NotImplementedError

    def header(self, col: int) -> str:
        raise NotImplementedError

    def display(self, r: R, col: int) -> str:
        raise NotImplementedError

    def sort_value(self, r: R, col: int) -> Any:
        return self.display(r, col)

    def role_data(self, r: R, col: int, role: int) -> Any:
        """Colours, tooltips: any role other than display, id and sort."""
        return None

    # --- Loading

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._ids = [self.row_id(r) for r in rows]
        self._rows = {self.row_id(r): r for r in rows}
        self.endResetModel()

    def update_rows(self, rows: Sequence[R]) -> None:
        """New copies of rows already shown: repaint them in place."""
        for r in rows:
            rid = self.row_id(r)
            if rid not in self._rows:
                continue
            self._rows[rid] = r
            i = self._ids.index(rid)
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.COLUMNS - 1))

    def remove_ids(self, ids: Sequence[str]) -> None:
        for rid in ids:
            if rid not in self._rows:
                continue
            i = self._ids.index(rid)
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._ids[i]
            del self._rows[rid]
            self.endRemoveRows()

    def row_at(self, i: int) -> R:
        return self._rows[self._ids[i]]

    def row_for(self, row_id: str) -> R | None:
        return self._rows.get(row_id)

    def rows(self) -> list[R]:
        return [self._rows[i] for i in self._ids]

    # --- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.header(section) if 0 <= section < self.COLUMNS else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        r = self._rows[self._ids[index.row()]]
        col = index.column()
        if role == ID_ROLE:
            return self.row_id(r)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(r, col)
        if role == SORT_ROLE:
            return self.sort_value(r, col)
        return self.role_data(r, col, role)


class IdFilterProxy(QSortFilterProxyModel):
    """Sorts by `SORT_ROLE`; a subclass's `accepts(row)` filters (None filters mean any)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def accepts(self, row: Any) -> bool:
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, IdTableModel) or source_parent.isValid():
            return False
        return self.accepts(model.row_at(source_row))
