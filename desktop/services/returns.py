"""A survey a supervisor returned: the comment, the comments pinned to single questions, and
which changed answers still need a reason.

The return arrives with a sync round (the review decision is pulled and the survey becomes
`returned`). The cadre sees the supervisor's words at the top of the survey and at each question
they are pinned to; every answer changed after the return needs a short reason, which the survey
service writes into the audit log with the change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from desktop.store.models import ReviewDecision
from desktop.store.profile import Store


@dataclass(frozen=True)
class ReturnNotes:
    comment: str
    level: str  # township | county
    decided_at: str
    pinned: dict[str, str] = field(default_factory=dict)  # question path -> comment

    def pinned_to(self, name: str) -> list[str]:
        """Comments pinned to a top-level question or to any cell of its roster."""
        return [
            text
            for path, text in sorted(self.pinned.items())
            if path == name or path.startswith(name + "[")
        ]


def return_notes(store: Store, survey_id: str) -> ReturnNotes | None:
    """The latest return of this survey, or None if it was never returned."""
    with store.reading() as s:
        row = s.scalars(
            select(ReviewDecision)
            .where(ReviewDecision.survey_id == survey_id, ReviewDecision.decision == "return")
            .order_by(ReviewDecision.decided_at.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return ReturnNotes(row.comment, row.level, row.decided_at, dict(row.pinned or {}))


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """Top-level answers that differ (a roster counts as one answer)."""
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
