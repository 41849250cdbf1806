"""Soak: `doorstep-server serve` on PostgreSQL under 20 concurrent devices for ten minutes.

Each device is a thread with the real sync client (`sync.client.SyncClient`, enrolled with a
one-time code like a laptop): it pushes a signed batch of new households and their surveys, pulls
the changes feed until it is done, waits a moment (0-0.5 s) and goes again. Supervisors' devices
(two of the 20) pull only. Every minute it prints the requests, errors, p50/p99 latency of that
minute and the server's resident memory (all its processes); at the end it fits a line to the
memory samples of the second half and says whether memory still grows. Not part of CI.

    .venv/bin/python bench/soak.py [--minutes 10] [--devices 20] [--workers 1]
        [--records 20] [--admin-url postgresql://postgres@127.0.0.1:5432/test]

It creates a scratch database `doorstep_soak_<hex>` and drops it at the end.
"""

# ruff: noqa: E402  (sys.path is fixed before the imports, see below)
from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds other scripts (bench/forms.py) whose names would shadow the project's packages.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import os
import random
import secrets
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import psycopg

from sync.client import ClientConfig, DeviceIdentity, SyncClient, SyncError
from sync.protocol import Batch, EnrollRequest, encode_batch
from sync.server.admin import service as admin
from sync.server.admin.campaigns import assign, create_campaign
from sync.server.db import make_engine, make_sessionmaker
from sync.server.migrate import upgrade
from tests.sync.helpers import answers_for, member, wait_ready

COUNTY = "421299"
TOWN = f"{COUNTY}001"
SECRET = "bench-soak-secret-" + "x" * 40
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
NAMES = ["测试甲某", "测试乙某", "测试丙某", "测试丁某"]


def make_id(rng: random.Random) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(20000))
    body = f"{COUNTY}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + CHECK[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]


def answers(rng: random.Random, village: str) -> dict[str, Any]:
    members = [
        member(rng.choice(NAMES), make_id(rng), "head" if i == 0 else "child")
        for i in range(rng.randrange(1, 5))
    ]
    return answers_for(
        village, members, members[0]["name"], income=rng.randrange(5000),
        address=f"某组{rng.randrange(100)}号", recommendation_reason="核实",
    )  # fmt: skip


# --- what the run records ---------------------------------------------------------------------


@dataclass
class Sample:
    at: float
    ms: float
    ok: bool
    kind: str


@dataclass
class Log:
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: list[Sample] = field(default_factory=list)
    records_sent: int = 0
    rejected: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)

    def add(self, s: Sample, error: str = "") -> None:
        with self.lock:
            self.samples.append(s)
            if error:
                self.error_kinds[error] = self.error_kinds.get(error, 0) + 1


@dataclass
class Device:
    name: str
    village: str | None  # None: a supervisor's laptop, which only pulls
    client: SyncClient
    campaign: str
    rng: random.Random
    seq: int = 0
    cursor: str | None = None

    def batch(self, n: int) -> bytes:
        assert self.village is not None
        records = []
        for _ in range(n // 2):
            hid = uuid.uuid4()
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
                        "address": "某组1号",
                        "head_name": self.rng.choice(NAMES),
                        "head_id_number": make_id(self.rng),
                        "hukou_type": "rural",
                    },
                }
            )
            self.seq += 1
            records.append(
                {
                    "kind": "survey",
                    "id": str(uuid.uuid4()),
                    "revision": 1,
                    "base_revision": 0,
                    "seq": self.seq,
                    "data": {
                        "household_id": str(hid),
                        "campaign_id": self.campaign,
                        "form_id": "household-survey",
                        "form_version": 1,
                        "status": "submitted",
                        "answers": answers(self.rng, self.village),
                    },
                }
            )
        assert self.client.identity is not None
        batch = Batch.model_validate(
            {
                "batch_id": str(uuid.uuid4()),
                "device_id": str(self.client.identity.device_id),
                "records": records,
            }
        )
        return encode_batch(batch)


def timed_call(log: Log, kind: str, fn: Any) -> Any:
    t0 = time.perf_counter()
    try:
        out = fn()
    except SyncError as exc:
        log.add(
            Sample(time.time(), (time.perf_counter() - t0) * 1000, False, kind), type(exc).__name__
        )
        return None
    log.add(Sample(time.time(), (time.perf_counter() - t0) * 1000, True, kind))
    return out


def run_device(dev: Device, log: Log, records: int, stop: threading.Event) -> None:
    while not stop.is_set():
        if dev.village is not None:
            body = dev.batch(records)
            result = timed_call(log, "batch", lambda body=body: dev.client.post_batch(body))
            if result is not None:
                bad = [r for r in result.results if r.status not in ("accepted", "duplicate")]
                with log.lock:
                    log.records_sent += len(result.results)
                    log.rejected += len(bad)
        while not stop.is_set():
            page = timed_call(log, "changes", lambda: dev.client.changes(dev.cursor, 500))
            if page is None:
                break
            dev.cursor = page.cursor
            if page.done:
                break
        stop.wait(dev.rng.uniform(0, 0.5))


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_pids(root: int) -> list[int]:
    """The server process and its descendants (uvicorn's supervisor and workers)."""
    parent: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry.name)] = int(stat[1])
    out, frontier = [root], [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p]
        out += kids
        frontier += kids
    return out


def rss_mb(root: int) -> float:
    total = 0
    for pid in tree_pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def slope_per_minute(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) in MB per minute."""
    if len(points) < 2:
        return 0.0
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return 60 * sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def setup(url: str, devices: int, tmp: Path) -> tuple[str, list[tuple[str, str | None]]]:
    """A county with one village per cadre, a campaign, the assignments; (campaign, users)."""
    cadres = devices - min(2, devices // 10)
    towns = tmp / "townships.csv"
    towns.write_text(f"code,name,county_code\n{TOWN},一号镇,{COUNTY}\n", encoding="utf-8")
    vills = tmp / "villages.csv"
    villages = [f"{TOWN}{i + 1:03d}" for i in range(cadres)]
    vills.write_text(
        "code,name,township_code\n"
        + "".join(f"{v},{i}村,{TOWN}\n" for i, v in enumerate(villages)),
        encoding="utf-8",
    )
    engine = make_engine(url, 2)
    factory = make_sessionmaker(engine)
    users: list[tuple[str, str | None]] = []
    with factory() as s:
        admin.create_county(s, COUNTY, "测试县", towns, vills)
        campaign = create_campaign(s, COUNTY, 2026, "start", date(2026, 3, 1))
        for i, v in enumerate(villages):
            admin.create_user(s, f"cadre{i}", "cadre", COUNTY, [v])
            assign(s, campaign, f"cadre{i}", [v])
            users.append((f"cadre{i}", v))
        for i in range(devices - cadres):
            admin.create_user(s, f"sup{i}", "supervisor", COUNTY, [TOWN])
            users.append((f"sup{i}", None))
    engine.dispose()
    return str(campaign), users


def enroll(url: str, base: str, users: list[tuple[str, str | None]], campaign: str) -> list[Device]:
    engine = make_engine(url, 2)
    factory = make_sessionmaker(engine)
    out = []
    for k, (name, village) in enumerate(users):
        with factory() as s:
            code, _ = admin.create_enrollment_code(s, name, 1)
        key, pub = DeviceIdentity.new_key()
        client = SyncClient(ClientConfig(base_url=base, read_timeout=120))
        reply = client.enroll(EnrollRequest(code=code, public_key=pub, app_version="0.1.0"))
        client.identity = DeviceIdentity(reply.device_id, reply.token, key)
        out.append(Device(name, village, client, campaign, random.Random(k)))
    engine.dispose()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--devices", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--records", type=int, default=20, help="records per batch (half surveys)")
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()

    name = f"doorstep_soak_{secrets.token_hex(5)}"
    with psycopg.connect(args.admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = args.admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    url = f"{url}/{name}"
    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    proc: subprocess.Popen[bytes] | None = None
    try:
        upgrade(url)
        campaign, users = setup(url, args.devices, tmp)
        port = free_port()
        env = {
            **os.environ,
            "DOORSTEP_SECRET_KEY": SECRET,
            "DOORSTEP_ATTACHMENT_DIR": str(tmp / "att"),
            "DOORSTEP_LOG_LEVEL": "WARNING",
        }
        server_log = (tmp / "server.log").open("wb")
        proc = subprocess.Popen(
            [str(Path(sys.executable).parent / "doorstep-server"), "serve", "--host",
             "127.0.0.1", "--port", str(port), "--database-url", url, "--workers",
             str(args.workers)],
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        wait_ready(proc, base, 60)
        devices = enroll(url, base, users, campaign)
        pushers = sum(1 for d in devices if d.village)
        print(
            f"soak: {len(devices)} devices ({pushers} cadres pushing {args.records}-record "
            f"batches and pulling, {len(devices) - pushers} supervisors pulling), "
            f"{args.workers} worker(s), {args.minutes:g} min, PostgreSQL, {os.cpu_count()} cores"
        )
        log = Log()
        stop = threading.Event()
        threads = [
            threading.Thread(target=run_device, args=(d, log, args.records, stop), daemon=True)
            for d in devices
        ]
        start = time.time()
        rss_points: list[tuple[float, float]] = [(0.0, rss_mb(proc.pid))]
        print(f"  start: server RSS {rss_points[0][1]:.0f} MB")
        print(
            f"  {'min':>5} {'requests':>9} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} "
            f"{'batches':>7} {'pulls':>6} {'RSS MB':>7}"
        )
        for t in threads:
            t.start()
        total = args.minutes * 60
        minute = 0
        seen = 0
        while time.time() - start < total:
            next_mark = min(total, (minute + 1) * 60)
            while time.time() - start < next_mark:
                stop.wait(min(5.0, max(0.05, next_mark - (time.time() - start))))
                rss_points.append((time.time() - start, rss_mb(proc.pid)))
            minute += 1
            with log.lock:
                window = log.samples[seen:]
                seen = len(log.samples)
            ms = [s.ms for s in window]
            errs = sum(1 for s in window if not s.ok)
            print(
                f"  {next_mark / 60:>5.1f} {len(window):>9} {errs:>6} {pct(ms, 0.5):>8.1f} "
                f"{pct(ms, 0.99):>8.1f} {sum(1 for s in window if s.kind == 'batch'):>7} "
                f"{sum(1 for s in window if s.kind == 'changes'):>6} {rss_points[-1][1]:>7.0f}"
            )
        stop.set()
        for t in threads:
            t.join(timeout=120)
        all_ms = [s.ms for s in log.samples]
        errors = sum(1 for s in log.samples if not s.ok)
        first_half = [(t, m) for t, m in rss_points if t < total / 2]
        half = [(t, m) for t, m in rss_points if t >= total / 2]
        early, late = slope_per_minute(first_half), slope_per_minute(half)
        peak = max(m for _, m in rss_points)
        print(
            f"total: {len(log.samples)} requests, {errors} errors {log.error_kinds or ''}, "
            f"p50 {pct(all_ms, 0.5):.1f} ms, p99 {pct(all_ms, 0.99):.1f} ms; "
            f"{log.records_sent} records sent, {log.rejected} not accepted; "
            f"retries {sum(d.client.traffic.retries for d in devices)}"
        )
        # Flat: under 1 MB/min. Levelling off: the second half grows at under half the rate of
        # the first (warm-up: caches, pools, the feed's pages growing with the data).
        if late <= 1.0:
            verdict = "flat: no unbounded growth"
        elif late < early / 2:
            verdict = "levelling off (warm-up); run longer to be sure"
        else:
            verdict = "STILL GROWING: look for a leak"
        print(
            f"memory: start {rss_points[0][1]:.0f} MB, peak {peak:.0f} MB, end "
            f"{rss_points[-1][1]:.0f} MB; slope first half {early:+.2f} MB/min, second half "
            f"{late:+.2f} MB/min -> {verdict}"
        )
        for d in devices:
            d.client.close()
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        with psycopg.connect(args.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
