"""The desktop app with 20,000 households: time to an unlocked window, search per keystroke,
time to open a survey, the longest event-loop stall while autosave and a sync round run during
typing, and the app's peak resident memory. Prints figures; asserts nothing.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python bench/app.py [--households 20000]`.
The profile is real SQLCipher with the default key derivation, so "first window" includes it.
Per keystroke is the filter's own time (what the event loop is blocked for once the 150 ms
debounce fires: one substring test per row on its haystack, one model reset); typing faster
than that filters only once per pause, and the key itself only restarts the debounce timer.

The stall is measured on a second profile enrolled with a real `doorstep-server serve` on
loopback (the demo county, as `doorstep demo` sets it up, plus the same 20,000 households): a
survey is open, a key is typed into an answer every 120 ms, autosave fires and a "Sync now"
round runs (pull, push of completed surveys, digest) while a 5 ms timer records how late each of
its ticks comes; the longest lateness is the stall (target <= 100 ms).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import demo  # noqa: E402
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


def registry(n: int, villages: list[str]) -> list[HouseholdData]:
    rng = random.Random(7)
    return [
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


class StallMeter:
    """A 5 ms timer on the GUI thread; how late its ticks come is how long the loop was blocked."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.late: list[float] = []
        self._last = 0.0

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late.append(max(0.0, now - self._last - 0.005))
        self._last = now


def measure_stall(app: QApplication, root: Path, n: int, settings: AppSettings) -> dict[str, float]:
    """Type into an open survey while autosave and a real sync round run; see the docstring."""
    from desktop.services import syncing
    from desktop.services.surveys import SurveyService

    store, proc, _url, _how = demo.set_up(root)
    try:
        villages = [d.code for d in demo._local_divisions() if d.level == "village"]
        hh.import_registry(store, demo._local_divisions(), registry(n, villages))
        first = syncing.run_sync(store)  # campaign and assignments arrive; not measured
        campaign_id = hh.campaigns(store)[0].id if first.outcome == "ok" else None
        # Work waiting to go: completed surveys, as after a day in the village.
        rows = hh.list_households(store, None)
        for row in rows[:40]:
            doc = SurveyService(store).start(row.id, campaign_id, date.today())
            SurveyService.for_survey(store, doc).save_draft(doc.id, {"head_name": row.head_name})
        county = profiles.CountyProfile(demo.COUNTY, demo.COUNTY_NAME, b"", None)
        w = MainWindow(root / "profiles", county, "en", settings)
        w.show()
        w.adopt_store(store)
        wait(app, lambda: w.households.model.rowCount() >= n)
        w._on_survey_requested(rows[100].id, campaign_id or "")
        wait(app, lambda: w.survey is not None)
        survey = w.survey
        assert survey is not None
        survey.go_to_path("address")
        target = survey.editor("address").focus_widget()
        meter = StallMeter()
        keys = iter("Group 3, No. 12 " * 40)  # QTest types ASCII keys only
        typer = QTimer()
        typer.setInterval(120)
        typer.timeout.connect(lambda: QTest.keyClick(target, next(keys, "x")))
        synced: list[object] = []
        w.sync.sync_finished.connect(synced.append)
        w.sync.sync_failed.connect(synced.append)
        meter.start()
        typer.start()
        t0 = time.perf_counter()
        wait(app, lambda: time.perf_counter() - t0 > 1.0)
        survey.save_now()  # an autosave (the 4 s timer fires too)
        if not w.sync.sync_now():
            raise SystemExit("bench: the sync round did not start")
        wait(app, lambda: bool(synced) and time.perf_counter() - t0 > 6.0, timeout=300)
        typer.stop()
        meter.stop()
        sync_seconds = time.perf_counter() - t0
        late = sorted(x * 1000 for x in meter.late)
        w.close()
        wait(app, lambda: w.runner.is_idle())
        return {
            "max": late[-1],
            "p99": late[int(len(late) * 0.99)],
            "ticks": len(late),
            "seconds": sync_seconds,
            "outcome_ok": float(type(synced[0]).__name__ != "str"),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def make_profile(data_dir: Path, n: int) -> tuple[float, float]:
    """The test profile; returns (seconds to create it, seconds to import the registry)."""
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
    rows = registry(n, villages)
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
        # In a child process, so the app's peak memory below is the app's alone.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            created, imported = pool.submit(make_profile, data_dir, args.households).result()
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
        wait(app, lambda: w.runner.is_idle())
        # ru_maxrss is in KiB on Linux: the app's peak with the households listed and a survey open
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory       {peak:.0f} MB (target <= 350 MB; the app alone: the "
              "profile was filled by a child process)", flush=True)  # fmt: skip

        stall_root = Path(tmp) / "stall"
        stall_root.mkdir()
        stall = measure_stall(app, stall_root, args.households, settings)
        print(f"event-loop stall           max {stall['max']:.0f} ms, p99 {stall['p99']:.0f} ms "
              f"({stall['ticks']:.0f} ticks over {stall['seconds']:.1f} s of typing with autosave "
              f"and a sync round; target <= 100 ms; round "
              f"{'ok' if stall['outcome_ok'] else 'failed'})")  # fmt: skip
        shutil.rmtree(stall_root, ignore_errors=True)


if __name__ == "__main__":
    main()
