"""Photos on the survey screen, through the real widget and a real SQCipher store.

A phone-like JPEG carrying GPS EXIF (made here, byte by byte) is added from a file: what the
store holds is shrunk, upright, free of EXIF and queued in the outbox; its kind, rotation and
removal change the answer; and no plaintext of the image (the original's bytes or any JPEG)
is left in a new temporary file or in the profile folder outside the encrypted database.
"""

from __future__ import annotations

import os
import random
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.services import attachments
from desktop.services import households as hh
from desktop.services.surveys import SurveyService
from desktop.store.models import Attachment, AuditEntry, OutboxEntry
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from desktop.ui.survey import camera
from desktop.ui.survey.photo_codec import MAX_SIDE
from desktop.ui.survey.survey_widget import SurveyWidget
from desktop.ui.tasks import StoreThread
from tests.desktop import household_fixture as fx

SECRET = b"DOORSTEP-GPS-30.0123N-114.3456E"
DB_FILES = ("store.db", "store.db-wal", "store.db-shm", "store.db-journal")
# A JPEG starts with SOI and a marker; four bytes, so random ciphertext hardly ever holds one.
JPEG_STARTS = (b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"\xff\xd8\xff\xdb", b"\xff\xd8\xff\xc0")


def _exif_with_gps() -> bytes:
    """An APP1 Exif segment: orientation 6 (turn right), a description and a GPS position."""
    entries = [
        (0x010E, 2, len(SECRET) + 1, None),  # ImageDescription
        (0x0112, 3, 1, struct.pack(">HH", 6, 0)),  # Orientation: rotate 90° clockwise
        (0x8825, 4, 1, None),  # GPS IFD pointer
    ]
    ifd0_size = 2 + 12 * len(entries) + 4
    desc_at = 8 + ifd0_size
    gps_at = desc_at + len(SECRET) + 1
    gps_entries = [
        (0x0001, 2, 2, b"N\x00\x00\x00"),
        (0x0002, 5, 3, None),  # latitude: three rationals after the GPS IFD
    ]
    gps_size = 2 + 12 * len(gps_entries) + 4
    rationals_at = gps_at + gps_size
    out = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", len(entries))
    for tag, typ, count, value in entries:
        if tag == 0x010E:
            value = struct.pack(">I", desc_at)
        elif tag == 0x8825:
            value = struct.pack(">I", gps_at)
        out += struct.pack(">HHI", tag, typ, count) + value
    out += struct.pack(">I", 0) + SECRET + b"\x00"
    out += struct.pack(">H", len(gps_entries))
    for tag, typ, count, value in gps_entries:
        if value is None:
            value = struct.pack(">I", rationals_at)
        out += struct.pack(">HHI", tag, typ, count) + value
    out += struct.pack(">I", 0) + struct.pack(">6I", 30, 1, 0, 1, 1234, 100)
    body = b"Exif\x00\x00" + out
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def _phone_photo(width: int = 2400, height: int = 1800) -> bytes:
    """A noisy 2400x1800 JPEG (noise keeps it large and its bytes distinctive), with EXIF."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#c8d2dc"))
    rng = random.Random(6)
    for _ in range(6000):
        x, y = rng.randrange(width), rng.randrange(height)
        image.setPixelColor(x, y, QColor(rng.randrange(256), rng.randrange(256), 0))
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPEG", 95)
    jpeg = bytes(array.data())
    return jpeg[:2] + _exif_with_gps() + jpeg[2:]


def _new_files(before: set[str]) -> set[str]:
    root = tempfile.gettempdir()
    now = {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}
    return now - before


def _temp_files() -> set[str]:
    return _new_files(set())


@pytest.fixture
def survey_widget(qtbot: QtBot, store: Store) -> Iterator[SurveyWidget]:
    divisions = [hh.DivisionRow(d.code, d.name, d.level, d.parent_code) for d in fx.divisions()]
    household = fx.household()
    hh.import_registry(store, divisions, [household])
    doc = SurveyService(store).start(household.id, None)
    runner = StoreThread()
    widget = SurveyWidget(runner, store, doc, household.head_name, "en")
    widget.show()
    yield widget
    widget.shutdown()
    qtbot.waitUntil(runner.is_idle, timeout=10_000)
    runner.stop()
    widget.close()
    widget.deleteLater()


def test_photo_is_shrunk_stripped_queued_and_never_plaintext(
    qtbot: QtBot, survey_widget: SurveyWidget, store: Store, tmp_path: Path
) -> None:
    original = _phone_photo()
    assert attachments.has_exif(original)
    assert SECRET in original
    source = tmp_path / "from-the-phone.jpg"  # the cadre's own file, not ours
    source.write_bytes(original)
    temp_before = _temp_files()

    photos = survey_widget.photos()
    photos.add_files([source])
    qtbot.waitUntil(lambda: not photos.is_busy(), timeout=20_000)
    assert photos.error.text() == ""
    assert photos.photo_count() == 1
    preview = photos.preview(0)
    assert preview is not None
    assert not preview.isNull()
    ref = survey_widget.answers()["photos"][0]["photo"]

    # --- What the store holds: shrunk, upright (orientation 6 applied), no EXIF, queued
    with store.reading() as s:
        row = s.scalars(select(Attachment).where(Attachment.sha256 == ref["sha256"])).one()
        stored = bytes(row.content)
        queued = [
            e.payload
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "attachment"))
        ]
    assert not attachments.has_exif(stored)
    assert b"Exif" not in stored
    assert SECRET not in stored
    assert b"GPS" not in stored
    image = QImage.fromData(stored)
    assert max(image.width(), image.height()) <= MAX_SIDE
    assert image.height() > image.width()  # the landscape original, turned as its EXIF says
    assert len(stored) < len(original)
    assert [q["sha256"] for q in queued] == [ref["sha256"]]

    # --- Kind, rotate, remove
    photos.set_kind(0, "hukou_book")
    assert survey_widget.answers()["photos"][0]["photo_kind"] == "hukou_book"
    with qtbot.waitSignal(photos.changed, timeout=20_000):
        photos.rotate_selected(90)
    qtbot.waitUntil(lambda: not photos.is_busy(), timeout=10_000)
    turned = survey_widget.answers()["photos"][0]
    assert turned["photo_kind"] == "hukou_book"
    assert turned["photo"]["sha256"] != ref["sha256"]
    turned_image = QImage.fromData(attachments.content(store, turned["photo"]["sha256"]))
    assert turned_image.width() > turned_image.height()
    survey_widget.save_now()
    qtbot.waitUntil(lambda: not survey_widget.is_dirty(), timeout=10_000)

    # --- No plaintext anywhere outside the encrypted database
    distinctive = [original[len(original) // 2 : len(original) // 2 + 48], SECRET,
                   stored[len(stored) // 2 : len(stored) // 2 + 48]]  # fmt: skip
    profile_files = {str(p) for p in store.folder.rglob("*") if p.is_file()}
    to_scan = (_new_files(temp_before) | profile_files) - {str(source)}
    scanned = 0
    for name in to_scan:
        if Path(name).name in DB_FILES and Path(name).parent == store.folder:
            continue
        try:
            data = Path(name).read_bytes()
        except OSError:
            continue
        scanned += 1
        assert not any(d in data for d in distinctive), name
        assert not data.startswith(b"\xff\xd8\xff"), name
        assert not any(m in data for m in JPEG_STARTS), name
    assert scanned >= 1  # the key file at least

    photos.remove_selected()
    assert "photos" not in survey_widget.answers()


def test_unreadable_file_is_explained(
    qtbot: QtBot, survey_widget: SurveyWidget, tmp_path: Path
) -> None:
    bad = tmp_path / "not-a-photo.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 this is not really a JPEG")
    photos = survey_widget.photos()
    photos.add_files([bad])
    qtbot.waitUntil(lambda: not photos.is_busy() and not photos.error.isHidden(), timeout=10_000)
    assert photos.photo_count() == 0


def test_camera_button_hidden_without_multimedia(survey_widget: SurveyWidget) -> None:
    photos = survey_widget.photos()
    assert photos.camera_button.isHidden() is not camera.available()


def _queued_digests(store: Store) -> tuple[set[str], set[str]]:
    """(digests of stored attachments, digests whose reference waits in the outbox)."""
    with store.reading() as s:
        stored = set(s.scalars(select(Attachment.sha256)))
        queued = {
            e.payload["sha256"]
            for e in s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "attachment"))
        }
    return stored, queued


def test_rotated_or_removed_photo_leaves_the_upload_queue(
    qtbot: QtBot, survey_widget: SurveyWidget, store: Store, tmp_path: Path
) -> None:
    source = tmp_path / "page.jpg"
    source.write_bytes(_phone_photo(1200, 900))
    photos = survey_widget.photos()

    def save() -> None:
        survey_widget.save_now()
        qtbot.waitUntil(lambda: not survey_widget.is_dirty(), timeout=10_000)

    photos.add_files([source])
    qtbot.waitUntil(lambda: not photos.is_busy() and photos.photo_count() == 1, timeout=20_000)
    save()
    first = survey_widget.answers()["photos"][0]["photo"]["sha256"]
    assert _queued_digests(store) == ({first}, {first})

    # --- Rotated before it was sent: the earlier version goes, bytes and queued reference
    with qtbot.waitSignal(photos.changed, timeout=20_000):
        photos.rotate_selected(90)
    qtbot.waitUntil(lambda: not photos.is_busy(), timeout=10_000)
    turned = survey_widget.answers()["photos"][0]["photo"]["sha256"]
    assert turned != first
    assert _queued_digests(store) == ({first, turned}, {first, turned})  # not saved yet
    save()
    assert _queued_digests(store) == ({turned}, {turned})
    with store.reading() as s:
        actions = [e.action for e in s.scalars(select(AuditEntry))]
    assert "discard" in actions

    # --- Already uploaded in full: removing it keeps what the server has
    DesktopSyncStore(store).note_uploaded(turned, 0, True)
    photos.remove_selected()
    save()
    assert "photos" not in survey_widget.answers()
    assert _queued_digests(store)[0] == {turned}
