"""The supervisor's tabs, shown in the main window when the profile's role reviews surveys.

`SupervisorPanel.attach` is the main window's only hook: it asks the store thread for the role
and, for a supervisor or county admin, adds the panel as a page, shows it and puts a Review
action on the toolbar; a corner button goes back to the households. It reloads after a sync.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QStackedWidget, QTabWidget, QToolBar, QWidget

from desktop.services import reports, review
from desktop.store.profile import Store
from desktop.ui.cases.cases_widget import CaseQueueWidget
from desktop.ui.progress.audit_widget import AuditWidget
from desktop.ui.progress.exports_widget import ExportsWidget
from desktop.ui.progress.network import NetworkTask, network_pool
from desktop.ui.progress.progress_widget import ProgressWidget
from desktop.ui.review.queue_widget import ReviewQueueWidget
from desktop.ui.tasks import StoreThread

REVIEWER_ROLES = frozenset({"supervisor", "county_admin"})


class SupervisorPanel(QTabWidget):
    def __init__(self, runner: StoreThread, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SupervisorPanel")
        self.runner = runner
        self.queue = ReviewQueueWidget(runner, lang, self)
        self.addTab(self.queue, self.tr("Review queue"))
        self.cases = CaseQueueWidget(runner, lang, self)
        self.addTab(self.cases, self.tr("Cases"))
        self.pool = network_pool(self)
        self.progress = ProgressWidget(runner, self.pool, self)
        self.exports = ExportsWidget(self.pool, self, lang)
        self.audit = AuditWidget(self.pool, self)
        self.addTab(self.progress, self.tr("Progress"))
        self.addTab(self.exports, self.tr("Exports"))
        self.addTab(self.audit, self.tr("Audit and spot checks"))
        self.queue.audit_requested.connect(self._on_audit_requested)
        self.store: Store | None = None
        self.review_action: QAction | None = None

    def set_store(self, store: Store | None) -> None:
        self.store = store
        self.queue.set_store(store)  # offline first: what the last sync brought
        self.cases.set_store(store)
        self.progress.set_store(store)
        self.exports.set_store(store)
        self.audit.set_store(store)

    def reload(self) -> None:
        """After a sync (and on joining the window): learn this reviewer's level and which
        surveys hold a conflicting version from the server, then reload every tab."""
        store = self.store
        if store is None:
            return

        def identify(_p: object, _s: object) -> str | None:
            level = reports.refresh_identity(store)
            review.fetch_conflicts(store)  # which surveys the queue marks
            return level

        task = NetworkTask(identify, self)
        task.succeeded.connect(lambda _level: self._after_identity())
        task.failed.connect(lambda _exc: self._after_identity())
        task.start(self.pool)

    def _on_audit_requested(self, household_id: str) -> None:
        self.setCurrentWidget(self.audit)
        self.audit.show_history(household_id)

    def _after_identity(self) -> None:
        if self.store is not None:
            self.queue.reload()
            self.cases.reload()
            self.progress.reload()
            self.exports.load_areas()  # the scope the server just told

    @classmethod
    def attach(
        cls,
        runner: StoreThread,
        store: Store,
        stack: QStackedWidget,
        households: QWidget,
        toolbar: QToolBar,
        lang: str,
    ) -> SupervisorPanel:
        """Make the panel now; it joins the window once the role is known to review."""
        panel = cls(runner, lang, stack)
        panel.review_action = QAction(
            QCoreApplication.translate("SupervisorPanel", "Review"), panel
        )
        panel.review_action.setObjectName("reviewAction")
        panel.review_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        panel.review_action.triggered.connect(lambda: stack.setCurrentWidget(panel))
        back = QPushButton(QCoreApplication.translate("SupervisorPanel", "Households"), panel)
        back.clicked.connect(lambda: stack.setCurrentWidget(households))
        panel.setCornerWidget(back)

        def on_role(role: object) -> None:
            if role not in REVIEWER_ROLES or panel.review_action is None:
                return
            toolbar.addAction(panel.review_action)
            stack.addWidget(panel)
            stack.setCurrentWidget(panel)
            panel.set_store(store)
            # Right away, not only after a sync: a county supervisor enrolled a moment ago (or
            # synced by USB) would otherwise review at the township level until then.
            panel.reload()

        runner.submit(lambda: store.get_state("role"), on_role)
        return panel

    def detach(self, stack: QStackedWidget, toolbar: QToolBar) -> None:
        """Leave the window (on lock): the store is gone, so is the panel."""
        self.set_store(None)
        if self.review_action is not None:
            toolbar.removeAction(self.review_action)
            self.review_action = None
        if stack.indexOf(self) >= 0:
            stack.removeWidget(self)
        self.pool.waitForDone(30_000)  # a running request ends before the store goes
        self.cases.shutdown()  # and a posting file being written
        self.deleteLater()
