"""The review queue end to end without Qt, against a real `doorstep-server serve` on loopback.

A cadre's laptop syncs submitted surveys; the township supervisor's laptop syncs and holds them
offline; returns and approvals leave through the outbox; the cadre's laptop sees the return.
Township A's supervisor never holds township B's surveys. County staff review what the
townships approved and return to the township supervisor.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from desktop.services import reports, review, syncing
from desktop.store.models import OutboxEntry, Survey
from desktop.store.profile import Store
from sync.server.admin import service as admin
from sync.server.db import make_sessionmaker
from tests.e2e import conftest as e2e
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import COUNTY, V1A, V1B, V2A

county = e2e.county
laptop_factory = e2e.laptop_factory
recovery_keypair = e2e.recovery_keypair


def _submit(store: Store, village: str, head: int) -> str:
    camp = campaign_of(store)
    return new_survey(store, new_household(store, village, head), village, head, camp)


def test_queue_decisions_and_scope_through_the_outbox(laptop_factory: Any, county: County) -> None:
    cadre1, cadre2 = laptop_factory("cadre1"), laptop_factory("cadre2")
    for lap in (cadre1, cadre2):
        assert syncing.run_sync(lap).outcome == "ok"
    ids = [_submit(cadre1, V1A if i % 2 else V1B, i) for i in range(4)]
    other = _submit(cadre2, V2A, 9)
    assert syncing.run_sync(cadre1).outcome == "ok"
    assert syncing.run_sync(cadre2).outcome == "ok"

    sup = laptop_factory("sup_t1")
    assert syncing.run_sync(sup).outcome == "ok"
    queue = review.load_queue(sup)
    assert {r.survey_id for r in queue} == set(ids)  # township 2 is not here, offline either
    assert other not in {r.survey_id for r in review.load_queue(sup, "township")}
    row = queue[0]
    assert row.cadre_name == "cadre1"
    assert row.short_key
    detail = review.load_detail(sup, row.survey_id, "en")
    assert any(a.path == "income_wages" for a in detail.answers)
    assert any(p == "members[0].name" for p, _ in detail.questions)

    with pytest.raises(review.ReviewInputError) as err:
        review.decide(sup, ids[0], "return", "   ")
    assert err.value.code == "comment_required"
    review.decide(sup, ids[0], "return", "请核实务工收入", {"income_wages": "工资偏低"})
    approved = review.approve_many(sup, ids[1:])
    clean = {r.survey_id for r in queue if r.clean}
    assert set(approved) == clean & set(ids[1:])  # flagged ones need a look of their own
    with sup.reading() as s:
        kinds = {e.record_type for e in s.scalars(select(OutboxEntry))}
    assert kinds == {"review_decision"}
    assert ids[0] not in {r.survey_id for r in review.load_queue(sup)}
    assert syncing.run_sync(sup).outcome == "ok"
    assert syncing.pending_count(sup) == 0

    assert syncing.run_sync(cadre1).outcome == "ok"
    with cadre1.reading() as s:
        returned = s.get(Survey, ids[0])
        assert returned is not None
        assert returned.status == "returned"
    # the supervisor's laptop learns the server's states on its next sync
    assert syncing.run_sync(sup).outcome == "ok"
    assert {r.survey_id for r in review.load_queue(sup)} == set(ids[1:]) - set(approved)
    sup2 = laptop_factory("sup_t2")
    assert syncing.run_sync(sup2).outcome == "ok"
    assert [r.survey_id for r in review.load_queue(sup2)] == [other]


def test_county_sees_township_approved_and_returns_to_the_township(
    laptop_factory: Any, county: County
) -> None:

    with make_sessionmaker(county.engine)() as s:
        admin.create_user(s, "sup_c", "supervisor", COUNTY, [COUNTY])
    cadre = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    ids = [_submit(cadre, V1A, i) for i in range(3)]
    assert syncing.run_sync(cadre).outcome == "ok"
    town = laptop_factory("sup_t1")
    assert syncing.run_sync(town).outcome == "ok"
    assert reports.refresh_identity(town) == "township"
    review.decide(town, ids[0], "approve")
    review.decide(town, ids[1], "approve")
    assert syncing.run_sync(town).outcome == "ok"

    cty = laptop_factory("sup_c")
    assert syncing.run_sync(cty).outcome == "ok"
    assert reports.refresh_identity(cty) == "county"
    assert {r.survey_id for r in review.load_queue(cty)} == {ids[0], ids[1]}  # not the third
    with pytest.raises(review.ReviewInputError):
        review.decide(cty, ids[2], "approve")  # still waiting for the township
    review.decide(cty, ids[0], "return", "请乡镇复核家庭收入")
    review.decide(cty, ids[1], "approve")
    assert syncing.run_sync(cty).outcome == "ok"
    assert syncing.run_sync(cty).outcome == "ok"
    assert review.load_queue(cty) == []

    # back at the township: the county's return waits there again, with the county's comment
    assert syncing.run_sync(town).outcome == "ok"
    queue = {r.survey_id: r for r in review.load_queue(town)}
    assert set(queue) == {ids[0], ids[2]}
    assert queue[ids[0]].state == "returned_by_county"
    detail = review.load_detail(town, ids[0], "en")
    assert any("请乡镇复核家庭收入" in h.detail for h in detail.history)
