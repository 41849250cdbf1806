"""Sync over a slow rural link: bytes, requests and time of one round, against a naive baseline.

Runs the real sync client and engine (an encrypted laptop profile) against a real
`doorstep-server serve` on loopback, through the test suite's shaping proxy (default 64 kbit/s
each way, 300 ms round trip), and prints for N realistic 6-member household surveys (each with
its household record):

- bytes on the wire per survey, both directions, HTTP headers included (counted by the proxy);
- HTTP requests in the round, against the target ceil(N / batch) + 3;
- the round's wall time against the link's own minimum
  (bytes / bandwidth + round trips x round-trip time, one round trip per request and per new
  connection), as a ratio;

and the same figures for a naive baseline through the same link: one uncompressed JSON POST
per survey to a minimal JSON endpoint answering `{"status": "accepted"}`.

    .venv/bin/python bench/sync_link.py [--surveys 100] [--kbit 64] [--rtt-ms 300]
"""

from __future__ import annotations

import argparse
import http.server
import json
import math
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.services import syncing  # noqa: E402
from desktop.store import profile  # noqa: E402
from desktop.store.keys import new_recovery_keypair  # noqa: E402
from forms import __version__  # noqa: E402
from sync.client import ClientConfig  # noqa: E402
from sync.engine import EngineSettings  # noqa: E402
from sync.server.admin import service as admin  # noqa: E402
from sync.server.db import make_engine, make_sessionmaker  # noqa: E402
from tests.desktop.conftest import FAST_KDF  # noqa: E402
from tests.e2e.conftest import BIN, ServerProcess, seed_divisions  # noqa: E402
from tests.e2e.proxy import Proxy  # noqa: E402
from tests.e2e.work import campaign_of, new_household  # noqa: E402
from tests.sync.helpers import COUNTY, V1A, V1B, survey_answers, write_divisions  # noqa: E402


class _Naive(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        body = b'{"status":"accepted"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--surveys", type=int, default=100)
    ap.add_argument("--kbit", type=float, default=64)
    ap.add_argument("--rtt-ms", type=float, default=300)
    ap.add_argument("--batch", type=int, default=200, help="records per batch (max)")
    args = ap.parse_args()
    bw = args.kbit * 1000 / 8
    rtt = args.rtt_ms / 1000
    n = args.surveys

    import os
    import subprocess

    tmp = Path(tempfile.mkdtemp(prefix="doorstep-bench-"))
    url = f"sqlite:///{tmp / 'server.db'}"
    env = {**os.environ, "DOORSTEP_SECRET_KEY": "bench-" + "z" * 40}
    subprocess.run([str(BIN / "doorstep-server"), "migrate", "--database-url", url],
                   check=True, capture_output=True, env=env)  # fmt: skip
    engine = make_engine(url, 2)
    towns, vills = write_divisions(tmp)
    with make_sessionmaker(engine)() as s:
        admin.create_county(s, COUNTY, "测试区", towns, vills)
        admin.create_user(s, "cadre1", "cadre", COUNTY, [V1A, V1B])
        camp = admin.create_campaign(s, COUNTY, 2026, "start", date(2026, 3, 1))
        admin.assign(s, camp, "cadre1", [V1A, V1B])
    with make_sessionmaker(engine)() as s:
        code, _ = admin.create_enrollment_code(s, "cadre1", 1)
    server = ServerProcess(url, tmp)
    server.start()
    proxy = Proxy(server.port)
    try:
        store = profile.create_profile(
            tmp / "laptop", "bench-passphrase-1", new_recovery_keypair()[1], FAST_KDF
        )
        seed_divisions(store)
        syncing.enroll(store, proxy.url, code)
        settings = EngineSettings(
            app_version=__version__, batch_records_start=args.batch, batch_records_max=args.batch
        )
        cfg = ClientConfig(base_url=proxy.url)
        syncing.run_sync(store, config=cfg, settings=settings)  # first pull, unshaped
        cid = campaign_of(store)
        from desktop.store import records

        bodies = []
        for i in range(n):
            hh = new_household(store, V1A, i)
            answers = survey_answers(V1A, head=i, members=6, income=12000 + i)
            data = records.SurveyData(
                id=f"00000000-0000-4000-8000-{i:012d}",
                household_id=hh,
                form_id="household-survey",
                form_version=1,
                answers=answers,
                status="submitted",
                campaign_id=cid,
            )
            with store.transaction() as s:
                records.save_survey(s, store.actor, data)
            bodies.append(json.dumps({"id": data.id, "household_id": hh, "answers": answers},
                                     ensure_ascii=False).encode())  # fmt: skip

        proxy.bandwidth, proxy.latency = bw, rtt / 2
        proxy.reset_counts()
        conns0 = proxy.connections
        t0 = time.monotonic()
        summary = syncing.run_sync(store, config=cfg, settings=settings)
        wall = time.monotonic() - t0
        assert summary.outcome == "ok", summary
        up, down, reqs = proxy.bytes_up, proxy.bytes_down, proxy.requests
        conns = proxy.connections - conns0
        minimum = (up + down) / bw + (reqs + conns) * rtt
        batches = summary.counts.get("batches", 0)
        target_reqs = math.ceil(2 * n / args.batch) + 3

        # The naive baseline through the same link.
        naive = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Naive)
        threading.Thread(target=naive.serve_forever, daemon=True).start()
        nproxy = Proxy(naive.server_address[1], bandwidth=bw, latency=rtt / 2)
        import requests

        sess = requests.Session()
        t1 = time.monotonic()
        for b in bodies:
            sess.post(nproxy.url + "/surveys", data=b,
                      headers={"Content-Type": "application/json"}, timeout=60)  # fmt: skip
        nwall = time.monotonic() - t1
        nmin = (nproxy.bytes_up + nproxy.bytes_down) / bw + (
            nproxy.requests + nproxy.connections
        ) * rtt
        naive.shutdown()
        nproxy.close()
    finally:
        proxy.close()
        server.stop()
        engine.dispose()

    print(f"link: {args.kbit:g} kbit/s each way, {args.rtt_ms:g} ms round trip; {n} surveys "
          f"of 6 members, each with its household record")  # fmt: skip
    print(f"{'':28}{'doorstep':>14}{'naive':>14}")
    print(f"{'bytes/survey up':28}{up / n:14.0f}{nproxy.bytes_up / n:14.0f}")
    print(f"{'bytes/survey down':28}{down / n:14.0f}{nproxy.bytes_down / n:14.0f}")
    tot, ntot = (up + down) / n, (nproxy.bytes_up + nproxy.bytes_down) / n
    print(f"{'bytes/survey total':28}{tot:14.0f}{ntot:14.0f}   target <= 300")
    print(f"{'HTTP requests':28}{reqs:14d}{nproxy.requests:14d}   target <= {target_reqs} "
          f"(batches of {args.batch} records: {batches})")  # fmt: skip
    print(f"{'round time s':28}{wall:14.2f}{nwall:14.2f}")
    print(f"{'link minimum s':28}{minimum:14.2f}{nmin:14.2f}")
    print(f"{'time / minimum':28}{wall / minimum:14.2f}{nwall / nmin:14.2f}   target <= 1.3")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
