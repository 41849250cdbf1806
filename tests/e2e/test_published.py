"""What the county publishes reaches the laptop; the feed does not echo the laptop's own writes."""

from __future__ import annotations

from typing import Any

from desktop.services import syncing
from desktop.store.sync_store import assigned_villages, published_form, published_standards
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import COUNTY, V1A, V1B


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
