"""`doorstep demo`: a loopback server with a demo county, then the app opened as its cadre.

Asks first whether Qt can open a window here (desktop/qt_probe.py) and, when it cannot, says
which library is missing and the apt line, before starting anything. Starts
`doorstep-server serve` as its own process on 127.0.0.1 with a temporary SQLite database, sets
up the demo county from `resources/demo/` with `doorstep-server admin` (townships, villages, a
cadre and a supervisor, a campaign, 200 clearly fictional households, an enrollment code),
creates a local profile with a printed demo passphrase, enrolls it when the sync helper's
`desktop.services.syncing.enroll` is available and syncs the households from the server (else
the profile stays local, the console says so and the same households are loaded into it
directly), and opens the window unlocked. Everything lives in one temporary folder. Nothing is
left behind: on a normal exit, SIGTERM or SIGINT this process stops the server and removes the folder;
when it dies without clean-up (SIGKILL, a Qt abort) the server, which watches it, stops and
removes the folder itself.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop.services import households as hh
from desktop.services import profiles
from desktop.store.keys import new_recovery_keypair
from desktop.store.profile import Store
from desktop.store.records import HouseholdData
from forms.idnumber import make_id_number

DEMO_DIR = Path(__file__).resolve().parents[1] / "resources" / "demo"
COUNTY, COUNTY_NAME = "421202", "咸安区（演示）"
PASSPHRASE = "演示口令-入户通-2026"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国秀英桂兰志强春梅小军海燕德华玉珍国庆丽娟明辉金凤"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_command() -> list[str]:
    exe = Path(sys.executable).parent / "doorstep-server"
    found = str(exe) if exe.exists() else shutil.which("doorstep-server")
    if not found:
        raise SystemExit("doorstep-server is not installed (pip install -e .)")
    return [found]


def _server_env() -> dict[str, str]:
    """Demo mode: the server accepts its built-in demo secret on loopback."""
    return {**os.environ, "DOORSTEP_DEMO": "1"}


def _admin(db_url: str, *args: str) -> str:
    out = subprocess.run(
        [*_server_command(), "admin", "--database-url", db_url, *args],
        capture_output=True, text=True, check=False, env=_server_env(),
    )  # fmt: skip
    if out.returncode != 0:
        raise SystemExit(f"demo set-up failed at `admin {args[0]}`: {out.stderr.strip()}")
    return out.stdout.strip()


def demo_households(n: int = 200, seed: int = 2026) -> list[HouseholdData]:
    """Fictional households: made-up names, valid-looking but invented ID numbers."""
    rng = random.Random(seed)
    villages = [
        r["code"] for r in csv.DictReader((DEMO_DIR / "villages.csv").open(encoding="utf-8"))
    ]
    rows = []
    for i in range(n):
        village = villages[i % len(villages)]
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60))
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
        rows.append(
            HouseholdData(
                id=str(uuid.UUID(int=rng.getrandbits(128))),
                village_code=village,
                head_name=name,
                address=f"{rng.randint(1, 9)}组{rng.randint(1, 60)}号",
                head_id_number=make_id_number(COUNTY, born, 100 + i),
                phone=f"139{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else None,
                hukou_type="rural" if rng.random() < 0.8 else "urban",
                categories=("dibao_rural",) if rng.random() < 0.3 else (),
                origin="registry",
            )
        )
    return rows


def _write_households_csv(path: Path, rows: list[HouseholdData]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["village_code", "head_name", "head_id_number", "address", "phone",
                    "hukou_type", "categories"])  # fmt: skip
        for r in rows:
            w.writerow([r.village_code, r.head_name, r.head_id_number, r.address, r.phone or "",
                        r.hukou_type, ",".join(r.categories)])  # fmt: skip


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the demo server stopped while starting")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            try:
                proc.wait(timeout=0.2)  # the pause between tries, cut short if the server dies
            except subprocess.TimeoutExpired:
                continue
    raise SystemExit("the demo server did not answer /healthz in time")


def _local_divisions() -> list[hh.DivisionRow]:
    rows = [hh.DivisionRow(COUNTY, COUNTY_NAME, "county", None)]
    for t in csv.DictReader((DEMO_DIR / "townships.csv").open(encoding="utf-8")):
        rows.append(hh.DivisionRow(t["code"], t["name"], "township", COUNTY))
    for v in csv.DictReader((DEMO_DIR / "villages.csv").open(encoding="utf-8")):
        rows.append(hh.DivisionRow(v["code"], v["name"], "village", v["township_code"]))
    return rows


def _start_server(root: Path, db_url: str, port: int) -> tuple[subprocess.Popen[bytes], int | None]:
    """`serve --migrate` on loopback, watching this process (see sync/server/parent_watch.py):
    however this process ends, even by SIGKILL or a Qt abort, the server stops and removes
    `root`. Returns the process and, on POSIX, the pipe end whose closing tells it to go."""
    command = [*_server_command(), "serve", "--migrate", "--host", "127.0.0.1",
               "--port", str(port), "--database-url", db_url, "--remove-on-exit", str(root)]  # fmt: skip
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if os.name != "posix":
        command += ["--parent-pid", str(os.getpid())]
        return subprocess.Popen(command, env=_server_env(), **quiet), None
    read_end, write_end = os.pipe()  # both non-inheritable: no other child holds the pipe open
    try:
        proc = subprocess.Popen([*command, "--parent-fd", str(read_end)], pass_fds=(read_end,),
                                env=_server_env(), **quiet)  # fmt: skip
    except BaseException:
        os.close(write_end)
        raise
    finally:
        os.close(read_end)
    return proc, write_end


def set_up(root: Path) -> tuple[Store, subprocess.Popen[bytes], str, str]:
    """Server, county and a local profile (docs/screenshots.py, bench/app.py); returns the store,
    the server process, its URL and a line saying how the profile was enrolled. The server stops
    when the caller terminates it, or at the latest when this process ends."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc, _pipe = _start_server(root, f"sqlite:///{root / 'server.db'}", port)
    store, how = populate(root, proc, url)
    return store, proc, url, how


def populate(root: Path, proc: subprocess.Popen[bytes], url: str) -> tuple[Store, str]:
    """County and a local profile against the running server; returns the store and a line
    saying how the profile was enrolled."""
    db_url = f"sqlite:///{root / 'server.db'}"
    _wait_healthy(url, proc)  # migrated: the admin steps below need the tables
    _admin(db_url, "create-county", COUNTY, COUNTY_NAME,
           "--townships", str(DEMO_DIR / "townships.csv"),
           "--villages", str(DEMO_DIR / "villages.csv"))  # fmt: skip
    villages = [v.code for v in _local_divisions() if v.level == "village"]
    _admin(db_url, "create-user", "cadre-demo", "--role", "cadre", "--county", COUNTY,
           "--scope", *villages, "--display-name", "演示干部")  # fmt: skip
    # The demo's supervisor reviews first, at township level (all the demo townships), so what
    # the demo cadre submits reaches a queue; a county-level reviewer sees only what townships
    # approved.
    townships = [d.code for d in _local_divisions() if d.level == "township"]
    _admin(db_url, "create-user", "supervisor-demo", "--role", "supervisor", "--county", COUNTY,
           "--scope", *townships, "--display-name", "演示审核员")  # fmt: skip
    today = date.today()
    campaign_id = _admin(db_url, "create-campaign", "--county", COUNTY, "--year", str(today.year),
                         "--round", "start", "--starts", today.isoformat()).splitlines()[-1]  # fmt: skip
    rows = demo_households()
    _write_households_csv(root / "households.csv", rows)
    _admin(db_url, "import-households", "--county", COUNTY, str(root / "households.csv"))
    _admin(db_url, "assign", "--campaign", campaign_id, "--user", "cadre-demo",
           "--village", *villages)  # fmt: skip
    code = _admin(db_url, "enrollment-code", "cadre-demo").split()[0]

    county = profiles.CountyProfile(COUNTY, COUNTY_NAME, new_recovery_keypair()[1], url)
    store = profiles.create(root / "profiles" / "cadre", PASSPHRASE, PASSPHRASE, county,
                            "cadre-demo")  # fmt: skip
    how = "local profile (the sync helper is not available: not enrolled)"
    # Division names first: the feed names villages by code only.
    hh.import_registry(store, _local_divisions(), [])
    try:
        from desktop.services import syncing

        syncing.enroll(store, url, code, label="demo laptop")
        how = f"enrolled with the server at {url} as cadre-demo"
        # The server gave the households its own ids: a local copy too would show each twice
        # after the first sync.
        if syncing.run_sync(store).outcome == "ok":
            return store, how + "; households synced from it"
    except Exception as exc:  # the demo still works offline
        how = f"local profile (enrollment failed: {type(exc).__name__}); households loaded locally"
    hh.import_registry(store, _local_divisions(), rows)
    return store, how


def _exit_on_signal(signum: int, _frame: object) -> None:
    # Before the window opens (desktop/app.py handles them then): unwind through `finally`.
    raise SystemExit(128 + signum)


def _stop(proc: subprocess.Popen[bytes], pipe: int | None) -> None:
    if pipe is not None:
        os.close(pipe)  # the server sees its parent go and shuts down
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main(args: argparse.Namespace) -> int:
    with_window = not getattr(args, "no_window", False)
    if with_window:
        # Before anything is started: when Qt cannot open a window, say what to install.
        from desktop.qt_probe import qt_start_problem

        problem = qt_start_problem()
        if problem is not None:
            print(problem.message(), file=sys.stderr)
            return 3
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _exit_on_signal)
    root = Path(tempfile.mkdtemp(prefix="doorstep-demo-"))
    proc: subprocess.Popen[bytes] | None = None
    pipe: int | None = None
    try:
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        proc, pipe = _start_server(root, f"sqlite:///{root / 'server.db'}", port)
        store, how = populate(root, proc, url)
        print(f"Doorstep demo: server {url}; {how}.", flush=True)
        print(f"Demo passphrase (to unlock after a lock): {PASSPHRASE}", flush=True)
        if not with_window:
            store.lock()
            return 0
        from desktop.app import open_window

        return open_window(root / "profiles", None, getattr(args, "lang", None), store)
    finally:
        if proc is not None:
            _stop(proc, pipe)
        elif pipe is not None:
            os.close(pipe)
        shutil.rmtree(root, ignore_errors=True)
