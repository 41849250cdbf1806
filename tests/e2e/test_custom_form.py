"""A county's own form published mid-campaign with the real command reaches a cadre's laptop by
sync (real server process on loopback), is filled and accepted, is reviewed with its own labels
on the supervisor's laptop, and appears in the ledger with them; a survey started before keeps
the household survey it was started on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from desktop.services import reports, review, syncing
from desktop.services.surveys import SurveyService
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.forms.xlsform_corpus import BOOKS, write
from tests.sync.helpers import COUNTY, V1A


def test_a_custom_form_published_mid_campaign_is_filled_reviewed_and_in_the_ledger(
    county: County, laptop_factory: Any, tmp_path: Path
) -> None:
    cadre = laptop_factory("cadre1")
    assert syncing.run_sync(cadre).outcome == "ok"
    camp = campaign_of(cadre)
    assert camp is not None
    earlier = new_survey(cadre, new_household(cadre, V1A, 1), V1A, 1, camp, status="draft")

    book = next(b for b in BOOKS if b.name == "household_roster")
    folder = tmp_path / "county-it"
    folder.mkdir()
    dry = county.server.admin(
        "publish-form",
        "--county",
        COUNTY,
        "--campaign",
        camp,
        "--dry-run",
        str(write(book, folder)),
    )
    assert dry.returncode == 0, dry.stderr.decode()
    assert "dry run: hh_roster version 3 (nothing written)" in dry.stdout.decode()
    done = county.server.admin(
        "publish-form",
        "--county",
        COUNTY,
        "--campaign",
        camp,
        str(folder / "household_roster.xlsx"),
    )
    assert done.returncode == 0, done.stderr.decode()
    assert "published hh_roster version 3" in done.stdout.decode()

    assert syncing.run_sync(cadre).outcome == "ok"
    service = SurveyService(cadre)
    doc = service.start(new_household(cadre, V1A, 2), camp)
    assert (doc.form_id, doc.form_version) == ("hh_roster", 3)
    on_form = SurveyService.for_survey(cadre, doc)
    assert on_form.form.field("head").label("en") == "Head of household"
    answers = book.valid[0]
    assert on_form.complete(doc.id, answers, lang="en").ok
    on_form.submit(doc.id)
    # the survey started before keeps the household survey
    assert SurveyService(cadre).form_of(earlier).id == "household-survey"
    pushed = syncing.run_sync(cadre)
    assert pushed.outcome == "ok", pushed
    assert pushed.counts.get("quarantined", 0) == 0

    supervisor = laptop_factory("sup_t1")
    assert syncing.run_sync(supervisor).outcome == "ok"
    queued = {row.survey_id for row in review.load_queue(supervisor, level="township")}
    assert doc.id in queued
    detail = review.load_detail(supervisor, doc.id, "en")
    shown = {a.label: a.value for a in detail.answers}
    assert shown["Head of household"] == "王建国"
    assert shown["Member 1 · Name"] == "王建国"
    assert shown["Member 1 · Job 2 · Job title"] == "保安"
    assert shown["Member 1 · Works"] == "Yes"  # the choice's label, not its value
    assert shown["Plot 1 · Crop"] == "Tea"
    in_chinese = {a.label for a in review.load_detail(supervisor, doc.id, "zh").answers}
    assert "成员 1 · 工作 1 · 工作" in in_chinese

    reports.refresh_identity(supervisor)
    target = tmp_path / "ledger.xlsx"
    reports.export(supervisor, "ledger", target, lang="en")
    sheet = load_workbook(target, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[1]
    body = [dict(zip(header, r, strict=True)) for r in rows[2:]]
    mine = [r for r in body if r["form"] == "家庭成员调查 v3"]
    assert len(mine) == 1
    assert "Head of household: 王建国" in mine[0]["answers"]
    assert "Member: 2" in mine[0]["answers"]
