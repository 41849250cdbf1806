"""The check's part of applying a batch: record what arrived, match it if extracts exist.

Called by `ingest.service` inside the batch's transaction, after its rows are written and
before the change counter is taken; the `recheck` changes it returns go out with the batch's own.
A county without a check definition or without any extract costs one query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.registry_check import CheckDefinitionError, load_check

from ..changes.numbering import NewChange
from ..models import RegistryExtract
from .matching import match
from .subjects import facts_of, record_surveys


def on_surveys(session: Session, surveys: Iterable[Any], now: datetime) -> list[NewChange]:
    facts = facts_of(surveys)
    if not facts:
        return []
    record_surveys(session, facts, now)
    changes: list[NewChange] = []
    by_county: dict[str, set[Any]] = {}
    for f in facts:
        by_county.setdefault(f.county_code, set()).add(f.household_id)
    for county, households in sorted(by_county.items()):
        has_extracts = session.scalar(
            select(RegistryExtract.id)
            .where(RegistryExtract.county_code == county, RegistryExtract.state == "current")
            .limit(1)
        )
        if has_extracts is None:
            continue
        try:
            check = load_check(county)
        except CheckDefinitionError:
            continue
        changes.extend(match(session, check, county, households=sorted(households)).changes)
    return changes
