"""The household table: a thin Qt model over household ids, and its search-and-filter proxy.

The model holds the ids in display order and a cache of the service's frozen rows; it never
runs SQL (the store thread loads rows and hands them over). ID numbers are shown masked, while
the search still finds a household by any fragment of the full number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

    def row_at(self, row: int) -> HouseholdRow:
        return self._rows[self._ids[row]]

    def rows_in_order(self) -> list[HouseholdRow]:
        return [self._rows[i] for i in self._ids]

    def row_for(self, household_id: str) -> HouseholdRow | None:
        return self._rows.get(household_id)

    def clear(self) -> None:
        self.set_rows([])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the ids in Python: one key per row instead of a Python call per comparison."""
        keys: dict[int, Callable[[HouseholdRow], Any]] = {
            COL_NAME: lambda r: r.head_name,
            COL_VILLAGE: lambda r: (r.village_name, r.head_name),
            COL_ADDRESS: lambda r: r.address,
            COL_ID: lambda r: r.head_id_number,
            COL_PHONE: lambda r: r.phone,
            COL_STATE: lambda r: (r.state, r.head_name),
        }
        key = keys.get(column)
        if key is None:
            return
        self.layoutAboutToBeChanged.emit()
        self._ids.sort(
            key=lambda i: key(self._rows[i]), reverse=order == Qt.SortOrder.DescendingOrder
        )
        self.layoutChanged.emit()

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
    """Filters by search text (every word must match), state and village.

    The accepted rows are worked out in one pass over the source rows when a filter changes,
    so the per-row callback Qt makes is a list lookup (20,000 households stay well under 50 ms
    per keystroke).
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._text = ""
        self._states: frozenset[str] = frozenset()
        self._village: str | None = None
        self._accepted: list[bool] | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def setSourceModel(self, model: Any) -> None:
        super().setSourceModel(model)
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged):
            sig.connect(self._recompute)
        # Before the proxy remaps rows after a sort of the source (connected first, runs first).
        model.layoutChanged.connect(self._recompute)
        self._recompute()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the source model (fast); the proxy keeps the source order."""
        model = self.sourceModel()
        if isinstance(model, HouseholdTableModel):
            model.sort(column, order)

    def _recompute(self, *args: Any) -> None:
        model = self.sourceModel()
        if isinstance(model, HouseholdTableModel):
            self._accepted = [self._accepts(r) for r in model.rows_in_order()]

    def _apply(self, change: Any) -> None:
        self.beginFilterChange()
        change()
        self._recompute()
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        lowered = text.lower()
        words = tuple(lowered.split())
        if words == self._words:
            self._text = lowered
            return
        if self._accepted is not None and self._text and lowered.startswith(self._text):
            # Typing on: every new word contains an old one, so only rows that matched before
            # can match now. Re-check those and skip the rest of the 20,000.
            self.beginFilterChange()
            self._words, self._text = words, lowered
            self._narrow()
            self.endFilterChange()
            return
        self._text = lowered
        self._apply(lambda: setattr(self, "_words", words))

    def _narrow(self) -> None:
        model = self.sourceModel()
        accepted = self._accepted
        if not isinstance(model, HouseholdTableModel) or accepted is None:
            self._recompute()
            return
        words = self._words
        for i, ok in enumerate(accepted):
            if ok:
                text = model.row_at(i).search_text
                accepted[i] = all(w in text for w in words)

    def set_states(self, states: frozenset[str]) -> None:
        self._apply(lambda: setattr(self, "_states", states))

    def set_village(self, village_code: str | None) -> None:
        self._apply(lambda: setattr(self, "_village", village_code or None))

    def _accepts(self, row: HouseholdRow) -> bool:
        if self._states and row.state not in self._states:
            return False
        if self._village and row.village_code != self._village:
            return False
        return all(w in row.search_text for w in self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        # Called once per row from C++: keep it a bare lookup.
        accepted = self._accepted
        return accepted is None or source_row >= len(accepted) or accepted[source_row]
