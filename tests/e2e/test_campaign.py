"""A reduced campaign (3 cadres, 200 households, three simulated weeks, faults on) converges.

The same simulation as `bench/campaign.py` (see `tests/e2e/campaign.py`): real server process,
real encrypted profiles, the services the apps use, each cadre behind its own faulting proxy and
online only in short windows, a supervisor returning about a tenth of the surveys. At the end the
server holds exactly the union of all work at its latest revision, nothing twice; every review
decision is on its cadre's laptop; every outbox is empty; every audit chain verifies.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.campaign import CampaignConfig, campaign


def test_a_reduced_campaign_over_broken_links_loses_and_doubles_nothing(tmp_path: Path) -> None:
    cfg = CampaignConfig(cadres=3, households=200, workers=3)
    lines: list[str] = []
    with campaign(tmp_path, cfg, log=lines.append) as sim:
        sim.run()
        check = sim.check()
        wire = sim.proxy_counts()
    t = sim.totals

    # The campaign really happened, over a link that really broke.
    assert t.households == 200
    assert t.new_in_field > 0
    assert t.nobody_home > 0
    assert t.revisits == t.nobody_home
    assert t.surveys == 200
    assert t.drafts_finished > 0
    assert t.returns >= 10
    assert t.corrections == t.returns
    assert wire["cuts"] + wire["window_cuts"] > 10, wire
    assert wire["duplicates"] > 3, wire
    assert t.outcomes.get("offline", 0) > 0, t.outcomes
    assert t.outcomes.get("diverged", 0) == 0, t.outcomes
    assert t.outcomes.get("refused", 0) == 0, t.outcomes

    # Exactly the union of all work, once, at its latest revision.
    assert check.server_records == {
        "household": 200,
        "survey": 200,
        "visit": t.nobody_home,
        "review": t.returns + t.approvals,
        "attachment": t.photos,
    }
    assert check.broken_files == []
    assert check.lost == []
    assert check.extra == []
    assert check.stale == []
    assert check.duplicated == []
    assert check.conflicts == 0
    # Every review decision reached the server and its cadre.
    assert check.decisions_missing == []
    assert check.undelivered == []
    assert check.queues_left == 0
    assert check.returned_left == 0
    # Every outbox empty, every audit chain whole.
    assert check.outbox_left == dict.fromkeys(check.outbox_left, 0)
    assert check.audit_problems == {}
    assert check.ok
    assert sim.converge_rounds <= 3
