"""The household table: a thin Qt model over household ids, and its search-and-filter proxy.

The model holds the ids in display order and a cache of the service's frozen rows; it never
runs SQL (the store thread loads rows and hands them over). ID numbers are shown masked, while
the search still finds a household by any fragment of the full number.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop.services.households import HouseholdRow
from desktop.ui.households.states import STATE_COLORS, state_label

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
VILLAGE_ROLE = Qt.ItemDataRole.UserRole + 4
COL_NAME, COL_VILLAGE, COL_ADDRESS, COL_ID, COL_PHONE, COL_STATE = range(6)


def mask_id(number: str) -> str:
    """Show the first six and the last four digits only: enough to tell people apart."""
    if len(number) < 10:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


class HouseholdTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []
        self._rows: dict[str, HouseholdRow] = {}

    # --- Loading

    def set_rows(self, rows: Sequence[HouseholdRow]) -> None:
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._rows = {r.id: r for r in rows}
        self.endResetModel()

    def update_row(self, row: HouseholdRow) -> None:
        if row.id in self._rows:
            self._rows[row.id] = row
            i = self._ids.index(row.id)
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
        else:
            n = len(self._ids)
            self.beginInsertRows(QModelIndex(), n, n)
            self._ids.append(row.id)
            self._rows[row.id] = row
            self.endInsertRows()

    def row_for(self, household_id: str) -> HouseholdRow | None:
        return self._rows.get(household_id)

    def clear(self) -> None:
        self.set_rows([])

    # --- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row = self._rows[self._ids[index.row()]]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                row.head_name,
                row.village_name,
                row.address,
                mask_id(row.head_id_number),
                row.phone,
                state_label(row.state)
                + (f" {row.revisit_on.isoformat()}" if row.revisit_on else ""),
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATE:
            return STATE_COLORS.get(row.state)
        if role == ID_ROLE:
            return row.id
        if role == STATE_ROLE:
            return row.state
        if role == SEARCH_ROLE:
            return row.search_text
        if role == VILLAGE_ROLE:
            return row.village_code
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < 6:
            return None
        return (
            self.tr("Head of household"),
            self.tr("Village"),
            self.tr("Address"),
            self.tr("ID number"),
            self.tr("Phone"),
            self.tr("State"),
        )[section]


class HouseholdFilterProxyModel(QSortFilterProxyModel):
    """Filters by search text (every word must match), state and village."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._states: frozenset[str] = frozenset()
        self._village: str | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_search(self, text: str) -> None:
        words = tuple(text.lower().split())
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self.endFilterChange()

    def set_states(self, states: frozenset[str]) -> None:
        self.beginFilterChange()
        self._states = states
        self.endFilterChange()

    def set_village(self, village_code: str | None) -> None:
        self.beginFilterChange()
        self._village = village_code or None
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._states and model.data(index, STATE_ROLE) not in self._states:
            return False
        if self._village and model.data(index, VILLAGE_ROLE) != self._village:
            return False
        if self._words:
            text = str(model.data(index, SEARCH_ROLE) or "")
            return all(w in text for w in self._words)
        return True
