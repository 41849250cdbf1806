"""The panel beside the survey: key figures, the screening flags with their explanations, and
the problems Complete found, each a link to its question."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.form import Form, Problem
from forms.screening import Flag

FIGURES = ("household_size", "income_per_capita_month", "adjusted_per_capita_month")
PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def key_figures(form: Form) -> list[str]:
    """The household survey's key figures; for a county's own form, its top-level
    calculations (the first six), since it has no figures of ours."""
    names = {f.name for f in form.fields}
    if all(name in names for name in FIGURES):
        return list(FIGURES)
    return [f.name for f in form.fields if f.type == "calculate" and f.repeat is None][:6]


class ScreeningPanelWidget(QWidget):
    """Emits `problem_activated(path)` when a problem is clicked or chosen with Enter."""

    problem_activated = Signal(str)

    def __init__(self, form: Form, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form, self._lang = form, lang
        figures_box = QGroupBox(self.tr("Key figures"), self)
        figures = QFormLayout(figures_box)
        self.figure_labels: dict[str, QLabel] = {}
        for name in key_figures(form):
            label = QLabel("—", figures_box)
            label.setObjectName(f"figure_{name}")
            figures.addRow(form.field(name).label(lang), label)
            self.figure_labels[name] = label
        flags_box = QGroupBox(self.tr("Screening (for reference, not a decision)"), self)
        self.flags_layout = QVBoxLayout(flags_box)
        self.no_flags = QLabel(self.tr("No screening flag so far."), flags_box)
        self.no_flags.setObjectName("noFlags")
        self.no_flags.setWordWrap(True)
        self.flags_layout.addWidget(self.no_flags)
        self.flag_labels: list[QLabel] = []
        problems_box = QGroupBox(self.tr("Still to fix"), self)
        self.problems = QListWidget(problems_box)
        self.problems.setObjectName("problemList")
        self.problems.setWordWrap(True)
        QVBoxLayout(problems_box).addWidget(self.problems)
        layout = QVBoxLayout(self)
        figures_box.setVisible(bool(self.figure_labels))
        layout.addWidget(figures_box)
        layout.addWidget(flags_box)
        layout.addWidget(problems_box, 1)
        self.problems.itemActivated.connect(self._on_problem_item_activated)
        self.problems.itemClicked.connect(self._on_problem_item_activated)

    def show_figures(self, answers: Mapping[str, Any]) -> None:
        for name, label in self.figure_labels.items():
            value = answers.get(name)
            label.setText("—" if value in (None, "") else str(value))

    def show_flags(self, flags: Sequence[Flag]) -> None:
        for label in self.flag_labels:
            label.deleteLater()
        self.flag_labels = []
        self.no_flags.setVisible(not flags)
        for flag in flags:
            label = QLabel(f"<b>{flag.label}</b><br>{flag.explanation}", self)
            label.setObjectName(f"flag_{flag.code}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            self.flags_layout.addWidget(label)
            self.flag_labels.append(label)

    def flag_codes(self) -> list[str]:
        return [label.objectName().removeprefix("flag_") for label in self.flag_labels]

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.problems.clear()
        for p in problems:
            item = QListWidgetItem(p.message)
            item.setData(PATH_ROLE, p.path)
            self.problems.addItem(item)

    def _on_problem_item_activated(self, item: QListWidgetItem) -> None:
        self.problem_activated.emit(str(item.data(PATH_ROLE)))
