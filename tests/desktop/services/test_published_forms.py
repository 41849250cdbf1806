"""Surveys use what the county published: the newest form for a new survey, the exact version for
one already started, and the county's standards for the campaign year in screening.

Everything goes through a real encrypted store, and the county's publications are applied the way
a sync round applies them (`DesktopSyncStore.apply_changes` with feed changes).
"""

from __future__ import annotations

import copy
import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.services import households as hh
from desktop.services.surveys import FormUnavailable, SurveyService
from desktop.store.models import OutboxEntry, Survey
from desktop.store.profile import Store
from desktop.store.records import SurveyData, save_survey
from desktop.store.sync_store import DesktopSyncStore
from forms.registry import load_form
from forms.standards import load_standards
from sync.protocol import Change
from tests.desktop import household_fixture as fx
from tests.sync.helpers import survey_answers

NEW_QUESTION = "drinking_water"


def v2_definition() -> dict[str, Any]:
    """The bundled household survey as a county's version 2: one more required question."""
    definition = copy.deepcopy(load_form("household-survey", 1).to_json())
    definition["version"] = 2
    assets = next(s for s in definition["sections"] if s["name"] == "assets")
    assets["fields"].append(
        {
            "name": NEW_QUESTION,
            "type": "select_one",
            "choices": "yes_no",
            "required": True,
            "label": {"zh": "饮水安全有保障", "en": "Safe drinking water"},
        }
    )
    return definition


def publish(store: Store, *changes: Change) -> None:
    """Apply feed changes as a sync round does (one page, one transaction)."""
    applied = DesktopSyncStore(store).apply_changes(list(changes), str(uuid.uuid4()))
    assert applied == len(changes)


def form_change(definition: dict[str, Any]) -> Change:
    key = f"{definition['id']}@{definition['version']}"
    data = {"form_id": definition["id"], "version": definition["version"], "definition": definition}
    return Change(kind="form", id=key, data=data)


def standards_change(county: str, year: int, rural_line: int) -> Change:
    data = load_standards(county, year).to_json()
    data.update(county_code=county, year=year, dibao_rural_year=str(rural_line))
    return Change(
        kind="standards",
        id=f"{county}@{year}",
        data={"county_code": county, "year": year, "standards": data},
    )


def campaign(store: Store, year: int) -> str:
    cid = str(uuid.uuid4())
    publish(
        store,
        Change(kind="county", id=fx.COUNTY, data={"code": fx.COUNTY, "name": "咸安区"}),
        Change(
            kind="campaign",
            id=cid,
            data={
                "id": cid,
                "round": "start",
                "year": year,
                "starts_on": f"{year}-03-01",
                "ends_on": f"{year}-03-21",
            },
        ),
    )
    return cid


def households(store: Store, n: int) -> list[str]:
    divisions = [hh.DivisionRow(d.code, d.name, d.level, d.parent_code) for d in fx.divisions()]
    rows = [fx.household(f"户主{i}", fx.MEMBERS[i][1]) for i in range(n)]
    hh.import_registry(store, divisions, rows)
    return [r.id for r in rows]


def outbox(store: Store) -> int:
    with store.reading() as s:
        return s.scalar(select(func.count()).select_from(OutboxEntry)) or 0


def test_a_new_survey_is_on_the_published_version_and_an_old_one_keeps_its_own(
    store: Store,
) -> None:
    first, second = households(store, 2)
    old = SurveyService(store).start(first)
    assert (old.form_id, old.form_version) == ("household-survey", 1)

    publish(store, form_change(v2_definition()))

    service = SurveyService(store)
    assert service.form.version == 2
    new = service.start(second)
    assert new.form_version == 2
    on_v2 = SurveyService.for_survey(store, new)
    assert on_v2.form.version == 2
    assert NEW_QUESTION in {f.name for f in on_v2.form.fields}
    answers = survey_answers(fx.VILLAGE, head=2)
    missing = on_v2.complete(new.id, answers, lang="en")
    assert [p.path for p in missing.problems] == [NEW_QUESTION]
    assert on_v2.complete(new.id, {**answers, NEW_QUESTION: "yes"}, lang="en").ok

    # The survey started before v2 came opens, checks and completes as v1.
    assert service.start(first) == old
    on_v1 = SurveyService.for_survey(store, old)
    assert on_v1.form.version == 1
    assert NEW_QUESTION not in {f.name for f in on_v1.form.fields}
    assert service.form_of(old.id).version == 1
    done = service.complete(old.id, survey_answers(fx.VILLAGE, head=1), lang="en")
    assert done.ok, done.problems
    with store.reading() as s:
        versions = {row.id: row.form_version for row in s.scalars(select(Survey))}
    assert versions == {old.id: 1, new.id: 2}


def test_a_published_version_below_the_newest_is_loaded_exactly(store: Store) -> None:
    (hid,) = households(store, 1)
    v1 = load_form("household-survey", 1).to_json()
    v3 = {**v2_definition(), "version": 3}
    publish(store, form_change(v1), form_change(v2_definition()), form_change(v3))
    assert SurveyService(store).form.version == 3
    with store.transaction() as s:
        data = SurveyData(
            id=str(uuid.uuid4()),
            household_id=hid,
            form_id="household-survey",
            form_version=2,
            answers={"village_code": fx.VILLAGE},
        )
        save_survey(s, store.actor, data)
    assert SurveyService(store).form_of(data.id).version == 2


def test_a_survey_on_a_form_this_laptop_lacks_is_refused_plainly_and_nothing_changes(
    store: Store,
) -> None:
    (hid,) = households(store, 1)
    with store.transaction() as s:
        data = SurveyData(
            id=str(uuid.uuid4()),
            household_id=hid,
            form_id="household-survey",
            form_version=7,
            answers=survey_answers(fx.VILLAGE),
        )
        save_survey(s, store.actor, data)
    service = SurveyService(store)
    doc = service.open(data.id)
    before = outbox(store)
    with pytest.raises(FormUnavailable, match="version 7 is not on this laptop: sync"):
        SurveyService.for_survey(store, doc)
    with pytest.raises(FormUnavailable) as refused:
        service.complete(data.id, {**doc.answers, "income_wages": 1})
    assert (refused.value.form_id, refused.value.version) == ("household-survey", 7)
    assert outbox(store) == before
    assert service.open(data.id) == doc


def test_standards_published_for_the_campaign_year_change_a_borderline_household(
    store: Store,
) -> None:
    (hid,) = households(store, 1)
    cid = campaign(store, 2026)
    doc = SurveyService(store).start(hid, cid)
    # Two people living on 10,000 a year: 5,000 each, above the bundled rural line (4,417,
    # the city's 2017 notice) and below the 6,000 the county publishes for 2026.
    answers = survey_answers(fx.VILLAGE, income=10000, recommendation="dibao")
    del answers["recommendation_reason"]

    bundled = SurveyService.for_survey(store, doc)
    assert bundled.standards(answers) == load_standards(fx.COUNTY, 2026)
    assert [f.code for f in bundled.review(answers, "en").flags] == ["marginal"]
    # Recommending dibao against the bundled screening needs a reason.
    refused = bundled.complete(doc.id, answers, lang="en")
    assert [p.path for p in refused.problems] == ["recommendation_reason"]

    publish(store, standards_change(fx.COUNTY, 2026, 6000))
    published = SurveyService.for_survey(store, doc)
    chosen = published.standards(answers)
    assert chosen is not None
    assert (chosen.year, chosen.dibao_rural_year) == (2026, Decimal(6000))
    assert "dibao_income" in {f.code for f in published.review(answers, "en").flags}
    assert published.complete(doc.id, answers, lang="en").ok


def test_standards_follow_the_campaign_year_and_the_county(store: Store) -> None:
    (hid,) = households(store, 1)
    publish(
        store,
        standards_change(fx.COUNTY, 2027, 6000),  # a later year: not yet in force in 2026
        standards_change("421221", 2026, 9000),  # another county
    )
    cid = campaign(store, 2026)
    doc = SurveyService(store).start(hid, cid)
    # The visit date says 2027, the campaign 2026: the campaign's year counts, as on the server.
    answers = survey_answers(fx.VILLAGE, income=10000, visit_date="2026-12-30")
    service = SurveyService.for_survey(store, doc)
    assert service.standards({**answers, "visit_date": "2027-01-02"}) == load_standards(
        fx.COUNTY, 2026
    )
    # Without a campaign the visit year picks them.
    loose = SurveyService(store)
    assert loose.standards({**answers, "visit_date": "2027-01-02"}) is not None
    chosen = loose.standards({**answers, "visit_date": "2027-01-02"})
    assert chosen is not None
    assert chosen.year == 2027
    assert loose.standards({**answers, "visit_date": "2026-06-01"}) == load_standards(
        fx.COUNTY, 2026
    )


def test_a_bound_service_screens_any_visit_year_without_reading_the_store(store: Store) -> None:
    # The survey screen reviews on the GUI thread: after for_survey nothing there reads the store.
    (hid,) = households(store, 1)
    publish(store, standards_change(fx.COUNTY, 2027, 6000))
    doc = SurveyService(store).start(hid)  # no campaign: the visit year picks the standards
    service = SurveyService.for_survey(store, doc)
    store.lock()
    answers = survey_answers(fx.VILLAGE, income=10000)
    chosen = service.standards({**answers, "visit_date": "2027-05-01"})
    assert chosen is not None
    assert chosen.dibao_rural_year == Decimal(6000)
    assert service.standards({**answers, "visit_date": "2026-05-01"}) == load_standards(
        fx.COUNTY, 2026
    )
    assert [f.code for f in service.review(answers, "en").flags] == ["marginal"]
