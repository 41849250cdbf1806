"""`doorstep-server admin subject-report`: the shell side of the data-subject answer.

    echo 420102199001011234 | doorstep-server admin subject-report --out answer.xlsx

The ID number comes on standard input, never as an argument (shell history, `ps`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import County
from . import subject_report
from .common import AdminError


def add_subject_parsers(asub: Any) -> None:
    p = asub.add_parser(
        "subject-report", help="what the county holds about one person (ID number on stdin)"
    )
    p.add_argument("--out", type=Path, required=True, help="the file to write (xlsx or json)")
    p.add_argument("--format", choices=("xlsx", "json"), default=None,
                   help="default: from the file's suffix")  # fmt: skip
    p.add_argument("--county", default=None, help="default: the server's only county")


def run_subject(session: Session, args: argparse.Namespace, actor: str) -> int:
    number = sys.stdin.readline().strip()
    if not number:
        raise AdminError("give the ID number on standard input (one line)")
    fmt = args.format or ("json" if args.out.suffix.lower() == ".json" else "xlsx")
    subject_report.refuse_revealing_name(args.out, number)
    with session.begin():
        counties = list(session.scalars(select(County.code).order_by(County.code)))
        county = args.county
        if county is None:
            if len(counties) != 1:
                raise AdminError("this server holds several counties: name one with --county")
            county = counties[0]
        elif county not in counties:
            raise AdminError(f"county {county} is not known to this server")
        report = subject_report.build(session, county, number, actor)
        try:
            subject_report.write(report, args.out, fmt)
        except OSError as exc:
            raise AdminError(f"cannot write {args.out}: {exc.strerror}") from exc
    counts = ", ".join(f"{n} {k}" for k, n in report.counts().items())
    print(f"wrote {args.out} ({fmt}): {counts}")
    return 0
