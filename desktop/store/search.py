"""Finding households in the local store: by name, ID fragment, address or phone, and by village.

A fragment matches anywhere in the field (cadres type the last digits of an ID number or a part of
a name), so these are LIKE scans; SQLCipher keeps decrypted pages in its cache, which keeps a scan
of 20,000 households well inside the 50 ms a person notices (bench/store.py measures it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from desktop.store.models import Household


def _like(fragment: str) -> str:
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def household_query(text: str = "", village_code: str | None = None) -> Select[Household]:
    query = select(Household)
    if village_code:
        query = query.where(Household.village_code == village_code)
    text = text.strip()
    if text:
        pattern = _like(text)
        query = query.where(
            or_(
                Household.head_name.like(pattern, escape="\\"),
                Household.head_id_number.like(pattern, escape="\\"),
                Household.address.like(pattern, escape="\\"),
                Household.phone.like(pattern, escape="\\"),
            )
        )
    return query.order_by(Household.village_code, Household.head_name, Household.id)


def search_households(
    session: Session, text: str = "", village_code: str | None = None, limit: int = 500
) -> Sequence[Household]:
    return session.scalars(household_query(text, village_code).limit(limit)).all()
