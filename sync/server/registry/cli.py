"""`doorstep-server admin import-registry` and `admin purge-registry`: the shell side of the check.

    doorstep-server admin import-registry --source vehicles [--county CODE] [--extracted-on D] FILE
    doorstep-server admin purge-registry [--county CODE] [--today D]

`import-registry` takes the whole file or nothing and prints the bad lines with their reasons;
`purge-registry` is meant for a daily timer (systemd or cron) and drops extracts older than each
county's retention. `--county` may be left out when the server holds one county.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import County
from .importing import RegistryImportError, import_extract
from .service import purge


def add_registry_parsers(asub: Any) -> None:
    p = asub.add_parser("import-registry", help="a department extract (xlsx or CSV), all or none")
    p.add_argument("--source", required=True, help="vehicles, real_estate, business, …")
    p.add_argument("--county", default=None, help="default: the server's only county")
    p.add_argument("--extracted-on", type=date.fromisoformat, default=None,
                   help="the department's extract date (default today)")  # fmt: skip
    p.add_argument("file", type=Path)
    p = asub.add_parser("purge-registry", help="drop extracts older than the county's retention")
    p.add_argument("--county", default=None, help="default: every county")
    p.add_argument("--today", type=date.fromisoformat, default=None, help=argparse.SUPPRESS)


def _counties(session: Session, wanted: str | None) -> list[str]:
    codes = list(session.scalars(select(County.code).order_by(County.code)))
    if wanted is not None:
        if wanted not in codes:
            raise RegistryImportError(f"county {wanted} is not known to this server")
        return [wanted]
    return codes


def run_registry(session: Session, args: argparse.Namespace, actor: str) -> int:
    try:
        if args.admin_command == "purge-registry":
            with session.begin():
                for county in _counties(session, args.county):
                    print(json.dumps(purge(session, county, args.today, actor), ensure_ascii=False))
            return 0
        data = args.file.read_bytes()
        with session.begin():
            counties = _counties(session, args.county)
            if len(counties) != 1:
                raise RegistryImportError(
                    "this server holds several counties: name one with --county"
                )
            report = import_extract(
                session, counties[0], args.source, data, extracted_on=args.extracted_on,
                actor=actor,
            )  # fmt: skip
    except OSError as exc:
        print(f"doorstep-server: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    except RegistryImportError as exc:
        print(f"doorstep-server: {exc}", file=sys.stderr)
        for p in exc.problems:
            print(f"  line {p.line}: {p.reason}: {p.message}", file=sys.stderr)
        if exc.total > len(exc.problems):
            print(f"  … and {exc.total - len(exc.problems)} more", file=sys.stderr)
        return 1
    s = report.summary()
    print(
        f"imported {s['source']} extract of {s['extracted_on']}: {s['rows_kept']} rows"
        f" ({s['rows_blank']} blank lines skipped); replaced {len(s['replaced'])} older extract(s);"
        f" {s['findings']} findings, {s['flags_opened']} flags opened, {s['flags_closed']} closed"
    )
    if s["missing_columns"]:
        print(f"  no column in the file for: {', '.join(s['missing_columns'])}")
    return 0
