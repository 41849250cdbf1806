"""Surveys service: prefill, autosave, complete with problems, submit and read-only."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.services import attachments
from desktop.services import households as hh
from desktop.services.surveys import SurveyService, SurveyStateError
from desktop.store.models import OutboxEntry
from desktop.store.profile import Store
from forms.samples import sample_household
from tests.desktop import household_fixture as fx

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def _household(store: Store) -> str:
    divisions = [hh.DivisionRow(d.code, d.name, d.level, d.parent_code) for d in fx.divisions()]
    row = fx.household()
    hh.import_registry(store, divisions, [row])
    return row.id


def _outbox(store: Store) -> int:
    with store.reading() as s:
        return s.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def test_start_prefills_from_registry_then_last_round(store: Store) -> None:
    hid = _household(store)
    svc = SurveyService(store)
    doc = svc.start(hid, campaign_id=None)
    assert doc.answers["head_name"] == fx.MEMBERS[0][0]
    assert doc.answers["members"][0]["relation"] == "head"
    assert svc.start(hid) == doc  # the open survey comes back, no second one

    answers: dict[str, Any] = {**doc.answers, "members": fx.answers()["members"], "housing": "own"}
    svc.save_draft(doc.id, answers)
    with store.transaction() as s:  # pretend the round closed: a later campaign starts anew
        from desktop.store.models import Survey

        row = s.get(Survey, doc.id)
        assert row is not None
        row.campaign_id, row.status = None, "submitted"
    later = svc.start(hid, campaign_id=None)
    assert later.id == doc.id  # submitted in the same campaign: shown, not restarted


def test_autosave_writes_only_changes(store: Store) -> None:
    hid = _household(store)
    svc = SurveyService(store)
    doc = svc.start(hid)
    assert svc.save_draft(doc.id, doc.answers).revision == doc.revision
    saved = svc.save_draft(doc.id, {**doc.answers, "address": "新地址", "visit_note": ""})
    assert saved.revision == doc.revision + 1
    assert _outbox(store) == 2  # the household and the survey, coalesced while pending
    assert saved.answers["address"] == "新地址"
    assert "visit_note" not in saved.answers


def test_complete_lists_problems_then_submit_locks(store: Store) -> None:
    hid = _household(store)
    svc = SurveyService(store)
    doc = svc.start(hid)
    with pytest.raises(SurveyStateError, match="not_completed"):
        svc.submit(doc.id)
    answers = sample_household(2)
    answers["members"][1]["id_number"] = "421221199000000000"
    result = svc.complete(doc.id, answers, "en")
    assert not result.ok
    assert "members[1].id_number" in {p.path for p in result.problems}
    assert result.doc.status == "draft"

    ref = attachments.add(store, doc.id, "signature", PNG)
    answers = sample_household(2)
    answers["consent_signature"] = ref.answer()
    answers["recommendation_reason"] = "病残负担重"
    review = svc.review(answers, "en")
    assert review.flags
    result = svc.complete(doc.id, answers, "en")
    assert result.ok, result.problems
    assert result.doc.status == "completed"
    submitted = svc.submit(doc.id)
    assert submitted.read_only
    with pytest.raises(SurveyStateError, match="read_only"):
        svc.save_draft(doc.id, {**answers, "address": "x"})
    assert attachments.content(store, ref.sha256) == PNG


def test_attachment_refuses_exif_and_unknown_bytes(store: Store) -> None:
    doc = SurveyService(store).start(_household(store))
    jpeg_with_exif = b"\xff\xd8\xff\xe1\x00\x08Exif\x00\x00\xff\xda"
    with pytest.raises(attachments.AttachmentError, match="exif"):
        attachments.add(store, doc.id, "photo", jpeg_with_exif)
    with pytest.raises(attachments.AttachmentError, match="media_type"):
        attachments.add(store, doc.id, "photo", b"GIF89a")


def test_survey_after_unlock_reads_actor_outside_the_write_lock(store: Store) -> None:
    """Regression: the actor was read inside BEGIN IMMEDIATE after an unlock: 'database is locked'."""
    from desktop.services import profiles
    from tests.desktop.conftest import PASSPHRASE

    hid = _household(store)
    store.lock()
    reopened = profiles.unlock(store.folder, PASSPHRASE)
    try:
        doc = SurveyService(reopened).start(hid)
        assert doc.status == "draft"
        hh.record_visit(reopened, hid, "refused")
    finally:
        reopened.lock()
