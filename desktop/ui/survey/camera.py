"""Taking a photo with the laptop's camera, when Qt Multimedia is there and finds one.

PySide6-Essentials ships without QtMultimedia, and many township laptops have no camera: both
cases make `available()` false and the survey screen hides its camera button. The captured frame
arrives as a QImage in memory (no file is written) and leaves as JPEG bytes, which go through
the same shrink-and-store path as a photo from a file.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.survey.photo_codec import encode_jpeg


def _module(name: str) -> Any:
    try:
        return importlib.import_module(f"PySide6.{name}")
    except ImportError:
        return None


@cache
def available() -> bool:
    """True when Qt Multimedia is installed and lists at least one camera."""
    multimedia = _module("QtMultimedia")
    if multimedia is None or _module("QtMultimediaWidgets") is None:
        return False
    try:
        return bool(multimedia.QMediaDevices.videoInputs())
    except Exception:  # a broken multimedia backend is the same as no camera
        return False


class CameraDialog(QDialog):
    """A viewfinder and a Capture button; emits `captured(jpeg_bytes)` and closes."""

    captured = Signal(bytes)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CameraDialog")
        self.setWindowTitle(self.tr("Take a photo"))
        self.setModal(True)
        multimedia = _module("QtMultimedia")
        widgets = _module("QtMultimediaWidgets")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.capture_button = QPushButton(self.tr("Capture"), self)
        self.capture_button.setObjectName("captureButton")
        cancel = QPushButton(self.tr("Cancel"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.capture_button)
        layout = QVBoxLayout(self)
        cancel.clicked.connect(self.reject)
        self._camera: Any = None
        if multimedia is None or widgets is None:
            self.message.setText(self.tr("No camera was found on this laptop."))
            self.capture_button.setEnabled(False)
            layout.addLayout(buttons)
            return
        self._session = multimedia.QMediaCaptureSession(self)
        self._camera = multimedia.QCamera(self)
        self._capture = multimedia.QImageCapture(self)
        self._viewfinder = widgets.QVideoWidget(self)
        self._viewfinder.setMinimumSize(640, 480)
        self._session.setCamera(self._camera)
        self._session.setImageCapture(self._capture)
        self._session.setVideoOutput(self._viewfinder)
        self._capture.imageCaptured.connect(self._on_image_captured)
        self._camera.errorOccurred.connect(self._on_camera_error)
        self.capture_button.clicked.connect(self._on_capture_clicked)
        layout.addWidget(self._viewfinder, 1)
        layout.addLayout(buttons)
        self._camera.start()

    def _on_capture_clicked(self) -> None:
        self.capture_button.setEnabled(False)
        self._capture.capture()  # capture(), not captureToFile(): the frame stays in memory

    def _on_image_captured(self, _id: int, image: QImage) -> None:
        self.captured.emit(encode_jpeg(image, 92))
        self.accept()

    def _on_camera_error(self, *_args: object) -> None:
        self.message.setText(self.tr("The camera could not be started."))
        self.capture_button.setEnabled(False)

    def done(self, result: int) -> None:
        if self._camera is not None:
            self._camera.stop()
        super().done(result)
