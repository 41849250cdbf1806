"""once() end to end: a county's form with once() calculations, published with the real command,
is filled on a cadre's laptop whose kept values were taken on an earlier day; they travel by
sync to a real `doorstep-server serve`, whose own evaluation keeps them (the server's today is
another day), and the supervisor's laptop shows them in review."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.services import review, syncing
from desktop.services.surveys import SurveyService
from sync.server.db import make_sessionmaker
from sync.server.models import Survey
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household
from tests.forms.xlsform_corpus import BOOKS, write
from tests.sync.helpers import COUNTY, V1A

EARLIER = "2026-01-05"


def test_kept_values_reach_the_server_and_the_supervisor_unchanged(
    county: County, laptop_factory: Any, tmp_path: Path
) -> None:
    assert date.today().isoformat() != EARLIER  # else a recomputed value would look kept
    cadre = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    camp = campaign_of(cadre)
    assert camp is not None
    book = next(b for b in BOOKS if b.name == "functions_once")
    folder = tmp_path / "county-it"
    folder.mkdir()
    done = county.server.admin(
        "publish-form", "--county", COUNTY, "--campaign", camp, str(write(book, folder))
    )
    assert done.returncode == 0, done.stderr.decode()
    assert syncing.run_sync(cadre).outcome == "ok"

    service = SurveyService(cadre)
    doc = service.start(new_household(cadre, V1A, 3), camp)
    assert doc.form_id == "functions_once"
    on_form = SurveyService.for_survey(cadre, doc)
    answers = {
        "started": EARLIER,
        "visits": 6,
        "first_visits": "4",
        "log": [{"note": "到访", "logged": EARLIER}],
    }
    assert on_form.complete(doc.id, answers, lang="en").ok
    on_form.submit(doc.id)
    pushed = syncing.run_sync(cadre)
    assert pushed.outcome == "ok", pushed
    assert pushed.counts.get("quarantined", 0) == 0

    with make_sessionmaker(county.engine)() as s:
        stored = s.scalars(select(Survey).where(Survey.form_id == "functions_once")).one()
        assert stored.answers == answers
        assert stored.computed["started"] == EARLIER  # the server's own evaluation kept it
        assert stored.computed["first_visits"] == "4"

    supervisor = laptop_factory("sup_t1")
    assert syncing.run_sync(supervisor).outcome == "ok"
    detail = review.load_detail(supervisor, doc.id, "en")
    shown = {a.path: a.value for a in detail.answers}
    assert shown["started"] == EARLIER
    assert shown["first_visits"] == "4"
    assert shown["log[0].logged"] == EARLIER
