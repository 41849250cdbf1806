"""The command lines of `admin publish-form` and `admin publish-standards`, and their report.

The report is what county IT reads before and after publishing: the subject, each change, and
the XLSForm import's itemized notes; a dry run says that nothing was written.
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from .publishing import PublishReport, publish_form_file, publish_standards_file


def add_publishing_parsers(asub: Any) -> None:
    p = asub.add_parser(
        "publish-form", help="publish a county's form (XLSForm .xlsx, or YAML/JSON definition)"
    )
    p.add_argument("--county", required=True)
    p.add_argument("--version", type=int, default=None, help="the version to publish it as")
    p.add_argument("--campaign", type=uuid.UUID, default=None, help="new surveys start on it")
    p.add_argument("--dry-run", action="store_true", help="show what changes; write nothing")
    p.add_argument("file", type=Path)
    p = asub.add_parser("publish-standards", help="publish a county's standards (JSON)")
    p.add_argument("--county", required=True)
    p.add_argument("--dry-run", action="store_true", help="show what changes; write nothing")
    p.add_argument("file", type=Path)


def print_report(report: PublishReport, dry_run: bool) -> None:
    if dry_run:
        print(f"dry run: {report.subject} (nothing written)")
    elif report.published:
        print(f"published {report.subject}")
    else:
        print(f"{report.subject}: nothing to publish")
    for line in report.changes:
        print(f"  {line}")
    if report.notes:
        print("  converted differently or left out:")
        for line in report.notes:
            print(f"    {line}")


def run_publishing(session: Session, args: argparse.Namespace, actor: str) -> None:
    if args.admin_command == "publish-form":
        report = publish_form_file(
            session,
            args.county,
            args.file,
            version=args.version,
            campaign_id=args.campaign,
            dry_run=args.dry_run,
            actor=actor,
        )
    else:
        report = publish_standards_file(
            session, args.county, args.file, dry_run=args.dry_run, actor=actor
        )
    print_report(report, args.dry_run)
