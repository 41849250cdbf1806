"""The household's cases beside its survey, read-only: for the cadre at the door, offline.

Shows each case's programme, step and what is due (a re-check above all), the posting window
with its days left, and the decided amount and next re-check date: what the feed last brought
to this laptop. `attach_case_panel` puts it at the top of a survey screen; it stays hidden for a
household without a case.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.services import cases
from desktop.services.cases import CaseQueueRow
from desktop.store.profile import Store
from desktop.ui.cases.words import next_action_label, programme_word, step_label
from desktop.ui.tasks import StoreThread


class CasePanelWidget(QWidget):
    loaded = Signal(int)  # how many cases are shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CasePanelWidget")
        self.label = QLabel(self)
        self.label.setObjectName("caseSummary")
        self.label.setWordWrap(True)
        self.label.setStyleSheet("background: #eef5fb; border: 1px solid #5b8bb5; padding: 6px")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.rows: list[CaseQueueRow] = []
        self.hide()

    def load(self, runner: StoreThread, store: Store, household_id: str, lang: str) -> None:
        runner.submit(
            lambda: cases.household_cases(store, household_id, lang), self.show_rows, None
        )

    def show_rows(self, rows: object) -> None:
        assert isinstance(rows, list)
        self.rows = rows
        e = html.escape
        lines = []
        for r in rows:
            words = [f"<b>{e(programme_word(r.programme))}</b>", e(step_label(r.step))]
            due = next_action_label(r.next_action)
            if due:
                words.append(f'<span style="color:#b26a00"><b>{e(due)}</b></span>')
            if r.days_left is not None and r.posting_end is not None:
                words.append(
                    e(
                        self.tr("posting until %1, %2 day(s) left")
                        .replace("%1", r.posting_end.isoformat())
                        .replace("%2", str(r.days_left))
                    )
                )
            if r.recheck_on is not None:
                words.append(e(self.tr("re-check on %1").replace("%1", r.recheck_on.isoformat())))
            lines.append(" · ".join(words))
        title = e(self.tr("Cases of this household"))
        self.label.setText(f"{title}<br>" + "<br>".join(lines))
        self.setVisible(bool(rows))
        self.loaded.emit(len(rows))


def attach_case_panel(
    survey: QWidget, runner: StoreThread, store: Store, household_id: str, lang: str
) -> CasePanelWidget:
    """Put a case panel under the survey screen's header and fill it from the store."""
    panel = CasePanelWidget(survey)
    layout = survey.layout()
    if isinstance(layout, QBoxLayout):
        layout.insertWidget(1, panel)
    panel.load(runner, store, household_id, lang)
    return panel
