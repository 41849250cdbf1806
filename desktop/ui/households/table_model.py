"""The household table: a thin Qt model over household ids, and its search-and-filter proxy.

The model holds the ids in display order and a cache of the service's frozen rows; it never
runs SQL (the store thread loads rows and hands them over). ID numbers are shown masked, while
the search still finds a household by any fragment of the full number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.services.households import HouseholdRow
from desktop.ui.cases.words import case_text
from desktop.ui.households.states import STATE_COLORS, state_label

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
VILLAGE_ROLE = Qt.ItemDataRole.UserRole + 4
COL_NAME, COL_VILLAGE, COL_ADDRESS, COL_ID, COL_PHONE, COL_STATE, COL_CASE = range(7)
COLUMNS = 7
CASE_DUE_COLOR = QColor("#b26a00")


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
        self._hay: list[str] | None = None  # search_text in display order, for the filter
        self._where: dict[str, int] | None = None  # id -> row

    # --- Loading

    def set_rows(self, rows: Sequence[HouseholdRow]) -> None:
        self.beginResetModel()
        self._ids = [r.id for r in rows]
        self._rows = {r.id: r for r in rows}
        self._forget_order()
        self.endResetModel()

    def update_row(self, row: HouseholdRow) -> None:
        if row.id in self._rows:
            self._rows[row.id] = row
            i = self.source_row_of(row.id)
            if self._hay is not None:
                self._hay[i] = row.search_text
            self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))
        else:
            n = len(self._ids)
            self.beginInsertRows(QModelIndex(), n, n)
            self._ids.append(row.id)
            self._rows[row.id] = row
            self._forget_order()
            self.endInsertRows()

    def _forget_order(self) -> None:
        self._hay = None
        self._where = None

    def haystacks(self) -> list[str]:
        """Each row's lower-case search text, in display order (kept until rows change)."""
        if self._hay is None:
            self._hay = [self._rows[i].search_text for i in self._ids]
        return self._hay

    def id_at(self, row: int) -> str:
        return self._ids[row]

    def source_row_of(self, household_id: str) -> int:
        if self._where is None:
            self._where = {hid: i for i, hid in enumerate(self._ids)}
        return self._where[household_id]

    def row_at(self, row: int) -> HouseholdRow:
        return self._rows[self._ids[row]]

    def rows_in_order(self) -> list[HouseholdRow]:
        return [self._rows[i] for i in self._ids]

    def row_for(self, household_id: str) -> HouseholdRow | None:
        return self._rows.get(household_id)

    def clear(self) -> None:
        self.set_rows([])

    def retranslate(self) -> None:
        """The headers and the state words are translated on the fly: tell the view."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self._ids:
            self.dataChanged.emit(
                self.index(0, COL_STATE),
                self.index(len(self._ids) - 1, COL_STATE),
                [Qt.ItemDataRole.DisplayRole],
            )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the ids in Python: one key per row instead of a Python call per comparison."""
        keys: dict[int, Callable[[HouseholdRow], Any]] = {
            COL_NAME: lambda r: r.head_name,
            COL_VILLAGE: lambda r: (r.village_name, r.head_name),
            COL_ADDRESS: lambda r: r.address,
            COL_ID: lambda r: r.head_id_number,
            COL_PHONE: lambda r: r.phone,
            COL_STATE: lambda r: (r.state, r.head_name),
            COL_CASE: lambda r: (case_text(r.case), r.head_name),
        }
        key = keys.get(column)
        if key is None:
            return
        self.layoutAboutToBeChanged.emit()
        self._ids.sort(
            key=lambda i: key(self._rows[i]), reverse=order == Qt.SortOrder.DescendingOrder
        )
        self._forget_order()
        self.layoutChanged.emit()

    # --- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

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
                case_text(row.case),
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_CASE and row.case:
            return CASE_DUE_COLOR if row.case[2] not in ("none", "wait_posting") else None
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
        if not 0 <= section < COLUMNS:
            return None
        return (
            self.tr("Head of household"),
            self.tr("Village"),
            self.tr("Address"),
            self.tr("ID number"),
            self.tr("Phone"),
            self.tr("State"),
            self.tr("Case"),
        )[section]


class HouseholdFilterProxyModel(QAbstractProxyModel):
    """Filters by search text (every word must match), state, village and registry category.

    A flat proxy over `HouseholdTableModel`: the shown rows are a list of source rows worked out
    in Python with one substring test per row on the row's lower-case haystack
    (`HouseholdRow.search_text`), and a filter change is one model reset. A
    QSortFilterProxyModel called back into Python once per row and told the view about every
    removed range: at 20,000 households that cost most of a keystroke.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._text = ""
        self._states: frozenset[str] = frozenset()
        self._village: str | None = None
        self._flag: str | None = None
        self._visible: list[int] = []
        self._position: dict[int, int] | None = None  # source row -> shown row, built on demand
        self._moving: list[tuple[QModelIndex, str | None]] = []

    # --- Source wiring

    def _model(self) -> HouseholdTableModel | None:
        model = self.sourceModel()
        return model if isinstance(model, HouseholdTableModel) else None

    def setSourceModel(self, model: Any) -> None:
        self.beginResetModel()
        super().setSourceModel(model)
        for about, done in (
            (model.modelAboutToBeReset, model.modelReset),
            (model.rowsAboutToBeInserted, model.rowsInserted),
            (model.rowsAboutToBeRemoved, model.rowsRemoved),
        ):
            about.connect(self._source_about_to_change)
            done.connect(self._source_changed)
        model.layoutAboutToBeChanged.connect(self._source_layout_about_to_change)
        model.layoutChanged.connect(self._source_layout_changed)
        model.dataChanged.connect(self._source_data_changed)
        model.headerDataChanged.connect(self.headerDataChanged)
        self._filter_all()
        self.endResetModel()

    def _source_about_to_change(self, *args: Any) -> None:
        self.beginResetModel()

    def _source_changed(self, *args: Any) -> None:
        self._filter_all()
        self.endResetModel()

    def _source_layout_about_to_change(self, *args: Any) -> None:
        """A sort of the source: keep the selection on the same households."""
        self.layoutAboutToBeChanged.emit()
        model = self._model()
        self._moving = []
        for index in self.persistentIndexList():
            hid = model.id_at(self._visible[index.row()]) if model and index.isValid() else None
            self._moving.append((index, hid))

    def _source_layout_changed(self, *args: Any) -> None:
        self._filter_all()
        model = self._model()
        if model is not None and self._moving:
            position = self._positions()
            for old, hid in self._moving:
                row = position.get(model.source_row_of(hid)) if hid is not None else None
                new = self.index(row, old.column()) if row is not None else QModelIndex()
                self.changePersistentIndex(old, new)
        self._moving = []
        self.layoutChanged.emit()

    def _source_data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, *args: Any
    ) -> None:
        model = self._model()
        if model is None:
            return
        rows = range(top_left.row(), bottom_right.row() + 1)
        position = self._positions()
        shown_now = [r for r in rows if self._accepts(model.row_at(r))]
        if [r for r in rows if r in position] != shown_now:
            # A saved survey moved the household in or out of the filter.
            self.beginResetModel()
            self._filter_all()
            self.endResetModel()
            return
        if shown_now:  # shown rows keep source order: one signal over their span
            first, last = position[shown_now[0]], position[shown_now[-1]]
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    # --- Filtering

    def _accepts(self, row: HouseholdRow) -> bool:
        if self._states and row.state not in self._states:
            return False
        if self._village and row.village_code != self._village:
            return False
        if self._flag is not None and not _has_flag(row, self._flag):
            return False
        return all(w in row.search_text for w in self._words)

    def _filter_all(self) -> None:
        model = self._model()
        self._position = None
        if model is None:
            self._visible = []
            return
        rows = model.rows_in_order()
        shown: Sequence[int] = range(len(rows))
        if self._states:
            states = self._states
            shown = [i for i in shown if rows[i].state in states]
        if self._village:
            village = self._village
            shown = [i for i in shown if rows[i].village_code == village]
        if self._flag is not None:
            flag = self._flag
            shown = [i for i in shown if _has_flag(rows[i], flag)]
        self._visible = self._match(list(shown), self._words)

    def _match(self, shown: list[int], words: tuple[str, ...]) -> list[int]:
        model = self._model()
        if model is None or not words:
            return shown
        hay = model.haystacks()
        for w in words:
            shown = [i for i in shown if w in hay[i]]
        return shown

    def _refilter(self, change: Callable[[], None]) -> None:
        self.beginResetModel()
        change()
        self._filter_all()
        self.endResetModel()

    def set_search(self, text: str) -> None:
        lowered = text.lower()
        words = tuple(lowered.split())
        if words == self._words:
            self._text = lowered
            return
        narrowing = bool(self._text) and lowered.startswith(self._text)
        self._text = lowered
        self.beginResetModel()
        if narrowing:
            # Typing on: every new word contains an old one, so only rows shown now can match.
            self._visible = self._match(self._visible, words)
            self._position = None
            self._words = words
        else:
            self._words = words
            self._filter_all()
        self.endResetModel()

    def set_states(self, states: frozenset[str]) -> None:
        self._refilter(lambda: setattr(self, "_states", states))

    def set_village(self, village_code: str | None) -> None:
        self._refilter(lambda: setattr(self, "_village", village_code or None))

    def set_flag(self, flag: str | None) -> None:
        """A registry category, ANY_FLAG (at least one), NO_FLAG (none), or None (no filter)."""
        self._refilter(lambda: setattr(self, "_flag", flag or None))

    # --- Qt proxy model

    def _positions(self) -> dict[int, int]:
        if self._position is None:
            self._position = {src: row for row, src in enumerate(self._visible)}
        return self._position

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._visible) or not 0 <= column < COLUMNS:
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index | None = None) -> Any:
        if index is None:  # QObject.parent()
            return super().parent()
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._visible)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        model = self._model()
        if model is None or not proxy_index.isValid() or proxy_index.row() >= len(self._visible):
            return QModelIndex()
        return model.index(self._visible[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        row = self._positions().get(source_index.row())
        return QModelIndex() if row is None else self.createIndex(row, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        model = self._model()
        if model is None or not index.isValid() or index.row() >= len(self._visible):
            return None
        return model.data(model.index(self._visible[index.row()], index.column()), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        model = self._model()
        if model is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        return model.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the source model (one key per row); the proxy keeps its order."""
        model = self._model()
        if model is not None:
            model.sort(column, order)


ANY_FLAG = "*any"
NO_FLAG = "*none"


def _has_flag(row: HouseholdRow, flag: str) -> bool:
    if flag == ANY_FLAG:
        return bool(row.categories)
    if flag == NO_FLAG:
        return not row.categories
    return flag in row.categories
