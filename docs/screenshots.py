"""Screenshots for the docs: the real main window, offscreen, on the demo county, in Chinese.

Run from the repository root: `.venv/bin/python docs/screenshots.py` (needs a CJK font such as
fonts-wqy-microhei). It sets up the demo exactly as `doorstep demo` does (a loopback server, the
demo county, 200 fictional households, an enrolled cadre laptop), lets the cadre complete and
submit a few surveys and sync, enrolls the demo supervisor's laptop and syncs it, then grabs the
household list, a survey and the supervisor's review queue into `docs/images/`. Everything else
lives in a temporary folder removed on exit. Every name and ID number shown is invented.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IMAGES = ROOT / "docs" / "images"
SIZE = (1280, 800)
SUBMITTED = 8  # surveys the cadre submits before the supervisor syncs


def _wait(condition: Callable[[], bool], what: str, timeout_ms: int = 30_000) -> None:
    """Run the event loop until `condition` holds (store work and painting happen meanwhile)."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtTest import QTest

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            raise SystemExit(f"screenshots: gave up waiting for {what}")
        QTest.qWait(50)


def _settle() -> None:
    from PySide6.QtTest import QTest

    QTest.qWait(400)  # let queued reviews, relayouts and repaints land before the grab


def _grab(widget: Any, name: str) -> Path:
    """Save the window as an 8-bit palette PNG (UI colours fit; a tenth of the RGB size)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = (
        widget.grab()
        .toImage()
        .convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
    )
    path = IMAGES / name
    if not image.save(str(path), "PNG", 9):
        raise SystemExit(f"screenshots: cannot write {path}")
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    return path


def _answers(household: Any, today: date) -> dict[str, Any]:
    """A complete survey for a demo household: the sample family under its head's name."""
    from desktop.services.surveys import ROUND_OF_MONTH
    from forms.samples import sample_household

    answers = sample_household(members=4)
    answers.update(
        visit_date=today.isoformat(),
        campaign_round=ROUND_OF_MONTH.get(today.month, "end"),
        village_code=household.village_code,
        address=household.address,
        head_name=household.head_name,
        head_id_number=household.head_id_number,
        hukou_type=household.hukou_type or "rural",
    )
    answers["members"][0].update(name=household.head_name, id_number=household.head_id_number)
    answers.pop("photos", None)
    return answers


def _cadre_work(store: Any, rows: list[Any]) -> str | None:
    """The cadre syncs (campaign and assignments arrive), submits a few surveys, syncs again."""
    from desktop.services import households as hh
    from desktop.services import syncing
    from desktop.services.surveys import SurveyService

    first = syncing.run_sync(store)
    if first.outcome != "ok":
        raise SystemExit(f"screenshots: the cadre's first sync failed: {first.outcome}")
    campaigns = hh.campaigns(store)
    campaign_id = campaigns[0].id if campaigns else None
    today = date.today()
    for row in rows[:SUBMITTED]:
        doc = SurveyService(store).start(row.id, campaign_id, today)
        service = SurveyService.for_survey(store, doc)
        result = service.complete(doc.id, _answers(row, today))
        if not result.ok:
            paths = ", ".join(p.path for p in result.problems)
            print(f"screenshots: a demo survey did not complete ({paths}); skipped")
            continue
        service.submit(doc.id)
    # One more household visited and typed in, not completed yet: the survey screenshot's draft.
    draft = rows[SUBMITTED + 1]
    doc = SurveyService(store).start(draft.id, campaign_id, today)
    SurveyService.for_survey(store, doc).save_draft(doc.id, _answers(draft, today))
    pushed = syncing.run_sync(store)
    if pushed.outcome != "ok":
        raise SystemExit(f"screenshots: the cadre's sync failed: {pushed.outcome}")
    return campaign_id


def _supervisor(root: Path, url: str) -> Any:
    from desktop import demo
    from desktop.services import households as hh
    from desktop.services import profiles, syncing
    from desktop.store.keys import new_recovery_keypair

    db_url = f"sqlite:///{root / 'server.db'}"
    code = demo._admin(db_url, "enrollment-code", "supervisor-demo").split()[0]
    county = profiles.CountyProfile(demo.COUNTY, demo.COUNTY_NAME, new_recovery_keypair()[1], url)
    store = profiles.create(
        root / "profiles" / "supervisor", demo.PASSPHRASE, demo.PASSPHRASE, county,
        "supervisor-demo",
    )  # fmt: skip
    hh.import_registry(store, demo._local_divisions(), [])  # village names: the feed has codes
    syncing.enroll(store, url, code, label="demo supervisor laptop")
    synced = syncing.run_sync(store)
    if synced.outcome != "ok":
        raise SystemExit(f"screenshots: the supervisor's sync failed: {synced.outcome}")
    return store


def _window(root: Path, store: Any, settings_file: Path) -> Any:
    from PySide6.QtCore import QSettings

    from desktop import demo
    from desktop.services import profiles
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import AppSettings

    county = profiles.CountyProfile(demo.COUNTY, demo.COUNTY_NAME, b"", None)
    settings = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    window = MainWindow(root / "profiles", county, "zh_CN", settings)
    window.resize(*SIZE)
    window.show()
    window.adopt_store(store)
    return window


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop import demo
    from desktop.services import households as hh
    from desktop.ui.assets import install_assets
    from desktop.ui.i18n import install_translators

    IMAGES.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="doorstep-screenshots-"))
    proc = None
    try:
        store, proc, url, how = demo.set_up(root)
        print(f"demo: {how}")
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        install_assets(app)
        install_translators("zh_CN")

        rows = hh.list_households(store, None)
        campaign_id = _cadre_work(store, rows)
        supervisor = _supervisor(root, url)

        # --- The cadre's household list, then a survey of a household not visited yet
        window = _window(root, store, root / "cadre.ini")
        _wait(lambda: window.households.model.rowCount() > 0, "the household list")
        _settle()
        _grab(window, "households.zh_CN.png")
        window._on_survey_requested(rows[SUBMITTED + 1].id, campaign_id or "")
        _wait(lambda: window.survey is not None, "the survey screen")
        survey = window.survey
        assert survey is not None
        survey.go_to_path("income_wages")
        _settle()
        _grab(window, "survey.zh_CN.png")
        window.close()

        # --- The supervisor's review queue, with what the cadre submitted
        review = _window(root, supervisor, root / "supervisor.ini")
        _wait(
            lambda: (
                review.supervisor is not None
                and review.stack.currentWidget() is review.supervisor
                and review.supervisor.queue.model.rowCount() > 0
            ),
            "the review queue",
        )
        assert review.supervisor is not None
        queue = review.supervisor.queue
        _wait(lambda: queue.detail is not None, "the first survey's details")
        _settle()
        _grab(review, "review-queue.zh_CN.png")
        review.close()
        for w in (window, review):
            if w.store is not None:
                w.lock()
        _wait(lambda: window.runner.is_idle() and review.runner.is_idle(), "the stores to lock")
        return 0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
