"""Every save writes the record, its outbox entry and its audit entry together, or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.store import profile
from desktop.store.audit import verify_chain
from desktop.store.models import AuditEntry, Household, OutboxEntry, ReviewDecision
from desktop.store.records import (
    ReadOnlyRecordError,
    ReviewDecisionData,
    SurveyData,
    save_household,
    save_review_decision,
    save_survey,
)
from tests.desktop import household_fixture as hf
from tests.desktop.conftest import PASSPHRASE


def _count(store: profile.Store, model: type) -> int:
    with store.reading() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def with_village(store: profile.Store) -> profile.Store:
    with store.transaction() as s:
        s.add_all(hf.divisions())
    return store


def test_failed_transaction_leaves_no_record_outbox_or_audit(with_village: profile.Store) -> None:
    store = with_village

    def save_then_fail() -> None:
        with store.transaction() as s:
            save_household(s, store.actor, hf.household())
            raise RuntimeError("power cut in the middle of the save")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert (_count(store, Household), _count(store, OutboxEntry), _count(store, AuditEntry)) == (
        0,
        0,
        0,
    )


def test_autosaves_of_a_draft_share_one_pending_outbox_entry(with_village: profile.Store) -> None:
    store = with_village
    h = hf.household()
    survey = hf.survey(h.id)
    with store.transaction() as s:
        save_household(s, store.actor, h)
        save_survey(s, store.actor, survey)
    for i in range(5):
        edited = SurveyData(
            **{**survey.__dict__, "answers": {**survey.answers, "income_other": f"{i}.00"}}
        )
        with store.transaction() as s:
            save_survey(s, store.actor, edited)
    with store.reading() as s:
        entries = s.scalars(select(OutboxEntry).where(OutboxEntry.record_type == "survey")).all()
    assert len(entries) == 1
    assert entries[0].revision == 6
    assert entries[0].payload["answers"]["income_other"] == "4.00"
    assert _count(store, AuditEntry) == 7


def test_sealed_outbox_entry_is_never_rewritten(with_village: profile.Store) -> None:
    store = with_village
    h = hf.household()
    with store.transaction() as s:
        save_household(s, store.actor, h)
        s.scalars(select(OutboxEntry)).one().batch_id = "batch-1"
    with store.transaction() as s:
        save_household(s, store.actor, h.__class__(**{**h.__dict__, "phone": "13800000000"}))
    with store.reading() as s:
        entries = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    assert [(e.revision, e.batch_id) for e in entries] == [(1, "batch-1"), (2, None)]
    assert entries[0].payload["phone"] == "13907150000"


def test_submitted_survey_is_read_only(with_village: profile.Store) -> None:
    store = with_village
    h = hf.household()
    survey = hf.survey(h.id)
    with store.transaction() as s:
        save_household(s, store.actor, h)
        save_survey(s, store.actor, SurveyData(**{**survey.__dict__, "status": "submitted"}))
    with pytest.raises(ReadOnlyRecordError, match="read-only"), store.transaction() as s:
        save_survey(s, store.actor, survey)


def test_return_needs_a_comment(with_village: profile.Store) -> None:
    store = with_village
    h = hf.household()
    survey = hf.survey(h.id)
    with store.transaction() as s:
        save_household(s, store.actor, h)
        save_survey(s, store.actor, survey)
    decision = ReviewDecisionData(id="r1", survey_id=survey.id, level="township", decision="return")
    with pytest.raises(ValueError, match="comment"), store.transaction() as s:
        save_review_decision(s, store.actor, decision)
    assert _count(store, ReviewDecision) == 0


def test_audit_entries_name_who_and_which_device(with_village: profile.Store) -> None:
    store = with_village
    with store.transaction() as s:
        save_household(s, store.actor, hf.household())
    with store.reading() as s:
        entry = s.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.device, entry.action) == ("cadre-001", "device-a", "create")
        assert verify_chain(s) == []


def test_actor_can_be_asked_for_inside_a_write_transaction(
    store: profile.Store, profile_dir: Path
) -> None:
    # A freshly unlocked store must not open a second connection to learn who is working:
    # that connection would wait on the write lock the first one holds.
    store.lock()
    reopened = profile.unlock(profile_dir, PASSPHRASE)
    try:
        with reopened.transaction() as s:
            s.add_all(hf.divisions())
            s.flush()  # the write lock is held from here on
            save_household(s, reopened.actor, hf.household())
        assert reopened.actor.user == "cadre-001"
    finally:
        reopened.lock()
