"""Re-check tasks a cadre received from the county's economic-status check (issue 15).

The county matches each household's members against department extracts on the server; when a
rule holds, the cadre who holds the survey receives, with the next sync, a task saying what to
confirm with the household ("a car registered in 2021: confirm with the household"). Only those
words are on the laptop, inside the encrypted store; the survey screen shows the open ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.store.models import RecheckTask
from desktop.store.profile import Store


@dataclass(frozen=True)
class RecheckTaskView:
    id: str
    household_id: str
    rule: str
    text_zh: str
    text_en: str

    def text(self, lang: str) -> str:
        return self.text_en if lang.startswith("en") and self.text_en else self.text_zh


def open_tasks(store: Store, household_id: str) -> list[RecheckTaskView]:
    """The household's tasks still open (explained or no longer holding ones are left out)."""
    with store.reading() as s:
        rows = s.scalars(
            select(RecheckTask)
            .where(RecheckTask.household_id == household_id, RecheckTask.state == "open")
            .order_by(RecheckTask.received_at, RecheckTask.id)
        ).all()
        return [RecheckTaskView(r.id, r.household_id, r.rule, r.text_zh, r.text_en) for r in rows]
