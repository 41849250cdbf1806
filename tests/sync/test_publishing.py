"""`doorstep-server admin publish-form` and `publish-standards`: the XLSForm corpus through the
real command, version rules, dry runs that write nothing, and refusals when an in-progress
campaign would break. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from sync.server import cli
from sync.server.admin.common import AdminError
from sync.server.admin.publishing import publish_form_file, publish_standards_file
from sync.server.models import Campaign, FormDefinition, StandardsRow
from tests.forms.xlsform_corpus import BOOKS, BROKEN, write

from .conftest import World
from .helpers import COUNTY

RUNNING = date(2026, 3, 10)  # the world's campaign runs 1-21 March 2026


def _cli(database_url: str, *args: str) -> int:
    return cli.main(["admin", "--database-url", database_url, *args])


def _form_rows(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return int(s.scalar(select(func.count()).select_from(FormDefinition)) or 0)


def test_every_corpus_workbook_publishes_and_every_broken_one_is_refused_in_words(
    world: World,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    factory: sessionmaker[Session],
) -> None:
    for book in BOOKS:
        folder = tmp_path / book.name
        folder.mkdir()
        code = _cli(database_url, "publish-form", "--county", COUNTY, str(write(book, folder)))
        out = capsys.readouterr()
        assert code == 0, (book.name, out.err)
        assert out.out.startswith("published "), out.out
        for note in book.notes:
            assert note in out.out
    before = _form_rows(factory)
    for broken in BROKEN:
        folder = tmp_path / broken.name
        folder.mkdir()
        code = _cli(database_url, "publish-form", "--county", COUNTY, str(write(broken, folder)))
        out = capsys.readouterr()
        assert code == 1, broken.name
        assert "Traceback" not in out.err
        for where, reason in broken.refused:
            assert (f"{where}: {reason}" if where else reason) in out.err, (broken.name, out.err)
        if len(broken.refused) == 1 and not broken.refused[0][0]:
            assert out.err.count("\n") == 1, out.err  # a file that cannot be read: one line
    assert _form_rows(factory) == before  # nothing refused was stored


def _book(name: str, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    return write(next(b for b in BOOKS if b.name == name), folder)


def test_versions_grow_and_a_dry_run_writes_nothing(
    world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = _book("household_roster", tmp_path / "a")
    with factory() as s:
        dry = publish_form_file(s, COUNTY, path, dry_run=True)
    assert (dry.subject, dry.published) == ("hh_roster version 3", False)
    assert dry.changes == ["new form hh_roster"]
    assert _form_rows(factory) == 1  # only the bundled form of the campaign
    with factory() as s:
        assert publish_form_file(s, COUNTY, path).published
    with factory() as s:
        again = publish_form_file(s, COUNTY, path)
    assert (again.published, again.changes) == (
        False,
        ["already published with this content: nothing changes"],
    )
    from forms.xlsform import import_xlsform

    changed = import_xlsform(path).definition
    changed["title"] = {"zh": "另一份"}
    other = tmp_path / "other.json"
    other.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    with factory() as s, pytest.raises(AdminError, match="publish it as version 4"):
        publish_form_file(s, COUNTY, other)
    with factory() as s, pytest.raises(AdminError, match="a new version must be higher"):
        publish_form_file(s, COUNTY, path, version=2)


def test_a_new_version_that_would_break_the_running_campaign_is_refused(
    world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    from forms.registry import load_form

    definition = load_form("household-survey", 1).to_json()
    # drop a question and a choice: surveys already filled on version 1 could not sit beside it
    assets = next(s for s in definition["sections"] if s["name"] == "assets")
    removed = assets["fields"].pop()
    definition["choices"]["hukou_type"] = definition["choices"]["hukou_type"][:1]
    definition["version"] = 2
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    with factory() as s, pytest.raises(AdminError) as refused:
        publish_form_file(s, COUNTY, path, today=RUNNING)
    assert "would break an in-progress campaign" in str(refused.value)
    assert any(f"question {removed['name']} removed" in p for p in refused.value.problems)
    assert any("choice(s) rural removed" in p for p in refused.value.problems)
    # after the campaign it may go out
    with factory() as s:
        report = publish_form_file(s, COUNTY, path, today=date(2026, 4, 1))
    assert report.published
    assert f"question {removed['name']} removed" in report.changes


def test_a_custom_form_is_put_on_the_running_campaign(
    world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = _book("household_roster", tmp_path / "a")
    with factory() as s:
        report = publish_form_file(s, COUNTY, path, campaign_id=world.campaign_id, today=RUNNING)
    assert report.published
    assert any("new surveys start on hh_roster version 3" in line for line in report.changes)
    with factory() as s:
        camp = s.get(Campaign, world.campaign_id)
        assert camp is not None
        assert (camp.form_id, camp.form_version) == ("hh_roster", 3)


def test_standards_publish_with_a_dry_run_and_not_under_a_running_campaign(
    world: World, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    from forms.standards import load_standards

    data = load_standards(COUNTY, 2026).to_json()
    data.update(county_code=COUNTY, year=2026, dibao_rural_year="5000")
    path = tmp_path / "std.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with factory() as s:
        old = s.get(StandardsRow, (COUNTY, 2026))
        assert old is not None
        old_rural = old.data["dibao_rural_year"]
    with factory() as s, pytest.raises(AdminError) as refused:
        publish_standards_file(s, COUNTY, path, today=RUNNING)
    assert "campaign is in progress" in str(refused.value)
    assert refused.value.problems == [f"dibao_rural_year: {old_rural} becomes 5000"]
    with factory() as s:
        dry = publish_standards_file(s, COUNTY, path, dry_run=True, today=date(2026, 5, 1))
    assert not dry.published
    with factory() as s:
        row = s.get(StandardsRow, (COUNTY, 2026))
        assert row is not None
        assert row.data["dibao_rural_year"] == old_rural
    with factory() as s:
        assert publish_standards_file(s, COUNTY, path, today=date(2026, 5, 1)).published
    with factory() as s:
        row = s.get(StandardsRow, (COUNTY, 2026))
        assert row is not None
        assert row.data["dibao_rural_year"] == "5000"
    bad = tmp_path / "bad.json"
    bad.write_text('{"county_code": "421202"}', encoding="utf-8")
    with factory() as s, pytest.raises(AdminError, match="is refused: standards"):
        publish_standards_file(s, COUNTY, bad)
