"""What the supervisor's queues (review, cases) share: the table over an `IdTableModel` through
its filter proxy, the filter combos rebuilt from the loaded rows, the current and selected ids,
and J / K (or Alt+Down / Alt+Up) to move through the queue.

A subclass builds its own filters, detail and actions around `self.table`; everything touching
the store stays in the subclass, as service calls on the store thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from desktop.ui.id_table_model import ID_ROLE, IdFilterProxy, IdTableModel


def fill_combo(combo: QComboBox, items: dict[str, str], any_text: str) -> None:
    """Refill a filter combo (value → text, in the order given) after "any", keeping the
    user's choice if it is still there, without firing a filter change per item."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(any_text, None)
    for value, text in items.items():
        combo.addItem(text, value)
    i = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(i, 0))
    combo.blockSignals(False)


class IdQueueWidget(QWidget):
    model: IdTableModel[Any]
    proxy: IdFilterProxy
    table: QTableView

    def build_table(self, model: IdTableModel[Any], proxy: IdFilterProxy, name: str) -> QTableView:
        """The sortable, row-selecting, read-only table; current-row changes go to
        `_on_current_changed`."""
        self.model, self.proxy = model, proxy
        proxy.setSourceModel(model)
        table = QTableView(self)
        table.setObjectName(name)
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.verticalHeader().hide()
        self.table = table
        table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        return table

    def add_shortcuts(self, more: Sequence[tuple[str, Callable[[], Any]]] = ()) -> None:
        """J / K (or Alt+Down / Alt+Up) move through the queue; `more` are the subclass's own."""
        keys: list[tuple[str, Callable[[], Any]]] = [
            ("J", lambda: self.step_queue(1)),
            ("Alt+Down", lambda: self.step_queue(1)),
            ("K", lambda: self.step_queue(-1)),
            ("Alt+Up", lambda: self.step_queue(-1)),
            *more,
        ]
        for key, slot in keys:
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

    def filter_row(self, combos: Sequence[tuple[str, QComboBox]]) -> QHBoxLayout:
        """Label and combo for each filter, in a row; a change goes to `_on_filter_changed`."""
        row = QHBoxLayout()
        for label, combo in combos:
            # wide enough for its longest entry: village names and "All …" were cut short
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            row.addWidget(QLabel(label, self))
            row.addWidget(combo)
            combo.currentIndexChanged.connect(self._on_filter_changed)
        row.addStretch(1)
        return row

    # A subclass's slots. Not abc.abstractmethod: see IdTableModel (Shiboken and ABCMeta).
    def _on_filter_changed(self) -> None:
        raise NotImplementedError

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        raise NotImplementedError

    # --- Moving through the queue

    def current_id(self) -> str | None:
        idx = self.table.currentIndex()
        return str(idx.data(ID_ROLE)) if idx.isValid() else None

    def select(self, row_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == row_id:
                self.table.selectRow(row)
                self.table.scrollTo(index)  # after a reload the row stays in view
                return True
        return False

    def step_queue(self, step: int) -> None:
        n = self.proxy.rowCount()
        if n == 0:
            return
        row = self.table.currentIndex().row()
        self.table.selectRow(0 if row < 0 else max(0, min(n - 1, row + step)))

    def selected_ids(self) -> list[str]:
        return [
            str(i.data(ID_ROLE)) for i in self.table.selectionModel().selectedRows(0) if i.isValid()
        ]
