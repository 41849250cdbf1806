"""What a cadre does between syncs, for the end-to-end tests: households, surveys, photos, edits.

Survey answers are the server-valid invented ones of `tests.sync.helpers` (their names are in
`NAMES`, which the log-scanning test looks for). Server-side checks read the server's database.
"""

from __future__ import annotations

import hashlib
import random
import time
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine, text

from desktop.store import records
from desktop.store.attachments import add_attachment
from desktop.store.models import Attachment, Household, OutboxEntry, Survey
from desktop.store.profile import Store
from sync.client import DeviceIdentity, sign_request
from tests.sync.helpers import make_id, survey_answers


def new_household(store: Store, village: str, head: int) -> str:
    data = records.HouseholdData(
        id=str(uuid.uuid4()),
        village_code=village,
        head_name=f"测试户主{head}",
        address="某组1号",
        head_id_number=make_id(date(1970, 1, 1 + head % 28), head),
        hukou_type="rural",
    )
    with store.transaction() as s:
        records.save_household(s, store.actor, data)
    return data.id


def new_survey(
    store: Store,
    household_id: str,
    village: str,
    head: int,
    campaign_id: str | None,
    status: str = "submitted",
) -> str:
    data = records.SurveyData(
        id=str(uuid.uuid4()),
        household_id=household_id,
        form_id="household-survey",
        form_version=1,
        answers=survey_answers(village, head=head),
        status=status,
        campaign_id=campaign_id,
    )
    with store.transaction() as s:
        records.save_survey(s, store.actor, data)
    return data.id


def edit_survey(store: Store, survey_id: str, income: int, status: str | None = None) -> bool:
    """Change the wage income; False when the survey is read-only now."""
    with store.transaction() as s:
        row = s.get(Survey, survey_id)
        assert row is not None
        if row.status not in records.EDITABLE_STATUSES:
            return False
        answers = {**row.answers, "income_wages": income}
        new_status = status or ("submitted" if row.status == "returned" else row.status)
        data = records.SurveyData(
            id=row.id,
            household_id=row.household_id,
            form_id=row.form_id,
            form_version=row.form_version,
            answers=answers,
            status=new_status,
            campaign_id=row.campaign_id,
        )
        reason = "核实后更正收入" if row.status == "returned" else None
        records.save_survey(s, store.actor, replace(data), reason=reason)
    return True


def attach_photo(store: Store, survey_id: str, rng: random.Random, size: int) -> str:
    content = rng.randbytes(size)
    with store.transaction() as s:
        return add_attachment(s, store.actor, survey_id, content)


def campaign_of(store: Store) -> str | None:
    with store.reading() as s:
        found = s.execute(text("SELECT id FROM campaigns LIMIT 1")).scalar()
        return str(found) if found else None


def local_state(store: Store) -> dict[str, Any]:
    with store.reading() as s:
        return {
            "households": {h.id: h.revision for h in s.query(Household)},
            "surveys": {x.id: (x.revision, x.status) for x in s.query(Survey)},
            "attachments": {a.id: a.sha256 for a in s.query(Attachment)},
            "outbox": [(e.state, e.record_type) for e in s.query(OutboxEntry)],
        }


def server_rows(engine: Engine, table: str) -> dict[str, int]:
    with engine.connect() as c:
        return {
            str(uuid.UUID(str(i))) if len(str(i)) == 32 else str(i): int(r)
            for i, r in c.execute(text(f"SELECT id, revision FROM {table}"))
        }


def server_attachments_intact(engine: Engine, folder: Path) -> list[str]:
    """SHA-256s of completed attachments whose file is missing or does not hash right."""
    bad = []
    with engine.connect() as c:
        shas = [r[0] for r in c.execute(text("SELECT sha256 FROM attachment_blob"))]
    for sha in shas:
        f = folder / sha[:2] / sha
        if not f.exists() or hashlib.sha256(f.read_bytes()).hexdigest() != sha:
            bad.append(sha)
    return bad


def post_review(
    base_url: str,
    ident: DeviceIdentity,
    survey_id: str,
    decision: str,
    comment: str = "请核实收入",
) -> requests.Response:
    import json

    body = json.dumps(
        {
            "id": str(uuid.uuid4()),
            "survey_id": survey_id,
            "decision": decision,
            "comment": comment,
        }
    ).encode()
    target = "/api/v1/reviews"
    signed = sign_request(ident, "POST", target, body, time.time())
    return requests.post(
        base_url + target,
        data=body,
        headers={
            "Authorization": f"Bearer {ident.token}",
            **signed,
            "Content-Type": "application/json",
        },
        timeout=30,
    )
