"""A signature pad: the household signs with the mouse or a finger; the strokes become a PNG in
memory (never a file) that the attachments service stores inside the encrypted database."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


class SignaturePadWidget(QWidget):
    """Emits `stroked` after each stroke; `png()` gives the drawing, `clear()` starts over."""

    stroked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(QSize(360, 140))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self._image = QImage(QSize(480, 160), QImage.Format.Format_RGB32)
        self._image.fill(QColor("white"))
        self._last: QPoint | None = None
        self._empty = True
        self._read_only = False

    def is_empty(self) -> bool:
        return self._empty

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def clear(self) -> None:
        self._image.fill(QColor("white"))
        self._empty = True
        self.update()

    def show_png(self, data: bytes) -> None:
        image = QImage.fromData(QByteArray(data))
        if not image.isNull():
            self._image = image.convertToFormat(QImage.Format.Format_RGB32)
            self._empty = False
            self.update()

    def png(self) -> bytes:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self._image.convertToFormat(QImage.Format.Format_Grayscale8).save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes
        return bytes(buffer.data().data())

    def draw_line(self, start: QPoint, end: QPoint) -> None:
        """One stroke segment in image coordinates (also used by tests)."""
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("black"), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(start, end)
        painter.end()
        self._empty = False
        self.update()

    # --- Events

    def _to_image(self, pos: QPoint) -> QPoint:
        w, h = max(1, self.width()), max(1, self.height())
        return QPoint(pos.x() * self._image.width() // w, pos.y() * self._image.height() // h)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._read_only and event.button() == Qt.MouseButton.LeftButton:
            self._last = self._to_image(event.position().toPoint())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._last is not None:
            point = self._to_image(event.position().toPoint())
            self.draw_line(self._last, point)
            self._last = point

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._last is not None:
            self._last = None
            self.stroked.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(self.rect(), self._image)
        painter.setPen(QColor("#999999"))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
