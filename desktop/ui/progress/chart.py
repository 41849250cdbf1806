"""A painted horizontal bar chart of progress: per row, approved, submitted and returned against
what was assigned (or visited, where nothing was assigned). Painted with QPainter so the bundle
needs no QtCharts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from desktop.services.reports import ProgressRow

COLORS = {
    "approved": QColor("#2e7d32"),
    "submitted": QColor("#1565c0"),
    "returned": QColor("#b00020"),
    "rest": QColor("#e0e0e0"),
}
BAR, GAP, LABEL = 18, 6, 110


class ProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProgressChart")
        self.rows: list[ProgressRow] = []
        self.setMinimumWidth(260)

    def set_rows(self, rows: Sequence[ProgressRow]) -> None:
        self.rows = list(rows)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, max(80, len(self.rows) * (BAR + GAP) + GAP))

    def segments(self, row: ProgressRow) -> list[tuple[str, float]]:
        """(part, fraction of the bar) for one row; what the painter draws, testable without pixels."""
        whole = max(row.assigned, row.visited, row.completed, 1)
        parts = [
            ("approved", row.approved),
            ("submitted", row.submitted),
            ("returned", row.returned),
        ]
        out = [(name, n / whole) for name, n in parts if n]
        done = sum(f for _n, f in out)
        if done < 1:
            out.append(("rest", 1 - done))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = max(10, self.width() - LABEL - GAP * 2)
        for i, row in enumerate(self.rows):
            y = GAP + i * (BAR + GAP)
            p.setPen(self.palette().text().color())
            p.drawText(
                QRectF(GAP, y, LABEL - GAP, BAR),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                row.label,
            )
            x = float(LABEL)
            p.setPen(Qt.PenStyle.NoPen)
            for name, fraction in self.segments(row):
                w = width * fraction
                p.setBrush(COLORS[name])
                p.drawRect(QRectF(x, y, w, BAR))
                x += w
        p.end()
