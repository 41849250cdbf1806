"""Run by build_fixtures.py with the PREVIOUS release's code first on sys.path: makes a laptop
profile and a server database the way that release did, through its own APIs, and writes
manifest.json with what its own code reads back from them. Never imported by the test suite."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from desktop.store import migrations, profile
from desktop.store.keys import new_recovery_keypair
from desktop.store.models import AuditEntry, Household, OutboxEntry, Survey
from desktop.store.records import save_household, save_survey
from sync.server.app import create_app
from sync.server.db import make_engine, make_sessionmaker
from sync.server.migrate import current_revision, upgrade
from sync.server.settings import Settings
from tests.desktop import household_fixture as hf
from tests.desktop.conftest import FAST_KDF, PASSPHRASE
from tests.sync.conftest import SECRET, build_world, enroll
from tests.sync.helpers import V1A, household_data, push, survey_data
from tests.sync.test_review import review


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def laptop(out: Path) -> dict[str, Any]:
    private_pem, public_pem = new_recovery_keypair()
    (out / "laptop-recovery.pem").write_bytes(private_pem)
    folder = out / "laptop"
    store = profile.create_profile(folder, PASSPHRASE, public_pem, FAST_KDF)
    store.set_actor("cadre-001", "device-a")
    with store.transaction() as s:
        s.add_all(hf.divisions())
    answers: dict[str, Any] = {}
    for i, head in enumerate(("王建国", "赵四海")):
        h = hf.household(head=head, id_number=hf.MEMBERS[i][1])
        survey = hf.survey(h.id, head=head)
        with store.transaction() as s:
            save_household(s, store.actor, h)
            save_survey(s, store.actor, survey)
        answers[survey.id] = digest(survey.answers)
    with store.reading() as s:
        counts = {
            name: int(s.scalar(select(func.count()).select_from(model)) or 0)
            for name, model in (("households", Household), ("surveys", Survey),
                                ("outbox", OutboxEntry), ("audit", AuditEntry))
        }  # fmt: skip
    store.lock()
    return {"schema": migrations.LATEST, "counts": counts, "answers": answers,
            "passphrase": PASSPHRASE}  # fmt: skip


def server(out: Path) -> dict[str, Any]:
    url = f"sqlite:///{out / 'server.db'}"
    upgrade(url)
    settings = Settings(database_url=url, secret_key=SECRET, attachment_dir=out / "att")
    engine = make_engine(url, 2)
    factory = make_sessionmaker(engine)
    with tempfile.TemporaryDirectory() as tmp:
        world = build_world(factory, Path(tmp))
    app = create_app(settings)
    surveys: dict[str, str] = {}
    with TestClient(app) as client:
        cadre = enroll(client, factory, "cadre1")
        sup = enroll(client, factory, "sup_t1")
        for head in (1, 2, 3):
            hid, sid = uuid.uuid4(), uuid.uuid4()
            data = survey_data(hid, V1A, world.campaign_id, "submitted", head=head)
            r = push(client, cadre, [cadre.record("household", hid, household_data(V1A, head=head)),
                                     cadre.record("survey", sid, data)])  # fmt: skip
            assert r.status_code == 200, r.text
            surveys[str(sid)] = digest(data["answers"])
        first = next(iter(surveys))
        assert review(client, sup, uuid.UUID(first), "approve").status_code == 200
    app.state.engine.dispose()
    tables = ("county", "village", "app_user", "device", "campaign", "assignment", "household",
              "survey", "review", "audit_event", "change")  # fmt: skip
    with engine.connect() as conn:
        counts = {t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
                  for t in tables}  # fmt: skip
    revision = current_revision(engine)
    engine.dispose()
    return {"revision": revision, "counts": counts, "answers": surveys, "approved": first}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    manifest = {"laptop": laptop(out), "server": server(out)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
