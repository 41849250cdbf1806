"""The desktop app with 20,000 households: time to an unlocked window, search per keystroke,
time to open a survey. Prints figures; asserts nothing.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python bench/app.py [--households 20000]`.
The profile is real SQLCipher with the default key derivation, so "first window" includes it.
Per keystroke is the filter's own time (what the event loop is blocked for once the 150 ms
debounce fires: one substring test per row on its haystack, one model reset); typing faster
than that filters only once per pause, and the key itself only restarts the debounce timer.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.services import households as hh  # noqa: E402
from desktop.services import profiles  # noqa: E402
from desktop.store.keys import new_recovery_keypair  # noqa: E402
from desktop.store.records import HouseholdData  # noqa: E402
from desktop.ui.main_window import MainWindow  # noqa: E402
from desktop.ui.settings import AppSettings  # noqa: E402
from desktop.ui.unlock.unlock_widget import UnlockWidget  # noqa: E402

PASSPHRASE = "村里的路很长-2026"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国秀兰桂英志强海燕明华国庆春梅德胜玉珍"


def wait(app: QApplication, done: object, timeout: float = 120.0) -> None:
    """Run the event loop, checking `done` every 5 ms (a busy processEvents loop crashes)."""
    deadline = time.perf_counter() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: loop.quit() if done() else None)  # type: ignore[operator]
    timer.start()
    while not done():  # type: ignore[operator]
        loop.exec()
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not get there in time")
    timer.stop()


def make_profile(data_dir: Path, n: int) -> tuple[float, float]:
    """The test profile; returns (seconds to create it, seconds to import the registry)."""
    rng = random.Random(7)
    _, public = new_recovery_keypair()
    county = profiles.CountyProfile("421202", "咸安区", public, None)
    t = time.perf_counter()
    store = profiles.create(data_dir / "cadre", PASSPHRASE, PASSPHRASE, county, "cadre-001")
    created = time.perf_counter() - t
    divisions = [hh.DivisionRow("421202", "咸安区", "county", None),
                 hh.DivisionRow("421202101", "某镇", "township", "421202")]  # fmt: skip
    villages = [f"421202101{i:03d}" for i in range(1, 21)]
    divisions += [hh.DivisionRow(v, f"第{i}村", "village", "421202101") for i, v in
                  enumerate(villages, 1)]  # fmt: skip
    rows = [
        HouseholdData(
            id=f"00000000-0000-4000-8000-{i:012d}",
            village_code=villages[i % len(villages)],
            head_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            address=f"{i % 12 + 1}组{i % 97 + 1}号",
            head_id_number=f"421202{1940 + i % 60}{i % 12 + 1:02d}{i % 28 + 1:02d}{i % 1000:03d}X",
            phone=f"139{i:08d}",
            hukou_type="rural",
            origin="registry",
        )
        for i in range(n)
    ]
    t = time.perf_counter()
    hh.import_registry(store, divisions, rows)
    imported = time.perf_counter() - t
    store.lock()
    return created, imported


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20_000)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        created, imported = make_profile(data_dir, args.households)
        print(f"setup: create profile       {created * 1000:.0f} ms (default key derivation)")
        print(f"setup: import registry      {imported:.1f} s (not part of the app's figures)",
              flush=True)  # fmt: skip
        settings = AppSettings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))

        t0 = time.perf_counter()
        w = MainWindow(data_dir, None, "en", settings)
        w.show()
        page = w.unlock_page
        assert isinstance(page, UnlockWidget)
        page.passphrase.insert(PASSPHRASE)
        page.passphrase.returnPressed.emit()
        wait(app, lambda: w.households.model.rowCount() == args.households)
        first_window = time.perf_counter() - t0

        box = w.households
        per_key: list[float] = []
        typing: list[float] = []
        for word in ("王", "王建", "王建国", "4212", "421202", "4212021960", "139000", "3组", "李"):
            box.search.clear()
            box.apply_search()
            typed = ""
            for ch in word:
                typed += ch
                t = time.perf_counter()
                box.search.setText(typed)  # what a key costs while typing (debounce restarts)
                typing.append(time.perf_counter() - t)
                t = time.perf_counter()
                box.apply_search()
                per_key.append(time.perf_counter() - t)
        # The same words through the state and flag filters (selection kept, count updated).
        for code in ("todo", "", "draft", ""):
            box.state_box.setCurrentIndex(box.state_box.findData(code))
        t = time.perf_counter()
        box.flag_box.setCurrentIndex(box.flag_box.findData("dibao_rural"))
        box.flag_box.setCurrentIndex(0)
        flag_switch = (time.perf_counter() - t) / 2

        box.search.clear()
        box.apply_search()
        box.table.selectRow(0)
        t = time.perf_counter()
        box._on_open_clicked()
        wait(app, lambda: w.survey is not None)
        open_survey = time.perf_counter() - t

        ms = sorted(x * 1000 for x in per_key)
        print(f"households                 {args.households}")
        print(f"first unlocked window      {first_window * 1000:.0f} ms (key derivation included)")
        print(f"search per keystroke       median {statistics.median(ms):.1f} ms, "
              f"p90 {ms[int(len(ms) * 0.9)]:.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} keys)")  # fmt: skip
        ts = sorted(x * 1000 for x in typing)
        print(f"key while typing           median {statistics.median(ts):.2f} ms, "
              f"max {ts[-1]:.2f} ms (before the 150 ms debounce fires)")  # fmt: skip
        print(f"flag filter change         {flag_switch * 1000:.1f} ms")
        print(f"open a survey              {open_survey * 1000:.0f} ms")
        w.close()


if __name__ == "__main__":
    main()
