"""A whole campaign, simulated: cadres in villages with bad signal, supervisors in the township.

Shared by `bench/campaign.py` (30 cadres, 3,000 households) and `tests/e2e/test_campaign.py`
(3 cadres, 200 households). Everything is real: a `doorstep-server serve` process on loopback
(SQLite, or PostgreSQL when asked), encrypted SQLCipher profiles (fast key derivation), the
services the apps use (`desktop.services.syncing`, `desktop.services.review`, `desktop.store.
records`) and the real sync engine. Each cadre reaches the server only through its own `Proxy`,
which cuts, delays and duplicates requests and, in an online window, lets only a few requests
through before the signal goes.

The households of the registry are imported on the server (`admin.import_households`) and reach
each cadre's laptop with its first sync at the township office; a few more per village are found
at the door during the campaign. Time is simulated: each "day" every cadre works offline (surveys, nobody-home visits with a
revisit later, households found new in the field, drafts finished the next day, returned surveys
corrected), then maybe gets a short online window; then each township supervisor syncs on the
office link (through a faulting proxy too), returns about a tenth of the surveys waiting and
approves the rest, and syncs again. After the last day every laptop comes online for good and
the clock runs until the campaign converges. The work comes from one seeded RNG (each cadre its
own streams), so a seed gives the same field work; which surveys reach a supervisor on a given
day (and so which are returned) and where a fault lands inside a request depend on thread timing
and can differ between runs.

`check()` then compares the server's database with every laptop: every record once at its
latest revision (nothing lost, nothing extra, nothing doubled), every review decision on the
server and on its cadre's laptop, every outbox empty, every audit chain intact.
"""

from __future__ import annotations

import os
import random
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text

from desktop.services import reports, review, syncing
from desktop.store import audit, profile, records
from desktop.store.attachments import add_attachment
from desktop.store.keys import new_recovery_keypair
from desktop.store.models import (
    Attachment,
    Division,
    Household,
    OutboxEntry,
    ReviewDecision,
    Survey,
    VisitOutcome,
)
from desktop.store.profile import Store
from forms import __version__
from sync.client import ClientConfig
from sync.engine import EngineSettings
from sync.server.admin import service as admin
from sync.server.db import make_engine, make_sessionmaker
from tests.desktop.conftest import FAST_KDF
from tests.e2e.conftest import BIN, PASSPHRASE, SECRET, ServerProcess
from tests.e2e.proxy import Plan, Proxy, random_plan
from tests.e2e.work import server_attachments_intact
from tests.sync.helpers import COUNTY, make_id, survey_answers

START = date(2026, 3, 2)
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class CampaignConfig:
    cadres: int = 30
    households: int = 3000
    days: int = 21
    seed: int = 20260302
    cadres_per_township: int = 30  # one supervisor per township
    fault_rate: float = 0.3  # share of connections that are cut, delayed or duplicated
    online_chance: float = 0.45  # a cadre gets a window on a given day
    office_every: int = 7  # every so many days the cadre syncs at the township office
    window_requests: tuple[int, int] = (1, 16)  # requests a short window lets through
    return_rate: float = 0.10
    new_in_field: float = 0.05  # households not in the registry, found at the door
    nobody_home: float = 0.12
    draft_rate: float = 0.15  # surveys left as drafts and finished the next day
    photo_rate: float = 0.03
    household_edits: float = 0.05  # a household's details corrected on a given day
    restarts: float = 0.15  # the laptop is shut down overnight and unlocked again in the morning
    crash_days: tuple[int, ...] = (6, 13)  # the server is SIGKILLed during these days
    workers: int = 4  # laptops working and syncing at the same time
    postgres: bool = False
    converge_rounds: int = 12


@dataclass
class Cadre:
    name: str
    village: str
    township: str
    store: Store
    proxy: Proxy
    rng: random.Random
    registry: list[str] = field(default_factory=list)  # households still to visit
    revisits: dict[int, list[str]] = field(default_factory=dict)  # day -> households
    households: set[str] = field(default_factory=set)
    new_left: int = 0
    quota: int = 0  # households this cadre's village has in all
    serial: int = 0
    index: int = 0
    # Corrections draw from their own stream: when a return arrives depends on the link's
    # timing, and it must not shift the rest of the cadre's (seeded) work.
    edit_rng: random.Random = field(default_factory=random.Random)


@dataclass
class Supervisor:
    name: str
    township: str
    store: Store
    proxy: Proxy
    rng: random.Random
    returned: set[str] = field(default_factory=set)
    decisions: dict[str, str] = field(default_factory=dict)  # review id -> decision


@dataclass
class Totals:
    households: int = 0
    new_in_field: int = 0
    surveys: int = 0
    drafts_finished: int = 0
    nobody_home: int = 0
    revisits: int = 0
    photos: int = 0
    returns: int = 0
    approvals: int = 0
    corrections: int = 0
    windows: int = 0
    rounds: int = 0
    household_edits: int = 0
    server_crashes: int = 0
    restarts: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)  # what rounds that failed said
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, name: str) -> None:
        with self._lock:  # cadres work in threads
            setattr(self, name, getattr(self, name) + 1)

    def outcome(self, summary: syncing.SyncSummary) -> None:
        with self._lock:
            self.outcomes[summary.outcome] = self.outcomes.get(summary.outcome, 0) + 1
            if summary.outcome not in ("ok", "offline"):
                key = f"{summary.outcome}: {summary.message}"
                self.messages[key] = self.messages.get(key, 0) + 1


@dataclass
class Check:
    server_records: dict[str, int]
    lost: list[str]
    extra: list[str]
    stale: list[str]
    duplicated: list[tuple[Any, ...]]
    conflicts: int
    undelivered: list[str]
    decisions_missing: list[str]
    outbox_left: dict[str, int]
    audit_problems: dict[str, list[str]]
    queues_left: int
    returned_left: int
    broken_files: list[str] = field(default_factory=list)  # photos whose bytes do not hash right

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.extra
            or self.stale
            or self.duplicated
            or self.conflicts
            or self.undelivered
            or self.decisions_missing
            or any(self.outbox_left.values())
            or self.audit_problems
            or self.broken_files
        )


@dataclass
class Campaign:
    cfg: CampaignConfig
    server: ServerProcess
    engine: Engine
    campaign_id: uuid.UUID
    cadres: list[Cadre]
    supervisors: list[Supervisor]
    totals: Totals = field(default_factory=Totals)
    converge_seconds: float = 0.0
    converge_rounds: int = 0
    log: Callable[[str], None] = print
    crash_rng: random.Random = field(default_factory=lambda: random.Random(0))

    # --- the link ---------------------------------------------------------------------------------

    def _config(self, url: str) -> ClientConfig:
        return ClientConfig(
            base_url=url,
            connect_timeout=2,
            read_timeout=15,
            max_attempts=3,
            sleep=lambda _s: None,  # backoff is computed, not waited: the clock is simulated
            rng=random.Random(7),
        )

    def _settings(self) -> EngineSettings:
        # Small batches and chunks so that cuts land inside batches and attachments.
        return EngineSettings(
            app_version=__version__,
            batch_records_start=8,
            batch_records_max=64,
            chunk_start=4096,
            chunk_max=32768,
        )

    def sync(self, store: Store, proxy: Proxy) -> syncing.SyncSummary:
        summary = syncing.run_sync(store, config=self._config(proxy.url), settings=self._settings())
        self.totals.count("rounds")
        self.totals.outcome(summary)
        return summary

    # --- a cadre's day ----------------------------------------------------------------------------

    def cadre_day(self, c: Cadre, day: int) -> None:
        if c.rng.random() < self.cfg.restarts:
            # Whatever the sync left sealed or half-uploaded must survive closing the app.
            folder = c.store.folder
            c.store.lock()
            c.store = profile.unlock(folder, PASSPHRASE)
            self.totals.count("restarts")
        self._correct_returns(c)
        self._finish_drafts(c)
        self._visit(c, day)
        if day % self.cfg.office_every == self.cfg.office_every - 1:
            self._window(c, None)  # the township office: the link stays up (faults still happen)
        elif c.rng.random() < self.cfg.online_chance:
            self._window(c, c.rng.randint(*self.cfg.window_requests))

    def _window(self, c: Cadre, budget: int | None) -> None:
        self.totals.count("windows")
        c.proxy.budget = budget
        try:
            for _ in range(4):
                summary = self.sync(c.store, c.proxy)
                if summary.outcome == "ok" and syncing.pending_count(c.store) == 0:
                    break
                if c.proxy.budget is not None and c.proxy.budget <= 0:
                    break
        finally:
            c.proxy.budget = 0  # the signal is gone until the next window

    def _correct_returns(self, c: Cadre) -> None:
        with c.store.reading() as s:
            returned = list(s.scalars(select(Survey.id).where(Survey.status == "returned")))
        for sid in sorted(returned):
            self._edit(c, sid, "submitted", "核实后更正收入")
            self.totals.count("corrections")

    def _finish_drafts(self, c: Cadre) -> None:
        with c.store.reading() as s:
            drafts = list(s.scalars(select(Survey.id).where(Survey.status == "draft")))
        for sid in sorted(drafts):
            self._edit(c, sid, "submitted", None)
            self.totals.count("drafts_finished")

    def _edit(self, c: Cadre, sid: str, status: str, reason: str | None) -> None:
        with c.store.transaction() as s:
            row = s.get(Survey, sid)
            assert row is not None
            answers = {**row.answers, "income_wages": c.edit_rng.randint(0, 90_000)}
            records.save_survey(
                s,
                c.store.actor,
                records.SurveyData(
                    id=row.id,
                    household_id=row.household_id,
                    form_id=row.form_id,
                    form_version=row.form_version,
                    answers=answers,
                    status=status,
                    campaign_id=row.campaign_id,
                ),
                reason=reason,
            )

    def _visit(self, c: Cadre, day: int) -> None:
        days_left = self.cfg.days - day
        due = c.revisits.pop(day, [])
        n = -(-len(c.registry) // days_left) if days_left > 0 else len(c.registry)
        today = [c.registry.pop() for _ in range(min(n, len(c.registry)))]
        last_days = days_left <= 2
        if c.households and c.rng.random() < self.cfg.household_edits * len(today):
            self._edit_household(c, sorted(c.households)[c.rng.randrange(len(c.households))])
        for hid in due:
            self.totals.count("revisits")
            self._survey(c, hid, day)
        for hid in today:
            if not last_days and c.rng.random() < self.cfg.nobody_home:
                self._nobody_home(c, hid, day)
            else:
                self._survey(c, hid, day)
            if c.new_left and (last_days or c.rng.random() < self.cfg.new_in_field * 2):
                # A family the registry does not know lives next door.
                c.new_left -= 1
                self.totals.count("new_in_field")
                self._survey(c, self._household(c, "field"), day)

    def _household(self, c: Cadre, origin: str) -> str:
        c.serial += 1
        head = self._head(c)
        data = records.HouseholdData(
            id=str(uuid.UUID(int=c.rng.getrandbits(128), version=4)),
            village_code=c.village,
            head_name=f"测试户主{head}",
            address="某组1号",
            head_id_number=self._id_number(head),
            hukou_type="rural",
            origin=origin,
        )
        with c.store.transaction() as s:
            records.save_household(s, c.store.actor, data)
        c.households.add(data.id)
        self.totals.count("households")
        return data.id

    def _edit_household(self, c: Cadre, hid: str) -> None:
        """The family gave a new phone number: the household record moves on a revision."""
        with c.store.transaction() as s:
            row = s.get(Household, hid)
            assert row is not None
            data = records.HouseholdData(
                id=row.id,
                village_code=row.village_code,
                head_name=row.head_name,
                address=row.address,
                head_id_number=row.head_id_number,
                phone=f"139{c.rng.randrange(10**8):08d}",
                hukou_type=row.hukou_type,
                categories=tuple(row.categories or ()),
                origin=row.origin,
            )
            records.save_household(s, c.store.actor, data)
        self.totals.count("household_edits")

    def _head(self, c: Cadre) -> int:
        return head_of(c.index, c.serial)

    def _id_number(self, head: int) -> str:
        return id_number(head)

    def _nobody_home(self, c: Cadre, hid: str, day: int) -> None:
        back = day + c.rng.randint(1, 3)
        data = records.VisitOutcomeData(
            id=str(uuid.UUID(int=c.rng.getrandbits(128), version=4)),
            household_id=hid,
            outcome="nobody_home",
            revisit_on=START + timedelta(days=back),
            campaign_id=str(self.campaign_id),
        )
        with c.store.transaction() as s:
            records.save_visit_outcome(s, c.store.actor, data)
        c.revisits.setdefault(min(back, self.cfg.days - 1), []).append(hid)
        self.totals.count("nobody_home")

    def _survey(self, c: Cadre, hid: str, day: int) -> None:
        with c.store.reading() as s:
            hh = s.get(Household, hid)
            assert hh is not None
            head_id = hh.head_id_number
        head = int(c.rng.randint(0, 5))
        answers = survey_answers(
            c.village, head=head, members=c.rng.randint(1, 6), income=c.rng.randint(0, 60_000)
        )
        answers["head_id_number"] = head_id
        answers["members"][0]["id_number"] = head_id
        answers["visit_date"] = (START + timedelta(days=day)).isoformat()
        status = "draft" if c.rng.random() < self.cfg.draft_rate else "submitted"
        sid = str(uuid.UUID(int=c.rng.getrandbits(128), version=4))
        with c.store.transaction() as s:
            records.save_survey(
                s,
                c.store.actor,
                records.SurveyData(
                    id=sid,
                    household_id=hid,
                    form_id="household-survey",
                    form_version=1,
                    answers=answers,
                    status=status,
                    campaign_id=str(self.campaign_id),
                ),
            )
        self.totals.count("surveys")
        if c.rng.random() < self.cfg.photo_rate:
            content = c.rng.randbytes(c.rng.randint(2_000, 40_000))
            with c.store.transaction() as s:
                add_attachment(s, c.store.actor, sid, content)
            self.totals.count("photos")

    # --- a supervisor's day -----------------------------------------------------------------------

    def supervisor_day(self, sup: Supervisor, approve_all: bool = False) -> None:
        self._sync_until_done(sup.store, sup.proxy)
        for row in review.load_queue(sup.store, level="township"):
            ret = (
                not approve_all
                and row.survey_id not in sup.returned
                and sup.rng.random() < self.cfg.return_rate
            )
            if ret:
                rid = review.decide(
                    sup.store, row.survey_id, "return", "请核实收入", level="township"
                )
                sup.returned.add(row.survey_id)
                self.totals.count("returns")
            else:
                rid = review.decide(sup.store, row.survey_id, "approve", level="township")
                self.totals.count("approvals")
            sup.decisions[rid] = "return" if ret else "approve"
        self._sync_until_done(sup.store, sup.proxy)

    def _sync_until_done(self, store: Store, proxy: Proxy, tries: int = 6) -> str:
        outcome = ""
        for _ in range(tries):
            summary = self.sync(store, proxy)
            outcome = summary.outcome
            if outcome == "ok" and syncing.pending_count(store) == 0:
                break
        return outcome

    # --- the campaign -----------------------------------------------------------------------------

    def run(self) -> None:
        pool = ThreadPoolExecutor(max_workers=self.cfg.workers)
        try:
            for day in range(self.cfg.days):
                t0 = time.monotonic()
                crash = self._crash_later() if day in self.cfg.crash_days else None
                # Supervisors work at the office while the cadres are out in the villages.
                jobs = [pool.submit(self.cadre_day, c, day) for c in self.cadres]
                jobs += [pool.submit(self.supervisor_day, sup) for sup in self.supervisors]
                for job in jobs:
                    job.result()
                if crash is not None:
                    crash.join()
                self.log(
                    f"day {day + 1:2d}: {self.totals.surveys} surveys, "
                    f"{self.totals.returns} returned, {self.totals.rounds} rounds, "
                    f"{time.monotonic() - t0:.1f} s"
                )
            self.converge(pool)
        finally:
            pool.shutdown()

    def _crash_later(self) -> threading.Thread:
        """SIGKILL the server a moment into the day (mid-ingest, likely) and start it again."""
        wait = self.crash_rng.uniform(0.05, 1.5)

        def crash() -> None:
            threading.Event().wait(wait)
            self.server.kill()
            self.totals.count("server_crashes")
            self.server.start()

        t = threading.Thread(target=crash, daemon=True)
        t.start()
        return t

    def converge(self, pool: ThreadPoolExecutor) -> None:
        """Every laptop online for good (faults still on) until nothing is left to do."""
        started = time.monotonic()
        for c in self.cadres:
            c.proxy.budget = None
        for sup in self.supervisors:
            sup.proxy.budget = None
        for n in range(1, self.cfg.converge_rounds + 1):

            def finish(c: Cadre) -> str:
                self._correct_returns(c)
                self._finish_drafts(c)
                return self._sync_until_done(c.store, c.proxy)

            outcomes = list(pool.map(finish, self.cadres))
            for sup in self.supervisors:
                # Nobody is returned a second time now: the campaign is closing.
                self.supervisor_day(sup, approve_all=True)
            outcomes += list(
                pool.map(lambda c: self._sync_until_done(c.store, c.proxy), self.cadres)
            )
            self.converge_rounds = n
            if all(o == "ok" for o in outcomes) and self._settled():
                break
        self.converge_seconds = time.monotonic() - started

    def _settled(self) -> bool:
        for c in self.cadres:
            if syncing.pending_count(c.store) or syncing.outbox_problems(c.store):
                return False
            with c.store.reading() as s:
                if s.scalar(
                    select(Survey.id).where(Survey.status.in_(("returned", "draft"))).limit(1)
                ):
                    return False
        for sup in self.supervisors:
            if syncing.pending_count(sup.store) or review.load_queue(sup.store, level="township"):
                return False
        return True

    # --- the end state ----------------------------------------------------------------------------

    def check(self) -> Check:
        server: dict[str, dict[str, int]] = {
            t: _server_rows(self.engine, t)
            for t in ("household", "survey", "visit", "review", "attachment_ref")
        }
        local_shas: set[str] = set()
        local: dict[str, dict[str, int]] = {t: {} for t in server}
        decisions_missing: list[str] = []
        undelivered: list[str] = []
        outbox_left: dict[str, int] = {}
        audit_problems: dict[str, list[str]] = {}
        returned_left = 0
        review_survey = _server_review_surveys(self.engine)
        for c in self.cadres:
            with c.store.reading() as s:
                local["household"].update({h.id: h.revision for h in s.scalars(select(Household))})
                surveys = {x.id: x.revision for x in s.scalars(select(Survey))}
                local["survey"].update(surveys)
                local["visit"].update({v.id: v.revision for v in s.scalars(select(VisitOutcome))})
                for a_id, sha in s.execute(select(Attachment.id, Attachment.sha256)):
                    local["attachment_ref"][a_id] = server["attachment_ref"].get(a_id, 1)
                    local_shas.add(sha)
                received = set(s.scalars(select(ReviewDecision.id)))
                returned_left += len(
                    list(s.scalars(select(Survey.id).where(Survey.status == "returned")))
                )
                outbox_left[c.name] = s.query(OutboxEntry).count()
                problems = audit.verify_chain(s)
            if problems:
                audit_problems[c.name] = problems
            # Every decision the server holds on this cadre's surveys is on the laptop.
            undelivered += [
                rid for rid, sid in review_survey.items() if sid in surveys and rid not in received
            ]
        queues_left = 0
        for sup in self.supervisors:
            with sup.store.reading() as s:
                outbox_left[sup.name] = s.query(OutboxEntry).count()
                problems = audit.verify_chain(s)
            if problems:
                audit_problems[sup.name] = problems
            queues_left += len(review.load_queue(sup.store, level="township"))
            local["review"].update(dict.fromkeys(sup.decisions, 1))
        decisions_missing = [rid for rid in local["review"] if rid not in server["review"]]
        lost, extra, stale = [], [], []
        for t in server:
            lost += [f"{t}:{i}" for i in local[t] if i not in server[t]]
            extra += [f"{t}:{i}" for i in server[t] if i not in local[t]]
            if t not in ("review", "attachment_ref"):
                stale += [
                    f"{t}:{i}"
                    for i, rev in local[t].items()
                    if i in server[t] and server[t][i] != rev
                ]
        with self.engine.connect() as conn:
            duplicated = [
                tuple(r)
                for r in conn.execute(
                    text(
                        "SELECT record_id, revision, COUNT(*) FROM record_version "
                        "WHERE status = 'accepted' GROUP BY record_id, revision "
                        "HAVING COUNT(*) > 1"
                    )
                )
            ]
            conflicts = int(
                conn.execute(
                    text("SELECT COUNT(*) FROM record_version WHERE status = 'conflict'")
                ).scalar()
                or 0
            )
        with self.engine.connect() as conn:
            blobs = {r[0] for r in conn.execute(text("SELECT sha256 FROM attachment_blob"))}
        lost += [f"photo bytes:{sha[:12]}" for sha in sorted(local_shas - blobs)]
        broken = server_attachments_intact(self.engine, self.server.folder / "att")
        return Check(
            server_records={
                ("attachment" if t == "attachment_ref" else t): len(v) for t, v in server.items()
            },
            broken_files=broken,
            lost=lost,
            extra=extra,
            stale=stale,
            duplicated=duplicated,
            conflicts=conflicts,
            undelivered=undelivered,
            decisions_missing=decisions_missing,
            outbox_left=outbox_left,
            audit_problems=audit_problems,
            queues_left=queues_left,
            returned_left=returned_left,
        )

    def proxy_counts(self) -> dict[str, int]:
        proxies = [c.proxy for c in self.cadres] + [s.proxy for s in self.supervisors]
        return {
            "connections": sum(p.connections for p in proxies),
            "cuts": sum(p.cuts for p in proxies),
            "window_cuts": sum(p.window_cuts for p in proxies),
            "duplicates": sum(p.duplicates for p in proxies),
            "bytes_up": sum(p.bytes_up for p in proxies),
            "bytes_down": sum(p.bytes_down for p in proxies),
        }


def head_of(index: int, serial: int) -> int:
    return (index + 1) * 10_000 + serial


def id_number(head: int) -> str:
    """A valid, invented ID number, different for every household of the campaign."""
    index, serial = divmod(head, 10_000)
    birth = date(1940, 1, 1) + timedelta(days=index * 30 + serial // 1000)
    return make_id(birth, serial)


def _uuid_str(value: Any) -> str:
    return str(uuid.UUID(str(value)))


def _server_rows(engine: Engine, table: str) -> dict[str, int]:
    column = "survey_revision" if table == "review" else "revision"
    with engine.connect() as conn:
        return {
            _uuid_str(i): int(r) for i, r in conn.execute(text(f"SELECT id, {column} FROM {table}"))
        }


def _server_review_surveys(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {
            _uuid_str(i): _uuid_str(s)
            for i, s in conn.execute(text("SELECT id, survey_id FROM review"))
        }


# --- setting up ------------------------------------------------------------------------------------


def _database(folder: Path, postgres: bool) -> tuple[str, Callable[[], None]]:
    if not postgres:
        return f"sqlite:///{folder / 'server.db'}", lambda: None
    import secrets

    import psycopg

    name = f"doorstep_campaign_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def _seed_divisions(store: Store, townships: dict[str, list[str]]) -> None:
    with store.transaction() as s:
        s.add(Division(code=COUNTY, name="测试区", level="county", parent_code=None))
        for t in townships:
            s.add(Division(code=t, name=f"{t[-3:]}镇", level="township", parent_code=COUNTY))
        s.flush()
        for t, villages in townships.items():
            for v in villages:
                s.add(Division(code=v, name=f"{v[-3:]}村", level="village", parent_code=t))


@contextmanager
def campaign(
    folder: Path, cfg: CampaignConfig, log: Callable[[str], None] = print
) -> Iterator[Campaign]:
    """A county with `cfg.cadres` villages, its server running, every laptop enrolled."""
    rng = random.Random(cfg.seed)
    folder.mkdir(parents=True, exist_ok=True)
    server_dir = folder / "server"
    server_dir.mkdir(exist_ok=True)
    url, drop = _database(server_dir, cfg.postgres)
    env = {**os.environ, "DOORSTEP_SECRET_KEY": SECRET}
    subprocess.run(
        [str(BIN / "doorstep-server"), "migrate", "--database-url", url],
        check=True,
        capture_output=True,
        env=env,
    )
    townships: dict[str, list[str]] = {}
    village_of: dict[str, tuple[str, str]] = {}
    for i in range(cfg.cadres):
        t = f"{COUNTY}{i // cfg.cadres_per_township + 1:03d}"
        v = f"{t}{i % cfg.cadres_per_township + 1:03d}"
        townships.setdefault(t, []).append(v)
        village_of[f"cadre{i + 1:02d}"] = (v, t)
    towns = server_dir / "townships.csv"
    towns.write_text(
        "code,name,county_code\n" + "".join(f"{t},{t[-3:]}镇,{COUNTY}\n" for t in townships),
        encoding="utf-8",
    )
    vills = server_dir / "villages.csv"
    vills.write_text(
        "code,name,township_code\n"
        + "".join(f"{v},{v[-3:]}村,{t}\n" for t, vs in townships.items() for v in vs),
        encoding="utf-8",
    )
    engine = make_engine(url, 2)
    sessions = make_sessionmaker(engine)
    with sessions() as s:
        admin.create_county(s, COUNTY, "测试区", towns, vills)
    with sessions() as s:
        camp = admin.create_campaign(
            s, COUNTY, 2026, "start", START, START + timedelta(days=cfg.days + 7)
        )
    for name, (v, _t) in village_of.items():
        with sessions() as s:
            admin.create_user(s, name, "cadre", COUNTY, [v])
        with sessions() as s:
            admin.assign(s, camp, name, [v])
    # The township's registry of households, imported on the server before the campaign; the
    # rest of each village's households are found at the door.
    per = [
        cfg.households // cfg.cadres + (i < cfg.households % cfg.cadres) for i in range(cfg.cadres)
    ]
    new_left = [round(n * cfg.new_in_field) for n in per]
    registry = server_dir / "registry.csv"
    with registry.open("w", encoding="utf-8") as f:
        f.write("village_code,head_name,head_id_number,address,hukou_type\n")
        for i, (v, _t) in enumerate(village_of.values()):
            for serial in range(1, per[i] - new_left[i] + 1):
                head = head_of(i, serial)
                f.write(f"{v},测试户主{head},{id_number(head)},某组{serial}号,rural\n")
    with sessions() as s:
        admin.import_households(s, COUNTY, registry)
    sup_names = {t: f"sup{i + 1:02d}" for i, t in enumerate(townships)}
    for t, name in sup_names.items():
        with sessions() as s:
            admin.create_user(s, name, "supervisor", COUNTY, [t])
    server = ServerProcess(url, server_dir)
    server.start()
    _pub = new_recovery_keypair()[1]
    proxies: list[Proxy] = []
    stores: list[Store] = []
    sim_ref: list[Campaign] = []

    def code(username: str) -> str:
        with sessions() as s:
            c, _ = admin.create_enrollment_code(s, username, 1)
        return c

    def laptop(username: str, divisions: dict[str, list[str]]) -> Store:
        store = profile.create_profile(folder / f"laptop-{username}", PASSPHRASE, _pub, FAST_KDF)
        stores.append(store)
        _seed_divisions(store, divisions)
        syncing.enroll(store, server.url, code(username), label=username)
        # The first sync happens at the township office on enrollment day: it brings the
        # campaign, the assignments and the forms.
        first = syncing.run_sync(store, config=ClientConfig(base_url=server.url))
        if first.outcome != "ok":
            raise AssertionError(f"first sync of {username}: {first}")
        return store

    def proxy(stream: random.Random) -> Proxy:
        p = Proxy(server.port, plan_for=lambda _n: _plan(stream, cfg.fault_rate))
        p.window_rng = random.Random(stream.getrandbits(64))
        proxies.append(p)
        return p

    try:
        cadres: list[Cadre] = []
        for name, (v, t) in village_of.items():
            own = random.Random(rng.getrandbits(64))
            c = Cadre(
                name, v, t, laptop(name, {t: [v]}), proxy(random.Random(own.getrandbits(64))), own
            )
            cadres.append(c)
        supervisors = [
            Supervisor(
                name,
                t,
                laptop(name, {t: townships[t]}),
                proxy(random.Random(rng.getrandbits(64))),
                random.Random(rng.getrandbits(64)),
            )
            for t, name in sup_names.items()
        ]
        sim = Campaign(
            cfg,
            server,
            engine,
            camp,
            cadres,
            supervisors,
            log=log,
            crash_rng=random.Random(rng.getrandbits(64)),
        )
        for i, c in enumerate(cadres):
            # The registry's households of the village came with the first sync.
            c.index, c.quota, c.new_left = i, per[i], new_left[i]
            c.serial = per[i] - new_left[i]
            with c.store.reading() as s:
                c.registry = list(
                    s.scalars(select(Household.id).order_by(Household.head_id_number))
                )
            if len(c.registry) != c.serial:
                raise AssertionError(f"{c.name} pulled {len(c.registry)} of {c.serial} households")
            c.households.update(c.registry)
            sim.totals.households += len(c.registry)
            c.rng.shuffle(c.registry)
            c.edit_rng = random.Random(c.rng.getrandbits(64))
        for sup in supervisors:
            # Learn the review level as the app does at first sign-in (good link).
            reports.refresh_identity(sup.store, sim._config(server.url))
        sim_ref.append(sim)
        yield sim
    finally:
        for p in proxies:
            p.close()
        for st in stores:  # the first copies, and the ones reopened after a restart
            with suppress(Exception):
                st.lock()
        if sim_ref:
            for c in sim_ref[0].cadres:
                with suppress(Exception):
                    c.store.lock()
        server.stop()
        engine.dispose()
        drop()


def _plan(stream: random.Random, fault_rate: float) -> Plan:
    return random_plan(stream, fault_rate)
