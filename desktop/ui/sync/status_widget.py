"""The sync indicator in the status bar: online or offline, records waiting, the last round and
its result, "Sync now", and while a round runs its phase, done/total, bytes and Cancel."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.ui.sync.controller import SyncController, SyncProgress, SyncResult, SyncStatus


def outcome_words(outcome: str) -> str:
    """The result of a round in plain words, with what to do about it."""
    return {
        "ok": QCoreApplication.translate("Sync", "Everything is sent and up to date."),
        "offline": QCoreApplication.translate(
            "Sync", "The server cannot be reached. Nothing is lost; sync again when in range."
        ),
        "cancelled": QCoreApplication.translate(
            "Sync", "Sync was cancelled; everything done so far is kept."
        ),
        "refused": QCoreApplication.translate(
            "Sync", "The server refused this laptop. Call county IT."
        ),
        "not_enrolled": QCoreApplication.translate(
            "Sync", "This laptop is not enrolled (or was revoked). Call county IT."
        ),
        "update_required": QCoreApplication.translate(
            "Sync", "This app is too old for the server. Ask county IT to update it."
        ),
        "bad_reply": QCoreApplication.translate(
            "Sync", "The server sent a reply the app does not understand. Try again later."
        ),
        "diverged": QCoreApplication.translate(
            "Sync", "The server's copy differs from this laptop's. Call county IT."
        ),
        "failed": QCoreApplication.translate(
            "Sync",
            "Sync stopped on an error. Try again; if it repeats, export the sync log for county IT.",
        ),
    }.get(outcome, outcome)


def offset_words(seconds: int) -> str:
    """How far a clock is off, in days, hours and minutes (no sign)."""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    if days:
        return (
            QCoreApplication.translate("Sync", "%1 d %2 h")
            .replace("%1", str(days))
            .replace("%2", str(hours))
        )
    if hours and minutes:
        return (
            QCoreApplication.translate("Sync", "%1 h %2 min")
            .replace("%1", str(hours))
            .replace("%2", str(minutes))
        )
    if hours:
        return QCoreApplication.translate("Sync", "%1 h").replace("%1", str(hours))
    return QCoreApplication.translate("Sync", "%1 min").replace("%1", str(max(minutes, 1)))


def refusal_words(error: str | None, clock_offset: int | None = None) -> str | None:
    """The server's refusal of a request (its signature, time, device or app) in plain words,
    with what to do; None for any other error (the outcome's words say it then)."""
    if error == "clock_skewed":
        if clock_offset and clock_offset > 0:
            text = QCoreApplication.translate(
                "Sync",
                "This laptop's clock is %1 ahead of the server's, so the server refused the "
                "sync. Set the correct date, time and time zone on this laptop, then sync "
                "again. Nothing is lost.",
            )
        elif clock_offset and clock_offset < 0:
            text = QCoreApplication.translate(
                "Sync",
                "This laptop's clock is %1 behind the server's, so the server refused the "
                "sync. Set the correct date, time and time zone on this laptop, then sync "
                "again. Nothing is lost.",
            )
        else:
            return QCoreApplication.translate(
                "Sync",
                "This laptop's clock is wrong, so the server refused the sync. Set the correct "
                "date, time and time zone on this laptop, then sync again. Nothing is lost.",
            )
        return text.replace("%1", offset_words(clock_offset))
    words = {
        "request_expired": QCoreApplication.translate(
            "Sync",
            "The server received a delayed copy of a request and refused it; nothing was "
            "changed. Sync again; if this repeats, check this laptop's date and time.",
        ),
        "device_revoked": QCoreApplication.translate(
            "Sync",
            "This laptop's enrollment has been revoked on the server. Contact county IT to "
            "enroll it again; the records waiting on this laptop are kept.",
        ),
        "unknown_device": QCoreApplication.translate(
            "Sync",
            "The server does not know this laptop's enrollment. Contact county IT to enroll it "
            "again; the records waiting on this laptop are kept.",
        ),
        "user_disabled": QCoreApplication.translate(
            "Sync",
            "Your account is disabled on the server. Contact county IT; the records waiting on "
            "this laptop are kept.",
        ),
        "client_outdated": QCoreApplication.translate(
            "Sync",
            "This Doorstep app is too old for the server. Update it with the installer from "
            "county IT, then sync again; the records waiting on this laptop are kept.",
        ),
        "nonce_reused": QCoreApplication.translate(
            "Sync",
            "The server had already received a copy of this request and refused the second "
            "one; nothing was changed and nothing is lost. Sync again.",
        ),
        "body_changed": QCoreApplication.translate(
            "Sync",
            "The data changed on the way to the server (a faulty or hostile network), so the "
            "server stored nothing. Nothing is lost on this laptop; sync again, on another "
            "network if this repeats.",
        ),
    }
    unverified = QCoreApplication.translate(
        "Sync",
        "The server could not verify this laptop's signature on the request (something on the "
        "network may have changed it). Nothing was stored and nothing is lost. Sync again, on "
        "another network if this repeats; then contact county IT.",
    )
    for code in ("bad_signature", "device_mismatch", "signature_missing", "signature_malformed"):
        words[code] = unverified
    return words.get(error or "")


def result_words(outcome: str, error: str | None = None, clock_offset: int | None = None) -> str:
    """A round's result for the cadre: the refusal's own words where the server gave one."""
    return refusal_words(error, clock_offset) or outcome_words(outcome)


def phase_words(phase: str) -> str:
    return {
        "handshake": QCoreApplication.translate("Sync", "Connecting"),
        "pull": QCoreApplication.translate("Sync", "Receiving"),
        "push": QCoreApplication.translate("Sync", "Sending surveys"),
        "attachments": QCoreApplication.translate("Sync", "Sending photos"),
        "verify": QCoreApplication.translate("Sync", "Checking"),
    }.get(phase, phase)


def short_time(iso: str | None) -> str:
    if not iso:
        return QCoreApplication.translate("Sync", "never")
    try:
        when = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    fmt = "%H:%M" if when.date() == datetime.now().astimezone().date() else "%m-%d %H:%M"
    return when.strftime(fmt)


def size_words(n: int) -> str:
    if n < 1024:
        return QCoreApplication.translate("Sync", "%1 B").replace("%1", str(n))
    if n < 1024 * 1024:
        return QCoreApplication.translate("Sync", "%1 KB").replace("%1", f"{n / 1024:.0f}")
    return QCoreApplication.translate("Sync", "%1 MB").replace("%1", f"{n / 1048576:.1f}")


class SyncStatusWidget(QWidget):
    """Emits `message` with the result of a round in plain words, for the window's status bar."""

    message = Signal(str)

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatus")
        self._controller = controller
        self.online_label = QLabel(self)
        self.online_label.setObjectName("onlineLabel")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pendingLabel")
        self.last_label = QLabel(self)
        self.last_label.setObjectName("lastSyncLabel")
        self.photos_label = QLabel(self)
        self.photos_label.setObjectName("photosWaitingLabel")
        self.photos_label.setStyleSheet("color: #8a6d00")
        self.photos_label.hide()
        self.phase_label = QLabel(self)
        self.phase_label.setObjectName("syncPhaseLabel")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("syncProgress")
        self.progress.setMaximumWidth(160)
        self.sync_button = QPushButton(self)
        self.sync_button.setObjectName("syncNowButton")
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("syncCancelButton")
        self._status: SyncStatus | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for w in (self.online_label, self.pending_label, self.photos_label, self.last_label,
                  self.phase_label,
                  self.progress, self.sync_button, self.cancel_button):  # fmt: skip
            layout.addWidget(w)
        self.sync_button.clicked.connect(self._on_sync_clicked)
        self.cancel_button.clicked.connect(controller.cancel)
        controller.status_changed.connect(self._on_status_changed)
        controller.online_changed.connect(self._on_online_changed)
        controller.sync_started.connect(self._on_sync_started)
        controller.progressed.connect(self._on_progressed)
        controller.sync_finished.connect(self._on_sync_finished)
        controller.sync_failed.connect(self._on_sync_failed)
        self.last_result: str | None = None
        self._last_refusal: tuple[str | None, int | None] = (None, None)
        self._show_running(False)
        self.retranslate_ui()
        self.set_enabled(False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        """Every string of the indicator in the current language (also on a language change)."""
        self.sync_button.setText(self.tr("Sync now"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._on_online_changed(self._controller.online)
        if self._status is not None:
            self._on_status_changed(self._status)
        if self.last_result is not None:
            self.setToolTip(result_words(self.last_result, *self._last_refusal))

    def set_enabled(self, enabled: bool) -> None:
        self.sync_button.setEnabled(enabled and not self._controller.running)
        if not enabled:
            self._status = None
            self.pending_label.clear()
            self.last_label.clear()
            self.photos_label.hide()

    def _on_sync_clicked(self) -> None:
        self._controller.sync_now()

    def _show_running(self, running: bool) -> None:
        self.phase_label.setVisible(running)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.sync_button.setEnabled(not running)

    # --- Controller signals

    def _on_status_changed(self, status: object) -> None:
        assert isinstance(status, SyncStatus)
        self._status = status
        if not status.enrolled:
            self.pending_label.setText(self.tr("Not enrolled for sync"))
            self.sync_button.setEnabled(False)
            return
        text = self.tr("%1 waiting to send").replace("%1", str(status.pending))
        if status.problems:
            text += self.tr(" · %1 need attention").replace("%1", str(status.problems))
        self.pending_label.setText(text)
        self.show_photos_waiting(status.photos_waiting)
        last = (
            result_words(status.last_outcome, status.last_error, status.last_clock_offset)
            if status.last_outcome
            else ""
        )
        self.last_label.setText(
            self.tr("Last sync %1").replace("%1", short_time(status.last_at))
            + (
                " · " + _brief(status.last_outcome, status.last_error)
                if status.last_outcome
                else ""
            )
        )
        self.last_label.setToolTip(
            self.tr("Last successful sync: %1").replace("%1", short_time(status.last_ok_at))
            + ("\n" + last if last else "")
        )
        self.sync_button.setEnabled(not self._controller.running)

    def show_photos_waiting(self, waiting: int) -> None:
        """Say so when photos are kept back for the office network (answers still go)."""
        held = waiting > 0 and self._controller.photos_held()
        self.photos_label.setVisible(held)
        if held:
            self.photos_label.setText(
                self.tr("Photos waiting for the office network: %1").replace("%1", str(waiting))
            )
            self.photos_label.setToolTip(
                self.tr(
                    "Answers are sent from anywhere. Photos are sent when this laptop is on "
                    "the township office network (see Settings)."
                )
            )

    def _on_online_changed(self, online: object) -> None:
        if online is None:
            self.online_label.setText("○ " + self.tr("Checking…"))
        elif online:
            self.online_label.setText("● " + self.tr("Online"))
            self.online_label.setStyleSheet("color: #1b7f3a")
        else:
            self.online_label.setText("○ " + self.tr("Offline"))
            self.online_label.setStyleSheet("color: #8a6d00")

    def _on_sync_started(self) -> None:
        self._show_running(True)
        self.progress.setRange(0, 0)
        self.phase_label.setText(phase_words("handshake"))

    @Slot(object)  # emitted on the network thread: a queued hop, see desktop/ui/tasks.py
    def _on_progressed(self, p: object) -> None:
        assert isinstance(p, SyncProgress)
        if p.total > 0:
            self.progress.setRange(0, p.total)
            self.progress.setValue(min(p.done, p.total))
        else:
            self.progress.setRange(0, 0)
        text = f"{phase_words(p.phase)} {p.done}/{p.total}"
        if p.bytes:
            text += " · " + size_words(p.bytes)
        self.phase_label.setText(text)

    def _on_sync_finished(self, result: object) -> None:
        assert isinstance(result, SyncResult)
        self._show_running(False)
        self.last_result = result.outcome
        self._last_refusal = (result.error, result.clock_offset)
        words = result_words(result.outcome, result.error, result.clock_offset)
        self.setToolTip(words)
        self.message.emit(words)

    def _on_sync_failed(self, _kind: str) -> None:
        self._show_running(False)
        self.last_result = "failed"
        self._last_refusal = (None, None)
        self.setToolTip(outcome_words("failed"))
        self.message.emit(outcome_words("failed"))


def _brief(outcome: str, error: str | None = None) -> str:
    if error == "clock_skewed":
        return QCoreApplication.translate("Sync", "clock wrong")
    return {
        "ok": QCoreApplication.translate("Sync", "ok"),
        "offline": QCoreApplication.translate("Sync", "offline"),
        "cancelled": QCoreApplication.translate("Sync", "cancelled"),
    }.get(outcome, QCoreApplication.translate("Sync", "failed"))
