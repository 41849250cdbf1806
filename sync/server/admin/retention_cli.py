"""`doorstep-server admin retention`: the shell side of the retention run (`retention.py`).

    doorstep-server admin retention [--county CODE] [--dry-run] [--json] [--policy FILE]

Meant for a daily timer (docs/security.md has the systemd units and a cron line). Every county
on the server needs a retention policy: the bundled `forms/bundled/retention-<code>-v<n>.json`
of the county or its prefecture, or `--policy FILE` to try a new one before it is bundled. A bad
policy (an audit kept under six months, say) is refused before anything is removed.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from forms.retention_policy import (
    RetentionPolicy,
    RetentionPolicyError,
    load_policy,
    policy_from_json,
)

from ..models import County
from . import retention
from .common import AdminError


def add_retention_parsers(asub: Any) -> None:
    p = asub.add_parser("retention", help="delete what the counties' retention policies say")
    p.add_argument("--county", default=None, help="default: every county")
    p.add_argument("--dry-run", action="store_true", help="count what is due; remove nothing")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--policy", type=Path, default=None,
                   help="a policy file instead of the bundled one (its county or prefecture)")  # fmt: skip
    p.add_argument("--today", type=date.fromisoformat, default=None, help=argparse.SUPPRESS)


def _file_policy(path: Path) -> RetentionPolicy:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AdminError(f"cannot read {path}: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AdminError(f"{path}: not a JSON file ({exc})") from exc
    try:
        return policy_from_json(data)
    except RetentionPolicyError as exc:
        raise AdminError(f"{path}: {exc}") from exc


def _covers(policy: RetentionPolicy, county: str) -> bool:
    return policy.county_code in (county, county[:4] + "00")


def _policies(codes: list[str], given: RetentionPolicy | None) -> dict[str, RetentionPolicy]:
    found: dict[str, RetentionPolicy] = {}
    for code in codes:
        if given is not None and _covers(given, code):
            found[code] = given
            continue
        try:
            found[code] = load_policy(code)
        except RetentionPolicyError as exc:
            raise AdminError(f"{exc}: add forms/bundled/retention-{code}-v1.json") from exc
    return found


def run_retention(factory: sessionmaker[Session], args: argparse.Namespace, actor: str) -> int:
    from ..attachments.storage import make_store
    from ..settings import Settings

    today = args.today or date.today()
    if today > date.today():
        raise AdminError("--today may not be after today: it would cut the audit trail short")
    given = _file_policy(args.policy) if args.policy is not None else None
    with factory() as s, s.begin():
        codes = list(s.scalars(select(County.code).order_by(County.code)))
    if args.county is not None and args.county not in codes:
        raise AdminError(f"county {args.county} is not known to this server")
    if given is not None and args.county is not None and not _covers(given, args.county):
        raise AdminError(
            f"{args.policy} is the policy of {given.county_code}, not of {args.county}"
        )
    if not codes:
        raise AdminError("this server holds no county yet: nothing to apply a policy to")
    everyone = _policies(codes, given)  # every county's: the server-wide kinds take the longest
    wanted = {c: p for c, p in everyone.items() if args.county in (None, c)}
    try:
        settings = Settings()
    except ValueError:  # the run signs nothing: the secret key is not needed here
        settings = Settings(demo=True)  # any other bad setting is still refused
    store = make_store(settings)
    try:
        report = retention.run(
            factory, store, wanted, everyone.values(), today=today,
            log_dir=settings.log_dir, dry_run=args.dry_run, actor=actor,
        )  # fmt: skip
    except retention.RetentionStopped as exc:
        print(f"doorstep-server: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if args.json
          else describe(report))  # fmt: skip
    return 0


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def describe(report: retention.RetentionReport) -> str:
    """The report in words, one line per kind."""
    verb = "due" if report.dry_run else "removed"
    head = f"retention on {report.today.isoformat()}"
    lines = [head + (" (dry run: nothing removed)" if report.dry_run else "")]
    for c in report.counties:
        lines.append(f"county {c.county} (policy {c.policy}):")
        lines.append(
            f"  photos of campaigns ended before {c.photos_before.isoformat()}: "
            f"{c.photos_removed} {verb} ({_size(c.photo_bytes_removed)}), "
            f"{c.photos_kept_shared} kept (also used by a survey, case or meeting that stays)"
        )
        if c.extract_days is None:
            lines.append("  registry extracts: not purged by this policy or no check definition")
        else:
            lines.append(f"  registry extracts older than {c.extract_days} days: "
                         f"{c.extracts_purged} {verb}")  # fmt: skip
        before = c.codes_before.isoformat() if c.codes_before else "?"
        lines.append(f"  enrollment codes used or expired before {before}: "
                     f"{c.enrollment_codes_removed} {verb}")  # fmt: skip
    s = report.server
    if s is not None:
        lines.append("server-wide (the longest period of the server's counties):")
        lines.append(
            f"  audit rows before {s.audit_before.isoformat()}: {s.audit_rows_removed} {verb}"
        )
        lines.append(f"  spent request nonces past their window: {s.nonces_removed} {verb}")
        if s.log_dir is None:
            lines.append(
                "  server log files: no log folder set (the server logs to standard error; set "
                "DOORSTEP_LOG_DIR to the folder your service manager writes them to)"
            )
        else:
            before = s.logs_before.isoformat() if s.logs_before else "?"
            lines.append(f"  log files in {s.log_dir} last written before {before}: "
                         f"{s.log_files_removed} {verb} ({_size(s.log_bytes_removed)})")  # fmt: skip
    return "\n".join(lines)
