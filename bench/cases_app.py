"""The supervisor's case queue offline at county scale: 3,000 cases on the laptop, the time for
the queue to open on screen (store-thread query and the table filled), for a filter change, and
for moving from one case to the next (the detail pane showing it). Prints figures; asserts
nothing.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python bench/cases_app.py [--cases 3000]`.
The laptop side is a real SQLCipher profile (fast key derivation: unlock is not measured here)
filled the way the changes feed fills it (households, `case` and `case_rules` changes applied
through the sync store); the server's side of issue 14 is in `bench/cases.py`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.services import cases  # noqa: E402
from desktop.store import profile  # noqa: E402
from desktop.store.keys import new_recovery_keypair  # noqa: E402
from desktop.ui.cases.cases_widget import CaseQueueWidget  # noqa: E402
from desktop.ui.tasks import StoreThread  # noqa: E402
from tests.desktop.cases.case_data import TODAY, as_supervisor, seed_cases  # noqa: E402
from tests.desktop.conftest import FAST_KDF  # noqa: E402


def wait_for(signal: object, action: object, timeout_ms: int = 120_000) -> float:
    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    t0 = time.perf_counter()
    action()  # type: ignore[operator]
    loop.exec()
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--moves", type=int, default=30)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = profile.create_profile(
            Path(tmp) / "sup", "bench-passphrase-1", new_recovery_keypair()[1], FAST_KDF
        )
        store.set_actor("sup-001", "device-b")
        as_supervisor(store)
        t0 = time.perf_counter()
        seed_cases(store, args.cases)
        print(f"seeded {args.cases} cases from the feed in {time.perf_counter() - t0:.1f} s")

        t0 = time.perf_counter()
        rows = cases.load_queue(store, "zh", TODAY)
        print(f"load_queue (service, no Qt): {(time.perf_counter() - t0) * 1000:.0f} ms")

        runner = StoreThread()
        w = CaseQueueWidget(runner, "zh")
        w.today = lambda: TODAY
        w.resize(1280, 800)
        w.show()
        opened = wait_for(w.loaded, lambda: w.set_store(store))
        print(f"queue of {len(rows)} cases open on screen: {opened:.0f} ms")

        t0 = time.perf_counter()
        w.step_combo.setCurrentIndex(w.step_combo.findData("posting"))
        app.processEvents()
        print(
            f"filter by step: {(time.perf_counter() - t0) * 1000:.1f} ms "
            f"({w.proxy.rowCount()} shown)"
        )
        w.step_combo.setCurrentIndex(0)
        app.processEvents()

        moves = []
        for i in range(1, args.moves + 1):
            moves.append(wait_for(w.detail_shown, lambda i=i: w.table.selectRow(i)))
        print(
            f"next case's detail: median {statistics.median(moves):.1f} ms, "
            f"max {max(moves):.1f} ms over {len(moves)} moves"
        )
        w.close()
        runner.stop()
        store.lock()


if __name__ == "__main__":
    main()
