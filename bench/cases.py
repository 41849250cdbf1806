"""Benchmark: the cases queue's first page and the county case ledger, through the server API.

Builds a county of 50,000 households (20 townships, 400 villages) with 8,000 cases spread over
every step (postings with objections among them) in a scratch PostgreSQL database made by the
real migrations, households and cases written by COPY. Then it starts `doorstep-server serve`
(one worker, loopback), enrolls a county supervisor and a township supervisor through
`POST /enroll`, and times over real HTTP, median of several runs after one cold run:

- `GET /api/v1/cases?limit=50` (the queue's first page), county and township; aim <= 200 ms
- the same filtered to cases in posting with at most 3 days left, and to stuck cases
- `GET /api/v1/cases/ledger` (the county-wide xlsx, 8,000 rows); aim <= 10 s

    .venv/bin/python bench/cases.py [--households 50000] [--cases 8000] [--runs 5]
        [--admin-url postgresql://postgres@127.0.0.1:5432/test] [--keep]

All names are invented; no ID numbers are needed (the case lists never hold them).
"""

# ruff: noqa: E402  (sys.path is fixed before the imports, see below)
from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds other scripts (bench/forms.py) whose names would shadow the project's packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import base64
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import psycopg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync.server.admin import service as admin
from sync.server.db import make_engine, make_sessionmaker
from sync.server.migrate import upgrade
from tests.sync.helpers import wait_ready

COUNTY = "421281"
SECRET = "bench-cases-secret-" + "x" * 32
TODAY = date(2026, 12, 10)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
STEPS = [
    ("survey_approved", 0.12),
    ("check_requested", 0.10),
    ("check_recorded", 0.08),
    ("appraised", 0.08),
    ("township_reviewed", 0.07),
    ("posting", 0.10),
    ("approved", 0.40),
    ("refused", 0.03),
    ("recheck", 0.02),
]


def write_divisions(tmp: Path, townships: int, villages: int) -> tuple[Path, Path, list[str]]:
    towns = [f"{COUNTY}{t + 1:03d}" for t in range(townships)]
    per = villages // townships
    vills = [f"{t}{v + 1:03d}" for t in towns for v in range(per)]
    tp, vp = tmp / "townships.csv", tmp / "villages.csv"
    tp.write_text(
        "code,name,county_code\n"
        + "".join(f"{t},镇{i + 1},{COUNTY}\n" for i, t in enumerate(towns)),
        encoding="utf-8",
    )
    vp.write_text(
        "code,name,township_code\n"
        + "".join(f"{v},村{i + 1},{v[:9]}\n" for i, v in enumerate(vills)),
        encoding="utf-8",
    )
    return tp, vp, vills


def pick_step(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for step, share in STEPS:
        acc += share
        if x < acc:
            return step
    return STEPS[-1][0]


def generate(pg_url: str, villages: list[str], households: int, cases: int, seed: int) -> None:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    hh: list[tuple[uuid.UUID, str]] = []
    with psycopg.connect(pg_url) as conn:
        cols = ["id", "revision", "village_code", "township_code", "county_code", "address",
                "head_name", "head_id_number", "phone", "hukou_type", "categories", "source",
                "updated_at"]  # fmt: skip
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY household ({', '.join(cols)}) FROM STDIN") as copy,
        ):
            for i in range(households):
                hid = uuid.UUID(int=rng.getrandbits(128), version=4)
                v = villages[i % len(villages)]
                name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
                hh.append((hid, v))
                copy.write_row([hid, 1, v, v[:9], COUNTY, f"{i % 40 + 1}组", name, "", "",
                                "rural", "[]", "registry", now])  # fmt: skip
        chosen = rng.sample(hh, cases)
        postings: dict[str, tuple[uuid.UUID, date]] = {}
        objections: list[list[Any]] = []
        cols = ["id", "revision", "household_id", "programme", "source", "step", "step_since",
                "opened_on", "village_code", "township_code", "county_code", "rules_version",
                "applicant_name", "note", "check_note", "proposed_category",
                "proposed_monthly_amount", "posting_id", "posting_start", "posting_end",
                "decision_outcome", "decided_on", "decision_level", "category", "monthly_amount",
                "start_month", "refusal_reason", "next_recheck_on", "appraisal", "updated_at"]  # fmt: skip
        with (
            conn.cursor() as cur,
            cur.copy(f"COPY case_file ({', '.join(cols)}) FROM STDIN") as copy,
        ):
            for hid, v in chosen:
                cid = uuid.UUID(int=rng.getrandbits(128), version=4)
                step = pick_step(rng)
                since = TODAY - timedelta(days=rng.randrange(0, 90))
                opened = since - timedelta(days=rng.randrange(0, 120))
                programme = "dibao" if rng.random() < 0.8 else rng.choice(["tekun", "temporary"])
                posting_id = posting_start = posting_end = None
                decision: list[Any] = [None, None, None, "", None, None, "", None]
                if step in ("posting", "approved", "refused"):
                    key = v
                    if key not in postings:
                        start = TODAY - timedelta(days=rng.randrange(0, 10))
                        postings[key] = (uuid.UUID(int=rng.getrandbits(128), version=4), start)
                    posting_id, posting_start = postings[key]
                    posting_end = posting_start + timedelta(days=6)
                    if step == "posting":
                        since = posting_start
                    if rng.random() < 0.1:
                        objections.append([uuid.uuid4(), cid, posting_id, posting_start,
                                           "村民", "异议内容", None if step == "posting"
                                           else "dismissed", "不成立", uuid.uuid4()])  # fmt: skip
                if step == "approved":
                    cat = rng.choice("ABC")
                    decision = ["approved", since, "county", cat, f"{rng.randrange(100, 600)}.00",
                                "2026-01", "", since + timedelta(days=rng.randrange(60, 365))]  # fmt: skip
                elif step == "refused":
                    decision = ["refused", since, "county", "", None, None, "收入超过标准", None]
                appraisal = (
                    json.dumps(
                        {
                            "meeting_id": str(uuid.uuid4()),
                            "held_on": str(since),
                            "outcome": "agree",
                            "votes_for": 9,
                            "votes_against": 1,
                            "votes_abstain": 0,
                        }
                    )  # fmt: skip
                    if step in ("appraised", "township_reviewed", "posting", "approved")
                    else None
                )
                copy.write_row([cid, 3, hid, programme, "survey", step, since, opened, v, v[:9],
                                COUNTY, 1, "", "", "", "A", "368.08", posting_id, posting_start,
                                posting_end, *decision, appraisal, now])  # fmt: skip
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY case_objection (id, case_id, posting_id, received_on, raised_by, content, "
                "outcome, reason, recorded_by) FROM STDIN"
            ) as copy,
        ):
            for row in objections:
                copy.write_row(row)
        conn.execute("ANALYZE")
        conn.commit()
    print(f"  {households:,} households, {cases:,} cases, {len(postings):,} postings, "
          f"{len(objections):,} objections")  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def enroll(http: httpx.Client, code: str) -> str:
    key = Ed25519PrivateKey.generate()
    pub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    r = http.post(
        "/api/v1/enroll",
        json={"code": code, "public_key": base64.b64encode(pub).decode(), "app_version": "0.1.0"},
    )
    r.raise_for_status()
    return str(r.json()["token"])


def timed(http: httpx.Client, label: str, path: str, token: str, runs: int, aim_ms: float) -> None:
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}
    r = http.get(path, headers=headers)  # cold
    r.raise_for_status()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = http.get(path, headers=headers)
        times.append((time.perf_counter() - t0) * 1000)
        r.raise_for_status()
    median = statistics.median(times)
    mark = "ok" if median <= aim_ms else "OVER"
    print(f"  {label:<46} median {median:9.1f} ms  (aim {aim_ms:,.0f} ms: {mark})  "
          f"{len(r.content) // 1024} KB")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--households", type=int, default=50_000)
    ap.add_argument("--cases", type=int, default=8_000)
    ap.add_argument("--townships", type=int, default=20)
    ap.add_argument("--villages", type=int, default=400)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seed", type=int, default=20261210)
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = ap.parse_args()

    name = f"doorstep_cases_{secrets.token_hex(5)}"
    with psycopg.connect(args.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    root = args.admin_url.rsplit("/", 1)[0]
    pg_url = f"{root}/{name}"
    url = pg_url.replace("postgresql://", "postgresql+psycopg://")
    tmp = Path(tempfile.mkdtemp(prefix="bench-cases-"))
    proc: subprocess.Popen[bytes] | None = None
    print(f"scratch database {name}; {os.cpu_count()} cores")
    try:
        t0 = time.perf_counter()
        upgrade(url)
        towns, vills, villages = write_divisions(tmp, args.townships, args.villages)
        engine = make_engine(url)
        factory = make_sessionmaker(engine)
        with factory() as s:
            admin.create_county(s, COUNTY, "基准县", towns, vills)
            admin.create_user(s, "sup_county", "supervisor", COUNTY, [COUNTY])
            admin.create_user(s, "sup_town", "supervisor", COUNTY, [villages[0][:9]])
        with factory() as s:
            county_code, _ = admin.create_enrollment_code(s, "sup_county", 1)
        with factory() as s:
            town_code, _ = admin.create_enrollment_code(s, "sup_town", 1)
        engine.dispose()
        generate(pg_url, villages, args.households, args.cases, args.seed)
        print(f"  generated in {time.perf_counter() - t0:.0f} s")

        port = free_port()
        env = {**os.environ, "DOORSTEP_SECRET_KEY": SECRET, "DOORSTEP_LOG_LEVEL": "WARNING",
               "DOORSTEP_ATTACHMENT_DIR": str(tmp / "att"), "DOORSTEP_TODAY": TODAY.isoformat()}  # fmt: skip
        server = Path(sys.executable).parent / "doorstep-server"
        proc = subprocess.Popen(
            [str(server), "serve", "--host", "127.0.0.1", "--port", str(port),
             "--database-url", url, "--workers", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        wait_ready(proc, base, 60)
        with httpx.Client(base_url=base, timeout=300) as http:
            county = enroll(http, county_code)
            town = enroll(http, town_code)
            print(f"\nthrough doorstep-server serve (1 worker, loopback), {args.runs} runs:")
            timed(http, "queue first page (50), county", "/api/v1/cases?limit=50", county,
                  args.runs, 200)  # fmt: skip
            timed(http, "queue first page (50), township", "/api/v1/cases?limit=50", town,
                  args.runs, 200)  # fmt: skip
            timed(http, "queue: posting, <= 3 days left, county",
                  "/api/v1/cases?limit=50&days_left_max=3", county, args.runs, 200)  # fmt: skip
            timed(http, "queue: stuck > 30 days, county",
                  "/api/v1/cases?limit=50&stuck_days=30", county, args.runs, 200)  # fmt: skip
            timed(http, "county case ledger xlsx (all cases)", "/api/v1/cases/ledger", county,
                  args.runs, 10_000)  # fmt: skip
            timed(http, "township report", "/api/v1/cases/report", county, args.runs, 2_000)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        if args.keep:
            print(f"kept {url}")
        else:
            with psycopg.connect(args.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
