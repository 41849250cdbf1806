"""The household list: campaign and village pickers, search as you type, state and flag filters,
and the actions a cadre takes at a door (open the survey, record a visit, add a household)."""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import households as hh
from desktop.services.households import CampaignRow, DivisionRow, HouseholdRow
from desktop.store.profile import Store
from desktop.ui.households.dialogs import AddHouseholdDialog, VisitOutcomeDialog
from desktop.ui.households.states import category_label, state_label
from desktop.ui.households.table_model import (
    ANY_FLAG,
    COL_NAME,
    ID_ROLE,
    NO_FLAG,
    HouseholdFilterProxyModel,
    HouseholdTableModel,
)
from desktop.ui.tasks import StoreThread


def round_label(code: str) -> str:
    return {
        "start": QCoreApplication.translate("Campaign", "start of year"),
        "mid": QCoreApplication.translate("Campaign", "mid-year"),
        "end": QCoreApplication.translate("Campaign", "end of year"),
    }.get(code, code)


class HouseholdsWidget(QWidget):
    """Emits `survey_requested(household_id, campaign_id or '')`."""

    survey_requested = Signal(str, str)
    loaded = Signal()
    search_applied = Signal()

    SEARCH_DELAY_MS = 150  # typing "王建" filters once, not once per character

    def __init__(self, runner: StoreThread, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._store: Store | None = None
        self._villages: list[DivisionRow] = []
        self.active_dialog: QDialog | None = None

        # --- Widgets
        self.campaign_box = QComboBox(self)
        self.campaign_box.setObjectName("campaignBox")
        self.village_box = QComboBox(self)
        self.village_box.setObjectName("villageBox")
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setClearButtonEnabled(True)
        self.state_box = QComboBox(self)
        self.state_box.setObjectName("stateBox")
        for code in ("", "todo", *hh.STATES):
            self.state_box.addItem("", code)
        self.flag_box = QComboBox(self)
        self.flag_box.setObjectName("flagBox")
        for code in ("", ANY_FLAG, NO_FLAG, *hh.CATEGORIES):
            self.flag_box.addItem("", code)
        self.model = HouseholdTableModel(self)
        self.proxy = HouseholdFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("householdTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openSurveyButton")
        self.visit_button = QPushButton(self)
        self.visit_button.setObjectName("visitButton")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("addHouseholdButton")
        self._campaigns: list[CampaignRow] = []

        # --- Layout
        self.campaign_label = QLabel(self)
        self.village_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.campaign_label)
        top.addWidget(self.campaign_box)
        top.addWidget(self.village_label)
        top.addWidget(self.village_box)
        top.addWidget(self.state_box)
        top.addWidget(self.flag_box)
        top.addWidget(self.search, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for b in (self.add_button, self.visit_button, self.open_button):
            bottom.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        # --- Connections
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.state_box.currentIndexChanged.connect(self._on_state_changed)
        self.flag_box.currentIndexChanged.connect(self._on_flag_changed)
        self.village_box.currentIndexChanged.connect(self._on_village_changed)
        self.campaign_box.currentIndexChanged.connect(self._on_campaign_changed)
        self.table.doubleClicked.connect(self._on_table_activated)
        self.table.activated.connect(self._on_table_activated)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.visit_button.clicked.connect(self._on_visit_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        self.search.returnPressed.connect(self._on_search_return)
        self.retranslate_ui()

    # --- Language

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Every string of the list in the current language (also on a language change)."""
        self.search.setPlaceholderText(self.tr("Search: name, ID digits, address or phone"))
        self.campaign_label.setText(self.tr("Campaign"))
        self.village_label.setText(self.tr("Village"))
        self.open_button.setText(self.tr("Open survey"))
        self.visit_button.setText(self.tr("Record visit…"))
        self.add_button.setText(self.tr("Add household…"))
        states = {"": self.tr("All states"), "todo": self.tr("Still to do")}
        for i in range(self.state_box.count()):
            code = str(self.state_box.itemData(i))
            self.state_box.setItemText(i, states.get(code) or state_label(code))
        flags = {
            "": self.tr("All households"),
            ANY_FLAG: self.tr("Receiving any support"),
            NO_FLAG: self.tr("Receiving no support"),
        }
        for i in range(self.flag_box.count()):
            code = str(self.flag_box.itemData(i))
            self.flag_box.setItemText(i, flags.get(code) or category_label(code))
        self._label_pickers()
        self.model.retranslate()
        self._update_count()

    def _label_pickers(self) -> None:
        rounds = {c.id: f"{c.year} {round_label(c.round)}" for c in self._campaigns}
        for i in range(self.campaign_box.count()):
            cid = str(self.campaign_box.itemData(i) or "")
            self.campaign_box.setItemText(i, rounds.get(cid) or self.tr("Any campaign"))
        if self.village_box.count():
            self.village_box.setItemText(0, self.tr("All villages"))

    # --- Loading

    def set_store(self, store: Store | None) -> None:
        self._store = store
        if store is None:
            self.model.clear()
            self.search.clear()
            self.campaign_box.clear()
            self.village_box.clear()
            return
        self._runner.submit(
            lambda: (hh.campaigns(store), hh.villages(store)), self._on_pickers_loaded
        )

    def campaign_id(self) -> str | None:
        data = self.campaign_box.currentData()
        return str(data) if data else None

    def reload(self) -> None:
        store, campaign = self._store, self.campaign_id()
        if store is None:
            return
        self._runner.submit(lambda: hh.list_households(store, campaign), self._on_rows_loaded)

    def _on_pickers_loaded(self, result: object) -> None:
        assert isinstance(result, tuple)
        campaign_rows, village_rows = result
        self._villages = list(village_rows)
        self.campaign_box.blockSignals(True)
        self.campaign_box.clear()
        self._campaigns = [c for c in campaign_rows if isinstance(c, CampaignRow)]
        for c in self._campaigns:
            self.campaign_box.addItem(f"{c.year} {round_label(c.round)}", c.id)
        self.campaign_box.addItem(self.tr("Any campaign"), "")
        self.campaign_box.blockSignals(False)
        self.village_box.blockSignals(True)
        self.village_box.clear()
        self.village_box.addItem(self.tr("All villages"), "")
        for v in self._villages:
            self.village_box.addItem(v.name, v.code)
        self.village_box.blockSignals(False)
        self.reload()

    def _on_rows_loaded(self, rows: object) -> None:
        assert isinstance(rows, list)
        selected = self.selected_household()
        self.model.set_rows(rows)
        # The list is most of what stays alive in the app (20,000 rows and their text), and a
        # full garbage collection walking it held the GIL for 120-150 ms, freezing typing while
        # a sync round reloaded the list (bench/app.py). What is alive now leaves the
        # collector's sight; rows replaced later are still freed by reference counting.
        gc.freeze()
        if selected is not None:
            self.select_household(selected.id)
        self._update_count()
        self.loaded.emit()

    # --- Selection

    def selected_household(self) -> HouseholdRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_for(str(rows[0].data(ID_ROLE)))

    def select_household(self, household_id: str) -> bool:
        """Select the household if the filters show it; says whether they do."""
        if self.model.row_for(household_id) is None:
            return False
        source = self.model.index(self.model.source_row_of(household_id), 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def _filtered(self, change: Callable[[], None]) -> None:
        """Apply a filter change, keeping the selected household selected while it is shown."""
        selected = self.selected_household()
        change()
        kept = selected is not None and self.select_household(selected.id)
        if not kept and self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_count()

    def _update_buttons(self) -> None:
        has = self.selected_household() is not None
        self.open_button.setEnabled(has)
        self.visit_button.setEnabled(has)

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("%1 of %2 households")
            .replace("%1", str(self.proxy.rowCount()))
            .replace("%2", str(self.model.rowCount()))
        )
        self._update_buttons()

    # --- Filters

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def apply_search(self) -> None:
        """Filter now (the debounce timer calls this; Enter and tests may call it sooner)."""
        self._search_timer.stop()
        text = self.search.text()
        self._filtered(lambda: self.proxy.set_search(text))
        self.search_applied.emit()

    def _on_search_return(self) -> None:
        if self._search_timer.isActive():
            self.apply_search()
        if self.proxy.rowCount() == 1 or self.selected_household() is not None:
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
            self._on_open_clicked()

    def _on_state_changed(self) -> None:
        code = str(self.state_box.currentData() or "")
        if code == "todo":
            states = frozenset({"not_visited", "revisit_due", "draft", "completed", "returned"})
        else:
            states = frozenset({code}) if code else frozenset()
        self._filtered(lambda: self.proxy.set_states(states))

    def _on_flag_changed(self) -> None:
        flag = str(self.flag_box.currentData() or "") or None
        self._filtered(lambda: self.proxy.set_flag(flag))

    def _on_village_changed(self) -> None:
        village = str(self.village_box.currentData() or "") or None
        self._filtered(lambda: self.proxy.set_village(village))

    def _on_campaign_changed(self) -> None:
        self.reload()

    # --- Actions

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self._on_open_clicked()

    def _on_open_clicked(self) -> None:
        row = self.selected_household()
        if row is not None:
            self.survey_requested.emit(row.id, self.campaign_id() or "")

    def _on_visit_clicked(self) -> None:
        row = self.selected_household()
        if row is None or self._store is None:
            return
        dialog = VisitOutcomeDialog(
            self._runner, self._store, row.id, row.head_name, self.campaign_id(), self
        )
        self._show_dialog(dialog)

    def _on_add_clicked(self) -> None:
        if self._store is None:
            return
        village = str(self.village_box.currentData() or "") or None
        dialog = AddHouseholdDialog(self._runner, self._store, self._villages, village, self)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: QDialog) -> None:
        self.active_dialog = dialog
        dialog.accepted.connect(self.reload)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self) -> None:
        if self.active_dialog is not None:
            self.active_dialog.deleteLater()
        self.active_dialog = None
