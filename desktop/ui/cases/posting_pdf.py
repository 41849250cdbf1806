"""The posting list (公示) as a printable PDF: a QTextDocument table painted on a QPdfWriter.

What is posted is only the sheet's lines (name, village, programme, proposed monthly amount),
never an ID number, health or income. The PDF goes straight to the file the user chose: no
temporary copy, and the file name is the user's. QTextDocument and QPdfWriter are not widgets,
so `PostingPdfTask` builds it on a pool thread and reports back through queued signals.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.services.cases import PostingSheet


def posting_headers() -> list[str]:
    return [
        QCoreApplication.translate("PostingList", "Name"),
        QCoreApplication.translate("PostingList", "Village"),
        QCoreApplication.translate("PostingList", "Programme"),
        QCoreApplication.translate("PostingList", "Proposed monthly amount (yuan)"),
    ]


def posting_html(sheet: PostingSheet) -> str:
    e = html.escape
    title = QCoreApplication.translate("PostingList", "Public posting: %1").replace(
        "%1", sheet.village_name
    )
    period = (
        QCoreApplication.translate(
            "PostingList",
            "Posted from %1 to %2 (%3 calendar days). Objections to the township "
            "civil-affairs office during the posting.",
        )
        .replace("%1", sheet.start_date.isoformat())
        .replace("%2", sheet.end_date.isoformat())
        .replace("%3", str(sheet.window_days))
    )
    head = "".join(f"<th>{e(h)}</th>" for h in posting_headers())
    body = "".join(
        f"<tr><td>{e(x.name)}</td><td>{e(x.village)}</td><td>{e(x.programme)}</td>"
        f'<td align="right">{e(x.monthly_amount)}</td></tr>'
        for x in sheet.lines
    )
    return (
        f"<h2 align='center'>{e(title)}</h2><p>{e(period)}</p>"
        f'<table border="1" cellspacing="0" cellpadding="4" width="100%"><tr>{head}</tr>'
        f"{body}</table>"
    )


def write_posting_pdf(sheet: PostingSheet, path: Path) -> None:
    """Paint the posting on A4 into `path` (the file the user chose)."""
    writer = QPdfWriter(str(path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(300)
    writer.setTitle(QCoreApplication.translate("PostingList", "Public posting"))
    doc = QTextDocument()
    doc.setHtml(posting_html(sheet))
    doc.print_(writer)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class PostingPdfTask(QRunnable):
    """Runs `fn` on a pool thread; `signals.done` / `signals.failed` arrive on the GUI thread."""

    def __init__(self, fn: Callable[[], object]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.setAutoDelete(False)  # the widget keeps it until its signal has come

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the widget, which words it
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class FileWrites:
    """Files written on pool threads for one widget: each task is kept until its signal has
    come, then `done` or `failed` runs on the GUI thread."""

    def __init__(self) -> None:
        self._tasks: list[PostingPdfTask] = []

    def start(
        self, work: Callable[[], object], done: Callable[[], None], failed: Callable[[], None]
    ) -> None:
        task = PostingPdfTask(work)
        self._tasks.append(task)

        def finish(then: Callable[[], None]) -> None:
            self._tasks.remove(task)
            then()

        task.signals.done.connect(lambda _r: finish(done))
        task.signals.failed.connect(lambda _e: finish(failed))
        QThreadPool.globalInstance().start(task)


def save_path(parent: QWidget, caption: str, pattern: str, suffix: str) -> Path | None:
    """Ask where to save; the chosen name gains `suffix` (".pdf", ".xlsx") if it lacks it."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, "", pattern)
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
