"""What the check needs from arriving surveys, kept in narrow tables so matching is a join.

`record_surveys` is called inside the ingest transaction for every survey a batch brings: the
household's subject row (its latest survey, who holds it, whether the household signed the
consent 核对授权), one row per member's normalized ID number, and the declared answers the rules
compare with. A later version of the household's survey replaces all three. Drafts count too: a
draft that already holds the signed consent is checked (a re-check task is most useful while
the cadre is still at the household), and one without it is listed as not consenting yet; the
bundled form requires the signature before a survey can be completed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from forms.errors import IdNumberError
from forms.idnumber import normalize_id_number, parse_id_number
from forms.money import MoneyError, parse_yuan
from forms.registry_check import DECLARED_FIELDS

from ..ingest.bulk import insert_rows
from ..models import RegistryDeclared, RegistryMember, RegistrySubject

CONSENT_FIELD = "consent_signature"
_AMOUNT_FIELDS = frozenset({"income_transfers"})


@dataclass(frozen=True)
class SurveyFacts:
    survey_id: uuid.UUID
    household_id: uuid.UUID
    campaign_id: uuid.UUID | None
    cadre_id: uuid.UUID
    answers: Mapping[str, Any]
    village_code: str
    township_code: str
    county_code: str


def has_consent(answers: Mapping[str, Any]) -> bool:
    """The household signed the consent to the check: the signature answer holds an image."""
    value = answers.get(CONSENT_FIELD)
    return isinstance(value, str) and bool(value.strip())


def member_ids(answers: Mapping[str, Any]) -> list[tuple[int, str]]:
    """(0-based member index, normalized ID number) of each member with a valid number."""
    members = answers.get("members")
    out: list[tuple[int, str]] = []
    if not isinstance(members, list):
        return out
    seen: set[str] = set()
    for i, m in enumerate(members):
        raw = m.get("id_number") if isinstance(m, Mapping) else None
        if not isinstance(raw, str):
            continue
        number = normalize_id_number(raw)
        try:
            parse_id_number(number)
        except IdNumberError:
            continue
        if number not in seen:  # the same person twice in a roster is matched once
            seen.add(number)
            out.append((i, number))
    return out


def declared_rows(household_id: uuid.UUID, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in DECLARED_FIELDS:
        value = answers.get(name)
        if name in _AMOUNT_FIELDS:
            try:
                amount: Decimal | None = parse_yuan(value) if value not in (None, "") else None
            except MoneyError:
                amount = None
            if amount is not None:
                rows.append({"household_id": household_id, "field": name, "value": "",
                             "amount": amount})  # fmt: skip
            continue
        values = value.split() if isinstance(value, str) else value
        if not isinstance(values, list):
            continue
        for v in dict.fromkeys(str(x)[:40] for x in values if x not in (None, "")):
            rows.append({"household_id": household_id, "field": name, "value": v, "amount": None})
    return rows


def record_surveys(
    session: Session, facts: Sequence[SurveyFacts], now: datetime
) -> list[uuid.UUID]:
    """Replace the subject, member and declared rows of each fact's household; the households."""
    latest: dict[uuid.UUID, SurveyFacts] = {}
    for f in facts:
        latest[f.household_id] = f  # the batch's last survey of a household wins
    if not latest:
        return []
    ids = sorted(latest)
    for model in (RegistrySubject, RegistryMember, RegistryDeclared):
        session.execute(delete(model).where(model.household_id.in_(ids)))
    subjects: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    declared: list[dict[str, Any]] = []
    for hid in ids:
        f = latest[hid]
        subjects.append(
            {
                "household_id": hid,
                "survey_id": f.survey_id,
                "campaign_id": f.campaign_id,
                "cadre_id": f.cadre_id,
                "consent": has_consent(f.answers),
                "village_code": f.village_code,
                "township_code": f.township_code,
                "county_code": f.county_code,
                "updated_at": now,
            }
        )
        members.extend(
            {"household_id": hid, "member_index": i, "id_number": n}
            for i, n in member_ids(f.answers)
        )
        declared.extend(declared_rows(hid, f.answers))
    insert_rows(session, RegistrySubject, subjects)
    insert_rows(session, RegistryMember, members)
    insert_rows(session, RegistryDeclared, declared)
    return ids


def facts_of(rows: Iterable[Any]) -> list[SurveyFacts]:
    """Facts from survey rows (ORM objects or ingest's new rows)."""
    return [
        SurveyFacts(
            survey_id=s.id,
            household_id=s.household_id,
            campaign_id=s.campaign_id,
            cadre_id=s.cadre_id,
            answers=s.answers,
            village_code=s.village_code,
            township_code=s.township_code,
            county_code=s.county_code,
        )
        for s in rows
    ]
