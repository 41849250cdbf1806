"""The supervisor's review queue at campaign scale: time to load a queue of 3,000 surveys into the
screen, time to move from one survey to the next (target ≤ 100 ms per move), and time for the
server to build the township ledger (xlsx) for 3,000 households, and one village's. Prints
figures; asserts nothing.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python bench/review.py [--surveys 3000]`.
The laptop side is a real SQLCipher profile (fast key derivation: unlock is not measured here)
filled the way the changes feed fills it; a move is measured from the key press to the detail
pane showing the next survey (store-thread query, form labels and screening, HTML; the
attachment strip is filled then too, its fetch runs on its own thread afterwards). The server
side is the real app on a SQLite file, fed through signed batches like laptops do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.services import review  # noqa: E402
from desktop.store import profile  # noqa: E402
from desktop.store.keys import new_recovery_keypair  # noqa: E402
from desktop.ui.review.queue_widget import ReviewQueueWidget  # noqa: E402
from desktop.ui.tasks import StoreThread  # noqa: E402
from tests.desktop.conftest import FAST_KDF  # noqa: E402
from tests.desktop.review.queue_data import seed_queue  # noqa: E402


def wait_for(signal: object, action: object, timeout_ms: int = 60_000) -> float:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    t0 = time.perf_counter()
    action()  # type: ignore[operator]
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]
    return (time.perf_counter() - t0) * 1000


def laptop(n: int, folder: Path) -> None:
    app = QApplication.instance() or QApplication([])
    store = profile.create_profile(
        folder / "sup", "bench-passphrase-1", new_recovery_keypair()[1], FAST_KDF
    )
    store.set_actor("sup-001", "device-b")
    t0 = time.perf_counter()
    for start in range(0, n, 500):
        seed_queue(store, min(500, n - start), start=start)
    print(f"feed applied: {n} surveys in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    rows = review.load_queue(store)
    print(f"service load_queue: {len(rows)} rows in {(time.perf_counter() - t0) * 1000:.0f} ms")

    runner = StoreThread()
    w = ReviewQueueWidget(runner, "zh")
    w.resize(1400, 900)
    w.show()
    load_ms = wait_for(w.loaded, lambda: w.set_store(store))
    print(
        f"queue on screen (load + model + filters): {w.model.rowCount()} rows in {load_ms:.0f} ms"
    )
    wait_for(w.detail_shown, lambda: None, 5_000) if w.detail is None else None
    w.table.setFocus()
    moves = []
    for _ in range(100):
        moves.append(wait_for(w.detail_shown, lambda: QTest.keyClick(w.table, Qt.Key.Key_J)))
    moves.sort()
    print(
        f"move to next survey (J until the detail shows), 100 moves: median "
        f"{statistics.median(moves):.1f} ms, p95 {moves[94]:.1f} ms, max {moves[-1]:.1f} ms "
        f"(target ≤ 100 ms)"
    )
    t0 = time.perf_counter()
    w.proxy.sort(6, Qt.SortOrder.DescendingOrder)
    print(f"sort {w.model.rowCount()} rows by age: {(time.perf_counter() - t0) * 1000:.0f} ms")
    t0 = time.perf_counter()
    w.flag_combo.setCurrentIndex(1)
    print(
        f"filter flagged only: {(time.perf_counter() - t0) * 1000:.0f} ms ({w.proxy.rowCount()} rows)"
    )
    w.close()
    runner.stop()
    store.lock()
    del app


def server(n: int, folder: Path) -> None:
    from fastapi.testclient import TestClient

    from sync.server.admin import service as admin
    from sync.server.app import create_app
    from sync.server.db import make_engine, make_sessionmaker
    from sync.server.migrate import upgrade
    from sync.server.settings import Settings
    from tests.sync.conftest import enroll
    from tests.sync.helpers import (
        COUNTY,
        T1,
        V1A,
        V1B,
        household_data,
        push,
        survey_data,
        write_divisions,
    )

    url = f"sqlite:///{folder / 'server.db'}"
    upgrade(url)
    settings = Settings(
        database_url=url,
        secret_key="bench-" + "x" * 40,
        attachment_dir=folder / "att",
        log_level="WARNING",
    )
    engine = make_engine(url, 2)
    factory = make_sessionmaker(engine)
    towns, vills = write_divisions(folder)
    with factory() as s:
        admin.create_county(s, COUNTY, "测试区", towns, vills)
        admin.create_user(s, "cadre1", "cadre", COUNTY, [V1A, V1B])
        admin.create_user(s, "sup_t1", "supervisor", COUNTY, [T1])
        from datetime import date

        camp = admin.create_campaign(s, COUNTY, 2026, "start", date(2026, 3, 1))
        admin.assign(s, camp, "cadre1", [V1A, V1B])
    app = create_app(settings)
    with TestClient(app) as client:
        cadre, sup = enroll(client, factory, "cadre1"), enroll(client, factory, "sup_t1")
        t0 = time.perf_counter()
        made = []
        for start in range(0, n, 200):
            records = []
            for i in range(start, min(n, start + 200)):
                village = V1A if i % 2 else V1B
                hid, sid = uuid.uuid4(), uuid.uuid4()
                made.append((hid, sid, village, i))
                records.append(cadre.record("household", hid, household_data(village, head=i)))
                records.append(cadre.record("survey", sid, survey_data(hid, village, camp, head=i)))
            r = push(client, cadre, records)
            assert r.status_code == 200, r.text
        print(
            f"server fed: {n} households with submitted surveys in {time.perf_counter() - t0:.1f} s"
        )
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            r = client.get(
                "/api/v1/reports/ledger", params={"campaign_id": str(camp)}, headers=sup.auth()
            )
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        print(
            f"township ledger xlsx for {n} households: best {min(times):.0f} ms, "
            f"median {statistics.median(times):.0f} ms ({len(r.content) // 1024} KB)"
        )
        # Conflicting versions the queue marks: one survey in a hundred edited on a stale base.
        stale = [
            cadre.record(
                "survey", sid, survey_data(hid, village, camp, head=i, income=99999), base=0
            )
            for hid, sid, village, i in made[:: max(1, 100)]
        ]
        r = push(client, cadre, stale)
        assert {x["status"] for x in r.json()["results"]} == {"conflict"}
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            r = client.get("/api/v1/review/conflicts", headers=sup.auth())
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        print(
            f"surveys with a conflicting version ({len(r.json())} of {n}): "
            f"best {min(times):.0f} ms, median {statistics.median(times):.0f} ms"
        )
        # The same ledger cut down to one village (half the households): the scope check and
        # narrowing cost next to the rows they save.
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            r = client.get(
                "/api/v1/reports/ledger",
                params={"campaign_id": str(camp), "village": V1A},
                headers=sup.auth(),
            )
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200
        print(
            f"one village's ledger xlsx ({n // 2} households): best {min(times):.0f} ms, "
            f"median {statistics.median(times):.0f} ms ({len(r.content) // 1024} KB)"
        )
    engine.dispose()
    app.state.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--surveys", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        laptop(args.surveys, Path(tmp))
        server(args.surveys, Path(tmp))


if __name__ == "__main__":
    main()
