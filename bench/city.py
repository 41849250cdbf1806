"""Benchmark: the server's reports and changes feed at the size of a whole city, on PostgreSQL.

Generates a city (6 counties, 90 townships, 1,064 villages, 500,000 households by default) in a
scratch database `doorstep_city_<hex>` made by the real migrations, by COPY: households from the
registry, surveys for a share of them (every household of one township, the ledger township, so
its ledger holds 5,000 surveyed households), visits, two-level reviews, village assignments and
the changes feed those writes would have made, in a realistic interleaving. Then it times, through
the same service functions the API routes call (medians of several runs, after one cold run):

- the progress report of one county's campaign (by village, township and cadre); target <= 1 s
- the township ledger (rows and the xlsx the route sends) of 5,000 households; target <= 5 s
- the discrepancy report for that township and for the whole county
- changes-feed pages (500 changes) for a cadre of the city's first village and one of its last
  (whose rows lie deepest in the change table), a township and a county supervisor: the first
  page, the second, and the "nothing new" page a laptop gets on most syncs; target <= 100 ms

and, unless `--no-http`, one real HTTP request each through `doorstep-server serve`. With
`--explain` it prints EXPLAIN ANALYZE of the feed's first page for three of those callers. The database is
dropped at the end unless `--keep`.

    .venv/bin/python bench/city.py [--households 500000] [--surveyed 0.6] [--runs 5]
        [--admin-url postgresql://postgres@127.0.0.1:5432/test] [--explain] [--keep]

All names and ID numbers are invented (a fixed list of made-up names; ID numbers with a valid
check digit for random birth dates).
"""

# ruff: noqa: E402  (sys.path is fixed before the imports, see below)
from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds other scripts (bench/forms.py) whose names would shadow the project's packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import hashlib
import json
import os
import random
import secrets
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import psycopg
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from sync.server.changes.service import read_changes
from sync.server.db import make_engine, make_read_sessionmaker
from sync.server.migrate import upgrade
from sync.server.models import User
from sync.server.reports import service as reports
from sync.server.reports.xlsx import workbook_bytes
from sync.server.scope import Caller, load_scope
from tests.sync.helpers import wait_ready

SECRET = "bench-city-secret-" + "x" * 40
N_COUNTIES, N_TOWNSHIPS, N_VILLAGES = 6, 90, 1064
LEDGER_HOUSEHOLDS = 5000
YEAR = 2026
NAMES = [
    "测试甲某",
    "测试乙某",
    "测试丙某",
    "测试丁某",
    "测试戊某",
    "测试己某",
    "测试庚某",
    "测试辛某",
]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
STATES = [
    ("submitted", 0.40),
    ("township_approved", 0.30),
    ("county_approved", 0.20),
    ("returned_by_township", 0.07),
    ("returned_by_county", 0.03),
]


def make_id(region: str, birth: date, serial: int) -> str:
    body = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def random_id(rng: random.Random, region: str) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 60 * 365))
    return make_id(region, birth, rng.randrange(1000))


# --- the city ---------------------------------------------------------------------------------


@dataclass
class Geo:
    counties: list[str] = field(default_factory=list)
    townships: list[tuple[str, str]] = field(default_factory=list)  # (code, county)
    villages: list[tuple[str, str, str]] = field(default_factory=list)  # (code, township, county)


def city_geo() -> Geo:
    geo = Geo()
    for c in range(N_COUNTIES):
        geo.counties.append(f"4212{c + 1:02d}")
    for t in range(N_TOWNSHIPS):
        county = geo.counties[t // (N_TOWNSHIPS // N_COUNTIES)]
        geo.townships.append((f"{county}{t % 15 + 1:03d}", county))
    # 1,064 villages over 90 townships: 74 townships of 12 and 16 of 11.
    for t, (tcode, county) in enumerate(geo.townships):
        for v in range(12 if t < 74 else 11):
            geo.villages.append((f"{tcode}{v + 1:03d}", tcode, county))
    assert len(geo.villages) == N_VILLAGES
    return geo


def households_per_village(geo: Geo, total: int, rng: random.Random) -> list[int]:
    """The ledger township (the first) gets exactly 5,000; the others share the rest unevenly."""
    ledger_town = geo.townships[0][0]
    first = [i for i, v in enumerate(geo.villages) if v[1] == ledger_town]
    counts = [0] * len(geo.villages)
    in_ledger = min(LEDGER_HOUSEHOLDS, total // 2)
    for k, i in enumerate(first):
        counts[i] = in_ledger // len(first) + (1 if k < in_ledger % len(first) else 0)
    others = [i for i in range(len(geo.villages)) if i not in set(first)]
    weights = [rng.uniform(0.5, 1.5) for _ in others]
    scale = (total - in_ledger) / sum(weights)
    for i, w in zip(others, weights, strict=True):
        counts[i] = int(w * scale)
    counts[others[-1]] += total - sum(counts)
    return counts


@contextmanager
def copy_into(conn: psycopg.Connection[Any], table: str, columns: list[str]) -> Iterator[Any]:
    cols = ", ".join(f'"{c}"' for c in columns)
    with conn.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        yield copy


def answers_for(
    rng: random.Random, village: str, head_name: str, head_id: str, members: int, dup: str | None
) -> dict[str, Any]:
    rows = []
    for i in range(members):
        rows.append(
            {
                "name": head_name if i == 0 else rng.choice(NAMES),
                "id_number": head_id
                if i == 0
                else (dup or random_id(rng, village[:6]))
                if i == 1
                else random_id(rng, village[:6]),
                "relation": "head" if i == 0 else rng.choice(["spouse", "child", "parent"]),
                "health": rng.choice(["healthy", "healthy", "chronic", "disabled"]),
                "work_ability": rng.choice(["full", "partial", "none"]),
                "occupation": rng.choice(["farming", "migrant", "student", "none"]),
                "schooling": rng.choice(["primary", "junior", "senior"]),
                "works_away": rng.choice(["no", "no", "yes"]),
                "left_behind": "none",
            }
        )
    income = rng.randrange(0, 4000)
    return {
        "campaign_round": "start",
        "visit_date": f"2026-03-{rng.randrange(1, 22):02d}",
        "visit_outcome": "in_person",
        "village_code": village,
        "address": f"某组{rng.randrange(1, 200)}号",
        "head_name": head_name,
        "head_id_number": head_id,
        "phone": f"138{rng.randrange(10**8):08d}",
        "hukou_type": "rural",
        "members": rows,
        "income_wages": income,
        "income_farming": rng.randrange(0, 1500),
        "income_property": 0,
        "income_transfers": rng.randrange(0, 600),
        "income_other": 0,
        "exp_medical": rng.randrange(0, 800),
        "exp_education": 0,
        "exp_disability_care": 0,
        "exp_disaster": 0,
        "housing": "own",
        "housing_safety": rng.choice(["safe", "safe", "c_grade"]),
        "vehicles": ["none"],
        "savings_band": "none",
        "has_business": "no",
        "large_machinery": "no",
        "benefits": rng.choice([[], [], ["dibao"], ["tekun"]]),
        "causes": [rng.choice(["lack_skills", "illness", "disability"])],
        "needs": rng.sample(["jobs", "medical", "education", "housing"], rng.randrange(0, 3)),
        "recommendation": rng.choice(["verify", "no_change", "add"]),
        "recommendation_reason": "需要核实",
        "photos": [],
        "consent_signature": "sha256:" + "ab" * 32,
    }


@dataclass
class Made:
    households: int = 0
    surveys: int = 0
    visits: int = 0
    reviews: int = 0
    changes: int = 0
    cadre_of_village: dict[str, uuid.UUID] = field(default_factory=dict)
    campaign_of_county: dict[str, uuid.UUID] = field(default_factory=dict)
    users: dict[str, uuid.UUID] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def generate(url: str, households: int, surveyed: float, seed: int) -> Made:
    rng = random.Random(seed)
    geo = city_geo()
    made = Made()
    now = datetime(2026, 3, 22, tzinfo=UTC)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    conns = {k: psycopg.connect(dsn) for k in ("main", "hh", "sv", "vi", "rv")}
    main = conns["main"]
    # Divisions, users with their scope, campaigns and assignments: small, plain inserts.
    with main.cursor() as cur:
        for c in geo.counties:
            cur.execute("INSERT INTO county (code, name) VALUES (%s, %s)", (c, f"测试{c}区"))
        cur.executemany(
            "INSERT INTO township (code, county_code, name) VALUES (%s, %s, %s)",
            [(t, c, f"{t[-3:]}镇") for t, c in geo.townships],
        )
        cur.executemany(
            "INSERT INTO village (code, township_code, county_code, name) VALUES (%s, %s, %s, %s)",
            [(v, t, c, f"{v[-3:]}村") for v, t, c in geo.villages],
        )
        users: list[tuple[uuid.UUID, str, str, str]] = []
        scopes: list[tuple[uuid.UUID, str, str]] = []
        for c in geo.counties:
            for role, name in (("supervisor", f"sup_{c}"), ("county_admin", f"admin_{c}")):
                uid = uuid.uuid4()
                users.append((uid, name, role, c))
                scopes.append((uid, "county", c))
                made.users[name] = uid
        for t, c in geo.townships:
            uid = uuid.uuid4()
            users.append((uid, f"sup_{t}", "supervisor", c))
            scopes.append((uid, "township", t))
            made.users[f"sup_{t}"] = uid
        # One cadre for every two villages of a township.
        by_town: dict[str, list[tuple[str, str, str]]] = {}
        for v in geo.villages:
            by_town.setdefault(v[1], []).append(v)
        for _t, vs in by_town.items():
            for k in range(0, len(vs), 2):
                uid = uuid.uuid4()
                name = f"cadre_{vs[k][0]}"
                users.append((uid, name, "cadre", vs[k][2]))
                made.users[name] = uid
                for v in vs[k : k + 2]:
                    scopes.append((uid, "village", v[0]))
                    made.cadre_of_village[v[0]] = uid
        cur.executemany(
            "INSERT INTO app_user (id, username, display_name, role, county_code, created_at, "
            "disabled) VALUES (%s, %s, '', %s, %s, %s, false)",
            [(u, n, r, c, now) for u, n, r, c in users],
        )
        cur.executemany("INSERT INTO user_scope (user_id, level, code) VALUES (%s, %s, %s)", scopes)
        for c in geo.counties:
            cid = uuid.uuid4()
            made.campaign_of_county[c] = cid
            cur.execute(
                "INSERT INTO campaign (id, county_code, year, round, starts_on, ends_on, form_id, "
                "form_version, created_at) VALUES (%s, %s, %s, 'start', %s, %s, "
                "'household-survey', 1, %s)",
                (cid, c, YEAR, date(2026, 3, 1), date(2026, 3, 21), now),
            )
        assignments = [
            (uuid.uuid4(), made.campaign_of_county[c], made.cadre_of_village[v], v, now)
            for v, _t, c in geo.villages
        ]
        cur.executemany(
            "INSERT INTO assignment (id, campaign_id, user_id, village_code, household_id, "
            "created_at) VALUES (%s, %s, %s, %s, NULL, %s)",
            assignments,
        )
        # Devices (with tokens) for the users the bench asks as over HTTP.
        for name in list(made.users):
            if name.startswith(("admin_", "sup_4212010", "cadre_4212010", "cadre_421206015")):
                token = secrets.token_urlsafe(32)
                made.tokens[name] = token
                cur.execute(
                    "INSERT INTO device (id, user_id, public_key, token_hash, label, app_version, "
                    "enrolled_at, seq_contiguous) VALUES (%s, %s, %s, %s, 'bench', '0.1.0', %s, 0)",
                    (
                        uuid.uuid4(),
                        made.users[name],
                        secrets.token_bytes(32),
                        hashlib.sha256(token.encode()).hexdigest(),
                        now,
                    ),
                )
    main.commit()

    # Change rows: county-level rows first, the registry import (every household), the
    # assignments, then surveys and reviews interleaved as they came in over three weeks.
    seq = 0
    change_rows: list[tuple[Any, ...]] = []
    for c in geo.counties:
        for kind, eid in (
            ("county", c),
            ("form", "household-survey@1"),
            ("standards", f"{c}@{YEAR}"),
            ("campaign", str(made.campaign_of_county[c])),
        ):
            seq += 1
            change_rows.append((seq, kind, eid, c, None, None, None))
    counts = households_per_village(geo, households, rng)
    ledger_town = geo.townships[0][0]
    # Surveys and reviews get a time in the window; their change numbers follow that order.
    later: list[tuple[float, str, str, str, str, str]] = []
    short_keys = iter(rng.sample(range(10_000_000, 100_000_000), households + 1))
    registry_ids: list[str] = []
    hh_cols = [
        "id", "revision", "address", "head_name", "head_id_number", "phone", "hukou_type",
        "categories", "source", "created_by_device", "updated_at", "village_code",
        "township_code", "county_code",
    ]  # fmt: skip
    sv_cols = [
        "id", "short_key", "household_id", "campaign_id", "form_id", "form_version", "revision",
        "status", "state", "answers", "computed", "flags", "cadre_id", "created_by_device",
        "device_created_at", "device_submitted_at", "received_at", "updated_at",
        "village_code", "township_code", "county_code",
    ]  # fmt: skip
    vi_cols = [
        "id", "household_id", "campaign_id", "revision", "outcome", "visited_on",
        "revisit_date", "note", "cadre_id", "created_by_device", "received_at",
        "village_code", "township_code", "county_code",
    ]  # fmt: skip
    rv_cols = [
        "id", "survey_id", "survey_revision", "level", "decision", "state_after", "comment",
        "pinned", "reviewer_id", "device_id", "decided_at", "village_code", "township_code",
        "county_code",
    ]  # fmt: skip
    state_names = [s for s, _ in STATES]
    state_weights = [w for _, w in STATES]
    # Reviews point at surveys (a foreign key): they go in once the surveys are committed.
    review_rows: list[tuple[Any, ...]] = []
    cadre_device = {uid: uuid.uuid4() for uid in set(made.cadre_of_village.values())}
    with (
        copy_into(conns["hh"], "household", hh_cols) as hh,
        copy_into(conns["sv"], "survey", sv_cols) as sv,
        copy_into(conns["vi"], "visit", vi_cols) as vi,
    ):
        for (vcode, tcode, ccode), n in zip(geo.villages, counts, strict=True):
            share = 1.0 if tcode == ledger_town else surveyed
            cadre = made.cadre_of_village[vcode]
            campaign = made.campaign_of_county[ccode]
            for _ in range(n):
                hid = uuid.uuid4()
                head_name = rng.choice(NAMES)
                head_id = random_id(rng, vcode[:6])
                registry_ids.append(head_id)
                cats = rng.choices([[], ["dibao"], ["tekun"]], [85, 12, 3])[0]
                hh.write_row(
                    (hid, 1, f"某组{rng.randrange(1, 200)}号", head_name, head_id,
                     f"138{rng.randrange(10**8):08d}", "rural", json.dumps(cats), "registry",
                     None, now, vcode, tcode, ccode)
                )  # fmt: skip
                seq += 1
                change_rows.append((seq, "household", str(hid), ccode, tcode, vcode, None))
                made.households += 1
                if rng.random() < 0.08:
                    vi.write_row(
                        (uuid.uuid4(), hid, campaign, 1, "nobody_home", date(2026, 3, 3),
                         date(2026, 3, 10), "", cadre, cadre_device[cadre], now,
                         vcode, tcode, ccode)
                    )  # fmt: skip
                    made.visits += 1
                if rng.random() >= share:
                    continue
                sid = uuid.uuid4()
                # A few members are someone registered elsewhere: the discrepancy report's
                # "same person in two households".
                dup = rng.choice(registry_ids) if rng.random() < 0.003 else None
                answers = answers_for(rng, vcode, head_name, head_id, rng.randrange(1, 6), dup)
                per_capita = round(
                    (answers["income_wages"] + answers["income_farming"]) / len(answers["members"])
                )
                computed = {
                    "household_size": len(answers["members"]),
                    "income_per_capita_month": per_capita,
                    "adjusted_per_capita_month": max(0, per_capita - answers["exp_medical"] // 12),
                    "screening": rng.choice(["eligible", "above", "borderline"]),
                }
                flags = rng.choices([[], ["recheck_dibao_above"], ["possibly_missed"]], [95, 2, 3])[
                    0
                ]
                state = rng.choices(state_names, state_weights)[0]
                t = rng.random()
                sv.write_row(
                    (sid, str(next(short_keys)), hid, campaign, "household-survey", 1, 1,
                     "submitted", state, json.dumps(answers, ensure_ascii=False),
                     json.dumps(computed), json.dumps(flags), cadre, cadre_device[cadre], now,
                     now, now, now, vcode, tcode, ccode)
                )  # fmt: skip
                made.surveys += 1
                later.append((t, "survey", str(sid), ccode, tcode, vcode))
                levels = {
                    "submitted": [],
                    "township_approved": [("township", "approve", "township_approved")],
                    "returned_by_township": [("township", "return", "returned_by_township")],
                    "county_approved": [
                        ("township", "approve", "township_approved"),
                        ("county", "approve", "county_approved"),
                    ],
                    "returned_by_county": [
                        ("township", "approve", "township_approved"),
                        ("county", "return", "returned_by_county"),
                    ],
                }[state]
                for k, (level, decision, after) in enumerate(levels):
                    rid = uuid.uuid4()
                    reviewer = made.users[f"sup_{tcode}" if level == "township" else f"sup_{ccode}"]
                    review_rows.append(
                        (rid, sid, 1, level, decision, after,
                         "请核实收入" if decision == "return" else "", "[]", reviewer, None, now,
                         vcode, tcode, ccode)
                    )  # fmt: skip
                    made.reviews += 1
                    later.append((t + 0.01 * (k + 1), "review", str(rid), ccode, tcode, vcode))
    for k in ("hh", "sv", "vi"):
        conns[k].commit()
        conns[k].close()
    with copy_into(conns["rv"], "review", rv_cols) as rv:
        for row in review_rows:
            rv.write_row(row)
    conns["rv"].commit()
    conns["rv"].close()
    del review_rows
    for aid, _camp, uid, _v, _now in assignments:
        seq += 1
        c = next(c for v, _t, c in geo.villages if v == _v)
        change_rows.append((seq, "assignment", str(aid), c, None, None, uid))
    later.sort()
    for _t, kind, eid, c, t, v in later:
        seq += 1
        change_rows.append((seq, kind, eid, c, t, v, None))
    with copy_into(
        main,
        "change",
        ["seq", "kind", "entity_id", "county_code", "township_code", "village_code", "user_id",
         "origin_device_id", "created_at"],
    ) as ch:  # fmt: skip
        for row in change_rows:
            ch.write_row((*row, None, now))
    made.changes = len(change_rows)
    with main.cursor() as cur:
        cur.execute("UPDATE change_counter SET value = %s WHERE id = 1", (seq,))
    main.commit()
    main.autocommit = True
    main.execute("VACUUM ANALYZE")
    main.close()
    return made


# --- timing -----------------------------------------------------------------------------------


def caller_for(factory: sessionmaker[Session], username: str) -> Caller:
    with factory() as s, s.begin():
        user = s.scalars(select(User).where(User.username == username)).one()
        scope = load_scope(s, user)
    return Caller(user.id, uuid.uuid4(), user.role, user.county_code, scope, b"\0" * 32, "bench")


def timed(label: str, fn: Callable[[], Any], runs: int, target_ms: float | None = None) -> Any:
    first_t = time.perf_counter()
    out = fn()
    cold = (time.perf_counter() - first_t) * 1000
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    med = statistics.median(times)
    verdict = ""
    if target_ms is not None:
        verdict = f"  target <= {target_ms:.0f} ms: {'met' if med <= target_ms else 'NOT met'}"
    if isinstance(out, tuple):
        size = out[0]
    elif isinstance(out, list):
        size = f"{len(out)} rows"
    else:
        size = f"{len(out.changes)} changes"
    print(f"  {label:<66} median {med:9.1f} ms  (cold {cold:8.1f} ms, n={runs}, {size}){verdict}")
    return out


def measure(url: str, made: Made, runs: int, explain: bool) -> dict[str, str]:
    engine = make_engine(url, 4)
    readers = make_read_sessionmaker(engine)
    county = "421201"
    town = f"{county}001"
    campaign = made.campaign_of_county[county]
    admin = caller_for(readers, f"admin_{county}")
    sup_town = caller_for(readers, f"sup_{town}")
    cadre_name = f"cadre_{town}001"
    cadre = caller_for(readers, cadre_name)
    # Registry households come first in the feed, county by county: the last county's cadre
    # is the one whose rows lie deepest in the change table.
    cadre_late = caller_for(readers, "cadre_421206015001")
    county_sup = caller_for(readers, f"sup_{county}")

    def session_run(fn: Callable[[Session], Any]) -> Any:
        with readers() as s, s.begin():
            return fn(s)

    def feed_run(fn: Callable[[Session], Any]) -> Any:
        with readers() as s:  # read_changes opens its own transaction
            return fn(s)

    print(f"\nqueries ({runs} runs each after one cold run; medians):")
    for by in ("village", "township", "cadre"):
        timed(
            f"progress, county campaign, by {by}",
            lambda by=by: session_run(lambda s: reports.progress(s, admin, campaign, by)),
            runs,
            1000,
        )

    # The export writes its audit row; a read-only session cannot, so use a writing one here.
    from sync.server.db import make_sessionmaker

    writers = make_sessionmaker(engine)

    def ledger_rw() -> tuple[str]:
        with writers() as s, s.begin():
            rows = reports.ledger_rows(s, sup_town, campaign)
        data = workbook_bytes([("ledger", reports.LEDGER_HEADER, rows)], banner="bench")
        return (f"{len(rows)} rows, xlsx {len(data) // 1024} KB",)

    timed("township ledger (rows + xlsx), one township", ledger_rw, runs, 5000)

    def rows_only(fn: Any, who: Caller) -> Callable[[], list[list[Any]]]:
        def run() -> list[list[Any]]:
            with writers() as s, s.begin():
                out: list[list[Any]] = fn(s, who, campaign)
                return out

        return run

    timed("township ledger rows only", rows_only(reports.ledger_rows, sup_town), runs)
    timed("discrepancy report, one township", rows_only(reports.discrepancy_rows, sup_town), runs)
    timed(
        "discrepancy report, one county",
        rows_only(reports.discrepancy_rows, county_sup),
        max(1, runs // 2),
    )

    def page(who: Caller, after: str | None, limit: int = 500) -> Callable[[], Any]:
        return lambda: feed_run(lambda s: read_changes(s, SECRET, who, after, limit))

    for label, who in (
        ("cadre, first village of the city", cadre),
        ("cadre, last village of the city", cadre_late),
        ("township supervisor", sup_town),
        ("county supervisor", county_sup),
    ):
        first = timed(
            f"changes page, {label}: first",
            page(who, None),
            runs,
            100 if who is not county_sup else None,
        )
        timed(
            f"changes page, {label}: second",
            page(who, first.cursor),
            runs,
            100 if who is not county_sup else None,
        )
        cur, last, pages = first.cursor, first, 1
        while not last.done:
            last = feed_run(lambda s, cur=cur, who=who: read_changes(s, SECRET, who, cur, 500))
            cur, pages = last.cursor, pages + 1
        timed(
            f"changes page, {label}: nothing new ({pages} pages)",
            page(who, cur),
            runs,
            100 if who is not county_sup else None,
        )
    if explain:
        explain_plans(engine, [cadre_late, sup_town, county_sup])
    engine.dispose()
    return {
        "county": county,
        "town": town,
        "campaign": str(campaign),
        "cadre": "cadre_421206015001",
    }


def explain_plans(engine: Engine, callers: list[Caller]) -> None:
    from sqlalchemy.dialects import postgresql

    from sync.server.changes.service import page_query

    for who in callers:
        with engine.connect() as conn:
            head = conn.execute(text("SELECT value FROM change_counter")).scalar_one()
            sql = str(
                page_query(who, 0, head, 501).compile(
                    dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
                )
            )
            print(f"\nEXPLAIN ANALYZE first changes page for a {who.role} ({_scope_words(who)}):")
            for (line,) in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql)):
                print("   ", line)


def _scope_words(who: Caller) -> str:
    s = who.scope
    return f"{len(s.villages)} villages, {len(s.townships)} townships, {len(s.counties)} counties"


def http_once(url: str, made: Made, names: dict[str, str]) -> None:
    port = _free_port()
    env = {**os.environ, "DOORSTEP_SECRET_KEY": SECRET, "DOORSTEP_LOG_LEVEL": "WARNING"}
    tmp = tempfile.mkdtemp(prefix="city-")
    env["DOORSTEP_ATTACHMENT_DIR"] = tmp
    server = Path(sys.executable).parent / "doorstep-server"
    proc = subprocess.Popen(
        [str(server), "serve", "--host", "127.0.0.1", "--port", str(port),
         "--database-url", url, "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(proc, base, 60)
        county, town, campaign = names["county"], names["town"], names["campaign"]
        asks = [
            ("progress by village", f"admin_{county}",
             f"/api/v1/reports/progress?campaign_id={campaign}&by=village"),
            ("ledger xlsx, one township", f"sup_{town}",
             f"/api/v1/reports/ledger?campaign_id={campaign}&format=xlsx"),
            ("discrepancies, one township", f"sup_{town}",
             f"/api/v1/reports/discrepancies?campaign_id={campaign}"),
            ("changes page, cadre", names["cadre"], "/api/v1/changes?limit=500"),
        ]  # fmt: skip
        print("\none real HTTP request each (doorstep-server serve, 1 worker, loopback):")
        with httpx.Client(base_url=base, timeout=120) as http:
            for label, who, path in asks:
                token = made.tokens[who]
                t0 = time.perf_counter()
                r = http.get(path, headers={"Authorization": f"Bearer {token}"})
                ms = (time.perf_counter() - t0) * 1000
                print(f"  {label:<40} {r.status_code}  {ms:8.1f} ms  {len(r.content) // 1024} KB")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--households", type=int, default=500_000)
    ap.add_argument(
        "--surveyed", type=float, default=0.6, help="share surveyed outside the ledger township"
    )
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20260301)
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--no-http", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = ap.parse_args()

    name = f"doorstep_city_{secrets.token_hex(5)}"
    with psycopg.connect(args.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = args.admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    url = f"{base}/{name}"
    print(f"scratch database {name}; {os.cpu_count()} cores")
    try:
        t0 = time.perf_counter()
        upgrade(url)
        made = generate(url, args.households, args.surveyed, args.seed)
        print(
            f"generated in {time.perf_counter() - t0:.0f} s: {N_COUNTIES} counties, "
            f"{N_TOWNSHIPS} townships, {N_VILLAGES} villages, {made.households:,} households, "
            f"{made.surveys:,} surveys, {made.visits:,} visits, {made.reviews:,} reviews, "
            f"{made.changes:,} change rows"
        )
        with psycopg.connect(base.replace("+psycopg", "") + f"/{name}") as conn:
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(%s))", (name,)).fetchone()
            print(f"database size {size[0] if size else '?'}")
        names = measure(url, made, args.runs, args.explain)
        if not args.no_http:
            http_once(url, made, names)
    finally:
        if args.keep:
            print(f"kept {url}")
        else:
            with psycopg.connect(args.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
