"""Benchmark: the server scaled out, 1, 2 and 4 `doorstep-server serve` nodes behind HAProxy.

For each node count: a scratch PostgreSQL database, the nodes (one worker each) behind HAProxy
(tests/e2e/balancer.py: round robin, health checks on /readyz), and the load of
bench/server_ingest.py through the balancer (devices pushing 100-record batches at once):
records per second and p50/p99 per batch, each against the plain bulk-INSERT ceiling of the same
rows measured in the same run. Then photos: devices upload photos in 1 MiB chunks through the
balancer to two nodes whose attachment store is an S3 bucket on `moto_server` (a local process),
against a direct PUT of the same bytes to the same bucket through boto3.

    .venv/bin/python bench/scale_out.py [--nodes 1 2 4] [--devices 20] [--batches 6]
        [--photos 40] [--photo-kb 800] [--admin-url postgresql://postgres@127.0.0.1:5432/test]

Needs haproxy (Debian package) and the test extra (moto[server], boto3). On this machine every
process (nodes, HAProxy, PostgreSQL, moto, the load client) shares the same two cores, so more
nodes add queueing, not CPU: the figures show the overhead of scaling out, not its gain.
"""

# ruff: noqa: E402  (sys.path is fixed before the imports, see below)
from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from typing import Any

import boto3
import httpx
from server_ingest import (
    Device,
    bulk_ceiling,
    drop_database,
    enroll_devices,
    percentile,
    push_all,
    scratch_database,
    set_up_county,
    start_server,
)

from sync.client import DeviceIdentity, sign_request
from sync.protocol import Batch, encode_batch
from tests.e2e.balancer import PROXY_SOURCE, Balancer, haproxy_binary
from tests.sync.helpers import wait_ready

CHUNK = 1024 * 1024
S3_KEYS = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench-secret"}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """n nodes and a balancer over one scratch database; stopped and dropped by `close`."""

    def __init__(
        self, admin_url: str, nodes: int, devices: int, extra_env: dict[str, str] | None = None
    ) -> None:
        self.admin_url = admin_url
        self.tmp = Path(tempfile.mkdtemp(prefix="doorstep-scale-"))
        self.name, self.url = scratch_database(admin_url, "doorstep_scale")
        self.procs: list[subprocess.Popen[bytes]] = []
        self.balancer: Balancer | None = None
        self.campaign, villages, codes = set_up_county(self.url, devices, self.tmp)
        env = {"DOORSTEP_TRUSTED_PROXIES": PROXY_SOURCE, **(extra_env or {})}
        ports = []
        for _ in range(nodes):
            port = free_port()
            proc = start_server(self.url, self.tmp, port, 1, env)
            self.procs.append(proc)
            wait_ready(proc, f"http://127.0.0.1:{port}", 60)
            ports.append(port)
        self.balancer = Balancer(ports, self.tmp / "lb")
        self.balancer.start()
        self.balancer.wait_until(
            lambda s: len(s) == nodes and all(v == "UP" for v in s.values()), "all nodes UP"
        )
        self.devices = enroll_devices(self.balancer.url, codes, villages)

    def close(self) -> None:
        if self.balancer is not None:
            self.balancer.stop()
        for p in self.procs:
            p.terminate()
            p.wait(timeout=20)
        drop_database(self.admin_url, self.name)
        shutil.rmtree(self.tmp, ignore_errors=True)


def ingest(admin_url: str, nodes: int, devices: int, batches: int, records: int) -> dict[str, Any]:
    cluster = Cluster(admin_url, nodes, devices)
    try:
        assert cluster.balancer is not None
        pairs = records // 2
        bodies = [
            [d.batch(cluster.campaign, (di * batches + b) * pairs, pairs) for b in range(batches)]
            for di, d in enumerate(cluster.devices)
        ]
        load = os.getloadavg()
        latencies, failures, elapsed = push_all(cluster.balancer.url, cluster.devices, bodies)
        ceiling, _rows, _cpu = bulk_ceiling(cluster.url, cluster.devices, batches, pairs,
                                            cluster.campaign)  # fmt: skip
    finally:
        cluster.close()
    rate = devices * batches * records / elapsed
    return {
        "nodes": nodes,
        "records_per_s": round(rate),
        "p50_ms": round(percentile(latencies, 0.5) * 1000),
        "p99_ms": round(percentile(latencies, 0.99) * 1000),
        "ceiling_per_s": round(ceiling),
        "ratio": round(rate / ceiling, 3),
        "failed_batches": len(failures),
        "load_average_at_start": round(load[0], 2),
    }


def photo_batch(d: Device, campaign: str, photos: list[bytes], base_n: int) -> bytes:
    import server_ingest

    records = []
    for i, photo in enumerate(photos):
        hid, sid, n = uuid.uuid4(), uuid.uuid4(), base_n + i
        survey = {
            "household_id": str(hid),
            "campaign_id": campaign,
            "form_id": "household-survey",
            "form_version": 1,
            "status": "submitted",
            "answers": server_ingest.answers(d.village, n),
        }
        household = {
            "village_code": d.village,
            "address": f"{n}号",
            "head_name": "户主",
            "head_id_number": server_ingest.make_id(n * 7),
            "hukou_type": "rural",
        }
        ref = {
            "survey_id": str(sid),
            "sha256": hashlib.sha256(photo).hexdigest(),
            "size": len(photo),
            "kind": "photo",
        }
        for kind, rid, data in (("household", hid, household), ("survey", sid, survey),
                                ("attachment", uuid.uuid4(), ref)):  # fmt: skip
            d.seq += 1
            records.append({"kind": kind, "id": str(rid), "revision": 1, "base_revision": 0,
                            "seq": d.seq, "data": data})  # fmt: skip
    return encode_batch(
        Batch.model_validate(
            {"batch_id": str(uuid.uuid4()), "device_id": d.device_id, "records": records}
        )
    )


def upload(http: httpx.Client, d: Device, photo: bytes) -> None:
    sha = hashlib.sha256(photo).hexdigest()
    for off in range(0, len(photo), CHUNK):
        chunk = photo[off : off + CHUNK]
        target = f"/api/v1/attachments/{sha}?offset={off}"
        ident = DeviceIdentity(uuid.UUID(str(d.device_id)), d.token, d.key)
        signed = sign_request(ident, "PUT", target, chunk, time.time())
        r = http.put(
            target,
            content=chunk,
            headers={
                "Authorization": f"Bearer {d.token}",
                **signed,
                "Content-Type": "application/octet-stream",
            },
        )
        r.raise_for_status()
    if not r.json()["complete"]:
        raise RuntimeError("the upload did not complete")


def photos(admin_url: str, devices: int, count: int, size: int) -> dict[str, Any]:
    port = free_port()
    moto = subprocess.Popen(
        [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    cluster: Cluster | None = None
    try:
        deadline = time.monotonic() + 30
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **S3_KEYS)
        while True:
            try:
                s3.create_bucket(Bucket="doorstep")
                s3.create_bucket(Bucket="direct")
                break
            except Exception:
                if time.monotonic() > deadline or moto.poll() is not None:
                    raise
                threading.Event().wait(0.1)
        env = {
            "DOORSTEP_STORAGE": "s3",
            "DOORSTEP_S3_ENDPOINT_URL": endpoint,
            "DOORSTEP_S3_BUCKET": "doorstep",
            "DOORSTEP_S3_ACCESS_KEY_ID": S3_KEYS["aws_access_key_id"],
            "DOORSTEP_S3_SECRET_ACCESS_KEY": S3_KEYS["aws_secret_access_key"],
            "DOORSTEP_MAX_ATTACHMENT_BYTES": str(max(size * 2, 1 << 20)),
        }
        cluster = Cluster(admin_url, 2, devices, env)
        assert cluster.balancer is not None
        rng = random.Random(16)
        per = max(1, count // devices)
        mine = [[rng.randbytes(size) for _ in range(per)] for _ in cluster.devices]
        with httpx.Client(base_url=cluster.balancer.url, timeout=120) as http:
            for di, d in enumerate(cluster.devices):
                body = photo_batch(d, cluster.campaign, mine[di], di * 1000)
                r = http.post("/api/v1/batches", content=body, headers=d.headers(body))
                r.raise_for_status()
        total = sum(len(p) for ps in mine for p in ps)

        def run(work: Any) -> float:
            threads = [threading.Thread(target=work, args=(i,)) for i in range(len(mine))]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return time.perf_counter() - t0

        def through_server(i: int) -> None:
            with httpx.Client(base_url=cluster.balancer.url, timeout=120) as http:  # type: ignore[union-attr]
                for p in mine[i]:
                    upload(http, cluster.devices[i], p)  # type: ignore[union-attr]

        def direct(i: int) -> None:
            client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **S3_KEYS)
            for j, p in enumerate(mine[i]):
                client.put_object(Bucket="direct", Key=f"{i}/{j}", Body=p)

        direct_s = run(direct)
        server_s = run(through_server)
        # the bucket holds every photo whole
        for ps in mine:
            for p in ps:
                sha = hashlib.sha256(p).hexdigest()
                got = s3.get_object(Bucket="doorstep", Key=f"{sha[:2]}/{sha}")["Body"].read()
                assert got == p
    finally:
        if cluster is not None:
            cluster.close()
        moto.terminate()
        moto.wait(timeout=20)
    return {
        "photos": per * devices,
        "photo_kb": size // 1024,
        "through_server_mb_s": round(total / server_s / 1e6, 2),
        "direct_put_mb_s": round(total / direct_s / 1e6, 2),
        "ratio": round(direct_s / server_s, 3),
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--nodes", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--devices", type=int, default=20)
    ap.add_argument("--batches", type=int, default=6, help="batches per device")
    ap.add_argument("--records", type=int, default=100, help="records per batch (even)")
    ap.add_argument("--photos", type=int, default=40)
    ap.add_argument("--photo-kb", type=int, default=800)
    ap.add_argument("--photo-devices", type=int, default=8)
    ap.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = ap.parse_args()
    if haproxy_binary() is None:
        print("haproxy is not installed (apt-get install haproxy)", file=sys.stderr)
        return 2
    results = []
    for n in args.nodes:
        r = ingest(args.admin_url, n, args.devices, args.batches, args.records)
        results.append(r)
        print(
            f"{n} node(s) behind HAProxy: {r['records_per_s']:6d} records/s, p50 {r['p50_ms']} ms, "
            f"p99 {r['p99_ms']} ms per batch; ceiling {r['ceiling_per_s']} records/s "
            f"(plain bulk INSERT, same run): {r['ratio']:.1%}; load {r['load_average_at_start']}"
            + (f"; FAILED {r['failed_batches']}" if r["failed_batches"] else "")
        )
    ph = photos(args.admin_url, args.photo_devices, args.photos, args.photo_kb * 1024)
    print(
        f"photos: {ph['photos']} x {ph['photo_kb']} KB through HAProxy and 2 nodes to S3 "
        f"{ph['through_server_mb_s']} MB/s; direct PUT of the same bytes {ph['direct_put_mb_s']} "
        f"MB/s: {ph['ratio']:.1%}"
    )
    print(json.dumps({"ingest": results, "photos": ph}))
    return 1 if any(r["failed_batches"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
