"""Benchmark: batch ingest through real HTTP into `doorstep-server serve` on PostgreSQL.

20 enrolled devices push 100-record batches concurrently (each batch: 50 households and their
50 surveys, 4 members each, validated by the form engine). Printed: records per second, p50/p99
batch latency, the rate of a plain bulk INSERT of the same rows (the ceiling) and the ratio, and
the server's peak resident memory per worker. Targets (issue 4): >= 1,500 records/s, >= 30 % of
the ceiling, <= 300 MB per worker.

    .venv/bin/python bench/server_ingest.py [--devices 20] [--batches 8] [--workers 2]
        [--admin-url postgresql://postgres@127.0.0.1:5432/test]

It creates a scratch database `doorstep_bench_<hex>` and drops it at the end.
"""

# ruff: noqa: E402  (sys.path is fixed before the imports, see below)
from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds other scripts (bench/forms.py) whose names would shadow the project's packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' survey answers

import argparse
import json
import os
import secrets
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import insert

from sync.client import DeviceIdentity, sign_request
from sync.protocol import (
    CONTENT_TYPE_BATCH,
    Batch,
    b64encode,
    encode_batch,
)
from sync.server.admin import service as admin
from sync.server.db import make_engine, make_sessionmaker
from sync.server.migrate import upgrade
from sync.server.models import Household, Survey
from tests.sync.helpers import answers_for, member, wait_ready

COUNTY = "421202"
BENCH_SECRET = secrets.token_hex(32)
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def make_id(n: int) -> str:
    birth = date(1950, 1, 1) + timedelta(days=n % 20000)
    body = f"{COUNTY}{birth:%Y%m%d}{n % 1000:03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def answers(village: str, n: int) -> dict[str, Any]:
    members = [
        member(f"成员{i}", make_id(n * 7 + i), "head" if i == 0 else "child") for i in range(4)
    ]
    return answers_for(
        village, members, "户主", income=3000 + n % 5000, address=f"{n}号",
        recommendation_reason="核实",
    )  # fmt: skip


class Device:
    def __init__(self, village: str, token: str, device_id: str, key: Ed25519PrivateKey) -> None:
        self.village, self.token, self.device_id, self.key = village, token, device_id, key
        self.seq = 0

    def batch(self, campaign: str, base_n: int, pairs: int) -> bytes:
        records = []
        for i in range(pairs):
            hid, sid = uuid.uuid4(), uuid.uuid4()
            n = base_n + i
            self.seq += 1
            records.append(
                {
                    "kind": "household",
                    "id": str(hid),
                    "revision": 1,
                    "base_revision": 0,
                    "seq": self.seq,
                    "data": {
                        "village_code": self.village,
                        "address": f"{n}号",
                        "head_name": "户主",
                        "head_id_number": make_id(n * 7),
                        "hukou_type": "rural",
                    },
                }
            )
            self.seq += 1
            records.append(
                {
                    "kind": "survey",
                    "id": str(sid),
                    "revision": 1,
                    "base_revision": 0,
                    "seq": self.seq,
                    "data": {
                        "household_id": str(hid),
                        "campaign_id": campaign,
                        "form_id": "household-survey",
                        "form_version": 1,
                        "status": "submitted",
                        "answers": answers(self.village, n),
                    },
                }
            )
        batch = Batch.model_validate(
            {"batch_id": str(uuid.uuid4()), "device_id": self.device_id, "records": records}
        )
        return encode_batch(batch)

    def headers(self, body: bytes) -> dict[str, str]:
        ident = DeviceIdentity(uuid.UUID(str(self.device_id)), self.token, self.key)
        signed = sign_request(ident, "POST", "/api/v1/batches", body, time.time())
        return {
            "Authorization": f"Bearer {self.token}",
            **signed,
            "Content-Type": CONTENT_TYPE_BATCH,
        }


def worker_pids(root: int) -> list[int]:
    """The uvicorn worker processes (children of the supervisor), or the server itself."""
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().split()
            except OSError:
                continue
            if int(stat[3]) == root:
                kids.append(int(entry.name))
    return kids or [root]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def backend_cpu(admin_url: str, database: str) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend connected to `database`, by pid."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        pids = [
            int(r[0])
            for r in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [database]
            ).fetchall()
        ]
    return {pid: cpu_seconds([pid]) for pid in pids}


def cpu_since(admin_url: str, database: str, before: dict[int, float]) -> float:
    """CPU the backends of `database` used since `before` (a backend that is new counts whole)."""
    now = backend_cpu(admin_url, database)
    return sum(t - before.get(pid, 0.0) for pid, t in now.items())


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def scratch_database(admin_url: str, prefix: str = "doorstep_bench") -> tuple[str, str]:
    """A new, empty database (its name, and the SQLAlchemy URL to it), migrated."""
    name = f"{prefix}_{secrets.token_hex(5)}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    url = f"{base}/{name}"
    upgrade(url)
    return name, url


def drop_database(admin_url: str, name: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def set_up_county(url: str, devices: int, tmp: Path) -> tuple[str, list[str], list[str]]:
    """A county with a village per two devices, a campaign, and a cadre's enrollment code per
    device: (campaign id, villages, codes)."""
    engine = make_engine(url, 4)
    factory = make_sessionmaker(engine)
    villages = [f"{COUNTY}{t:03d}{v:03d}" for t in (1, 2) for v in range(1, 1 + (devices + 1) // 2)]
    (tmp / "t.csv").write_text(f"code,name\n{COUNTY}001,一镇\n{COUNTY}002,二镇\n", encoding="utf-8")
    (tmp / "v.csv").write_text(
        "code,name,township_code\n" + "".join(f"{v},村{v[-3:]},{v[:9]}\n" for v in villages),
        encoding="utf-8",
    )
    with factory() as s:
        admin.create_county(s, COUNTY, "咸安区", tmp / "t.csv", tmp / "v.csv")
    with factory() as s:
        campaign = str(admin.create_campaign(s, COUNTY, 2026, "start", date(2026, 3, 1)))
    codes = []
    for i in range(devices):
        with factory() as s:
            admin.create_user(s, f"cadre{i}", "cadre", COUNTY, [villages[i % len(villages)]])
        with factory() as s:
            codes.append(admin.create_enrollment_code(s, f"cadre{i}", 1)[0])
    engine.dispose()
    return campaign, villages, codes


def start_server(
    url: str, tmp: Path, port: int, workers: int, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DOORSTEP_SECRET_KEY": BENCH_SECRET,
        "DOORSTEP_ATTACHMENT_DIR": str(tmp / "att"),
        "DOORSTEP_LOG_LEVEL": "WARNING",
        "DOORSTEP_DB_POOL_SIZE": "12",
        **(extra_env or {}),
    }
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "doorstep-server"),
            "serve",
            "--port",
            str(port),
            "--database-url",
            url,
            "--workers",
            str(workers),
        ],
        env=env,
    )


def enroll_devices(server: str, codes: list[str], villages: list[str]) -> list[Device]:
    devices = []
    with httpx.Client(base_url=server, timeout=60) as http:
        for i, code in enumerate(codes):
            key = Ed25519PrivateKey.generate()
            pub = key.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
            r = http.post("/api/v1/enroll", json={"code": code, "public_key": b64encode(pub)})
            r.raise_for_status()
            devices.append(
                Device(villages[i % len(villages)], r.json()["token"], r.json()["device_id"], key)
            )
    return devices


def push_all(
    server: str, devices: list[Device], bodies: list[list[bytes]], started: Any = None
) -> tuple[list[float], list[str], float]:
    """Every device pushes its batches at once, one connection each: (sorted latencies,
    failures, seconds). `started()` runs just before the devices are let go."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(devices) + 1)

    def push(d: Device, batches: list[bytes]) -> None:
        with httpx.Client(base_url=server, timeout=120) as http:
            start.wait()
            for body in batches:
                t0 = time.perf_counter()
                r = http.post("/api/v1/batches", content=body, headers=d.headers(body))
                dt = time.perf_counter() - t0
                ok = r.status_code == 200 and all(
                    x["status"] == "accepted" for x in r.json()["results"]
                )
                with lock:
                    latencies.append(dt)
                    if not ok:
                        failures.append(r.text[:200])

    threads = [threading.Thread(target=push, args=(d, bodies[i])) for i, d in enumerate(devices)]
    for t in threads:
        t.start()
    if started is not None:
        started()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    latencies.sort()
    return latencies, failures, time.perf_counter() - t0


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def bulk_ceiling(
    url: str,
    devices: list[Device],
    batches: int,
    pairs: int,
    campaign: str,
    admin_url: str | None = None,
    database: str = "",
) -> tuple[float, int, float]:
    """The same rows (households and surveys, same answers) by plain bulk INSERT, one
    transaction per batch's worth, from as many concurrent connections as devices:
    (records per second, rows, PostgreSQL CPU seconds when `admin_url` is given)."""
    rows_h: list[dict[str, Any]] = []
    rows_s: list[dict[str, Any]] = []
    for d in devices:
        for _b in range(batches):
            for _i in range(pairs):
                n = 10_000_000 + len(rows_h)
                hid = uuid.uuid4()
                rows_h.append(
                    {
                        "id": hid,
                        "revision": 1,
                        "village_code": d.village,
                        "township_code": d.village[:9],
                        "county_code": COUNTY,
                        "address": f"{n}号",
                        "head_name": "户主",
                        "head_id_number": make_id(n * 7),
                        "hukou_type": "rural",
                        "categories": [],
                    }
                )
                rows_s.append(
                    {
                        "id": uuid.uuid4(),
                        "short_key": "",  # a free one is chosen below
                        "household_id": hid,
                        "campaign_id": uuid.UUID(campaign),
                        "form_id": "household-survey",
                        "form_version": 1,
                        "revision": 1,
                        "status": "submitted",
                        "state": "submitted",
                        "answers": answers(d.village, n),
                        "computed": {},
                        "flags": [],
                        "cadre_id": None,
                        "created_by_device": uuid.UUID(d.device_id),
                        "village_code": d.village,
                        "township_code": d.village[:9],
                        "county_code": COUNTY,
                    }
                )
    from sqlalchemy import select

    from sync.server.models import User

    engine = make_engine(url, 4)
    with make_sessionmaker(engine)() as s:
        cadre = s.scalars(select(User.id)).first()
        # the server drew its short keys at random: the ceiling's rows take free ones
        taken = set(s.scalars(select(Survey.short_key)))
    engine.dispose()
    free = (k for k in (f"{i:08d}" for i in range(10**8)) if k not in taken)
    for r_ in rows_s:
        r_["cadre_id"] = cadre
        r_["short_key"] = next(free)
    bulk_engine = make_engine(url, len(devices))
    chunks = [(rows_h[i : i + pairs], rows_s[i : i + pairs]) for i in range(0, len(rows_h), pairs)]
    per = (len(chunks) + len(devices) - 1) // len(devices)

    def bulk(mine: list[tuple[list[dict[str, Any]], list[dict[str, Any]]]]) -> None:
        for hs, ss in mine:
            with bulk_engine.begin() as conn:
                conn.execute(insert(Household), hs)
                conn.execute(insert(Survey), ss)

    bt = [
        threading.Thread(target=bulk, args=(chunks[i * per : (i + 1) * per],))
        for i in range(len(devices))
    ]
    pg0 = backend_cpu(admin_url, database) if admin_url else {}
    b0 = time.perf_counter()
    for t in bt:
        t.start()
    for t in bt:
        t.join()
    ceiling = (len(rows_h) + len(rows_s)) / (time.perf_counter() - b0)
    pg_cpu = cpu_since(admin_url, database, pg0) if admin_url else 0.0
    bulk_engine.dispose()
    return ceiling, len(rows_h) + len(rows_s), pg_cpu


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--devices", type=int, default=20)
    ap.add_argument("--batches", type=int, default=8, help="batches per device")
    ap.add_argument("--records", type=int, default=100, help="records per batch (even)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="doorstep-bench-"))
    name, url = scratch_database(args.admin_url)
    proc: subprocess.Popen[bytes] | None = None
    try:
        campaign, villages, codes = set_up_county(url, args.devices, tmp)
        port = 18000 + secrets.randbelow(2000)
        proc = start_server(url, tmp, port, args.workers)
        server = f"http://127.0.0.1:{port}"
        wait_ready(proc, server, 60)
        devices = enroll_devices(server, codes, villages)

        pairs = args.records // 2
        bodies = [
            [d.batch(campaign, (di * args.batches + b) * pairs, pairs) for b in range(args.batches)]
            for di, d in enumerate(devices)
        ]
        marks: dict[str, Any] = {}

        def started() -> None:
            marks["pids"] = pids = worker_pids(proc.pid)  # type: ignore[union-attr]
            marks["cpu0"] = cpu_seconds(pids)
            marks["each0"] = [cpu_seconds([p]) for p in pids]
            marks["pg0"] = backend_cpu(args.admin_url, name)
            marks["load"] = os.getloadavg()
            marks["client0"] = time.process_time()  # this process: the devices' HTTP clients

        latencies, failures, elapsed = push_all(server, devices, bodies, started)
        pids = marks["pids"]
        load_at_start = marks["load"]
        server_cpu = cpu_seconds(pids) - marks["cpu0"]
        # how evenly the kernel spread the devices' connections over the workers
        each = [cpu_seconds([p]) - c for p, c in zip(pids, marks["each0"], strict=True)]
        pg_cpu = cpu_since(args.admin_url, name, marks["pg0"])
        client_cpu = time.process_time() - marks["client0"]
        total = len(devices) * args.batches * args.records
        rss = [peak_rss_mb(p) for p in worker_pids(proc.pid)]

        ceiling, bulk_rows, pg_bulk_cpu = bulk_ceiling(
            url, devices, args.batches, pairs, campaign, args.admin_url, name
        )

        rate = total / elapsed
        # The form engine's own share: one Form.review of the same answers, in this process.
        from forms.registry import load_form
        from forms.standards import load_standards

        form, standards = load_form("household-survey", 1), load_standards(COUNTY, 2026)
        sample = [answers(devices[0].village, n) for n in range(200)]
        c0 = time.process_time()
        for a in sample:
            form.review(a, standards, lang="en")
        review_ms = (time.process_time() - c0) * 1000 / len(sample)

        def p(q: float) -> float:
            return percentile(latencies, q) * 1000

        print(
            f"devices {len(devices)}, batches {len(latencies)} x {args.records} records, workers {args.workers}, PostgreSQL"
        )
        print(f"ingest:  {rate:8.0f} records/s   (target >= 1500)")
        print(
            f"latency: p50 {p(0.50):.0f} ms, p99 {p(0.99):.0f} ms per batch (median {statistics.median(latencies) * 1000:.0f} ms)"
        )
        print(f"ceiling: {ceiling:8.0f} records/s plain bulk INSERT of the same rows")
        print(f"ratio:   {rate / ceiling:8.1%} of the ceiling (target >= 30 %)")
        print(
            f"server CPU: {server_cpu * 1000 / total:.2f} ms per record ({server_cpu:.1f} s over {elapsed:.1f} s wall, "
            f"{os.cpu_count()} cores shared with PostgreSQL and this client; "
            f"per process {', '.join(f'{c:.1f}' for c in each)} s)"
        )
        print(
            f"PostgreSQL CPU: {pg_cpu * 1000 / total:.2f} ms per record ingesting, "
            f"{pg_bulk_cpu * 1000 / bulk_rows:.2f} ms in the plain bulk INSERT"
        )
        print(
            f"load client CPU: {client_cpu * 1000 / total:.2f} ms per record; machine load average "
            f"{', '.join(f'{x:.1f}' for x in load_at_start)} when the load began"
            f" (other work on these {os.cpu_count()} cores slows every figure above)"
        )
        print(
            f"form engine: {review_ms:.2f} ms CPU per survey (Form.review), "
            f"{review_ms / 2:.2f} ms per record here (half the records are surveys)"
        )
        print(
            f"memory:  peak RSS per worker {', '.join(f'{m:.0f}' for m in rss)} MB (target <= 300)"
        )
        if failures:
            print(f"FAILED batches: {len(failures)}; first: {failures[0]}")
        print(
            json.dumps(
                {
                    "records_per_s": round(rate),
                    "p50_ms": round(p(0.5)),
                    "p99_ms": round(p(0.99)),
                    "ceiling_per_s": round(ceiling),
                    "ratio": round(rate / ceiling, 3),
                    "peak_rss_mb": [round(m) for m in rss],
                    "server_cpu_ms_per_record": round(server_cpu * 1000 / total, 2),
                    "pg_cpu_ms_per_record": round(pg_cpu * 1000 / total, 2),
                    "pg_bulk_cpu_ms_per_record": round(pg_bulk_cpu * 1000 / bulk_rows, 2),
                    "form_review_ms_per_survey": round(review_ms, 2),
                    "client_cpu_ms_per_record": round(client_cpu * 1000 / total, 2),
                    "load_average_at_start": [round(x, 2) for x in load_at_start],
                    "failed_batches": len(failures),
                }
            )
        )
        return 1 if failures else 0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        drop_database(args.admin_url, name)


if __name__ == "__main__":
    raise SystemExit(main())
