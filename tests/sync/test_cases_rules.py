"""Per-county case rules as data: who decides, which stages run, publishing a new version."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from forms.caserules import CaseRulesError, load_case_rules, read_case_rules
from sync import cases_wire as w
from sync.server.cases.rules import RulesError, publish_rules_file
from sync.server.cli import main

from .cases_helpers import approved_households, cases_of, one, ops, refusal, set_today, to_posting
from .conftest import World
from .helpers import COUNTY, V1A, V2A


def rules_file(tmp_path: Path, **changes: object) -> Path:
    """The city's bundled rules as the test county's version 2, with `dibao` changed."""
    data = load_case_rules(COUNTY).to_json()  # type: ignore[union-attr]
    data["county_code"] = COUNTY
    data["version"] = 2
    for p in data["programmes"]:
        if p["code"] == "dibao":
            p.update(changes)
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def decide(case_id: uuid.UUID) -> w.Decide:
    return w.Decide(
        case_id=case_id,
        outcome="approved",
        category="A",
        monthly_amount="368.08",
        start_month="2026-12",
    )


def test_a_county_that_keeps_the_decision(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids, _posting = to_posting(client, world, monkeypatch, V1A, 1)
    set_today(monkeypatch, "2026-12-08")
    code, params = refusal(one(client, world.devices["sup_t1"], decide(ids[0])))
    assert (code, params["level"]) == ("not_allowed_for_role", "township")
    assert one(client, world.devices["sup_c"], decide(ids[0]))["status"] == "accepted"


def test_a_county_that_moves_the_decision_to_townships(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    with factory() as s:
        report = publish_rules_file(s, COUNTY, rules_file(tmp_path, decided_by="township"))
    assert report.published
    assert "dibao.decided_by: county becomes township" in report.changes
    ids, _posting = to_posting(client, world, monkeypatch, V1A, 1)
    set_today(monkeypatch, "2026-12-08")
    code, params = refusal(one(client, world.devices["sup_c"], decide(ids[0])))
    assert (code, params["level"]) == ("not_allowed_for_role", "county")
    assert one(client, world.devices["sup_t1"], decide(ids[0]))["status"] == "accepted"
    # The laptops are told who decides, and get the rules themselves.
    feed = client.get("/api/v1/changes", headers=world.devices["sup_t1"].auth()).json()
    rules = [c for c in feed["changes"] if c["kind"] == "case_rules"]
    assert [r["id"] for r in rules] == [f"{COUNTY}@2"]
    case = next(c for c in feed["changes"] if c["kind"] == "case" and c["id"] == str(ids[0]))
    assert case["data"]["decided_by"] == "township"
    assert case["data"]["decision"]["level"] == "township"


def test_a_programme_without_posting_is_decided_after_the_review(
    world: World,
    client: TestClient,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    with factory() as s:
        publish_rules_file(s, COUNTY, rules_file(tmp_path, stages=["check", "township_review"]))
    set_today(monkeypatch, "2026-11-20")
    made = approved_households(client, world, V2A, 1, cadre="cadre2", township_sup="sup_t2")
    town = world.devices["sup_t2"]
    (case_id,) = cases_of(client, town, made)
    meeting = w.RecordMeeting(
        meeting_id=uuid.uuid4(),
        village_code=V2A,
        held_on="2026-11-20",  # type: ignore[arg-type]
        minutes_sha256="ab" * 32,
        outcomes=[w.MeetingCaseOutcome(case_id=case_id, outcome="agree")],
    )
    assert one(client, town, w.RequestCheck(case_id=case_id))["status"] == "accepted"
    # This county's dibao has no appraisal meeting and no posting: a meeting is refused.
    code, params = refusal(one(client, town, meeting))
    assert (code, params) == ("step_not_used", {"programme": "dibao", "step": "appraisal"})
    results = ops(
        client,
        town,
        w.RecordCheck(case_id=case_id, outcome="eligible"),
        w.TownshipReview(
            case_id=case_id, outcome="pass", proposed_category="A", proposed_monthly_amount="300.00"
        ),
    )
    assert [r["status"] for r in results] == ["accepted", "accepted"]
    assert one(client, world.devices["sup_c"], decide(case_id))["status"] == "accepted"


def test_publishing_rules_dry_run_and_refusals(
    world: World,
    factory: sessionmaker[Session],
    tmp_path: Path,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = rules_file(tmp_path, posting_days=10)
    assert (
        main(
            [
                "admin",
                "--database-url",
                database_url,
                "case-rules",
                "--county",
                COUNTY,
                "--dry-run",
                str(path),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "dry run: case rules 421202 version 2 (nothing written)" in out
    assert "dibao.posting_days: 7 becomes 10" in out
    assert (
        main(["admin", "--database-url", database_url, "case-rules", "--county", COUNTY, str(path)])
        == 0
    )
    assert "published case rules 421202 version 2" in capsys.readouterr().out
    # the same version again, another county's file, a bad file: refused, nothing written
    with factory() as s, pytest.raises(RulesError, match="not newer"):
        publish_rules_file(s, COUNTY, path)
    with factory() as s, pytest.raises(RulesError, match="not 421299"):
        publish_rules_file(s, "421299", path)
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                **json.loads(path.read_text()),
                "version": 3,
                "programmes": [{"code": "dibao", "decided_by": "village"}],
            }
        )
    )
    assert (
        main(["admin", "--database-url", database_url, "case-rules", "--county", COUNTY, str(bad)])
        == 1
    )
    assert "decided_by is township or county" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"county_code": "42"}, "county_code"),
        ({"version": 0}, "version"),
        ({"programmes": []}, "programmes"),
        ({"programmes": [{"code": "dibao", "decided_by": "county", "stages": ["vote"]}]}, "stages"),
        (
            {"programmes": [{"code": "dibao", "decided_by": "county", "recheck_months": {"A": 0}}]},
            "recheck_months",
        ),
    ],
)
def test_rules_files_are_validated(change: dict[str, object], message: str) -> None:
    data = {**load_case_rules("421200").to_json(), **change}  # type: ignore[union-attr]
    with pytest.raises(CaseRulesError, match=message):
        read_case_rules(json.dumps(data))
