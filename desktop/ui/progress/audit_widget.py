"""Supervision tools that need the server: a household's audit history (who recorded, changed,
submitted, reviewed and exported what, when, on which device) and spot checks (重点抽查) drawn
with a recorded seed. Both run on the network pool and show their results read-only."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services import reports
from desktop.services.reports import AuditLine
from desktop.store.profile import Store
from desktop.ui.progress.network import NetworkTask


class AuditWidget(QWidget):
    history_loaded = Signal(list)
    spot_check_drawn = Signal(dict)
    outcome_recorded = Signal(dict)
    failed = Signal(str)

    def __init__(self, pool: QThreadPool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AuditWidget")
        self.pool = pool
        self.store: Store | None = None
        self.tasks: list[NetworkTask] = []
        self.household_edit = QLineEdit(self)
        self.household_edit.setPlaceholderText(self.tr("Household id"))
        self.history_button = QPushButton(self.tr("Show history"), self)
        self.history_button.clicked.connect(lambda: self.show_history(self.household_edit.text()))
        self.percent_spin = QDoubleSpinBox(self)
        self.percent_spin.setRange(1, 100)
        self.percent_spin.setValue(5)
        self.percent_spin.setSuffix(" %")
        self.seed_edit = QLineEdit(self)
        self.seed_edit.setPlaceholderText(self.tr("Seed (empty: the server picks and records one)"))
        self.draw_button = QPushButton(self.tr("Draw a spot-check sample"), self)
        self.draw_button.clicked.connect(self._on_draw_clicked)
        self.sample_combo = QComboBox(self)
        self.outcome_combo = QComboBox(self)
        self.outcome_combo.addItem(self.tr("Confirmed on the revisit"), "confirmed")
        self.outcome_combo.addItem(self.tr("Discrepancy found"), "discrepancy")
        self.outcome_combo.addItem(self.tr("Household not reached"), "not_reached")
        self.outcome_button = QPushButton(self.tr("Record the outcome"), self)
        self.outcome_button.clicked.connect(self._on_outcome_clicked)
        self.outcome_button.setEnabled(False)
        self.check: dict[str, Any] | None = None
        self.view = QTextBrowser(self)
        self.view.setObjectName("auditView")
        row = QHBoxLayout()
        row.addWidget(self.household_edit, 1)
        row.addWidget(self.history_button)
        form = QFormLayout()
        form.addRow(self.tr("Per cadre"), self.percent_spin)
        form.addRow(self.tr("Seed"), self.seed_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.draw_button)
        outcome_row = QHBoxLayout()
        outcome_row.addWidget(self.sample_combo, 1)
        outcome_row.addWidget(self.outcome_combo)
        outcome_row.addWidget(self.outcome_button)
        layout.addLayout(outcome_row)
        layout.addWidget(self.view, 1)

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.view.clear()

    def _run(self, task: NetworkTask) -> None:
        self.tasks = [t for t in self.tasks if t.running]
        self.tasks.append(task)
        task.failed.connect(self._on_failed)
        task.start(self.pool)

    def show_history(self, household_id: str) -> None:
        store, hid = self.store, household_id.strip()
        if store is None or not hid:
            return
        self.household_edit.setText(hid)
        task = NetworkTask(lambda _p, _s: reports.household_audit(store, hid), self)
        task.succeeded.connect(self._on_history)
        self._run(task)

    def _on_history(self, lines: object) -> None:
        assert isinstance(lines, list)
        e = html.escape
        rows = "".join(
            f"<tr><td>{e(a.at[:19].replace('T', ' '))}</td><td>{e(a.action)}</td>"
            f"<td>{e(a.user)}</td><td>{e(a.device_id[:8])}</td><td>{e(a.detail)}</td></tr>"
            for a in lines
            if isinstance(a, AuditLine)
        )
        head = "".join(
            f"<th>{e(h)}</th>"
            for h in (self.tr("When"), self.tr("What"), self.tr("Who"), self.tr("Device"), "")
        )
        self.view.setHtml(f"<table><tr>{head}</tr>{rows}</table>")
        self.history_loaded.emit(lines)

    def _on_draw_clicked(self) -> None:
        raw = self.seed_edit.text().strip()
        self.draw(self.percent_spin.value(), int(raw) if raw.isdigit() else None)

    def draw(self, percent: float, seed: int | None = None) -> None:
        store = self.store
        if store is None:
            return
        task = NetworkTask(lambda _p, _s: reports.draw_spot_check(store, percent, seed), self)
        task.succeeded.connect(self._on_drawn)
        self._run(task)

    def _on_outcome_clicked(self) -> None:
        sid = self.sample_combo.currentData()
        if sid:
            self.record_outcome(str(sid), str(self.outcome_combo.currentData()))

    def record_outcome(self, survey_id: str, outcome: str) -> None:
        store, check = self.store, self.check
        if store is None or check is None:
            return
        cid = str(check["id"])
        task = NetworkTask(
            lambda _p, _s: reports.record_spot_check_outcome(store, cid, survey_id, outcome), self
        )
        task.succeeded.connect(self._on_outcome_recorded)
        self._run(task)

    def _on_outcome_recorded(self, check: object) -> None:
        assert isinstance(check, dict)
        self._on_drawn(check)
        self.outcome_recorded.emit(check)

    def _on_drawn(self, check: object) -> None:
        assert isinstance(check, dict)
        self.check = check
        self.sample_combo.clear()
        for c in check["cadres"]:
            for s in c["sample"]:
                self.sample_combo.addItem(f"{s['short_key']} · {c['cadre_name']}", s["survey_id"])
        self.outcome_button.setEnabled(self.sample_combo.count() > 0)
        e = html.escape
        parts = [
            "<p>"
            + e(
                self.tr("Spot check %1, seed %2, %3 % per cadre")
                .replace("%1", str(check["id"])[:8])
                .replace("%2", str(check["seed"]))
                .replace("%3", str(check["percent"]))
            )
            + "</p><ul>"
        ]
        for c in check["cadres"]:
            keys = ", ".join(
                s["short_key"] + (f" ({s['outcome']})" if s.get("outcome") else "")
                for s in c["sample"]
            )
            parts.append(f"<li>{e(c['cadre_name'])} ({c['candidates']}): {e(keys)}</li>")
        parts.append("</ul>")
        self.view.setHtml("".join(parts))
        self.spot_check_drawn.emit(check)

    def _on_failed(self, exc: object) -> None:
        self.view.setPlainText(
            self.tr("The server could not answer (offline, or outside your scope).")
        )
        self.failed.emit(type(exc).__name__)
