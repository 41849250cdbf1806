"""The progress dashboard: per township, village or cadre, the table with a painted chart beside
it, the days left in the three-week window, and when the figures are from.

On show and on Refresh it asks the server (network pool); when the server cannot be reached it
shows the last figures kept in the store (store thread), saying from when.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import reports
from desktop.services.reports import ProgressSnapshot
from desktop.store.profile import Store
from desktop.ui.progress.chart import ProgressChart
from desktop.ui.progress.network import NetworkTask
from desktop.ui.progress.progress_model import ProgressTableModel
from desktop.ui.tasks import StoreThread


class ProgressWidget(QWidget):
    loaded = Signal(object)

    def __init__(
        self, runner: StoreThread, pool: QThreadPool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ProgressWidget")
        self.runner, self.pool = runner, pool
        self.store: Store | None = None
        self.snapshot: ProgressSnapshot | None = None
        self.task: NetworkTask | None = None
        self.by_combo = QComboBox(self)
        self.by_combo.addItem(self.tr("By township"), "township")
        self.by_combo.addItem(self.tr("By village"), "village")
        self.by_combo.addItem(self.tr("By cadre"), "cadre")
        self.by_combo.setCurrentIndex(1)
        self.by_combo.currentIndexChanged.connect(self.reload)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)
        self.days_label = QLabel(self)
        self.days_label.setObjectName("daysLeftLabel")
        self.as_of_label = QLabel(self)
        self.as_of_label.setObjectName("asOfLabel")
        top = QHBoxLayout()
        top.addWidget(self.by_combo)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        top.addWidget(self.days_label)
        top.addWidget(self.as_of_label)
        self.model = ProgressTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = ProgressChart(self)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(self.chart)
        self.split = split
        self.not_fetched_label = QLabel(
            self.tr(
                "Progress has not been fetched yet. Connect to the county server and press "
                "Refresh, or sync: the figures are then kept for when you are offline."
            ),
            self,
        )
        self.not_fetched_label.setObjectName("progressNotFetched")
        self.not_fetched_label.setWordWrap(True)
        self.not_fetched_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.not_fetched_label.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.not_fetched_label, 1)
        layout.addWidget(split, 1)

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.model.set_rows([])
        self.chart.set_rows([])
        if store is not None:
            self.reload()

    @property
    def by(self) -> str:
        return str(self.by_combo.currentData())

    def reload(self) -> None:
        store, by = self.store, self.by
        if store is None or (self.task is not None and self.task.running):
            return
        self.as_of_label.setText(self.tr("Loading…"))
        task = NetworkTask(lambda _p, _s: reports.fetch_progress(store, by), self)
        task.succeeded.connect(self._show)
        task.failed.connect(lambda _exc: self._load_cached(store, by))
        self.task = task
        task.start(self.pool)

    def _load_cached(self, store: Store, by: str) -> None:
        if store is not self.store:
            return
        self.runner.submit(lambda: reports.cached_progress(store, by), self._show)

    def _show(self, snapshot: object) -> None:
        assert isinstance(snapshot, ProgressSnapshot)
        if snapshot.by != self.by:
            return
        self.snapshot = snapshot
        self.model.set_rows(snapshot.rows, snapshot.unknown)
        self.chart.set_rows(snapshot.rows)
        nothing = snapshot.source == "none"
        self.not_fetched_label.setVisible(nothing)
        self.split.setVisible(not nothing)
        if snapshot.days_left is None:
            self.days_label.setText(self.tr("No campaign on this laptop yet"))
        else:
            self.days_label.setText(
                self.tr("%n day(s) left in the three-week window", "", snapshot.days_left)
            )
        when = (snapshot.as_of or "")[:16].replace("T", " ")
        source = {
            "server": self.tr("From the server, %1"),
            "cache": self.tr("Offline: figures from %1"),
            "local": self.tr(
                "Offline: counted from the surveys of the last sync, %1; assignments and "
                "visits not fetched yet"
            ),
            "none": self.tr("Not fetched yet"),
        }[snapshot.source]
        self.as_of_label.setText(source.replace("%1", when or self.tr("never")))
        self.loaded.emit(snapshot)
