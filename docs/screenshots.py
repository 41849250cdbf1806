"""Screenshots for the docs: the real main window, offscreen, on the demo county.

Run `make screenshots` (or `.venv/bin/python docs/screenshots.py` from the repository root; it
needs a CJK font such as fonts-wqy-microhei). It sets up the demo exactly as `doorstep demo` does
(a loopback server, the demo county, 200 fictional households, an enrolled cadre laptop), lets
the cadre complete and submit a few surveys and sync, enrolls the demo supervisor's laptop and
syncs it, then grabs each main screen in Chinese and in English into `docs/screenshots/`: the
unlock screen, the household list, a survey, and the supervisor's review queue and progress
dashboard, and its Cases tab (the queue with a case in detail, and the reports page). Everything else lives in a temporary folder removed on exit. Every name and ID
number shown is invented.
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

IMAGES = ROOT / "docs" / "screenshots"
LANGUAGES = ("zh_CN", "en")
SIZE = (1280, 800)
SUBMITTED = 8  # surveys the cadre submits before the supervisor syncs


def _wait(
    condition: Callable[[], bool],
    what: str,
    timeout_ms: int = 30_000,
    debug: Callable[[], object] = lambda: "",
) -> None:
    """Run the event loop until `condition` holds (store work and painting happen meanwhile)."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtTest import QTest

    deadline = QDeadlineTimer(timeout_ms)
    while not condition():
        if deadline.hasExpired():
            raise SystemExit(f"screenshots: gave up waiting for {what} {debug()}")
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


APPROVED = 3  # of them, approved by the township and the county: each opens a 低保 case


def _cases(root: Path, url: str, supervisor: Any) -> None:
    """A few surveys approved at both levels (a demo county reviewer's laptop for the second),
    so the township supervisor's Cases tab has cases; one gets its economic check requested."""
    from desktop import demo
    from desktop.services import case_ops, profiles, review, syncing
    from desktop.store.keys import new_recovery_keypair

    db_url = f"sqlite:///{root / 'server.db'}"
    demo._admin(db_url, "create-user", "county-demo", "--role", "supervisor", "--county",
                demo.COUNTY, "--scope", demo.COUNTY, "--display-name", "演示县审核员")  # fmt: skip
    code = demo._admin(db_url, "enrollment-code", "county-demo").split()[0]
    county = profiles.CountyProfile(demo.COUNTY, demo.COUNTY_NAME, new_recovery_keypair()[1], url)
    store = profiles.create(
        root / "profiles" / "county", demo.PASSPHRASE, demo.PASSPHRASE, county, "county-demo"
    )
    syncing.enroll(store, url, code, label="demo county laptop")
    chosen = [r.survey_id for r in review.load_queue(supervisor, "township")][:APPROVED]
    for sid in chosen:
        review.decide(supervisor, sid, "approve", level="township")
    for laptop in (supervisor, store, store):
        if syncing.run_sync(laptop).outcome != "ok":
            raise SystemExit("screenshots: a sync for the cases failed")
    for row in review.load_queue(store, "county"):
        review.decide(store, row.survey_id, "approve", level="county")
    if syncing.run_sync(store).outcome != "ok" or syncing.run_sync(supervisor).outcome != "ok":
        raise SystemExit("screenshots: a sync for the cases failed")
    store.lock()
    from desktop.services import cases

    found = cases.load_queue(supervisor)
    if found:
        case_ops.request_check(supervisor, found[0].case_id)


def _window(root: Path, store: Any, settings_file: Path, lang: str) -> Any:
    from PySide6.QtCore import QSettings

    from desktop import demo
    from desktop.services import profiles
    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings import AppSettings

    county = profiles.CountyProfile(demo.COUNTY, demo.COUNTY_NAME, b"", None)
    settings = AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    window = MainWindow(root / "profiles", county, lang, settings)
    window.resize(*SIZE)
    window.show()
    if store is not None:
        window.adopt_store(store)
    return window


def _screens(
    root: Path, lang: str, store: Any, supervisor: Any, rows: list[Any], campaign_id: str | None
) -> None:
    """Every main screen in one language: unlock, households, survey, review queue, progress."""
    # --- The unlock screen a cadre meets every morning
    unlock = _window(root, None, root / f"unlock-{lang}.ini", lang)
    _settle()
    _grab(unlock, f"unlock.{lang}.png")
    unlock.close()

    # --- The cadre's household list, then a survey of a household not visited yet
    window = _window(root, store, root / f"cadre-{lang}.ini", lang)
    _wait(lambda: window.households.model.rowCount() > 0, "the household list")
    _settle()
    _grab(window, f"households.{lang}.png")
    window._on_survey_requested(rows[SUBMITTED + 1].id, campaign_id or "")
    _wait(lambda: window.survey is not None, "the survey screen")
    survey = window.survey
    assert survey is not None
    survey.go_to_path("income_wages")
    _settle()
    _grab(window, f"survey.{lang}.png")
    window.close()

    # --- The supervisor's review queue, with what the cadre submitted, and the progress tab
    review = _window(root, supervisor, root / f"supervisor-{lang}.ini", lang)
    _wait(
        lambda: (
            review.supervisor is not None
            and review.stack.currentWidget() is review.supervisor
            and review.supervisor.queue.model.rowCount() > 0
        ),
        "the review queue",
        debug=lambda: (
            review.supervisor,
            review.stack.currentWidget(),
            review.supervisor and review.supervisor.queue.model.rowCount(),
        ),
    )
    panel = review.supervisor
    assert panel is not None
    _wait(lambda: panel.queue.detail is not None, "the first survey's details")
    strip = panel.queue.attachments
    _wait(
        lambda: all(state != "loading" for state in strip.states().values()),
        "the survey's photos and signature",
    )
    _settle()
    _grab(review, f"review-queue.{lang}.png")
    panel.setCurrentWidget(panel.progress)
    panel.progress.reload()
    _wait(
        lambda: panel.progress.model.rowCount() > 0 and not panel.progress.task.running,
        "the progress figures",
    )
    _settle()
    _grab(review, f"progress.{lang}.png")

    # --- The Cases tab: the queue with one case in detail, and the reports page
    panel.setCurrentWidget(panel.cases)
    panel.cases.reload()
    _wait(lambda: panel.cases.model.rowCount() > 0, "the case queue")
    _wait(lambda: panel.cases.detail is not None, "the first case's details")
    _settle()
    _grab(review, f"cases-queue.{lang}.png")
    panel.cases.pages.setCurrentWidget(panel.cases.report)
    _settle()
    _grab(review, f"cases-report.{lang}.png")
    panel.cases.pages.setCurrentIndex(0)
    review.close()  # closing locks the window's store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop import demo
    from desktop.services import households as hh
    from desktop.services import profiles
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

        rows = hh.list_households(store, None)
        campaign_id = _cadre_work(store, rows)
        supervisor = _supervisor(root, url)
        _cases(root, url, supervisor)

        for lang in LANGUAGES:
            install_translators(lang)
            _screens(root, lang, store, supervisor, rows, campaign_id)
            # closing a window locks its store: open both again for the next language
            store = profiles.unlock(store.folder, demo.PASSPHRASE)
            supervisor = profiles.unlock(supervisor.folder, demo.PASSPHRASE)
        store.lock()
        supervisor.lock()
        return 0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
