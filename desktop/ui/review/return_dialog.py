"""Returning a survey: a comment for the cadre (required) and comments pinned to single questions."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ReturnDialog(QDialog):
    def __init__(
        self, questions: Sequence[tuple[str, str]], head: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReturnDialog")
        self.setWindowTitle(self.tr("Return to the cadre"))
        self.pinned: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("Return the survey of %1 with a comment.").replace("%1", head))
        )
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setPlaceholderText(self.tr("What should the cadre check or correct?"))
        layout.addWidget(self.comment_edit)
        form = QFormLayout()
        self.question_combo = QComboBox(self)
        for path, label in questions:
            self.question_combo.addItem(label, path)
        form.addRow(self.tr("Question"), self.question_combo)
        pin_row = QHBoxLayout()
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setPlaceholderText(self.tr("Comment at this question"))
        self.pin_button = QPushButton(self.tr("Pin"), self)
        self.pin_button.clicked.connect(self._on_pin_clicked)
        pin_row.addWidget(self.pin_edit)
        pin_row.addWidget(self.pin_button)
        form.addRow(self.tr("Pinned comment"), pin_row)
        layout.addLayout(form)
        self.pins_list = QListWidget(self)
        layout.addWidget(self.pins_list)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Return"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.comment_edit.textChanged.connect(self._on_comment_changed)

    @property
    def comment(self) -> str:
        return self.comment_edit.toPlainText().strip()

    def select_question(self, path: str) -> bool:
        i = self.question_combo.findData(path)
        if i >= 0:
            self.question_combo.setCurrentIndex(i)
        return i >= 0

    def _on_comment_changed(self) -> None:
        self.ok_button.setEnabled(bool(self.comment))

    def _on_pin_clicked(self) -> None:
        path = self.question_combo.currentData()
        text = self.pin_edit.text().strip()
        if not path or not text:
            return
        self.pinned[str(path)] = text
        self.pins_list.clear()
        for p, c in self.pinned.items():
            self.pins_list.addItem(f"{p}: {c}")
        self.pin_edit.clear()
