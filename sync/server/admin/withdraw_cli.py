"""`doorstep-server admin withdraw-survey`: the shell side of withdrawing a survey in error.

    doorstep-server admin withdraw-survey 12345678 --reason "recorded for the wrong household"

The survey is named by its short key or its id; the reason is required and goes into the audit
(`admin.withdrawing` says what a withdrawal does). Withdrawing a survey a second time changes
nothing and says so; an unknown survey, a blank reason or an open case exits with status 1.
"""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from .withdrawing import withdraw_survey


def add_withdraw_parsers(asub: Any) -> None:
    p = asub.add_parser(
        "withdraw-survey",
        help="withdraw a survey recorded in error (kept for the audit, out of every list)",
    )
    p.add_argument("survey", help="the survey's short key (8 digits) or id")
    p.add_argument("--reason", default=None, help="why it is withdrawn (required, audited)")
    p.add_argument("--county", default=None, help="refuse unless the survey is in this county")
    p.add_argument("--actor", default=None, help="who asked for it (default: the shell user)")


def run_withdraw(session: Session, args: argparse.Namespace, actor: str) -> int:
    who = (args.actor or "").strip() or actor
    done = withdraw_survey(session, args.survey, args.reason, who, args.county)
    when = f"{done.withdrawn_at:%Y-%m-%d %H:%M} UTC"
    if done.already:
        print(
            f"survey {done.short_key} was withdrawn already on {when} "
            f"(reason: {done.reason}); nothing changed"
        )
        return 0
    closed = f"; {done.flags_closed} registry-check flags closed" if done.flags_closed else ""
    print(
        f"survey {done.short_key} withdrawn on {when} (was {done.state_before or 'a draft'})"
        f"{closed}; laptops learn it on their next sync"
    )
    return 0
