"""Photos and the consent signature in the review detail, against a real server on loopback.

A cadre records a survey with a photo and a signature and syncs (the bytes are uploaded). The
township supervisor's laptop syncs the queue, which carries no photo bytes; showing the survey
fetches them from the server's scope-checked attachment API and decodes them in memory (no
file appears in the temp folder, the supervisor's store holds no attachment); a double click
shows the photo full size. Another township's supervisor is refused the same bytes. With the
server gone, a survey not seen before says its photos are available when online, while one
already seen still shows them from memory.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from desktop.services import attachments, review, syncing
from desktop.store import records
from desktop.store.models import Attachment
from desktop.store.profile import Store
from desktop.ui.review.attachments_view import SHA_ROLE
from desktop.ui.review.queue_widget import ReviewQueueWidget
from desktop.ui.survey.photo_codec import encode_jpeg
from desktop.ui.tasks import StoreThread
from sync.client import ServerRefused
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household
from tests.sync.helpers import V1A, survey_answers

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair

T = 30_000


def _image(seed: int, width: int = 480, height: int = 320) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(40 + seed * 30, 120, 200 - seed * 20))
    for x in range(0, width, 7):
        image.setPixelColor(x, (x * seed) % height, QColor(255, 255, 0))
    return image


def _png(image: QImage) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(array.data())


def _ref(data: bytes, mime: str) -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "mime": mime, "size": len(data)}


def _survey_with_attachments(cadre: Store, head: int, photo: bytes, signature: bytes | None) -> str:
    hid = new_household(cadre, V1A, head)
    extra: dict[str, Any] = {
        "photos": [{"photo_kind": "hukou_book", "photo": _ref(photo, "image/jpeg")}]
    }
    if signature is not None:
        extra["consent_signature"] = _ref(signature, "image/png")
    data = records.SurveyData(
        id=str(uuid.uuid4()),
        household_id=hid,
        form_id="household-survey",
        form_version=1,
        answers=survey_answers(V1A, head=head, **extra),
        status="submitted",
        campaign_id=campaign_of(cadre),
    )
    with cadre.transaction() as s:
        records.save_survey(s, cadre.actor, data)
    attachments.add(cadre, data.id, "photo", photo)
    if signature is not None:
        attachments.add(cadre, data.id, "signature", signature)
    return data.id


def _temp_files() -> set[str]:
    root = tempfile.gettempdir()
    return {os.path.join(d, f) for d, _, files in os.walk(root) for f in files}


def _contains(path: str, needle: bytes) -> bool:
    try:
        with open(path, "rb") as fh:
            return needle in fh.read()
    except OSError:  # gone already, or not ours to read
        return False


def _holds(folder: str, needle: bytes) -> list[str]:
    return [
        os.path.join(d, f)
        for d, _, files in os.walk(folder)
        for f in files
        if _contains(os.path.join(d, f), needle)
    ]


def test_photos_fetched_in_scope_decoded_in_memory_and_available_when_online(
    qtbot: QtBot, laptop_factory: Any, county: County
) -> None:
    cadre = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    photo, signature = encode_jpeg(_image(1)), _png(_image(2, 300, 100))
    later_photo = encode_jpeg(_image(3))
    sid = _survey_with_attachments(cadre, 1, photo, signature)
    later = _survey_with_attachments(cadre, 2, later_photo, None)
    assert syncing.run_sync(cadre).outcome == "ok"

    sup = laptop_factory("sup_t1")
    assert syncing.run_sync(sup).outcome == "ok"
    with sup.reading() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0  # no bytes pulled

    # the other township's supervisor is refused the bytes (the server checks the scope)
    other = laptop_factory("sup_t2")
    assert syncing.run_sync(other).outcome == "ok"
    with pytest.raises(ServerRefused) as refused:
        review.fetch_attachment(other, hashlib.sha256(photo).hexdigest())
    assert refused.value.status == 404

    sha_photo = hashlib.sha256(photo).hexdigest()
    sha_sig = hashlib.sha256(signature).hexdigest()
    temp_before = _temp_files()
    runner = StoreThread()
    w = ReviewQueueWidget(runner, "en")
    qtbot.addWidget(w)
    w.show()
    try:
        with qtbot.waitSignal(w.loaded, timeout=T):
            w.set_store(sup)
        assert w.select(sid)
        view = w.attachments
        qtbot.waitUntil(lambda: view.states() == {sha_photo: "shown", sha_sig: "shown"}, timeout=T)
        assert view.content(sha_photo) == photo
        assert view.content(sha_sig) == signature
        kinds = {line.sha256: line for line in view.lines}
        assert kinds[sha_sig].kind == "signature"
        assert "Hukou" in kinds[sha_photo].label or "hukou" in kinds[sha_photo].label.lower()
        first = view.list.item(0)
        assert first.data(SHA_ROLE) == sha_photo
        assert not first.icon().isNull()
        assert "Double-click" in view.status_label.text()

        # full size in a viewer, decoded from memory
        view.list.doItemsLayout()  # the view lays items out lazily
        rect = view.list.visualItemRect(first)
        assert view.list.itemAt(rect.center()) is first
        QTest.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: view.viewer is not None and view.viewer.isVisible(), timeout=T)
        assert view.viewer is not None
        assert view.viewer.windowTitle() == kinds[sha_photo].label
        pixmap = view.viewer.image_label.pixmap()
        assert (pixmap.width(), pixmap.height()) == (480, 320)
        view.viewer.close()

        # the download is on the server's audit trail, as the supervisor's
        with county.engine.connect() as c:
            actions = [r[0] for r in c.execute(text("SELECT action FROM audit_event"))]
        assert actions.count("attachment.download") >= 2

        # offline: a survey not seen yet says so; one seen before still shows from memory
        county.server.stop()
        assert w.select(later)
        sha_later = hashlib.sha256(later_photo).hexdigest()
        qtbot.waitUntil(lambda: view.states().get(sha_later) == "offline", timeout=60_000)
        assert "available when online" in view.status_label.text()
        assert view.retry_button.isVisible()
        assert w.select(sid)
        qtbot.waitUntil(lambda: view.states() == {sha_photo: "shown", sha_sig: "shown"}, timeout=T)

        # nothing decoded reached a file: no new temp file, no plaintext in the profile folder
        needle = photo[200:456]
        assert not [p for p in _temp_files() - temp_before if _contains(p, needle)]
        assert not _holds(str(sup.folder), needle)
    finally:
        w.set_store(None)
        qtbot.waitUntil(runner.is_idle, timeout=T)
        runner.stop()
