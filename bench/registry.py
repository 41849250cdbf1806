"""Benchmark: the economic-status check at city scale on PostgreSQL.

Makes a scratch database `doorstep_registry_<hex>` by the real migrations and fills, by COPY, one
county of 90 townships and 1,064 villages with 500,000 surveyed households (the scale of
`bench/city.py`, all in one county: a county's match is one statement, so this is the hardest
case), about 2.5 members each, their declared answers, and a survey row per household; 92 % of
households signed the consent; every member is a different person (ID numbers are unique).
Then, for six sources, it writes a department CSV of 1,000,000 rows (a quarter of them people
the survey holds, the rest other valid ID numbers: a heavy case, as every source holds about a
fifth of the surveyed people) and times through the same service the command line and the API
call (`import_extract`):

- each import: reading and checking every row, COPY, replacing nothing (first extract), and the
  match of that source against the county; target <= 60 s each;
- the full match of the county against all six sources (`match`); target <= 60 s;
- one arriving survey: recording its members and matching its household against the six
  sources (`registry.hooks.on_surveys`), median of 20; and the discrepancy list of one township.

The files are made in a temporary folder and removed; the database is dropped unless `--keep`.
`--repeat-ids-every 219000` makes the data of the first figures (2026-12-07), whose members'
ID numbers repeated every 219,000 members: at full scale each number stood for about 5.7
members of different households, so each matched row gave 5.4 findings (bench/README.md).

    .venv/bin/python bench/registry.py [--households 500000] [--rows 1000000]
        [--sources 6 | --sources social_insurance,...] [--imports-only] [--repeat-ids-every N] [--admin-url postgresql://postgres@127.0.0.1:5432/test] [--keep]

All ID numbers are invented (valid check digits for random birth dates).
"""

# ruff: noqa: E402  (sys.path is fixed before the imports, see below)
from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import csv
import os
import random
import secrets
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import psycopg

from forms.idnumber import check_character
from forms.registry_check import load_check
from sync.server.db import make_engine, make_sessionmaker
from sync.server.migrate import upgrade
from sync.server.registry.hooks import on_surveys
from sync.server.registry.importing import import_extract
from sync.server.registry.matching import match
from sync.server.registry.service import flag_rows
from sync.server.scope import Scope

COUNTY = "421202"
N_TOWNSHIPS, N_VILLAGES = 90, 1064
SOURCES = ["vehicles", "real_estate", "business", "social_insurance", "payroll", "civil_status",
           "assistance"]  # fmt: skip
HEAD = {
    "vehicles": ["身份证号", "车辆类型", "初次登记日期"],
    "real_estate": ["权利人证件号", "房屋用途", "登记时间", "建筑面积"],
    "business": ["经营者身份证号", "主体类型", "成立日期"],
    "social_insurance": ["公民身份号码", "险种", "待遇开始日期", "月待遇金额"],
    "payroll": ["身份证号", "人员类别", "参加工作时间", "月应发工资"],
    "civil_status": ["公民身份号码", "变动类型", "变动日期"],
    "assistance": ["身份证号", "救助类别", "发放日期", "发放金额", "村社区代码"],
}
WORDS = {
    "vehicles": ["小型轿车", "普通二轮摩托车", "三轮汽车", "轻型普通货车"],
    "real_estate": ["住宅", "住宅", "商业", "车库"],
    "business": ["个体工商户", "有限责任公司", "农民专业合作社"],
    "social_insurance": ["城乡居民基本养老保险", "城镇职工基本养老保险", "失业保险金"],
    "payroll": ["事业编制", "行政编制", "离退休"],
    "civil_status": ["死亡", "迁出"],
    "assistance": ["临时救助", "困难残疾人生活补贴", "优抚"],
}


def make_id(birth: date, serial: int) -> str:
    first17 = f"{COUNTY}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_character(first17)


def member_id(serial: int, repeat_every: int) -> str:
    """The ID number of the `serial`-th member: each one a different person unless
    `repeat_every` is given, when numbers repeat every that many members."""
    if repeat_every:
        # the 2026-12-07 generator's formula, whose day and last three digits cycle together:
        # with 219,000 (their period) it gives exactly that run's numbers
        s = serial % repeat_every
        return make_id(date(1940, 1, 1) + timedelta(days=(s * 7919) % (75 * 365)), s)
    # 7919 is prime to 75 * 365: a different day for each thousand members, up to 27 million
    day = (serial // 1000 * 7919) % (75 * 365)
    return make_id(date(1940, 1, 1) + timedelta(days=day), serial)


def random_id(rng: random.Random) -> str:
    return make_id(
        date(1940, 1, 1) + timedelta(days=rng.randrange(0, 75 * 365)), rng.randrange(1000)
    )


def villages() -> list[tuple[str, str]]:
    out = []
    for t in range(N_TOWNSHIPS):
        town = f"{COUNTY}{t + 1:03d}"
        for v in range(12 if t < 74 else 11):
            out.append((f"{town}{v + 1:03d}", town))
    assert len(out) == N_VILLAGES
    return out


def generate(
    pg: str, households: int, rng: random.Random, repeat_every: int
) -> tuple[list[str], list[Any]]:
    """The county and its surveyed households; returns every member's ID number and a sample
    of households (for the one-survey timing)."""
    vills = villages()
    members_all: list[str] = []
    sample: list[Any] = []
    now = datetime.now(UTC)
    cadre = uuid.uuid4()
    with psycopg.connect(pg) as conn:
        conn.execute("INSERT INTO county (code, name) VALUES (%s, %s)", (COUNTY, "测试县"))
        with (
            conn.cursor() as cur,
            cur.copy("COPY township (code, county_code, name) FROM STDIN") as cp,
        ):
            for town in sorted({t for _v, t in vills}):
                cp.write_row((town, COUNTY, f"镇{town[-3:]}"))
        with (
            conn.cursor() as cur,
            cur.copy("COPY village (code, township_code, county_code, name) FROM STDIN") as cp,
        ):
            for v, t in vills:
                cp.write_row((v, t, COUNTY, f"村{v[-6:]}"))
        conn.execute(
            "INSERT INTO app_user (id, username, display_name, role, county_code, disabled, "
            "created_at) VALUES (%s, 'bench', '', 'cadre', %s, false, now())",
            (cadre, COUNTY),
        )
        conn.commit()
    # one connection per COPY: a connection runs one COPY at a time
    with (
        psycopg.connect(pg) as k1, k1.cursor() as c1, c1.copy(
            "COPY registry_subject (household_id, survey_id, campaign_id, cadre_id, consent, "
            "village_code, township_code, county_code, updated_at) FROM STDIN") as subj,
        psycopg.connect(pg) as k2, k2.cursor() as c2, c2.copy(
            "COPY registry_member (household_id, member_index, id_number) FROM STDIN") as mem,
        psycopg.connect(pg) as k3, k3.cursor() as c3, c3.copy(
            "COPY registry_declared (household_id, field, value, amount) FROM STDIN") as dec,
    ):  # fmt: skip
        serial = 0
        for i in range(households):
            hid, sid = uuid.uuid4(), uuid.uuid4()
            village, town = vills[i % N_VILLAGES]
            subj.write_row((hid, sid, None, cadre, rng.random() < 0.92, village, town, COUNTY, now))
            n = rng.choice((1, 2, 2, 3, 3, 4))
            ids = []
            for m in range(n):
                serial += 1
                idn = member_id(serial, repeat_every)
                ids.append(idn)
                mem.write_row((hid, m, idn))
            members_all.extend(ids)
            dec.write_row((hid, "vehicles", rng.choice(("none", "motorcycle", "car")), None))
            dec.write_row((hid, "housing", "own", None))
            dec.write_row((hid, "has_business", rng.choice(("no", "no", "yes")), None))
            dec.write_row((hid, "income_transfers", "", rng.choice((0, 1200, 6000, 30000))))
            if rng.random() < 0.2:
                dec.write_row((hid, "benefits", "temporary", None))
            if len(sample) < 20 and i % 997 == 0:
                sample.append(SimpleNamespace(id=sid, household_id=hid, campaign_id=None,
                    cadre_id=cadre, village_code=village, township_code=town,
                    county_code=COUNTY, status="submitted",
                    answers={"members": [{"id_number": x} for x in ids],
                             "consent_signature": "sha256:" + "ab" * 32,
                             "vehicles": ["none"], "has_business": "no",
                             "income_transfers": 0, "benefits": []}))  # fmt: skip
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return members_all, sample


def write_source(
    path: Path, source: str, rows: int, members: list[str], rng: random.Random
) -> None:
    words = WORDS[source]
    vills = villages()
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEAD[source])
        for _ in range(rows):
            idn = rng.choice(members) if rng.random() < 0.25 else random_id(rng)
            day = date(2000, 1, 1) + timedelta(days=rng.randrange(0, 9000))
            row = [idn, rng.choice(words), day.isoformat()]
            if source in ("real_estate", "social_insurance", "payroll", "assistance"):
                row.append(str(rng.randrange(50, 6000)))
            if source == "assistance":
                row.append(rng.choice(vills)[0] if rng.random() < 0.5 else "")
            w.writerow(row)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--households", type=int, default=500_000)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument(
        "--sources",
        default="6",
        metavar="N|NAMES",
        help="how many of the seven sources, or which, by name, comma-separated "
        "(a skipped source's file is still drawn, not written, so each file "
        "is the one a full run makes)",
    )
    ap.add_argument(
        "--imports-only",
        action="store_true",
        help="stop after the imports (no full match, arriving survey, flag list)",
    )
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--repeat-ids-every", type=int, default=0, metavar="N",
                    help="members' ID numbers repeat every N members (219000: the data of the "
                         "2026-12-07 figures; default: every member a different person)")  # fmt: skip
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    default_order = [s for s in SOURCES if s != "assistance"][:5] + ["assistance"]
    if args.sources.isdigit():
        n = int(args.sources)
        sources = [s for s in SOURCES if s != "assistance"][: n - 1] + ["assistance"]
    else:
        sources = [s.strip() for s in args.sources.split(",") if s.strip()]
        unknown = sorted(set(sources) - set(SOURCES))
        if unknown:
            ap.error(f"unknown source(s) {', '.join(unknown)}; the sources: {', '.join(SOURCES)}")
    # a number keeps its files; names draw in the six-source run's order, then civil_status
    in_order = sources if args.sources.isdigit() else list(dict.fromkeys(default_order + SOURCES))
    rng = random.Random(args.seed)
    name = f"doorstep_registry_{secrets.token_hex(5)}"
    with psycopg.connect(args.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    pg = args.admin_url.rsplit("/", 1)[0] + f"/{name}"
    url = pg.replace("postgresql://", "postgresql+psycopg://")
    load = os.getloadavg()[0]
    print(f"scratch database {name}; {os.cpu_count()} cores; load average {load:.1f}")
    print(f"scale: {args.households:,} households, {args.sources} sources of {args.rows:,} rows")
    tmp = Path(tempfile.mkdtemp(prefix="doorstep-registry-"))
    engine = make_engine(url)
    try:
        upgrade(url)
        t0 = time.perf_counter()
        members, sample = generate(pg, args.households, rng, args.repeat_ids_every)
        print(f"generated {args.households:,} households, {len(members):,} members in "
              f"{time.perf_counter() - t0:.0f} s")  # fmt: skip
        factory = make_sessionmaker(engine)
        check = load_check(COUNTY)
        results: dict[str, float] = {}
        for source in in_order:
            if source not in sources:  # drawn all the same: the later files stay the same
                write_source(Path(os.devnull), source, args.rows, members, rng)
                continue
            path = tmp / "extract.csv"  # no source in the name: file names carry nothing
            write_source(path, source, args.rows, members, rng)
            data = path.read_bytes()
            t = time.perf_counter()
            with factory() as s, s.begin():
                report = import_extract(s, COUNTY, source, data, check=check, actor="bench")
            results[source] = time.perf_counter() - t
            path.unlink()
            print(f"import {source:17s} {results[source]:6.1f} s  ({report.rows_kept:,} rows, "
                  f"{len(data) / 1e6:.0f} MB; {report.match.findings:,} findings, "
                  f"{report.match.opened:,} flags opened)  target <= 60 s")  # fmt: skip
        if args.imports_only:
            return
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute("ANALYZE")
        t = time.perf_counter()
        with factory() as s, s.begin():
            full = match(s, check, COUNTY)
        full_s = time.perf_counter() - t
        print(f"full match, {len(sources)} sources: {full_s:.1f} s ({full.findings:,} findings, "
              f"{full.opened} opened, {full.closed} closed)  target <= 60 s")  # fmt: skip
        one: list[float] = []
        for sv in sample:
            t = time.perf_counter()
            with factory() as s, s.begin():
                on_surveys(s, [sv], datetime.now(UTC))
            one.append(time.perf_counter() - t)
        print(f"one arriving survey (record + match, 6 sources): median "
              f"{statistics.median(one) * 1000:.0f} ms, max {max(one) * 1000:.0f} ms "
              f"over {len(one)}")  # fmt: skip
        town = Scope(COUNTY, frozenset(), frozenset({f"{COUNTY}001"}), frozenset())
        t = time.perf_counter()
        with factory() as s, s.begin():
            listed = flag_rows(s, town)
        print(f"one township's flag list: {len(listed):,} flags in "
              f"{(time.perf_counter() - t) * 1000:.0f} ms")  # fmt: skip
        with psycopg.connect(pg) as conn:
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(%s))", (name,)).fetchone()
        print(
            f"database size {size[0] if size else '?'}; load average now {os.getloadavg()[0]:.1f}"
        )
    finally:
        engine.dispose()
        for p in tmp.iterdir():
            p.unlink()
        tmp.rmdir()
        if args.keep:
            print(f"kept {url}")
        else:
            with psycopg.connect(args.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
