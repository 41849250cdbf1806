"""The main window: unlock (or first run), then the household list and the survey screen.

It owns the store thread and the unlocked store's lifetime: locking (the button, Ctrl+L, idle
time, or the laptop going to sleep: desktop/ui/idle_lock.py) saves an open survey as a draft,
closes the store in the store thread (which wipes the data key) and returns to the unlock page;
unlocking the same profile again reopens that survey at the section it showed. Closing the
window does the same, then waits for the thread to end.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtNetwork import QNetworkInterface
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from desktop.services import attachments, profiles
from desktop.services.profiles import CountyProfile
from desktop.services.surveys import FormUnavailable, SurveyDoc, SurveyService
from desktop.store.profile import Store
from desktop.ui.cases.survey_panel import CasePanelWidget, attach_case_panel
from desktop.ui.households.households_widget import HouseholdsWidget
from desktop.ui.i18n import form_language, install_translators
from desktop.ui.idle_lock import IdleLock, SleepWatcher, sleep_watcher
from desktop.ui.passphrase_dialog import PassphraseDialog
from desktop.ui.review.panel import SupervisorPanel
from desktop.ui.settings import AppSettings
from desktop.ui.settings_dialog import SettingsDialog
from desktop.ui.survey.survey_widget import SurveyWidget
from desktop.ui.sync.controller import SyncController
from desktop.ui.sync.dialogs import SyncLogDialog, UsbDialog
from desktop.ui.sync.status_widget import SyncStatusWidget
from desktop.ui.tasks import StoreThread
from desktop.ui.unlock.first_run_widget import FirstRunWidget
from desktop.ui.unlock.unlock_widget import UnlockWidget

DEFAULT_PROFILE = "cadre"


class MainWindow(QMainWindow):
    unlocked = Signal()
    locked = Signal()

    def __init__(
        self,
        data_dir: Path,
        county: CountyProfile | None,
        lang: str = "zh_CN",
        settings: AppSettings | None = None,
        kdf_params: dict[str, int] | None = None,
        sleep: SleepWatcher | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.resize(1280, 800)
        self._data_dir, self._county, self._kdf = data_dir, county, kdf_params
        self._lang = form_language(lang)
        self._ui_lang = lang
        self.settings = settings or AppSettings()
        self.runner = StoreThread(self)
        self.store: Store | None = None
        self.survey: SurveyWidget | None = None
        self.case_panel: CasePanelWidget | None = None  # beside the open survey
        self.supervisor: SupervisorPanel | None = None
        # Where the cadre was when the window locked: (profile folder name, household id,
        # campaign id, section row). Ids only: no name or answer stays in memory while locked.
        self._resume: tuple[str, str, str, int] | None = None
        self._resume_section: int | None = None

        # --- Pages
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.households = HouseholdsWidget(self.runner, self)
        self.households.survey_requested.connect(self._on_survey_requested)
        self.stack.addWidget(self.households)
        self.unlock_page: QWidget = self._make_unlock_page()
        self.stack.addWidget(self.unlock_page)
        self.stack.setCurrentWidget(self.unlock_page)

        # --- Toolbar
        toolbar = QToolBar(self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        self.lock_action = QAction(self)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.lock_action.setEnabled(False)
        toolbar.addAction(self.lock_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self.status_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.status_label)

        # --- Sync: its own network thread; the indicator and the dialogs
        self.sync = SyncController(self.runner, self)
        self.sync.photo_policy = self._photos_held
        self.sync_status = SyncStatusWidget(self.sync, self)
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync_status.message.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.sync.sync_finished.connect(self._on_sync_finished)
        self.dialog: QDialog | None = None
        self.sync_log_action = QAction(self)
        self.sync_log_action.setObjectName("syncLogAction")
        self.sync_log_action.triggered.connect(self._on_sync_log_triggered)
        self.usb_action = QAction(self)
        self.usb_action.setObjectName("usbAction")
        self.usb_action.triggered.connect(self._on_usb_triggered)
        for action in (self.sync_log_action, self.usb_action):
            action.setEnabled(False)
            toolbar.addAction(action)

        # --- Menu: change passphrase, settings
        menu = self.menuBar().addMenu("")
        self.tools_menu = menu
        self.passphrase_action = QAction(self)
        self.passphrase_action.setObjectName("passphraseAction")
        self.passphrase_action.setEnabled(False)
        self.passphrase_action.triggered.connect(self._on_passphrase_triggered)
        self.settings_action = QAction(self)
        self.settings_action.setObjectName("settingsAction")
        self.settings_action.triggered.connect(self._on_settings_triggered)
        menu.addAction(self.passphrase_action)
        menu.addAction(self.settings_action)
        self.retranslate_ui()

        # --- Auto-lock after idle, and when the OS says the laptop is going to sleep
        self.idle_lock = IdleLock(self.settings.auto_lock_minutes, self)
        self.idle_lock.idle.connect(self._on_idle_timeout)
        self.idle_timer = self.idle_lock.timer
        self.sleep = sleep if sleep is not None else sleep_watcher(self)
        self.sleep.about_to_sleep.connect(self._on_about_to_sleep)
        geometry = self.settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)

    # --- Language

    def retranslate_ui(self) -> None:
        """The window's own strings in the current language (also on a language change)."""
        self.setWindowTitle(self.tr("Doorstep · household survey"))
        self.toolbar.setWindowTitle(self.tr("Main"))
        self.lock_action.setText(self.tr("Lock"))
        self.lock_action.setToolTip(self.tr("Lock now (Ctrl+L): the passphrase is needed again"))
        self.sync_log_action.setText(self.tr("Sync log…"))
        self.usb_action.setText(self.tr("USB transfer…"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.passphrase_action.setText(self.tr("Change passphrase…"))
        self.settings_action.setText(self.tr("Settings…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    @property
    def language(self) -> str:
        return self._ui_lang

    def set_language(self, lang: str) -> None:
        """Switch the whole window now: Qt sends every widget a LanguageChange (each one
        retranslates itself); an open survey is rebuilt in the form's matching language with
        what is typed, its reasons and its section carried over."""
        if lang == self._ui_lang:
            return
        install_translators(lang)
        self._ui_lang, self._lang = lang, form_language(lang)
        if self.survey is not None and self.store is not None:
            old = self.survey
            doc = replace(old.doc, answers=old.answers())
            self._open_survey((doc, old.service), old.head_name)
            assert self.survey is not None
            self.survey.carry_over(old)

    # --- Unlocking

    def _make_unlock_page(self) -> QWidget:
        found = profiles.list_profiles(self._data_dir)
        if found:
            page = UnlockWidget(self.runner, found, self.settings.last_profile, self)
            page.unlocked.connect(self._on_store_unlocked)
            return page
        if self._county is None:
            label = QLabel(
                self.tr(
                    "This laptop has no Doorstep profile yet, and no county profile was given. "
                    "Start Doorstep with --profile county.json (from county IT), or run "
                    "`doorstep demo` to try it."
                ),
                self,
            )
            label.setWordWrap(True)
            label.setObjectName("noProfileLabel")
            return label
        first = FirstRunWidget(
            self.runner, self._data_dir / DEFAULT_PROFILE, self._county, self._kdf, self
        )
        first.unlocked.connect(self._on_store_unlocked)
        return first

    def adopt_store(self, store: Store) -> None:
        """Open the window on a store unlocked elsewhere (the demo); it belongs to us now."""
        self._on_store_unlocked(store)

    def _on_store_unlocked(self, store: object) -> None:
        assert isinstance(store, Store)
        self.store = store
        self.settings.last_profile = store.folder.name
        if not isinstance(self.unlock_page, UnlockWidget):
            old = self.unlock_page
            self.unlock_page = self._make_unlock_page()
            self.stack.addWidget(self.unlock_page)
            self.stack.removeWidget(old)
            old.deleteLater()
        self.households.set_store(store)
        self.stack.setCurrentWidget(self.households)
        self.households.search.setFocus()
        self.lock_action.setEnabled(True)
        self._set_store_actions(True)
        self.sync.set_store(store)
        self.supervisor = SupervisorPanel.attach(
            self.runner, store, self.stack, self.households, self.toolbar, self._lang
        )
        self.idle_lock.arm()
        self.status_label.setText(self.tr("Unlocked"))
        self._resume_after_unlock(store)
        self.unlocked.emit()

    def _resume_after_unlock(self, store: Store) -> None:
        """Reopen the survey that was on screen when the window locked, once the list is in."""
        resume, self._resume = self._resume, None
        if resume is None or resume[0] != store.folder.name:
            return
        _folder, household_id, campaign_id, section = resume

        def reopen() -> None:
            self.households.loaded.disconnect(reopen)
            if self.store is store and self.survey is None:
                self._resume_section = section
                self._on_survey_requested(household_id, campaign_id)

        self.households.loaded.connect(reopen)

    # --- Locking

    def lock(self) -> None:
        store = self.store
        if store is None:
            return
        if self.survey is not None:
            doc = self.survey.doc
            section = max(0, self.survey.navigator.currentRow())
            self._resume = (store.folder.name, doc.household_id, doc.campaign_id or "", section)
        else:
            self._resume = None
        self._close_survey()  # queues the draft's last save ahead of the store's lock
        self.store = None
        self.idle_lock.disarm()
        self.households.set_store(None)
        if self.supervisor is not None:
            self.supervisor.detach(self.stack, self.toolbar)
            self.supervisor = None
        self._close_dialog()
        self.sync.set_store(None)
        self._set_store_actions(False)
        self.runner.submit(store.lock)
        if isinstance(self.unlock_page, UnlockWidget):
            self.unlock_page.reset()
        self.stack.setCurrentWidget(self.unlock_page)
        self.lock_action.setEnabled(False)
        self.status_label.setText(self.tr("Locked"))
        self.locked.emit()

    def _on_idle_timeout(self) -> None:
        self.lock()

    def _on_about_to_sleep(self) -> None:
        if self.store is not None:
            self.lock()
            self.status_label.setText(self.tr("Locked when the laptop went to sleep"))

    # --- Surveys

    def _on_survey_requested(
        self, household_id: str, campaign_id: str, *, anew: bool = False
    ) -> None:
        store = self.store
        if store is None:
            return
        row = self.households.model.row_for(household_id)
        head = row.head_name if row else ""
        service = SurveyService(store)
        cid = campaign_id or None

        def start() -> tuple[SurveyDoc, SurveyService]:
            doc = service.start(household_id, cid, anew=anew)
            return doc, SurveyService.for_survey(store, doc)

        self.runner.submit(
            start,
            lambda opened: self._open_survey(opened, head),
            self._on_survey_failed,
        )

    def _on_survey_failed(self, exc: BaseException) -> None:
        if isinstance(exc, FormUnavailable):
            text = self.tr(
                "This survey was started on form version %1, which this laptop does not have. "
                "Sync to receive it from the county, or update the app."
            ).replace("%1", str(exc.version))
        else:
            text = self.tr("The survey could not be opened.")
        self.statusBar().showMessage(text, 30_000)

    def _open_survey(self, opened: object, head_name: str) -> None:
        if self.store is None:
            return
        assert isinstance(opened, tuple)
        doc, service = opened
        assert isinstance(doc, SurveyDoc)
        assert isinstance(service, SurveyService)
        self._close_survey()
        self.survey = SurveyWidget(
            self.runner, self.store, doc, head_name, self._lang, self, service=service
        )
        self.survey.closed.connect(self._on_survey_closed)
        self.survey.resurvey_requested.connect(
            lambda hid, cid: self._on_survey_requested(hid, cid, anew=True)
        )
        # The household's cases beside its survey (read-only, from what the feed brought).
        self.case_panel = attach_case_panel(
            self.survey, self.runner, self.store, doc.household_id, self._lang
        )
        section, self._resume_section = self._resume_section, None
        if section is not None:
            self.survey.navigator.setCurrentRow(min(section, self.survey.navigator.count() - 1))
        self.stack.addWidget(self.survey)
        self.stack.setCurrentWidget(self.survey)

    def _on_survey_closed(self) -> None:
        self._close_survey()
        self.stack.setCurrentWidget(self.households)
        self.households.reload()
        self.households.table.setFocus()

    def _close_survey(self) -> None:
        if self.survey is not None:
            self.survey.shutdown()
            self.stack.removeWidget(self.survey)
            self.survey.deleteLater()
            self.survey = None
            self.case_panel = None

    # --- Sync and the dialogs

    def _set_store_actions(self, enabled: bool) -> None:
        for action in (self.sync_log_action, self.usb_action, self.passphrase_action):
            action.setEnabled(enabled)
        self.sync_status.set_enabled(enabled)

    def _on_sync_finished(self, _result: object) -> None:
        if self.store is None:
            return
        self.households.reload()
        if self.supervisor is not None:
            self.supervisor.reload()
        if self.survey is not None:
            self.survey.reload_from_store()

    def _on_sync_log_triggered(self) -> None:
        if self.store is not None:
            self._show_dialog(SyncLogDialog(self.runner, self.store, self))

    def _on_usb_triggered(self) -> None:
        if self.store is not None:
            dialog = UsbDialog(self.runner, self.store, self)
            dialog.step_done.connect(lambda _what: self.sync.refresh_status())
            self._show_dialog(dialog)

    def _on_passphrase_triggered(self) -> None:
        if self.store is not None:
            self._show_dialog(PassphraseDialog(self.runner, self.store.folder, self._kdf, self))

    def _on_settings_triggered(self) -> None:
        dialog = SettingsDialog(self.settings, self._ui_lang, self)
        dialog.accepted.connect(self._on_settings_saved)
        self._show_dialog(dialog)

    def _photos_held(self) -> bool:
        """Photos wait unless the setting is off or this laptop is on the office network."""
        if not self.settings.photos_office_only:
            return False
        try:
            networks = attachments.parse_office_networks(self.settings.office_networks)
        except attachments.OfficeNetworkError:
            return True  # unreadable ranges: keep photos back rather than guess
        addresses = [a.toString() for a in QNetworkInterface.allAddresses()]
        return not attachments.on_office_network(addresses, networks)

    def _on_settings_saved(self) -> None:
        self.idle_lock.set_minutes(self.settings.auto_lock_minutes)
        self.sync.refresh_status()
        if self.settings.language:
            self.set_language(self.settings.language)

    def _show_dialog(self, dialog: QDialog) -> None:
        self._close_dialog()
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self) -> None:
        if self.dialog is not None and self.dialog is self.sender():
            self.dialog.deleteLater()
            self.dialog = None

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.close()
            dialog.deleteLater()

    # --- Closing

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.geometry = self.saveGeometry()
        self.lock()
        self.idle_lock.uninstall()
        self.sleep.close()
        self.sync.stop()
        self.runner.stop()
        super().closeEvent(event)
