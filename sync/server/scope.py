"""Who is asking and what they may see: the caller, their role and their divisions.

Scope is resolved once per request into three sets of codes (villages, townships, counties);
repositories turn it into a WHERE clause over the geography columns every record carries, so
nothing out of scope is ever loaded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select
from sqlalchemy.orm import Session

from .models import User, UserScope, Village


@dataclass(frozen=True)
class Scope:
    county_code: str
    villages: frozenset[str]
    townships: frozenset[str]
    counties: frozenset[str]

    def contains(self, village: str | None, township: str | None, county: str | None) -> bool:
        return (
            (village is not None and village in self.villages)
            or (township is not None and township in self.townships)
            or (county is not None and county in self.counties)
        )

    def clause(
        self,
        village_col: Any,
        township_col: Any,
        county_col: Any,
    ) -> ColumnElement[bool]:
        parts: list[ColumnElement[bool]] = []
        if self.villages and village_col is not None:
            parts.append(village_col.in_(sorted(self.villages)))
        if self.townships and township_col is not None:
            parts.append(township_col.in_(sorted(self.townships)))
        if self.counties and county_col is not None:
            parts.append(county_col.in_(sorted(self.counties)))
        return or_(*parts) if parts else false()

    def fingerprint(self) -> str:
        import hashlib

        text = "|".join(
            [
                ",".join(sorted(self.villages)),
                ",".join(sorted(self.townships)),
                ",".join(sorted(self.counties)),
            ]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_scope(session: Session, user: User) -> Scope:
    rows = session.execute(
        select(UserScope.level, UserScope.code).where(UserScope.user_id == user.id)
    ).all()
    villages = frozenset(c for lvl, c in rows if lvl == "village")
    townships = frozenset(c for lvl, c in rows if lvl == "township")
    counties = frozenset(c for lvl, c in rows if lvl == "county")
    return Scope(user.county_code, villages, townships, counties)


@dataclass(frozen=True)
class Caller:
    user_id: uuid.UUID
    device_id: uuid.UUID
    role: str
    county_code: str
    scope: Scope
    public_key: bytes
    request_id: str = ""

    @property
    def review_level(self) -> str | None:
        """Township supervisors review first; county supervisors and admins second."""
        if self.role == "supervisor" and self.scope.townships and not self.scope.counties:
            return "township"
        if self.role in ("supervisor", "county_admin") and self.scope.counties:
            return "county"
        return None

    @property
    def is_supervisor(self) -> bool:
        return self.role in ("supervisor", "county_admin")


def village_geo(session: Session, village_code: str) -> tuple[str, str] | None:
    row = session.execute(
        select(Village.township_code, Village.county_code).where(Village.code == village_code)
    ).first()
    return (row[0], row[1]) if row else None
