"""The attachments service stores through the store's add_attachment: record and outbox entry
together, once per content; refused bytes change nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.services import attachments
from desktop.services import households as hh
from desktop.services.surveys import SurveyService
from desktop.store.models import Attachment, OutboxEntry
from desktop.store.profile import Store
from tests.desktop import household_fixture as fx

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_WITH_EXIF = b"\xff\xd8\xff\xe1\x00\x08Exif\x00\x00\xff\xda"


def _survey(store: Store) -> str:
    divisions = [hh.DivisionRow(d.code, d.name, d.level, d.parent_code) for d in fx.divisions()]
    household = fx.household()
    hh.import_registry(store, divisions, [household])
    return SurveyService(store).start(household.id, None).id


def test_add_queues_the_attachment_once(store: Store) -> None:
    survey_id = _survey(store)
    ref = attachments.add(store, survey_id, "signature", PNG)
    again = attachments.add(store, survey_id, "signature", PNG)
    assert ref == again
    assert ref.media_type == "image/png"
    with store.reading() as s:
        rows = s.scalars(select(Attachment)).all()
        queued = s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "attachment")).all()
    assert [r.sha256 for r in rows] == [ref.sha256]
    assert [q.payload["sha256"] for q in queued] == [ref.sha256]
    assert attachments.content(store, ref.sha256) == PNG


@pytest.mark.parametrize(
    ("kind", "content", "code"),
    [("photo", JPEG_WITH_EXIF, "exif"), ("video", PNG, "kind"), ("photo", b"GIF89a", "media_type")],
)
def test_refused(store: Store, kind: str, content: bytes, code: str) -> None:
    survey_id = _survey(store)
    with pytest.raises(attachments.AttachmentError) as error:
        attachments.add(store, survey_id, kind, content)
    assert error.value.code == code
    with store.reading() as s:
        assert (
            s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "attachment")).all()
            == []
        )
