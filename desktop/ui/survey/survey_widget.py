"""The survey screen, rendered from the form definition.

Sections on the left with completion marks, one page per section with an editor per question
(the member roster as an editable table), and the screening panel on the right. Every edit
reruns the form engine's review (about a millisecond) for messages, computed values and
screening; drafts autosave every few seconds and on every navigation, through the store thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.services import attachments
from desktop.services.rechecks import RecheckTaskView, open_tasks
from desktop.services.returns import ReturnNotes, return_notes
from desktop.services.surveys import (
    CompleteResult,
    ReasonNeeded,
    SurveyDoc,
    SurveyService,
)
from desktop.store.profile import Store
from desktop.ui.survey.field_editors import (
    EnterMovesOn,
    FieldEditor,
    SignatureFieldEditor,
    choice_model,
    make_editor,
)
from desktop.ui.survey.photos_editor import PhotoFieldEditor, PhotosFieldEditor
from desktop.ui.survey.roster_model import ChoiceDelegate, RosterTableModel
from desktop.ui.survey.screening_panel import ScreeningPanelWidget
from forms.form import Problem, carry_kept
from forms.model import Field

AUTOSAVE_MS = 4000
REVIEW_DELAY_MS = 80
# A form up to this many questions is built whole when the screen opens (the household survey
# takes a few ms); a larger one page by page, BUILD_CHUNK questions between events.
EAGER_QUESTIONS = 300
BUILD_CHUNK = 40
# `members[0].age`; names may hold any XML name character, and a nested repeat's path
# (`member[0].job[1].title`) is shown against the outer roster's row.
_PATH = re.compile(r"^(?P<name>[^\[\]]+?)(\[(?P<row>\d+)\]\.(?P<child>.+))?$")


class RosterWidget(QWidget):
    """The table of a repeat with Add and Remove buttons and its row messages below.

    A repeat inside it (a member's jobs) is a table of its own under this one, showing the rows
    of the row selected here; what is typed there goes into that row."""

    def __init__(self, repeat: Field, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"roster_{repeat.name}")
        self.repeat = repeat
        self.model = RosterTableModel(repeat, lang, self)
        self.table = QTableView(self)
        self.table.setObjectName(f"table_{repeat.name}")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ChoiceDelegate(self.model, self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.table.setMinimumHeight(220 if repeat.repeat is None else 140)
        text = (
            QCoreApplication.translate("SurveyWidget", "Add person")
            if repeat.name == "members"
            else QCoreApplication.translate("SurveyWidget", "Add: %1").replace(
                "%1", repeat.label(lang)
            )
        )
        self.add_button = QPushButton(text, self)
        self.add_button.setObjectName(f"add_{repeat.name}")
        self.remove_button = QPushButton(
            QCoreApplication.translate("SurveyWidget", "Remove selected"), self
        )
        self.remove_button.setObjectName(f"remove_{repeat.name}")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        # --- Repeats inside this one: shown for the selected row
        self.inner: dict[str, RosterWidget] = {}
        self.inner_titles: dict[str, QLabel] = {}
        self._lang = lang
        self._selected = -1
        for inner in repeat.inner_repeats:
            title = QLabel(self)
            title.setObjectName(f"title_{inner.name}")
            sub = RosterWidget(inner, lang, self)
            sub.model.edited.connect(lambda name=inner.name: self._on_inner_edited(name))
            layout.addWidget(title)
            layout.addWidget(sub)
            self.inner[inner.name] = sub
            self.inner_titles[inner.name] = title
        if self.inner:
            self.table.selectionModel().currentRowChanged.connect(self._on_row_selected)
            self._show_inner(-1)

    def _on_add_clicked(self) -> None:
        row = self.model.add_row()
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def _on_remove_clicked(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
            self._show_inner(self.table.currentIndex().row())

    def _on_row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_inner(current.row())

    def _show_inner(self, row: int) -> None:
        self._selected = row
        for name, sub in self.inner.items():
            field = sub.repeat
            sub.model.prefix = f"{self.model.prefix}{self.repeat.name}[{row}]."
            sub.model.set_rows(self.model.inner_rows(row, name))
            sub.setVisible(row >= 0)
            self.inner_titles[name].setText(
                f"<b>{field.label(self._lang)}</b> · "
                + QCoreApplication.translate("SurveyWidget", "row %1").replace("%1", str(row + 1))
                if row >= 0
                else QCoreApplication.translate(
                    "SurveyWidget", "Select a row above to see its: %1"
                ).replace("%1", field.label(self._lang))
            )

    def select_row(self, row: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, 0))
        self._show_inner(row)

    def _on_inner_edited(self, name: str) -> None:
        if self._selected >= 0:
            self.model.set_inner_rows(self._selected, name, self.inner[name].model.rows())

    def set_review(
        self,
        computed: list[dict[str, Any]],
        relevance: dict[str, bool],
        problems: dict[tuple[int, str], str],
    ) -> bool:
        """True when a calculation with once() took a value in these rows (see the model)."""
        kept = self.model.set_review(computed, relevance, problems)
        row = self._selected
        for name, sub in self.inner.items():
            mine = computed[row].get(name) if 0 <= row < len(computed) else None
            kept |= sub.set_review(mine if isinstance(mine, list) else [], relevance, {})
        return kept

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        if self.inner:
            self._show_inner(-1)

    def set_read_only(self, read_only: bool) -> None:
        self.model.set_read_only(read_only)
        self.add_button.setEnabled(not read_only)
        self.remove_button.setEnabled(not read_only)
        for sub in self.inner.values():
            sub.set_read_only(read_only)


class SurveyWidget(QWidget):
    """One household's survey. Emits `closed` when the cadre goes back to the list."""

    closed = Signal()
    saved = Signal()
    reviewed = Signal()
    status_changed = Signal(str)
    # The county withdrew this survey as recorded in error: survey the household again.
    resurvey_requested = Signal(str, str)  # household id, campaign id ('' when none)

    def __init__(
        self,
        runner: Any,
        store: Store,
        doc: SurveyDoc,
        head_name: str,
        lang: str = "zh",
        parent: QWidget | None = None,
        service: SurveyService | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._store, self._doc, self._lang = runner, store, doc, lang
        self.head_name = head_name
        # The form version this survey was started on (the window resolves it off the GUI thread).
        self.service = service or SurveyService.for_survey(store, doc)
        self.form = self.service.form
        self._keeps_values = any(f.keeps_value for f in self.form.fields)  # once()
        self._editors: dict[str, FieldEditor] = {}
        self._choice_models: dict[str, QStandardItemModel] = {}
        self._messages: dict[str, QLabel] = {}
        self._rows: dict[str, tuple[QFormLayout, QWidget]] = {}
        self._rosters: dict[str, RosterWidget] = {}
        self._section_of: dict[str, int] = {}
        self._show_required = False
        self._dirty = False
        self._edited = False  # by the cadre, since the screen opened
        self._generation = 0
        self._closing = False
        self._enter_filter = EnterMovesOn(self)
        self.problems: list[Problem] = []
        # A returned survey: the supervisor's notes, and a reason per changed answer.
        self._boxes: dict[str, QVBoxLayout] = {}
        self._pinned_labels: dict[str, QLabel] = {}
        self._reason_edits: dict[str, QLineEdit] = {}
        self.reasons: dict[str, str] = {}
        self.notes: ReturnNotes | None = None
        self._baseline: dict[str, Any] = dict(doc.answers)
        # Pages are built as they are needed (see _build_pages).
        self._loaded: dict[str, Any] = dict(doc.answers)
        self._unbuilt: dict[int, list[Field]] = {}
        self._page_parts: dict[int, tuple[QFormLayout, QWidget]] = {}
        self._build_timer = QTimer(self)
        self._build_timer.setInterval(0)

        # --- Header and navigation
        self.title = QLabel(self)
        self.title.setObjectName("surveyTitle")
        self.title.setText(f"<b>{head_name}</b> · {self.form.title(lang)}")
        self.banner = QLabel(self)
        self.banner.setObjectName("statusBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # a reason from the county is text
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("savedLabel")
        self.return_label = QLabel(self)
        self.return_label.setObjectName("returnComment")
        self.return_label.setWordWrap(True)
        self.return_label.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0b400; padding: 6px"
        )
        self.return_label.hide()
        # Re-check tasks from the county's economic-status check (issue 15), in words only.
        self.recheck_label = QLabel(self)
        self.recheck_label.setObjectName("recheckTasks")
        self.recheck_label.setWordWrap(True)
        self.recheck_label.setStyleSheet(
            "background: #e8f1fb; border: 1px solid #4a7fb5; padding: 6px"
        )
        self.recheck_label.hide()
        self.recheck_tasks: list[RecheckTaskView] = []
        self.navigator = QListWidget(self)
        self.navigator.setObjectName("sectionNavigator")
        self.navigator.setMaximumWidth(220)
        self.pages = QStackedWidget(self)
        self.panel = ScreeningPanelWidget(self.form, lang, self)
        self.panel.setMaximumWidth(360)
        self._build_pages()

        # --- Buttons
        self.back_button = QPushButton(
            QCoreApplication.translate("SurveyWidget", "Back to households"), self
        )
        self.back_button.setObjectName("backButton")
        self.prev_button = QPushButton(
            QCoreApplication.translate("SurveyWidget", "Previous section"), self
        )
        self.prev_button.setObjectName("prevButton")
        self.next_button = QPushButton(
            QCoreApplication.translate("SurveyWidget", "Next section"), self
        )
        self.next_button.setObjectName("nextButton")
        self.save_button = QPushButton(QCoreApplication.translate("SurveyWidget", "Save"), self)
        self.save_button.setObjectName("saveButton")
        self.complete_button = QPushButton(
            QCoreApplication.translate("SurveyWidget", "Complete"), self
        )
        self.complete_button.setObjectName("completeButton")
        self.submit_button = QPushButton(QCoreApplication.translate("SurveyWidget", "Submit"), self)
        self.submit_button.setObjectName("submitButton")
        self.resurvey_button = QPushButton(
            QCoreApplication.translate("SurveyWidget", "Survey this household again"), self
        )
        self.resurvey_button.setObjectName("resurveyButton")
        self.resurvey_button.hide()
        for b in (self.back_button, self.prev_button, self.next_button, self.save_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        # --- Layout
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.banner)
        header.addWidget(self.saved_label)
        split = QSplitter(self)
        split.addWidget(self.navigator)
        split.addWidget(self.pages)
        split.addWidget(self.panel)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for b in (self.resurvey_button, self.prev_button, self.next_button, self.save_button,
                  self.complete_button, self.submit_button):  # fmt: skip
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.return_label)
        layout.addWidget(self.recheck_label)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

        # --- Connections, shortcuts, timers
        self.navigator.currentRowChanged.connect(self._on_section_changed)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.prev_button.clicked.connect(self.previous_section)
        self.next_button.clicked.connect(self.next_section)
        self.save_button.clicked.connect(self.save_now)
        self.complete_button.clicked.connect(self._on_complete_clicked)
        self.submit_button.clicked.connect(self._on_submit_clicked)
        self.resurvey_button.clicked.connect(self._on_resurvey_clicked)
        self.panel.problem_activated.connect(self.go_to_path)
        for keys, slot in (
            (QKeySequence("Ctrl+PgDown"), self.next_section),
            (QKeySequence("Alt+Right"), self.next_section),
            (QKeySequence("Ctrl+PgUp"), self.previous_section),
            (QKeySequence("Alt+Left"), self.previous_section),
            (QKeySequence.StandardKey.Save, self.save_now),
        ):
            QShortcut(keys, self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._review_timer = QTimer(self)
        self._review_timer.setSingleShot(True)
        self._review_timer.setInterval(REVIEW_DELAY_MS)
        self._review_timer.timeout.connect(self.refresh)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_MS)
        self._autosave_timer.timeout.connect(self._on_autosave_timeout)
        self._autosave_timer.start()

        self._load(doc.answers)
        self.navigator.setCurrentRow(0)
        self._apply_status()
        self._load_notes()
        self._load_rechecks()

    # --- Building

    def _build_pages(self) -> None:
        """Page shells and the navigator now; the questions' widgets as they are needed.

        A county's own form can have thousands of questions: building every editor before the
        screen shows would hold the GUI thread for seconds. The page on screen is built first
        (a first chunk at once, the rest in chunks between events), then the other pages in the
        background, so the window answers all the while. A small form is built whole at once,
        as before: it takes a few milliseconds."""
        eager = sum(_question_count(s.fields) for s in self.form.sections) <= EAGER_QUESTIONS
        for index, section in enumerate(self.form.sections):
            page = QWidget()
            form_layout = QFormLayout(page)
            form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            hint = section.hint(self._lang)
            if hint:
                note = QLabel(hint, page)
                note.setWordWrap(True)
                form_layout.addRow(note)
            for f in section.fields:
                _index_names(f, index, self._section_of)
            self._unbuilt[index] = _flatten_groups(section.fields)
            self._page_parts[index] = (form_layout, page)
            scroll = QScrollArea(self.pages)
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.pages.addWidget(scroll)
            item = QListWidgetItem(section.label(self._lang))
            self.navigator.addItem(item)
            if eager:
                self._build_section(index, None)
        self._build_timer.timeout.connect(self._on_build_timeout)

    def _build_section(self, index: int, limit: int | None) -> bool:
        """Build up to `limit` (None: all) of a page's remaining questions; True when new
        widgets were made. Their answers come from what was loaded, and they take the
        survey's read-only state; the review timer then fills in messages and values."""
        queue = self._unbuilt.get(index)
        if not queue:
            return False
        layout, page = self._page_parts[index]
        count = len(queue) if limit is None else min(limit, len(queue))
        made = queue[:count]
        del queue[:count]
        editors_before, rosters_before = set(self._editors), set(self._rosters)
        for f in made:
            self._add_field(f, layout, page, index)
        read_only = self._doc.read_only
        for name in set(self._editors) - editors_before:
            editor = self._editors[name]
            editor.blockSignals(True)
            editor.set_value(self._loaded.get(name))
            editor.blockSignals(False)
            editor.set_read_only(read_only)
        for name in set(self._rosters) - rosters_before:
            roster = self._rosters[name]
            value = self._loaded.get(name)
            roster.set_rows(value if isinstance(value, list) else [])
            roster.set_read_only(read_only)
        if self.notes is not None and self._doc.status in ("returned", "draft", "completed"):
            self._pin_notes()
        return True

    def build_all(self) -> None:
        """Every page's widgets now (tests, and anything that must read every editor)."""
        for index in range(len(self.form.sections)):
            self._build_section(index, None)
        self._build_timer.stop()

    def pages_pending(self) -> int:
        """How many pages still have questions to build (0: all built)."""
        return sum(1 for queue in self._unbuilt.values() if queue)

    def _on_build_timeout(self) -> None:
        """One chunk per tick: the page on screen first, then the others in order."""
        current = max(0, self.navigator.currentRow())
        order = [current, *(i for i in range(len(self.form.sections)) if i != current)]
        for index in order:
            if self._build_section(index, BUILD_CHUNK):
                self._review_timer.start()
                return
        self._build_timer.stop()

    def _ensure_field(self, name: str) -> None:
        self._build_section(self._section_of.get(name, -1), None)

    def _add_field(self, f: Field, layout: QFormLayout, page: QWidget, section: int) -> None:
        self._section_of[f.name] = section
        if f.type == "group":
            for child in f.children:
                self._add_field(child, layout, page, section)
            return
        if f.type == "note":
            note = QLabel(f.label(self._lang), page)
            note.setWordWrap(True)
            layout.addRow(note)
            self._rows[f.name] = (layout, note)
            return
        label = f.label(self._lang) + (" *" if f.required is True else "")
        message = QLabel(page)
        message.setObjectName(f"message_{f.name}")
        message.setWordWrap(True)
        message.setStyleSheet("color: #b00020")
        message.hide()
        self._messages[f.name] = message
        if f.type == "repeat" and not PhotosFieldEditor.handles(f):
            for child in f.children:
                self._section_of[child.name] = section
            roster = RosterWidget(f, self._lang, page)
            roster.model.edited.connect(self._on_answer_changed)
            self._rosters[f.name] = roster
            layout.addRow(QLabel(f"<b>{label}</b>", page))
            box = QWidget(page)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(roster)
            inner.addWidget(message)
            layout.addRow(box)
            self._boxes[f.name] = inner
            self._rows[f.name] = (layout, box)
            return
        editor: FieldEditor | None
        if PhotosFieldEditor.handles(f) or PhotoFieldEditor.handles(f):
            kind = PhotoFieldEditor if f.type == "photo" else PhotosFieldEditor
            editor = kind(f, self._lang, page)
            editor.bind(self._runner, self._store, self._doc.id)
        else:
            editor = make_editor(f, self._lang, page, self._shared_choices(f))
        if editor is None:
            return
        editor.changed.connect(self._on_answer_changed)
        editor.focus_widget().installEventFilter(self._enter_filter)
        if isinstance(editor, SignatureFieldEditor):
            editor.signature_ready.connect(self._on_signature_ready)
        self._editors[f.name] = editor
        box = QWidget(page)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(editor)
        inner.addWidget(message)
        self._boxes[f.name] = inner
        layout.addRow(label, box)
        self._rows[f.name] = (layout, box)

    def _shared_choices(self, f: Field) -> QStandardItemModel | None:
        """One item model per choice list for the plain selects that use it."""
        if f.type != "select_one" or f.choice_list is None or f.choice_filter is not None:
            return None
        model = self._choice_models.get(f.choice_list)
        if model is None:
            model = self._choice_models[f.choice_list] = choice_model(f, self._lang, self)
        return model

    # --- Answers

    def _load(self, answers: dict[str, Any]) -> None:
        # Questions whose widgets are not built yet keep their answers here.
        self._loaded = dict(answers)
        for name, editor in self._editors.items():
            editor.blockSignals(True)
            editor.set_value(answers.get(name))
            editor.blockSignals(False)
        for name, roster in self._rosters.items():
            value = answers.get(name)
            roster.set_rows(value if isinstance(value, list) else [])
        self.refresh()

    def answers(self) -> dict[str, Any]:
        built = self._editors.keys() | self._rosters.keys()
        out: dict[str, Any] = {k: v for k, v in self._loaded.items() if k not in built}
        for name, editor in self._editors.items():
            value = editor.value()
            if value is not None:
                out[name] = value
        for name, roster in self._rosters.items():
            rows = roster.model.rows()
            if rows:
                out[name] = rows
        return out

    @property
    def doc(self) -> SurveyDoc:
        return self._doc

    def editor(self, name: str) -> FieldEditor:
        self._ensure_field(name)
        return self._editors[name]

    def roster(self, name: str = "members") -> RosterWidget:
        self._ensure_field(name)
        return self._rosters[name]

    def photos(self, name: str = "photos") -> PhotosFieldEditor:
        self._ensure_field(name)
        editor = self._editors[name]
        assert isinstance(editor, PhotosFieldEditor)
        return editor

    def _on_answer_changed(self) -> None:
        self._edited = True
        self._dirty = True
        self._generation += 1
        # Submit sends what Complete checked: an edit since then needs Complete again.
        self.submit_button.setEnabled(False)
        self._review_timer.start()

    # --- Review: messages, relevance, computed values, screening, marks

    def refresh(self) -> None:
        answers = self.answers()
        if self._match_repeat_counts(answers):
            answers = self.answers()
        review = self.service.review(answers, self._lang)
        relevance = self.form.relevance(answers)
        live = [p for p in review.problems if self._show_required or p.code != "required"]
        by_field: dict[str, list[str]] = {}
        roster_problems: dict[str, dict[tuple[int, str], str]] = {n: {} for n in self._rosters}
        for p in live:
            m = _PATH.match(p.path)
            if m and m["row"] is not None and m["name"] in roster_problems:
                roster_problems[m["name"]][(int(m["row"]), m["child"])] = p.message
                row_text = QCoreApplication.translate("SurveyWidget", "Row %1: ").replace(
                    "%1", str(int(m["row"]) + 1)
                )
                by_field.setdefault(m["name"], []).append(row_text + p.message)
            else:
                by_field.setdefault(m["name"] if m else p.path, []).append(p.message)
        for name, label in self._messages.items():
            text = "\n".join(by_field.get(name, []))
            label.setText(text)
            label.setVisible(bool(text))
        for name, (layout, widget) in self._rows.items():
            layout.setRowVisible(widget, relevance.get(name, True))
        # A calculation with once() that takes a value makes the survey unsaved: the value is
        # kept by saving it with the answers (forms.engine reads it back).
        kept = False
        for name, editor in self._editors.items():
            if editor.field.type == "calculate":
                value = review.answers.get(name)
                kept |= editor.field.keeps_value and not _same_answer(editor.value(), value)
                editor.set_value(value)
            elif editor.field.choice_filter is not None:
                self._narrow(editor, answers)
        for name, roster in self._rosters.items():
            computed = review.answers.get(name)
            roster.model.context = answers
            kept |= roster.set_review(
                computed if isinstance(computed, list) else [], relevance, roster_problems[name]
            )
        if self._keeps_values:  # questions with no widget yet keep their answers in _loaded
            pending = [f for queue in self._unbuilt.values() for f in queue]
            kept |= carry_kept(pending, self._loaded, review.answers)
        # A completed survey saved before once() values were kept has none stored: taking them
        # must not turn it back into a draft unasked (saving does); they are saved with the
        # cadre's next edit, and until then every review takes them the same way.
        untouched = self._doc.status == "completed" and not self._edited
        if kept and not self._doc.read_only and not untouched:
            self._dirty = True
            self._generation += 1
            self.submit_button.setEnabled(False)
        self.panel.show_figures(review.answers)
        self.panel.show_flags(review.flags)
        self.problems = review.problems
        self._show_reason_edits(answers)
        if self._show_required:
            self.panel.show_problems(review.problems)
        self._mark_sections(review.problems, relevance, live)
        self.reviewed.emit()

    def _match_repeat_counts(self, answers: dict[str, Any]) -> bool:
        """A repeat whose count comes from an answer (`repeat_count`: how many children) gets
        that many rows, as ODK Collect gives them: rows are added at the end, and rows beyond
        the count are removed from the end while they are empty. A row with something typed in
        it is never dropped: it stays, and the count's message asks the cadre to decide."""
        if self._doc.read_only:
            return False
        changed = False
        for name, wanted in self.form.repeat_counts(answers).items():
            roster = self._rosters.get(name)
            if roster is None:
                continue
            model = roster.model
            model.blockSignals(True)  # one review for all the rows, not one per row
            try:
                while model.rowCount() < wanted:
                    model.add_row()
                    changed = True
                while model.rowCount() > wanted and not _has_answers(model.rows()[-1]):
                    model.remove_row(model.rowCount() - 1)
                    changed = True
            finally:
                model.blockSignals(False)
            if changed:
                roster.set_rows(model.rows())
        if changed:
            self._dirty = True
            self._generation += 1
            self.submit_button.setEnabled(False)
        return changed

    def _narrow(self, editor: FieldEditor, answers: dict[str, Any]) -> None:
        """A cascading select offers the choices the answers above it leave (a township's
        villages once the township is chosen)."""
        field = editor.field
        assert field.choice_filter is not None
        values = {}
        for name in field.choice_filter.refs:
            value = answers.get(name)
            values[name] = " ".join(value) if isinstance(value, list) else str(value or "")
        set_choices = getattr(editor, "set_choices", None)
        if set_choices is not None:
            set_choices(field.choices_for(values))

    def _mark_sections(
        self, problems: list[Problem], relevance: dict[str, bool], live: list[Problem]
    ) -> None:
        open_ = {self._section_of.get(_root(p.path), -1) for p in problems}
        bad = {self._section_of.get(_root(p.path), -1) for p in live}
        for index, section in enumerate(self.form.sections):
            item = self.navigator.item(index)
            relevant = relevance.get(section.name, True) and any(
                relevance.get(f.name, True) for f in section.fields
            )
            mark = "✓" if index not in open_ else ("!" if index in bad else "○")
            if not relevant:
                mark = "–"
            item.setText(f"{mark}  {section.label(self._lang)}")
            item.setData(Qt.ItemDataRole.UserRole, mark)
            item.setForeground(Qt.GlobalColor.gray if not relevant else Qt.GlobalColor.black)

    def section_mark(self, index: int) -> str:
        return str(self.navigator.item(index).data(Qt.ItemDataRole.UserRole))

    # --- Navigation

    def next_section(self) -> None:
        self._step(1)

    def previous_section(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        row = self.navigator.currentRow() + delta
        while 0 <= row < self.navigator.count():
            if self.section_mark(row) != "–":
                self.navigator.setCurrentRow(row)
                return
            row += delta

    def _on_section_changed(self, row: int) -> None:
        if row < 0:
            return
        if self._build_section(row, BUILD_CHUNK):
            self._review_timer.start()
        if self.pages_pending():
            self._build_timer.start()
        self.pages.setCurrentIndex(row)
        self.save_now()
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.navigator.count() - 1)
        for f in self.form.sections[row].fields:
            editor = self._editors.get(f.name)
            if editor is not None and editor.isEnabled() and f.type != "calculate":
                editor.focus_widget().setFocus()
                break

    def go_to_path(self, path: str) -> None:
        """Show the question a problem points to and put the cursor in it."""
        m = _PATH.match(path)
        if not m:
            return
        name = m["name"]
        self.navigator.setCurrentRow(self._section_of.get(name, 0))
        self._ensure_field(name)
        if m["row"] is not None and name in self._rosters:
            roster = self._rosters[name]
            index = roster.model.index(int(m["row"]), roster.model.column_of(m["child"]))
            roster.table.setCurrentIndex(index)
            roster.table.setFocus()
        elif name in self._editors:
            self._editors[name].focus_widget().setFocus()

    # --- Saving

    def _on_autosave_timeout(self) -> None:
        if self._dirty and not self._doc.read_only:
            self.save_now()

    def save_now(self) -> None:
        if not self._dirty or self._doc.read_only:
            return
        answers, generation = self.answers(), self._generation
        service, survey_id, reasons = self.service, self._doc.id, dict(self.reasons)
        self._runner.submit(
            lambda: service.save_draft(survey_id, answers, reasons),
            self._alive(lambda doc: self._on_saved(doc, generation)),
            self._alive(self._on_save_failed),
        )

    def _on_saved(self, doc: object, generation: int) -> None:
        assert isinstance(doc, SurveyDoc)
        self._doc = doc
        if generation == self._generation:
            self._dirty = False
        self.saved_label.setText(
            QCoreApplication.translate("SurveyWidget", "Saved at %1").replace(
                "%1", datetime.now().strftime("%H:%M:%S")
            )
        )
        self._apply_status()
        self.saved.emit()

    def _on_save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ReasonNeeded):
            self.complete_button.setEnabled(not self._doc.read_only)
            self.saved_label.setText(
                QCoreApplication.translate(
                    "SurveyWidget", "Not saved yet: give a reason for each changed answer."
                )
            )
            edit = self._reason_edits.get(exc.fields[0]) if exc.fields else None
            if edit is not None:
                self.go_to_path(exc.fields[0])
                edit.setFocus()
            return
        self.saved_label.setText(
            QCoreApplication.translate(
                "SurveyWidget", "Not saved: the survey is read-only or the store is locked."
            )
        )

    def is_dirty(self) -> bool:
        return self._dirty

    # --- Signature

    def _on_signature_ready(self, png: bytes) -> None:
        store, survey_id = self._store, self._doc.id
        editor = self.sender()
        self._runner.submit(
            lambda: attachments.add(store, survey_id, "signature", png),
            self._alive(lambda ref: self._on_signature_stored(editor, ref)),
        )

    def _on_signature_stored(self, editor: object, ref: object) -> None:
        if isinstance(editor, SignatureFieldEditor) and isinstance(ref, attachments.AttachmentRef):
            editor.accept_reference(ref.answer())

    # --- Complete and submit

    def _on_complete_clicked(self) -> None:
        answers, generation = self.answers(), self._generation
        service, survey_id, lang = self.service, self._doc.id, self._lang
        reasons = dict(self.reasons)
        self.complete_button.setEnabled(False)
        self._runner.submit(
            lambda: service.complete(survey_id, answers, lang, reasons),
            self._alive(lambda result: self._on_completed(result, generation)),
            self._alive(self._on_save_failed),
        )

    def _on_completed(self, result: object, generation: int) -> None:
        assert isinstance(result, CompleteResult)
        self._doc = result.doc
        if generation == self._generation:
            self._dirty = False
        self._show_required = True
        self.refresh()
        self.panel.show_problems(result.problems)
        if result.problems:
            self.go_to_path(result.problems[0].path)
        self._apply_status()

    def _on_submit_clicked(self) -> None:
        service, survey_id = self.service, self._doc.id
        self.submit_button.setEnabled(False)
        self._runner.submit(
            lambda: service.submit(survey_id),
            self._alive(self._on_submitted),
            self._alive(self._on_save_failed),
        )

    def _on_submitted(self, doc: object) -> None:
        assert isinstance(doc, SurveyDoc)
        self._doc = doc
        self._dirty = False
        self._apply_status()
        self.saved.emit()

    def _apply_status(self) -> None:
        status = self._doc.status
        words = {
            "draft": QCoreApplication.translate("SurveyWidget", "Draft"),
            "completed": QCoreApplication.translate("SurveyWidget", "Completed: ready to submit"),
            "submitted": QCoreApplication.translate(
                "SurveyWidget", "Submitted: read-only until a supervisor returns it"
            ),
            "returned": QCoreApplication.translate(
                "SurveyWidget", "Returned by the supervisor: fix and complete again"
            ),
        }
        if status == "withdrawn":
            words["withdrawn"] = QCoreApplication.translate(
                "SurveyWidget", "Withdrawn by the county as recorded in error: {reason}"
            ).format(reason=self._doc.withdrawn_reason or "")
        self.banner.setText(words.get(status, status))
        read_only = self._doc.read_only
        for editor in self._editors.values():
            editor.set_read_only(read_only)
        for roster in self._rosters.values():
            roster.set_read_only(read_only)
        self.save_button.setEnabled(not read_only)
        self.complete_button.setEnabled(not read_only)
        self.submit_button.setEnabled(status == "completed" and not self._dirty)
        self.resurvey_button.setVisible(status == "withdrawn")
        self.status_changed.emit(status)

    def _on_resurvey_clicked(self) -> None:
        self.resurvey_requested.emit(self._doc.household_id, self._doc.campaign_id or "")

    # --- Re-check tasks from the economic-status check

    def _load_rechecks(self) -> None:
        store, household_id = self._store, self._doc.household_id
        self._runner.submit(
            lambda: open_tasks(store, household_id), self._alive(self._on_rechecks_loaded)
        )

    def _on_rechecks_loaded(self, tasks: object) -> None:
        self.recheck_tasks = list(tasks) if isinstance(tasks, list) else []
        if not self.recheck_tasks:
            self.recheck_label.hide()
            return
        title = QCoreApplication.translate(
            "SurveyWidget", "The county's economic-status check asks you to confirm:"
        )
        lines = "".join(f"<li>{_escape(t.text(self._lang))}</li>" for t in self.recheck_tasks)
        self.recheck_label.setText(f"<b>{title}</b><ul style='margin:0'>{lines}</ul>")
        self.recheck_label.show()

    # --- A returned survey: notes and reasons

    def _load_notes(self) -> None:
        store, survey_id = self._store, self._doc.id
        self._runner.submit(
            lambda: return_notes(store, survey_id), self._alive(self._on_notes_loaded)
        )

    def _on_notes_loaded(self, notes: object) -> None:
        self.notes = notes if isinstance(notes, ReturnNotes) else None
        for old in self._pinned_labels.values():
            old.hide()
        if self.notes is None or self._doc.status not in ("returned", "draft", "completed"):
            self.return_label.hide()
            return
        who = (
            QCoreApplication.translate("SurveyWidget", "The county returned this survey:")
            if self.notes.level == "county"
            else QCoreApplication.translate("SurveyWidget", "The township returned this survey:")
        )
        self.return_label.setText(f"<b>{who}</b> {_escape(self.notes.comment)}")
        self.return_label.setVisible(self.in_return())
        self._pin_notes()

    def _pin_notes(self) -> None:
        """The supervisor's notes beside the questions they are pinned to (those built)."""
        if self.notes is None:
            return
        for name, inner in self._boxes.items():
            texts = self.notes.pinned_to(name)
            if not texts:
                continue
            label = self._pinned_labels.get(name)
            if label is None:
                label = QLabel(inner.parentWidget())
                label.setObjectName(f"pinned_{name}")
                label.setWordWrap(True)
                label.setStyleSheet("background: #fff4ce; padding: 3px")
                inner.insertWidget(0, label)
                self._pinned_labels[name] = label
            prefix = QCoreApplication.translate("SurveyWidget", "Supervisor:")
            label.setText("\n".join(f"{prefix} {t}" for t in texts))
            label.show()

    def pinned_label(self, name: str) -> QLabel | None:
        label = self._pinned_labels.get(name)
        return label if label is not None and not label.isHidden() else None

    def reason_edit(self, name: str) -> QLineEdit | None:
        edit = self._reason_edits.get(name)
        return edit if edit is not None and not edit.isHidden() else None

    def in_return(self) -> bool:
        """Returned and not resubmitted yet: Complete does not end it, resubmitting does."""
        status = self._doc.status
        return status == "returned" or (
            status in ("draft", "completed") and (self.notes is not None or bool(self.reasons))
        )

    def _show_reason_edits(self, answers: dict[str, Any]) -> None:
        if not self.in_return():
            return
        changed = set(self.service.changed_answers(self._baseline, answers))
        for name in changed:
            if name not in self._reason_edits and name in self._boxes:
                inner = self._boxes[name]
                edit = QLineEdit(inner.parentWidget())
                edit.setObjectName(f"reason_{name}")
                edit.setText(self.reasons.get(name, ""))
                edit.setPlaceholderText(
                    QCoreApplication.translate(
                        "SurveyWidget", "Why did this answer change? (kept in the audit log)"
                    )
                )
                edit.setStyleSheet("border: 1px solid #e0b400")
                edit.textEdited.connect(lambda text, n=name: self._on_reason_edited(n, text))
                inner.addWidget(edit)
                self._reason_edits[name] = edit
        for name, edit in self._reason_edits.items():
            edit.setVisible(name in changed)
            edit.setReadOnly(self._doc.read_only)

    def _on_reason_edited(self, name: str, text: str) -> None:
        self.reasons[name] = text
        self._dirty = True
        self._generation += 1

    def missing_reasons(self) -> list[str]:
        if not self.in_return():
            return []
        changed = self.service.changed_answers(self._baseline, self.answers())
        return [n for n in changed if not self.reasons.get(n, "").strip()]

    def reload_from_store(self) -> None:
        """After a sync: pick up a return (or an approval) if nothing is being typed here."""
        if self._dirty:
            return
        service, survey_id = self.service, self._doc.id
        self._runner.submit(lambda: service.open(survey_id), self._alive(self._on_reloaded))

    def _on_reloaded(self, doc: object) -> None:
        if not isinstance(doc, SurveyDoc) or self._dirty or doc.revision == self._doc.revision:
            if isinstance(doc, SurveyDoc) and doc.status != self._doc.status:
                self._doc = doc
                self._apply_status()
                self._load_notes()
            return
        self._doc = doc
        self._baseline = dict(doc.answers)
        self._load(doc.answers)
        self._apply_status()
        self._load_notes()

    # --- Leaving

    def _on_back_clicked(self) -> None:
        self.save_now()
        self.closed.emit()

    def _alive(self, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """A store-thread callback that does nothing once this screen is gone (closed, or
        rebuilt in another language while its last save was still running)."""

        def call(arg: Any) -> None:
            if shiboken6.isValid(self):
                fn(arg)

        return call

    def carry_over(self, old: SurveyWidget) -> None:
        """Continue where `old` (the same survey in another language) left off: what was typed
        and not saved yet, the reasons given, the answers a return is compared with, and the
        section on screen."""
        self.reasons.update(old.reasons)
        self._baseline = dict(old._baseline)
        self._show_required = old._show_required
        if old.is_dirty():
            self._dirty = True
            self._generation += 1
            self.submit_button.setEnabled(False)
        self.navigator.setCurrentRow(max(0, old.navigator.currentRow()))
        self.refresh()

    def shutdown(self) -> None:
        """Stop timers and queue the last save (call before the store locks)."""
        self._autosave_timer.stop()
        self._review_timer.stop()
        self._build_timer.stop()
        for editor in self._editors.values():
            if isinstance(editor, PhotosFieldEditor):
                editor.shutdown()
        self.save_now()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _same_answer(a: Any, b: Any) -> bool:
    """Equal, or both empty (None and '' save the same way: as nothing)."""
    return a == b or (a in (None, "") and b in (None, ""))


def _has_answers(row: dict[str, Any]) -> bool:
    return any(v not in (None, "", [], {}) for v in row.values())


def _question_count(fields: Any) -> int:
    return sum(1 + _question_count(f.children) for f in fields)


def _flatten_groups(fields: Any) -> list[Field]:
    """A page's questions in order, groups opened (a group makes no widget of its own, so a
    long group is built in chunks too); a repeat stays whole (it is one table)."""
    out: list[Field] = []
    for f in fields:
        if f.type == "group":
            out.extend(_flatten_groups(f.children))
        else:
            out.append(f)
    return out


def _index_names(f: Field, section: int, into: dict[str, int]) -> None:
    """Which page each question (and everything inside a group or repeat) is on."""
    into[f.name] = section
    for child in f.children:
        _index_names(child, section, into)


def _root(path: str) -> str:
    m = _PATH.match(path)
    return m["name"] if m else path
