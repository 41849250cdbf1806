"""A repeat (the member roster) as an editable table: one row per person, one column per
question of the repeat (groups flattened), computed columns read-only.

The model holds the rows' answers as dicts; the survey screen feeds it the computed values,
the relevance of each cell and the problems to mark, all from one `form.review` run.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from forms.form import carry_kept
from forms.idnumber import normalize_id_number
from forms.model import Field

Index = QModelIndex | QPersistentModelIndex
EDITABLE_TYPES = frozenset({"text", "integer", "decimal", "money", "date", "id_number", "phone",
                            "select_one"})  # fmt: skip
ERROR_BG = QColor("#fde2e2")
OFF_BG = QColor("#eeeeee")


def repeat_columns(repeat: Field) -> list[Field]:
    """The columns of a repeat's table: its questions and calculations, groups flattened; a
    repeat inside it (a member's jobs) is a table of its own, not a column."""
    out: list[Field] = []
    for child in repeat.children:
        if child.type == "group":
            out.extend(c for c in child.children if c.type not in ("note", "group", "repeat"))
        elif child.type not in ("note", "repeat"):
            out.append(child)
    return out


class RosterTableModel(QAbstractTableModel):
    """Emits `edited` after a cell changes."""

    edited = Signal()

    def __init__(self, repeat: Field, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.repeat = repeat
        self.lang = lang
        self.columns = repeat_columns(repeat)
        self._rows: list[dict[str, Any]] = []
        self._computed: list[dict[str, Any]] = []
        self._relevant: dict[str, bool] = {}
        self._problems: dict[tuple[int, str], str] = {}
        self._read_only = False
        self.prefix = ""  # `member[0].` for the jobs of the first member: where relevance is
        self.context: dict[str, Any] = {}  # the survey's answers, for cascading selects in cells

    # --- Feeding

    def rows(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows if isinstance(r, dict)]
        self.endResetModel()

    def set_review(
        self,
        computed: list[dict[str, Any]],
        relevant: dict[str, bool],
        problems: dict[tuple[int, str], str],
    ) -> bool:
        """Show a review's results; True when a calculation with once() took a value (now in
        the rows, to be saved: the rows are the review's input, so they match by position)."""
        self._computed, self._relevant, self._problems = computed, relevant, problems
        kept = False
        if self.repeat.contains_kept:
            for i, row in enumerate(self._rows):
                # no computed row: the repeat is not relevant, and its kept values go as well
                kept |= carry_kept(
                    self.repeat.children, row, computed[i] if i < len(computed) else {}
                )
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1)
            )
        return kept

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def choices_at(self, row: int, f: Field) -> tuple[Any, ...]:
        """The choices a cell offers: a cascading select narrowed by the answers it reads, in
        this row first, then in the survey."""
        if f.choice_filter is None or not 0 <= row < len(self._rows):
            return f.choices
        values = {}
        for name in f.choice_filter.refs:
            value = self._rows[row].get(name, self.context.get(name))
            values[name] = " ".join(value) if isinstance(value, list) else str(value or "")
        return f.choices_for(values)

    def inner_rows(self, row: int, name: str) -> list[dict[str, Any]]:
        """The rows of the repeat `name` inside row `row` (a member's jobs)."""
        if not 0 <= row < len(self._rows):
            return []
        value = self._rows[row].get(name)
        return [dict(r) for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    def set_inner_rows(self, row: int, name: str, rows: list[dict[str, Any]]) -> None:
        if not 0 <= row < len(self._rows):
            return
        if rows:
            self._rows[row][name] = rows
        else:
            self._rows[row].pop(name, None)
        self.edited.emit()

    def add_row(self) -> int:
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append({})
        self.endInsertRows()
        self.edited.emit()
        return n

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.edited.emit()

    def column_of(self, name: str) -> int:
        for i, f in enumerate(self.columns):
            if f.name == name:
                return i
        return 0

    # --- Qt model

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def _value(self, row: int, f: Field) -> Any:
        if f.type == "calculate":
            computed = self._computed[row] if row < len(self._computed) else {}
            return computed.get(f.name)
        return self._rows[row].get(f.name)

    def _cell_relevant(self, row: int, f: Field) -> bool:
        return self._relevant.get(f"{self.prefix}{self.repeat.name}[{row}].{f.name}", True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        f = self.columns[index.column()]
        row = index.row()
        value = self._value(row, f)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None or not self._cell_relevant(row, f):
                return ""
            if f.type == "select_one":
                return f.choice_label(str(value), self.lang)
            if f.name == "sex" and isinstance(value, str):
                return (
                    {"male": "男", "female": "女"}.get(value, value) if self.lang == "zh" else value
                )
            if isinstance(value, dict):
                return "✓"
            return str(value)
        if role == Qt.ItemDataRole.EditRole:
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._problems.get((row, f.name)) or f.hint(self.lang) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if (row, f.name) in self._problems:
                return ERROR_BG
            if f.type == "calculate" or not self._cell_relevant(row, f):
                return OFF_BG
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        f = self.columns[index.column()]
        text = "" if value is None else str(value).strip()
        if f.type == "id_number":
            text = normalize_id_number(text)
        row = self._rows[index.row()]
        if (row.get(f.name) or "") == text:
            return False
        if text:
            row[f.name] = text
        else:
            row.pop(f.name, None)
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not 0 <= index.column() < len(self.columns) or not 0 <= index.row() < len(self._rows):
            return base
        f = self.columns[index.column()]
        if not self._read_only and f.type in EDITABLE_TYPES and self._cell_relevant(index.row(), f):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if 0 <= section < len(self.columns):
            return self.columns[section].label(self.lang)
        return None


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for select_one cells of the roster; a plain line editor otherwise."""

    def __init__(self, model: RosterTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        f = self._model.columns[index.column()]
        if f.type != "select_one":
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.addItem("—", "")
        for choice in self._model.choices_at(index.row(), f):
            combo.addItem(choice.label(self._model.lang), choice.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
