"""What the county publishes reaches the laptop and is used there; the feed does not echo the
laptop's own writes."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from desktop.services import syncing
from desktop.services.surveys import SurveyService
from desktop.store import records
from desktop.store.sync_store import assigned_villages, published_form, published_standards
from sync.server.admin import service as admin
from sync.server.db import make_sessionmaker
from sync.server.models import Survey as ServerSurvey
from tests.desktop.services.test_published_forms import NEW_QUESTION, v2_definition
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import COUNTY, V1A, V1B, survey_answers


def test_assignments_forms_and_standards_are_kept_on_the_laptop(
    county: County, laptop_factory: Any
) -> None:
    laptop = laptop_factory("cadre1")
    assert syncing.run_sync(laptop).outcome == "ok"
    with laptop.reading() as s:
        assert assigned_villages(s, str(county.campaign_id)) == [V1A, V1B]
        form = published_form(s, "household-survey")
        assert form is not None
        assert form.id == "household-survey"
        standards = published_standards(s, COUNTY, 2026)
        assert standards is not None
        assert standards.dibao_rural_year > 0
        assert published_standards(s, COUNTY, 1999) is None


def test_a_round_is_handshake_pull_one_batch_and_digest_and_nothing_comes_back(
    county: County, laptop_factory: Any
) -> None:
    laptop = laptop_factory("cadre1")
    assert syncing.run_sync(laptop).outcome == "ok"
    camp = campaign_of(laptop)
    for i in range(5):
        new_survey(laptop, new_household(laptop, V1A, i), V1A, i, camp)
    pushed = syncing.run_sync(laptop)
    assert pushed.outcome == "ok", pushed
    assert pushed.counts["acknowledged"] == 10
    # handshake, pull (empty), one batch, digest: no second pull, the digests agree
    assert pushed.counts["requests"] == 4
    after = syncing.run_sync(laptop)
    assert after.outcome == "ok"
    assert after.counts.get("pulled", 0) == 0  # its own ten records are not sent back
    assert after.counts["requests"] == 2  # handshake and one empty page
    # another laptop in scope gets them
    other = laptop_factory("sup_t1")
    first = syncing.run_sync(other)
    assert first.outcome == "ok"
    assert first.counts["pulled"] >= 10


def test_a_form_version_the_county_publishes_is_used_by_the_next_new_survey_and_accepted(
    county: County, laptop_factory: Any
) -> None:
    laptop = laptop_factory("cadre1")
    assert syncing.run_sync(laptop).outcome == "ok"
    camp = campaign_of(laptop)
    before = SurveyService(laptop).start(new_household(laptop, V1A, 1), camp)
    assert before.form_version == 1

    # County IT imports a corrected form (what `doorstep-server admin import-xlsform` does).
    with make_sessionmaker(county.engine)() as s, s.begin():
        assert admin.publish_form(s, COUNTY, v2_definition()) == ("household-survey", 2)
    pulled = syncing.run_sync(laptop)
    assert pulled.outcome == "ok", pulled

    service = SurveyService(laptop)
    doc = service.start(new_household(laptop, V1A, 2), camp)
    assert doc.form_version == 2
    on_v2 = SurveyService.for_survey(laptop, doc)
    answers = survey_answers(V1A, head=2)
    assert [p.path for p in on_v2.complete(doc.id, answers, lang="en").problems] == [NEW_QUESTION]
    assert on_v2.complete(doc.id, {**answers, NEW_QUESTION: "yes"}, lang="en").ok
    on_v2.submit(doc.id)
    # The survey started on v1 stays v1 and completes without the new question.
    on_v1 = SurveyService.for_survey(laptop, before)
    assert on_v1.form.version == 1
    assert on_v1.complete(before.id, survey_answers(V1A, head=1), lang="en").ok
    on_v1.submit(before.id)
    # The server checks a v2 survey against v2: one without the new answer is refused.
    with laptop.transaction() as s:
        bad = records.SurveyData(
            id=str(uuid.uuid4()),
            household_id=new_household(laptop, V1A, 3),
            form_id="household-survey",
            form_version=2,
            answers=survey_answers(V1A, head=3),
            status="submitted",
            campaign_id=camp,
        )
        records.save_survey(s, laptop.actor, bad)

    pushed = syncing.run_sync(laptop)
    assert pushed.outcome == "ok", pushed
    assert pushed.counts["quarantined"] == 1
    problems = syncing.outbox_problems(laptop)
    assert [(p.record_id, p.state) for p in problems] == [(bad.id, "quarantined")]
    assert problems[0].reasons == ["Safe drinking water: This answer is required"]
    with county.engine.connect() as c:
        rows = {
            str(uuid.UUID(str(i))): (int(v), str(st), a.get(NEW_QUESTION) if a else None)
            for i, v, st, a in c.execute(
                select(ServerSurvey.id, ServerSurvey.form_version, ServerSurvey.state,
                       ServerSurvey.answers)
            )
        }  # fmt: skip
    assert rows[doc.id] == (2, "submitted", "yes")
    assert rows[before.id] == (1, "submitted", None)
    assert bad.id not in rows
