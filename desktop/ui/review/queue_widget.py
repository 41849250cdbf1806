"""The supervisor's review queue: filters, the table, a read-only survey, approve and return.

Everything touching the store goes to the store thread as a service call; results come back as
frozen rows. Keyboard: J / K (or Alt+Down / Alt+Up) move through the queue, Ctrl+Return approves,
Ctrl+R returns with a comment, Ctrl+Shift+A approves the selected clean surveys at once.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.services import registry_check, review
from desktop.services.registry_check import CheckResult
from desktop.services.review import ConflictingVersion, QueueRow, ReviewDetail, ReviewInputError
from desktop.store.profile import Store
from desktop.ui.id_queue_widget import IdQueueWidget, fill_combo
from desktop.ui.progress.network import NetworkTask, network_pool
from desktop.ui.review.attachments_view import AttachmentsView
from desktop.ui.review.queue_model import ID_ROLE, ReviewQueueModel, ReviewQueueProxy, state_label
from desktop.ui.review.return_dialog import ReturnDialog
from desktop.ui.tasks import StoreThread

ANY = "\x00any"


class ReviewQueueWidget(IdQueueWidget):
    model: ReviewQueueModel
    proxy: ReviewQueueProxy

    loaded = Signal()
    detail_shown = Signal(str)
    versions_shown = Signal(str)  # a survey's conflicting versions are on screen (or not reachable)
    check_shown = Signal(str)  # a household's economic-status check is on screen (or offline)
    flag_explained = Signal(int)  # the server took a flag's explanation
    decided = Signal(list)
    failed = Signal(str)
    audit_requested = Signal(str)

    def __init__(
        self, runner: StoreThread, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewQueueWidget")
        self.runner, self.lang = runner, lang
        self.store: Store | None = None
        self.detail: ReviewDetail | None = None
        self.return_dialog: ReturnDialog | None = None
        self._pending_select: int | None = None
        # Conflicting versions per survey: a tuple once fetched, or "loading" / "offline".
        self._versions: dict[str, tuple[ConflictingVersion, ...] | str] = {}
        # the economic-status check per household: in memory only, fetched as a survey is shown
        self._checks: dict[str, CheckResult | str] = {}
        self.net = network_pool(self)

        # --- Filters
        self.village_combo = QComboBox(self)
        self.cadre_combo = QComboBox(self)
        self.flag_combo = QComboBox(self)
        self.recommendation_combo = QComboBox(self)
        self.flag_combo.addItem(self.tr("All screening"), None)
        self.flag_combo.addItem(self.tr("Flagged"), True)
        self.flag_combo.addItem(self.tr("Clean"), False)
        filters = self.filter_row(
            [
                (self.tr("Village"), self.village_combo),
                (self.tr("Cadre"), self.cadre_combo),
                (self.tr("Screening"), self.flag_combo),
                (self.tr("Recommendation"), self.recommendation_combo),
            ]
        )
        self.level_label = QLabel(self)
        self.level_label.setObjectName("reviewLevelLabel")
        filters.addWidget(self.level_label)
        self.count_label = QLabel(self)
        filters.addWidget(self.count_label)

        # --- Table and detail
        self.table = self.build_table(
            ReviewQueueModel(self), ReviewQueueProxy(self), "reviewQueueTable"
        )
        self.detail_view = QTextBrowser(self)
        self.detail_view.setObjectName("reviewDetail")
        self.detail_view.setOpenLinks(False)
        self.detail_view.anchorClicked.connect(self._on_anchor)
        self.attachments = AttachmentsView(self)
        self.attachments.hide()
        detail_side = QWidget(self)
        side = QVBoxLayout(detail_side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.detail_view, 1)
        side.addWidget(self.attachments)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(detail_side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        # --- Actions
        self.approve_button = QPushButton(self.tr("Approve (Ctrl+Enter)"), self)
        self.return_button = QPushButton(self.tr("Return… (Ctrl+R)"), self)
        self.approve_clean_button = QPushButton(
            self.tr("Approve selected clean surveys (Ctrl+Shift+A)"), self
        )
        self.prev_button = QPushButton(self.tr("Previous (K)"), self)
        self.next_button = QPushButton(self.tr("Next (J)"), self)
        self.history_button = QPushButton(self.tr("History on the server…"), self)
        self.history_button.clicked.connect(self._on_history_clicked)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("reviewMessage")
        actions = QHBoxLayout()
        for b in (self.prev_button, self.next_button, self.approve_button, self.return_button):
            actions.addWidget(b)
        actions.addWidget(self.approve_clean_button)
        actions.addWidget(self.history_button)
        actions.addStretch(1)
        actions.addWidget(self.message_label)
        self.approve_button.clicked.connect(self.approve_current)
        self.return_button.clicked.connect(self.open_return_dialog)
        self.approve_clean_button.clicked.connect(self.approve_selected_clean)
        self.prev_button.clicked.connect(lambda: self.step_queue(-1))
        self.next_button.clicked.connect(lambda: self.step_queue(1))
        self.add_shortcuts(
            [
                ("Ctrl+Return", self.approve_current),
                ("Ctrl+Enter", self.approve_current),
                ("Ctrl+R", self.open_return_dialog),
                ("Ctrl+Shift+A", self.approve_selected_clean),
            ]
        )

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        self._set_actions_enabled(False)

    # --- Loading

    def set_store(self, store: Store | None) -> None:
        if store is not self.store:
            self.attachments.shutdown()  # a fetch reading the old store ends first
            self.net.waitForDone(30_000)
            self._versions.clear()
            self._checks.clear()
        self.store = store
        self.model.set_rows([])
        self.detail = None
        self.detail_view.clear()
        if store is not None:
            self.reload()

    def reload(self) -> None:
        store, lang = self.store, self.lang
        if store is None:
            return
        self.runner.submit(
            lambda: (review.reviewer_level(store), review.load_queue(store, lang=lang)),
            self._on_queue_loaded,
            self._on_failed,
        )

    def _on_queue_loaded(self, loaded: object) -> None:
        assert isinstance(loaded, tuple)
        (level, confirmed), rows = loaded
        self._show_level(str(level), bool(confirmed))
        current = self.current_id()
        self.model.set_rows(rows)
        self._fill_filters(rows)
        self._update_count()
        if current is not None and self.model.row_for(current) is not None:
            self.select(current)
        elif self.proxy.rowCount() > 0:
            self.table.selectRow(0)
        self.loaded.emit()

    def _show_level(self, level: str, confirmed: bool) -> None:
        if level == "county":
            text = self.tr("County level: surveys the townships approved")
        else:
            text = self.tr("Township level: surveys the cadres submitted")
        if not confirmed:
            text += " " + self.tr("(not yet confirmed by the server)")
        self.level_label.setText(text)

    def _fill_filters(self, rows: list[QueueRow]) -> None:
        def fill(combo: QComboBox, items: dict[str, str], any_text: str) -> None:
            fill_combo(combo, dict(sorted(items.items(), key=lambda kv: kv[1])), any_text)

        fill(
            self.village_combo,
            {r.village_code: r.village_name for r in rows},
            self.tr("All villages"),
        )
        fill(self.cadre_combo, {r.cadre_name: r.cadre_name for r in rows}, self.tr("All cadres"))
        fill(
            self.recommendation_combo,
            {r.recommendation: r.recommendation_label or r.recommendation for r in rows},
            self.tr("All recommendations"),
        )
        self._on_filter_changed()

    def _on_filter_changed(self) -> None:
        self.proxy.set_filters(
            self.village_combo.currentData(),
            self.cadre_combo.currentData(),
            self.flag_combo.currentData(),
            self.recommendation_combo.currentData(),
        )
        self._update_count()

    def _update_count(self) -> None:
        # withdrawn surveys are listed for the reviewer to see, but wait for nothing
        shown = sum(
            1
            for i in range(self.proxy.rowCount())
            if not self._is_withdrawn(self.proxy.index(i, 0).data(ID_ROLE))
        )
        waiting = sum(1 for r in self.model.rows() if not r.withdrawn)
        self.count_label.setText(
            self.tr("%1 of %2 waiting").replace("%1", str(shown)).replace("%2", str(waiting))
        )

    def _is_withdrawn(self, sid: object) -> bool:
        row = self.model.row_for(str(sid)) if sid is not None else None
        return row is not None and row.withdrawn

    # --- Moving through the queue

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        store, lang = self.store, self.lang
        sid = current.data(ID_ROLE) if current.isValid() else None
        self._set_actions_enabled(sid is not None and not self._is_withdrawn(sid))
        # a withdrawn one has nothing to decide, but its history says who withdrew it and why
        self.history_button.setEnabled(sid is not None)
        if store is None or sid is None:
            self.detail = None
            self.detail_view.clear()
            self.attachments.show_for(None, ())
            return
        self.runner.submit(
            lambda: review.load_detail(store, str(sid), lang),
            self._on_detail_loaded,
            self._on_failed,
        )

    def _on_detail_loaded(self, detail: object) -> None:
        assert isinstance(detail, ReviewDetail)
        if detail.row.survey_id != self.current_id():
            return  # the reviewer has moved on since
        self.detail = detail
        self.detail_view.setHtml(self._detail_html(detail))
        self.attachments.show_for(self.store, detail.attachments)
        self.detail_shown.emit(detail.row.survey_id)
        if detail.row.conflict and not isinstance(self._versions.get(detail.row.survey_id), tuple):
            self._fetch_versions(detail.row.survey_id)
        self._fetch_check(detail.row.household_id)

    def _fetch_check(self, household_id: str) -> None:
        """Every showing asks again: each look at the findings is in the server's audit."""
        store, lang = self.store, self.lang
        if store is None:
            return
        self._checks[household_id] = "loading"
        task = NetworkTask(
            lambda _p, _s: registry_check.fetch_findings(store, household_id, lang), self
        )
        task.succeeded.connect(lambda found: self._on_check(household_id, found))
        task.failed.connect(lambda _exc: self._on_check(household_id, "offline"))
        task.start(self.net)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() != "explain" or not url.path().isdigit():
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Mark the flag explained"),
            self.tr("Why the department's record does not change the survey:"),
        )
        if ok and reason.strip():
            self.explain_flag(int(url.path()), reason.strip())

    def explain_flag(self, flag_id: int, reason: str) -> None:
        """Send the explanation (a network call, off the GUI thread), then show the check again."""
        store = self.store
        if store is None:
            return
        task = NetworkTask(lambda _p, _s: registry_check.explain_flag(store, flag_id, reason), self)
        task.succeeded.connect(lambda _r: self._on_explained(flag_id))
        task.failed.connect(lambda _exc: self._on_explain_failed())
        task.start(self.net)

    def _on_explained(self, flag_id: int) -> None:
        self.message_label.setText(self.tr("The explanation was recorded."))
        self.flag_explained.emit(flag_id)
        self.reload_detail_check()

    def _on_explain_failed(self) -> None:
        self.message_label.setText(
            self.tr("The explanation could not be sent: the server is not reachable. Try again.")
        )

    def reload_detail_check(self) -> None:
        """Ask the server again for the shown survey's check (after a flag was explained)."""
        if self.detail is not None:
            self._fetch_check(self.detail.row.household_id)

    def _on_check(self, household_id: str, found: object) -> None:
        if isinstance(found, CheckResult) or found == "offline":
            self._checks[household_id] = found
        d = self.detail
        if d is not None and d.row.household_id == household_id:
            self.detail_view.setHtml(self._detail_html(d))
            self.check_shown.emit(household_id)

    def _fetch_versions(self, sid: str) -> None:
        store, lang = self.store, self.lang
        if store is None:
            return
        self._versions[sid] = "loading"
        task = NetworkTask(lambda _p, _s: review.fetch_versions(store, sid, lang), self)
        task.succeeded.connect(lambda found: self._on_versions(sid, found))
        task.failed.connect(lambda _exc: self._on_versions(sid, "offline"))
        task.start(self.net)

    def _on_versions(self, sid: str, found: object) -> None:
        if isinstance(found, tuple) or found == "offline":
            self._versions[sid] = found
        d = self.detail
        if d is not None and d.row.survey_id == sid:
            self.detail_view.setHtml(self._detail_html(d))
            self.versions_shown.emit(sid)

    def _detail_html(self, d: ReviewDetail) -> str:
        e = html.escape
        r = d.row
        collected_by = self.tr("Collected by")
        recommendation = self.tr("Recommendation")
        screening = self.tr("Screening")
        parts = [
            f"<h3>{e(r.head_name)} · {e(r.village_name)} · {e(r.short_key)}</h3>",
            f"<p>{e(collected_by)} {e(r.cadre_name)} · {e(state_label(r.state))} · "
            f"{e(recommendation)}: {e(r.recommendation_label or r.recommendation)}</p>",
        ]
        if r.withdrawn:
            why = self.tr("Withdrawn by the county as recorded in error: %1").replace(
                "%1", r.withdrawn_reason or ""
            )
            nothing = self.tr("Nothing to decide: it has left the queue.")
            parts.append(f"<p><b>{e(why)}</b><br>{e(nothing)}</p>")
        parts.append(f"<h4>{e(screening)}</h4>")
        if d.screening:
            parts.append("<ul>")
            parts += [f"<li><b>{e(s.label)}</b>: {e(s.explanation)}</li>" for s in d.screening]
            parts.append("</ul>")
        else:
            no_flag = self.tr("No screening flag.")
            parts.append(f"<p>{e(no_flag)}</p>")
        answers = self.tr("Answers")
        parts.append(f"<h4>{e(answers)}</h4><table>")
        parts += [
            f"<tr><td>{e(a.label)}</td><td>{e(a.value)}</td></tr>" for a in d.answers if a.value
        ]
        parts.append("</table>")
        attachments = self.tr("Attachments")
        parts.append(
            f"<h4>{e(attachments)}</h4><p>"
            + e(self.tr("%n photo(s) and documents", "", len(d.attachments)))
            + "</p>"
        )
        parts.append(self._check_html(self._checks.get(r.household_id, "loading")))
        if r.conflict:
            parts.append(self._versions_html(self._versions.get(r.survey_id, "loading")))
        history = self.tr("History")
        parts.append(f"<h4>{e(history)}</h4><ul>")
        parts += [
            f"<li>{e(h.at[:19])} · {e(h.who)} · {e(h.action)} {e(h.detail)}</li>" for h in d.history
        ]
        parts.append("</ul>")
        return "".join(parts)

    def _check_html(self, found: CheckResult | str) -> str:
        e = html.escape
        title = self.tr("Economic-status check")
        loading = self.tr("Fetching the check from the server…")
        offline = self.tr("The check is available when online.")
        no_consent = self.tr("The household has not signed the consent: not checked.")
        nothing = self.tr("No department record matches a member.")
        explained = self.tr("explained")
        explain = self.tr("Mark explained…")
        parts = [f"<h4>{e(title)}</h4>"]
        note = ""
        if found == "loading":
            note = loading
        elif not isinstance(found, CheckResult):
            note = offline
        elif found.checked and not found.consent:
            note = no_consent
        elif not found.findings:
            note = nothing
        if note or not isinstance(found, CheckResult):
            return "".join([*parts, f"<p>{e(note)}</p>"])
        for f in found.flags:
            why = f" ({e(explained)}: {e(f.reason)})" if f.explained else ""
            action = "" if f.explained else f' <a href="explain:{f.id}">{e(explain)}</a>'
            parts.append(f'<p style="color:#b00020"><b>{e(f.label)}</b>{why}{action}</p>')
        source, says, survey = self.tr("Department"), self.tr("Record"), self.tr("Survey said")
        parts.append(
            f'<table border="1" cellpadding="3"><tr><th>{e(source)}</th><th>{e(says)}</th>'
            f"<th>{e(survey)}</th></tr>"
        )
        parts += [
            f"<tr><td>{e(x.department)}</td><td>{e(x.says)}</td><td>{e(x.survey_said)}</td></tr>"
            for x in found.findings
        ]
        parts.append("</table>")
        return "".join(parts)

    def _versions_html(self, found: tuple[ConflictingVersion, ...] | str) -> str:
        e = html.escape
        title = self.tr("Conflicting version on the server")
        parts = [f'<h4 style="color:#b00020">{e(title)}</h4>']
        note = ""
        if found == "loading":
            note = self.tr("Fetching both versions from the server…")
        elif isinstance(found, str):
            note = self.tr("Both versions can be compared when online.")
        elif not found:
            note = self.tr("The conflict has been settled on the server.")
        if note:
            parts.append(f"<p>{e(note)}</p>")
        for v in found if isinstance(found, tuple) else ():
            intro = (
                self.tr(
                    "Revision %1 is under review; revision %2 (received %3) was based on "
                    "revision %4 and was not taken."
                )
                .replace("%1", str(v.revision))
                .replace("%2", str(v.other_revision))
                .replace("%3", v.received_at[:16].replace("T", " "))
                .replace("%4", str(v.base_revision))
            )
            question, under, other = (
                self.tr("Question"),
                self.tr("Under review"),
                self.tr("Conflicting version"),
            )
            parts.append(f"<p>{e(intro)}</p>")
            parts.append(
                f'<table border="1" cellpadding="3"><tr><th>{e(question)}</th>'
                f"<th>{e(under)}</th><th>{e(other)}</th></tr>"
            )
            parts += [
                f"<tr><td>{e(x.label)}</td><td>{e(x.current)}</td><td>{e(x.other)}</td></tr>"
                for x in v.lines
            ]
            parts.append("</table>")
        return "".join(parts)

    # --- Decisions

    def _set_actions_enabled(self, enabled: bool) -> None:
        for b in (
            self.approve_button,
            self.return_button,
            self.approve_clean_button,
            self.history_button,
        ):
            b.setEnabled(enabled)

    def _on_history_clicked(self) -> None:
        if self.detail is not None:
            self.audit_requested.emit(self.detail.row.household_id)

    def approve_current(self) -> None:
        sid = self.current_id()
        if sid is not None:
            self._decide([sid], lambda store: [review.decide(store, sid, "approve") and sid])

    def approve_selected_clean(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._decide(ids, lambda store: review.approve_many(store, ids))

    def open_return_dialog(self) -> None:
        d = self.detail
        if d is None or d.row.survey_id != self.current_id():
            return
        dialog = ReturnDialog(d.questions, d.row.head_name, self)
        dialog.accepted.connect(lambda: self._on_return_accepted(d.row.survey_id, dialog))
        dialog.finished.connect(self._on_return_finished)
        self.return_dialog = dialog
        dialog.open()

    def _on_return_accepted(self, sid: str, dialog: ReturnDialog) -> None:
        comment, pinned = dialog.comment, dict(dialog.pinned)
        self._decide(
            [sid], lambda store: [review.decide(store, sid, "return", comment, pinned) and sid]
        )

    def _on_return_finished(self) -> None:
        if self.return_dialog is not None:
            self.return_dialog.deleteLater()
            self.return_dialog = None
        self.window().activateWindow()  # the keyboard keeps moving through the queue
        self.table.setFocus()

    def _decide(self, ids: list[str], work: Callable[[Store], list[Any]]) -> None:
        store = self.store
        if store is None:
            return
        self._pending_select = self.table.currentIndex().row()
        self.runner.submit(lambda: [i for i in work(store) if i], self._on_decided, self._on_failed)

    def _on_decided(self, done: object) -> None:
        assert isinstance(done, list)
        ids = [str(i) for i in done]
        self.model.remove_ids(ids)
        self._update_count()
        n = self.proxy.rowCount()
        if n:
            row = min(self._pending_select or 0, n - 1)
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.message_label.setText(self.tr("%n decision(s) queued for the next sync", "", len(ids)))
        self.decided.emit(ids)

    def _on_failed(self, exc: BaseException) -> None:
        code = exc.code if isinstance(exc, ReviewInputError) else type(exc).__name__
        text = {
            "comment_required": self.tr("A return needs a comment for the cadre."),
            "not_in_queue": self.tr("This survey is no longer waiting for you."),
            "not_found": self.tr("This survey is not on this laptop."),
        }.get(code, self.tr("Something went wrong; the decision was not saved."))
        self.message_label.setText(text)
        self.failed.emit(code)
