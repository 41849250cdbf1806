"""Today's date for cases: the server's calendar day, or `DOORSTEP_TODAY` in tests and demos.

Posting windows and re-check dates are counted in calendar days, so tests and the demo need to
move "today" without sleeping. `DOORSTEP_TODAY=YYYY-MM-DD` does that; it is read at each call
(so a test can change it between requests) and is meant only for tests and demos.
"""

from __future__ import annotations

import os
from datetime import date


def today() -> date:
    fixed = os.environ.get("DOORSTEP_TODAY", "").strip()
    if fixed:
        return date.fromisoformat(fixed)
    return date.today()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, on the month's last day when it has fewer days."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, 28)
