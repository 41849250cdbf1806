"""One editor per form field type, all with the same small interface for the survey screen.

Every editor holds an answer in its JSON form (string, list, dict or None), emits `changed`
when the person edits it, and can be made read-only. Enter in a one-line editor moves focus to
the next question, so a cadre can fill a section without the mouse.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.idnumber_input import IdNumberValidator
from desktop.ui.survey.signature_pad import SignaturePadWidget
from forms.idnumber import normalize_id_number
from forms.model import Choice, Field

PATTERNS = {
    "integer": r"-?\d{0,9}",
    "decimal": r"-?\d{0,12}(\.\d{0,6})?",
    "money": r"\d{0,12}(\.\d{0,2})?",
    "date": r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?",
    "phone": r"[+\d\- ]{0,20}",
}


class EnterMovesOn(QObject):
    """Event filter: Enter or Return in a one-line editor focuses the next question."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(watched, tab)
            return True
        return False


class FieldEditor(QWidget):
    changed = Signal()

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.lang = lang
        self.setObjectName(f"field_{field.name}")
        self._kept: Any = None

    def value(self) -> Any:
        """The answer as the form engine reads it; each editor reads its own widgets."""
        return self._kept

    def set_value(self, value: Any) -> None:
        # Editors override this; one with nothing to edit keeps the answer exactly as given.
        self._kept = value

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self


class LineFieldEditor(FieldEditor):
    """text, integer, decimal, money, date, id_number and phone."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"edit_{field.name}")
        pattern = PATTERNS.get(field.type)
        if pattern:
            self.edit.setValidator(
                QRegularExpressionValidator(QRegularExpression(pattern), self.edit)
            )
        if field.type == "date":
            self.edit.setPlaceholderText("2026-03-02")
        elif field.type == "money":
            self.edit.setPlaceholderText("0.00")
        elif field.type == "id_number":  # full-width digits and spaces folded as typed
            self.edit.setValidator(IdNumberValidator(self.edit))
        if field.hint(lang):
            self.edit.setToolTip(field.hint(lang))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        if field.type == "date":
            today = QPushButton(self.tr("Today"), self)
            today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            today.clicked.connect(
                lambda: self.edit.setText(QDate.currentDate().toString("yyyy-MM-dd"))
            )
            layout.addWidget(today)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self.edit.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self, text: str) -> None:
        if self.field.type == "id_number" and text != normalize_id_number(text):
            self.edit.setText(normalize_id_number(text))  # set in code: no validator ran

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text != self.edit.text():
            self.edit.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def focus_widget(self) -> QWidget:
        return self.edit


class DateFieldEditor(FieldEditor):
    """A date: typed as yyyy-MM-dd or picked from the calendar; empty until answered.

    QDateEdit has no empty state, so its minimum date stands for "not answered" and shows blank.
    """

    EMPTY = QDate(1900, 1, 1)

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.edit = QDateEdit(self)
        self.edit.setObjectName(f"edit_{field.name}")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDateRange(self.EMPTY, QDate(2100, 12, 31))
        self.edit.setSpecialValueText(" ")
        self.edit.setDate(self.EMPTY)
        if field.hint(lang):
            self.edit.setToolTip(field.hint(lang))
        today = QPushButton(self.tr("Today"), self)
        today.setObjectName(f"today_{field.name}")
        today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        today.clicked.connect(lambda: self.edit.setDate(QDate.currentDate()))
        clear = QPushButton(self.tr("Clear"), self)
        clear.setObjectName(f"clear_{field.name}")
        clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear.clicked.connect(lambda: self.edit.setDate(self.EMPTY))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(today)
        layout.addWidget(clear)
        self._buttons = (today, clear)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())

    def value(self) -> Any:
        date = self.edit.date()
        return None if date == self.EMPTY else date.toString("yyyy-MM-dd")

    def set_value(self, value: Any) -> None:
        date = QDate.fromString(str(value), "yyyy-MM-dd") if value else QDate()
        self.edit.setDate(date if date.isValid() else self.EMPTY)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        for button in self._buttons:
            button.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self.edit


class ChoiceFieldEditor(FieldEditor):
    """select_one: a combo box whose first entry is "not answered"."""

    def __init__(
        self,
        field: Field,
        lang: str,
        parent: QWidget | None = None,
        shared: QStandardItemModel | None = None,
    ) -> None:
        super().__init__(field, lang, parent)
        self.combo = QComboBox(self)
        self.combo.setObjectName(f"edit_{field.name}")
        self._offered: tuple[Choice, ...] | None = None
        if shared is not None and field.choice_filter is None:
            # Questions on one choice list share its items: a form with hundreds of selects
            # on lists of hundreds of choices builds each list once, not once per question.
            self.combo.setModel(shared)
            self._offered = field.choices
        else:
            self.set_choices(field.choices)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.combo.activated.connect(lambda _i: self.changed.emit())

    def set_choices(self, choices: tuple[Choice, ...]) -> None:
        """Offer these choices (a cascading select narrowed by the answers above); the answer
        stays when it is still offered."""
        if choices == self._offered:
            return
        self._offered = choices
        current = self.combo.currentData() if self.combo.count() else ""
        self.combo.blockSignals(True)
        self.combo.clear()
        # "" (not None) for no answer: PySide6 6.12 on Python 3.11 drops a reference to None
        # each time None crosses into or out of Qt as item data, and the process aborts once
        # None's count runs out (a 2,000-question form did it in seconds).
        self.combo.addItem("—", "")
        for choice in choices:
            self.combo.addItem(choice.label(self.lang), choice.value)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)) if current else 0)
        self.combo.blockSignals(False)

    def offered(self) -> list[str]:
        return [str(self.combo.itemData(i)) for i in range(1, self.combo.count())]

    def value(self) -> Any:
        return self.combo.currentData() or None

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(str(value)) if value is not None else 0
        self.combo.setCurrentIndex(max(0, index))

    def focus_widget(self) -> QWidget:
        return self.combo


class MultiChoiceFieldEditor(FieldEditor):
    """select_multiple: one check box per choice, three to a line."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.boxes: list[QCheckBox] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, choice in enumerate(field.choices):
            box = QCheckBox(choice.label(lang), self)
            box.setObjectName(f"check_{field.name}_{choice.value}")
            box.setProperty("choice", choice.value)
            box.toggled.connect(lambda _c: self.changed.emit())
            grid.addWidget(box, i // 3, i % 3)
            self.boxes.append(box)

    def set_choices(self, choices: tuple[Choice, ...]) -> None:
        """Show only these choices (a cascading select); a box of the same value under other
        filters is hidden, never a checked one that is offered."""
        offered = {id(c) for c in choices}
        for box, choice in zip(self.boxes, self.field.choices, strict=True):
            box.setVisible(id(choice) in offered)

    def offered(self) -> list[str]:
        return [str(b.property("choice")) for b in self.boxes if not b.isHidden()]

    def value(self) -> Any:
        chosen: list[str] = []
        for b in self.boxes:
            value = str(b.property("choice"))
            if b.isChecked() and value not in chosen and not b.isHidden():
                chosen.append(value)
        return chosen or None

    def set_value(self, value: Any) -> None:
        chosen = set(value.split() if isinstance(value, str) else value or [])
        for b in self.boxes:
            b.blockSignals(True)
            b.setChecked(b.property("choice") in chosen)
            b.blockSignals(False)

    def focus_widget(self) -> QWidget:
        return self.boxes[0] if self.boxes else self


class CalculatedFieldEditor(FieldEditor):
    """A computed value, shown and never typed."""

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.label = QLabel("—", self)
        self.label.setObjectName(f"value_{field.name}")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self._value: Any = None

    def value(self) -> Any:
        # Computed by the form engine. One with once() keeps its first value, so that value is
        # an answer to save and to hand back to the next review; others are never stored.
        return self._value if self.field.keeps_value else None

    def set_value(self, value: Any) -> None:
        self._value = value
        if value is None or value == "":
            self.label.setText("—")
        elif isinstance(value, bool):
            self.label.setText(self.tr("yes") if value else self.tr("no"))
        elif self.field.datatype == "money":
            self.label.setText(self.tr("%1 yuan").replace("%1", str(value)))
        else:
            self.label.setText(str(value))

    def set_read_only(self, read_only: bool) -> None:
        pass


class SignatureFieldEditor(FieldEditor):
    """The consent signature: a pad, Accept stores it, Clear starts again.

    Accepting emits `signature_ready(png_bytes)`; the survey screen stores the bytes and calls
    `set_value` with the reference, so the answer only ever holds a hash.
    """

    signature_ready = Signal(bytes)

    def __init__(self, field: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(field, lang, parent)
        self.pad = SignaturePadWidget(self)
        self.state = QLabel(self)
        self.state.setObjectName("signatureState")
        self.accept_button = QPushButton(self.tr("Accept signature"), self)
        self.accept_button.setObjectName("acceptSignatureButton")
        self.clear_button = QPushButton(self.tr("Clear"), self)
        self.clear_button.setObjectName("clearSignatureButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pad)
        layout.addLayout(buttons)
        self._value: Any = None
        self.accept_button.clicked.connect(self._on_accept_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self._show_state()

    def _on_accept_clicked(self) -> None:
        if not self.pad.is_empty():
            self.signature_ready.emit(self.pad.png())

    def _on_clear_clicked(self) -> None:
        self.pad.clear()
        if self._value is not None:
            self._value = None
            self._show_state()
            self.changed.emit()

    def _show_state(self) -> None:
        self.state.setText(self.tr("Signed") if self._value else self.tr("Not signed yet"))

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value or None
        self._show_state()

    def accept_reference(self, reference: dict[str, Any]) -> None:
        self._value = reference
        self._show_state()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.pad.set_read_only(read_only)
        self.accept_button.setEnabled(not read_only)
        self.clear_button.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self.pad


def choice_model(field: Field, lang: str, parent: QObject) -> QStandardItemModel:
    """The items of a select's combo box ("—" for no answer, then each choice), to share."""
    model = QStandardItemModel(parent)
    for text, value in [("—", ""), *((c.label(lang), c.value) for c in field.choices)]:
        item = QStandardItem(text)
        item.setData(value, Qt.ItemDataRole.UserRole)
        model.appendRow(item)
    return model


def make_editor(
    field: Field,
    lang: str,
    parent: QWidget | None = None,
    shared: QStandardItemModel | None = None,
) -> FieldEditor | None:
    """The editor for a top-level field; None for notes, groups and repeats. `shared`: the
    items of the field's choice list, when other questions use it too."""
    if field.type == "date":
        return DateFieldEditor(field, lang, parent)
    if field.type in ("text", "integer", "decimal", "money", "id_number", "phone"):
        return LineFieldEditor(field, lang, parent)
    if field.type == "select_one":
        return ChoiceFieldEditor(field, lang, parent, shared)
    if field.type == "select_multiple":
        return MultiChoiceFieldEditor(field, lang, parent)
    if field.type == "calculate":
        return CalculatedFieldEditor(field, lang, parent)
    if field.type == "signature":
        return SignatureFieldEditor(field, lang, parent)
    return None
