"""Fault injection: 300 sync rounds of random field work through a proxy that breaks the link.

Two cadres' laptops talk to a real `doorstep-server serve` through `Proxy`, which cuts
connections at random byte offsets in either direction, holds chunks back, and replays requests
on a second connection. Between rounds the cadres add households and surveys, edit drafts,
attach photos, and supervisors (on the office's good link) return submitted surveys, which the
laptops pull, correct and submit again. Afterwards the link is healed and each laptop syncs until
done; then the server must hold every record exactly once at its latest revision, every
attachment whole, and every outbox must be empty.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import text

from desktop.services import syncing
from desktop.store.models import Attachment, Household, OutboxEntry, Survey
from desktop.store.profile import Store
from forms import __version__
from sync.client import ClientConfig, DeviceIdentity
from sync.engine import EngineSettings
from tests.e2e.conftest import County
from tests.e2e.proxy import Proxy, random_plan
from tests.e2e.work import (
    attach_photo,
    campaign_of,
    edit_survey,
    new_household,
    new_survey,
    post_review,
    server_attachments_intact,
    server_rows,
)
from tests.sync.helpers import V1A, V2A

ROUNDS = int(os.environ.get("E2E_ROUNDS", "300"))
SEED = 20260302


def _settings() -> EngineSettings:
    # Small batches and chunks so that cuts land inside batches and inside attachments.
    return EngineSettings(
        app_version=__version__,
        batch_records_start=4,
        batch_records_max=16,
        chunk_start=4096,
        chunk_max=16384,
    )


def _config(url: str) -> ClientConfig:
    return ClientConfig(
        base_url=url,
        connect_timeout=2,
        read_timeout=10,
        max_attempts=3,
        sleep=lambda _s: None,  # backoff is computed, not waited
        rng=random.Random(7),
    )


def _surveys(store: Store, status: tuple[str, ...]) -> list[str]:
    with store.reading() as s:
        return [x.id for x in s.query(Survey).filter(Survey.status.in_(status))]


def _round(store: Store, url: str) -> syncing.SyncSummary:
    return syncing.run_sync(store, config=_config(url), settings=_settings())


def _field_work(
    county: County,
    laptop: tuple[Store, str, str],
    supervisors: dict[str, DeviceIdentity],
    rng: random.Random,
    heads: Iterator[int],
    returns: list[str],
) -> None:
    store, village, sup = laptop
    camp = campaign_of(store)
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            head = next(heads)
            status = "submitted" if rng.random() < 0.7 else "draft"
            new_survey(store, new_household(store, village, head), village, head, camp, status)
    editable = _surveys(store, ("draft", "returned"))
    if editable and rng.random() < 0.5:
        done = rng.random() < 0.5
        edit_survey(
            store, rng.choice(editable), rng.randint(0, 90_000), "submitted" if done else None
        )
    mine = _surveys(store, ("submitted", "draft"))
    if mine and rng.random() < 0.25:
        attach_photo(store, rng.choice(mine), rng, rng.randint(1, 30_000))
    if rng.random() < 0.2:
        # A supervisor on the office link returns one of this cadre's submitted surveys.
        with county.engine.connect() as c:
            candidates = [
                str(uuid.UUID(str(r[0])))
                for r in c.execute(
                    text("SELECT id FROM survey WHERE state = 'submitted' AND village_code = :v"),
                    {"v": village},
                )
            ]
        if candidates:
            sid = rng.choice(candidates)
            r = post_review(county.server.url, supervisors[sup], sid, "return")
            assert r.status_code == 200, r.text
            returns.append(sid)


def test_three_hundred_rounds_over_a_broken_link_converge(
    county: County, laptop_factory: Any
) -> None:
    rng = random.Random(SEED)
    proxy = Proxy(county.server.port, plan_for=lambda _n: random_plan(rng, 0.35))
    laptops = {
        "cadre1": (laptop_factory("cadre1", proxy.url), V1A, "sup_t1"),
        "cadre2": (laptop_factory("cadre2", proxy.url), V2A, "sup_t2"),
    }
    supervisors: dict[str, DeviceIdentity] = {}
    for sup in ("sup_t1", "sup_t2"):
        reply, key = syncing.request_enrollment(county.server.url, county.code(sup))
        supervisors[sup] = DeviceIdentity(reply.device_id, reply.token, key)
    heads = iter(range(10_000))
    outcomes: dict[str, int] = {}
    returns: list[str] = []
    retries = 0
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        for _iteration in range(ROUNDS // 2):
            for name in ("cadre1", "cadre2"):
                _field_work(county, laptops[name], supervisors, rng, heads, returns)
            # The two laptops sync at the same time, as they would in two villages.
            reports = list(
                pool.map(lambda st: _round(st, proxy.url), [lap[0] for lap in laptops.values()])
            )
            for report in reports:
                outcomes[report.outcome] = outcomes.get(report.outcome, 0) + 1
                retries += report.counts.get("retries", 0)
                assert report.outcome in ("ok", "offline", "bad_reply", "refused"), report

        # Heal the link; every laptop finishes what is left.
        proxy.enabled = False
        for store, _v, _s in laptops.values():
            for _ in range(5):
                report = syncing.run_sync(store, config=_config(proxy.url), settings=_settings())
                if report.outcome == "ok" and syncing.pending_count(store) == 0:
                    break
            assert report.outcome == "ok", report
    finally:
        pool.shutdown()
        proxy.close()

    # The link really was broken, in every way, many times.
    assert proxy.cuts > 30, proxy.cuts
    assert proxy.duplicates > 10, proxy.duplicates
    assert retries > 20, (retries, outcomes)
    assert len(returns) > 10

    server_surveys = server_rows(county.engine, "survey")
    server_households = server_rows(county.engine, "household")
    all_local_surveys: dict[str, int] = {}
    for store, _v, _s in laptops.values():
        with store.reading() as s:
            assert s.query(OutboxEntry).count() == 0  # every outbox is empty
            local_surveys = {x.id: x.revision for x in s.query(Survey)}
            local_households = {h.id: h.revision for h in s.query(Household)}
            shas = {a.sha256 for a in s.query(Attachment)}
        for sid, rev in local_surveys.items():
            assert server_surveys.get(sid) == rev, (sid, rev, server_surveys.get(sid))
        for hid, rev in local_households.items():
            assert server_households.get(hid) == rev
        all_local_surveys.update(local_surveys)
        with county.engine.connect() as c:
            blobs = {r[0] for r in c.execute(text("SELECT sha256 FROM attachment_blob"))}
        assert shas <= blobs
    assert set(server_surveys) == set(all_local_surveys)  # nothing extra, nothing missing
    with county.engine.connect() as c:
        doubled = c.execute(
            text(
                "SELECT record_id, revision, COUNT(*) FROM record_version "
                "WHERE status = 'accepted' GROUP BY record_id, revision HAVING COUNT(*) > 1"
            )
        ).all()
        conflicts = c.execute(
            text("SELECT COUNT(*) FROM record_version WHERE status = 'conflict'")
        ).scalar()
    assert doubled == []  # exactly once
    assert conflicts == 0
    assert server_attachments_intact(county.engine, county.server.folder / "att") == []
