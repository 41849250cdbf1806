"""`doorstep-server`: the command line of the central server.

Each subcommand is a thin layer over a service the HTTP API uses too, so what county IT does from
the shell and what the API does can never drift apart.

    doorstep-server serve [--host H] [--port P] [--database-url URL] [--workers N] [--migrate]
    doorstep-server migrate [--database-url URL]
    doorstep-server admin create-county CODE NAME --townships FILE --villages FILE
    doorstep-server admin create-user USERNAME --role ROLE --county CODE --scope CODE [CODE…]
    doorstep-server admin enrollment-code USERNAME [--hours H]
    doorstep-server admin create-campaign --county CODE --year Y --round start|mid|end --starts DATE
    doorstep-server admin import-households --county CODE FILE
    doorstep-server admin assign --campaign ID --user USERNAME --village CODE…
    doorstep-server admin revoke-device DEVICE_ID | list-devices
    doorstep-server admin county-keypair --county CODE --out FILE
    doorstep-server admin import-xlsform --county CODE FILE
    doorstep-server admin publish-form --county CODE FILE [--version N] [--campaign ID] [--dry-run]
    doorstep-server admin publish-standards --county CODE FILE [--dry-run]
    doorstep-server admin case-rules --county CODE FILE [--dry-run]   (cases: issue 14)
    doorstep-server admin assign-rechecks --campaign ID   (households due for re-check)
    doorstep-server admin import-registry --source S [--county CODE] FILE | purge-registry
    doorstep-server admin retention [--county CODE] [--dry-run] [--json]   (a daily timer)
    doorstep-server admin rotate-instance   (after restoring a backup: outstanding cursors get 410)
    doorstep-server admin usb-key | import-batch FILE [--receipt OUT]   (USB transfer files)
    doorstep-server admin county-signing-key --out FILE | sign-profile --key FILE PROFILE
    doorstep-server admin enroll-key   (the enrollment-reply key for the county profile)
    doorstep-server admin withdraw-survey SURVEY --reason TEXT [--county C] [--actor NAME]
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import shutil
import signal
import sys
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from forms import __version__


def _count(what: str, env: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if not text.strip().isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(f"{text!r} is not a {what} (give a whole number, "
                                             f"by the flag or {env})")  # fmt: skip
        return int(text)

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="doorstep-server",
        description="Doorstep central server: receives survey batches from cadres' laptops, "
        "serves changes, review decisions and reports.",
    )
    parser.add_argument("--version", action="version", version=f"doorstep-server {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default=os.environ.get("DOORSTEP_HOST", "127.0.0.1"))
    # argparse applies `type` to a string default too, so a bad DOORSTEP_PORT is refused with
    # the same one-line message as a bad --port.
    serve.add_argument("--port", type=_count("port", "DOORSTEP_PORT"),
                       default=os.environ.get("DOORSTEP_PORT", "8000"))  # fmt: skip
    serve.add_argument("--database-url", default=None, help="default: $DOORSTEP_DATABASE_URL")
    serve.add_argument("--workers", type=_count("number of workers", "DOORSTEP_WORKERS"),
                       default=os.environ.get("DOORSTEP_WORKERS", "1"))  # fmt: skip
    serve.add_argument("--migrate", action="store_true", help="apply migrations before serving")
    # For `doorstep demo` (sync/server/parent_watch.py): stop when the launcher is gone, and
    # then remove its temporary folder.
    serve.add_argument("--parent-fd", type=int, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--parent-pid", type=int, default=None, help=argparse.SUPPRESS)
    serve.add_argument("--remove-on-exit", type=Path, default=None, help=argparse.SUPPRESS)

    mig = sub.add_parser("migrate", help="apply database migrations")
    mig.add_argument("--database-url", default=None)

    admin = sub.add_parser("admin", help="county administration")
    admin.add_argument("--database-url", default=None)
    asub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)

    p = asub.add_parser("create-county", help="a county with its townships and villages")
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument(
        "--townships", type=Path, required=True, help="CSV/xlsx: code,name[,county_code]"
    )
    p.add_argument("--villages", type=Path, required=True, help="CSV/xlsx: code,name,township_code")

    p = asub.add_parser("create-user", help="a cadre, supervisor or county admin")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["cadre", "supervisor", "county_admin"])
    p.add_argument("--county", required=True)
    p.add_argument("--scope", nargs="+", required=True, help="village, township or county codes")
    p.add_argument("--display-name", default="")

    p = asub.add_parser("enrollment-code", help="a one-time, expiring enrollment code")
    p.add_argument("username")
    p.add_argument("--hours", type=float, default=72)

    p = asub.add_parser("create-campaign", help="a three-week campaign round")
    p.add_argument("--county", required=True)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--round", required=True, choices=["start", "mid", "end"])
    p.add_argument("--starts", type=date.fromisoformat, required=True)
    p.add_argument("--ends", type=date.fromisoformat, default=None)
    p.add_argument("--form", default="household-survey")
    p.add_argument("--form-version", type=int, default=1)

    p = asub.add_parser("import-households", help="registry spreadsheet, all rows or none")
    p.add_argument("--county", required=True)
    p.add_argument("file", type=Path)

    p = asub.add_parser("assign", help="assign villages or households to a cadre")
    p.add_argument("--campaign", type=uuid.UUID, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--village", nargs="*", default=[])
    p.add_argument("--household", nargs="*", type=uuid.UUID, default=[])

    p = asub.add_parser("revoke-device", help="refuse a lost or stolen laptop from now on")
    p.add_argument("device_id", type=uuid.UUID)

    asub.add_parser("list-devices", help="enrolled devices (JSON)")

    p = asub.add_parser("county-keypair", help="the county recovery keypair")
    p.add_argument("--county", required=True)
    p.add_argument("--out", type=Path, required=True, help="where the PRIVATE key is written")
    p.add_argument("--passphrase-stdin", action="store_true", help="encrypt the private key file")

    p = asub.add_parser("import-xlsform", help="publish a form converted from an XLSForm")
    p.add_argument("--county", required=True)
    p.add_argument("file", type=Path)

    from .admin.publishing_cli import add_publishing_parsers

    add_publishing_parsers(asub)

    from .registry.cli import add_registry_parsers

    add_registry_parsers(asub)

    from .admin.subject_cli import add_subject_parsers

    add_subject_parsers(asub)

    from .admin.retention_cli import add_retention_parsers

    add_retention_parsers(asub)

    from .admin.withdraw_cli import add_withdraw_parsers

    add_withdraw_parsers(asub)

    asub.add_parser("rotate-instance", help="after a restore: make every client re-pull")

    # Cases (issue 14): a county's case rules, versioned like the standards.
    p = asub.add_parser("assign-rechecks", help="add the households due for re-check to a round")
    p.add_argument("--campaign", type=uuid.UUID, required=True)
    p = asub.add_parser("case-rules", help="publish a county's case rules (JSON, new version)")
    p.add_argument("--county", required=True)
    p.add_argument("--dry-run", action="store_true", help="show what changes; write nothing")
    p.add_argument("file", type=Path)

    # USB transfer (issue 5): the server's public USB key, and importing a laptop's file.
    asub.add_parser("usb-key", help="print the server's USB public key for laptops")
    p = asub.add_parser("import-batch", help="import a laptop's USB transfer file")
    p.add_argument("file", type=Path)
    p.add_argument("--receipt", type=Path, default=None, help="default: FILE.receipt")

    # County profiles (issue 8): signed on county IT's machine, no database needed.
    p = asub.add_parser("county-signing-key", help="the county's profile-signing keypair")
    p.add_argument("--out", type=Path, required=True, help="where the PRIVATE key is written")
    p = asub.add_parser("sign-profile", help="sign a county profile (TOML) for the builds")
    p.add_argument("--key", type=Path, required=True, help="the county's signing private key")
    p.add_argument("profile", type=Path)
    p.add_argument("--out", type=Path, default=None, help="default: sign PROFILE in place")
    asub.add_parser(
        "enroll-key", help="print the key laptops check enrollment replies with ([server])"
    )
    return parser


def _database_url(arg: str | None, export: bool = False) -> str:
    if arg:
        if export:  # uvicorn workers build their settings from the environment
            os.environ["DOORSTEP_DATABASE_URL"] = arg
        return arg
    return os.environ.get("DOORSTEP_DATABASE_URL", "sqlite:///./doorstep-server.db")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .db import make_engine
    from .migrate import SchemaTooNewError, schema_problem, upgrade
    from .parent_watch import watch_parent
    from .settings import Settings

    url = _database_url(args.database_url, export=True)
    Settings()  # refuse bad or unsafe settings before any worker starts (main() says why)
    if args.migrate:
        try:
            upgrade(url)
        except SchemaTooNewError as exc:
            print(f"doorstep-server: {exc}", file=sys.stderr)
            return 3
    else:  # a worker that cannot open the database would end in uvicorn's traceback
        _try_database(url)
    engine = make_engine(url, 1)
    try:
        problem = schema_problem(engine)
    finally:
        engine.dispose()
    if problem:
        print(f"doorstep-server: refusing to serve: {problem}", file=sys.stderr)
        return 3
    parent_gone = watch_parent(args.parent_fd, args.parent_pid)
    # uvicorn re-raises the SIGTERM it caught once it has shut down; with the default action
    # that would kill this process before the clean-up below. So it unwinds as an exception,
    # and the process then ends by SIGTERM as before (what a service manager counts as clean).
    signal.signal(signal.SIGTERM, _raise_terminated)
    terminated = False
    try:
        uvicorn.run(
            "sync.server.app:create_app_from_env",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=10,
            # The client address is taken from X-Forwarded-For only for DOORSTEP_TRUSTED_PROXIES
            # (deps.client_address); uvicorn's own rewriting would believe any loopback peer.
            proxy_headers=False,
        )
    except _Terminated:
        terminated = True
    finally:
        # Only a demo folder, and only when its owner died: a live owner removes it itself.
        folder = args.remove_on_exit
        if parent_gone.is_set() and folder and folder.name.startswith("doorstep-demo-"):
            shutil.rmtree(folder, ignore_errors=True)
    if terminated:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)
    return 0


class _Terminated(BaseException):
    """SIGTERM arrived: unwind to the clean-up (BaseException, so no `except Exception` eats it)."""


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise _Terminated


def _try_database(url: str) -> None:
    from .db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


def _profile_signing(args: argparse.Namespace) -> int:
    from sync.county_profile import CountyProfileError, new_signing_key, sign

    try:
        if args.admin_command == "county-signing-key":
            pem, public = new_signing_key()
            fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
            print(f'signing_public_key = "{public.decode()}"  (put this line in [keys])')
            print(f"private signing key written to {args.out}: keep it with county IT only")
            return 0
        signed = sign(args.profile.read_bytes(), args.key.read_bytes())
        (args.out or args.profile).write_bytes(signed)
        print(f"signed {args.out or args.profile}")
        return 0
    except FileExistsError:
        print(
            f"doorstep-server: {args.out} exists already: refusing to overwrite a key",
            file=sys.stderr,
        )
    except (CountyProfileError, OSError, ValueError) as exc:
        print(f"doorstep-server: {exc}", file=sys.stderr)
    return 1


def _enroll_key() -> int:
    """The public half of the key this server signs enrollment replies with. It comes from the
    server's secret, so every node prints the same line and it changes only with the secret."""
    from .enrollment.service import reply_public_key
    from .settings import Settings

    try:
        settings = Settings()
    except ValueError as exc:
        print(f"doorstep-server: {exc}", file=sys.stderr)
        return 1
    print(
        f'enroll_public_key = "{reply_public_key(settings.secret_key)}"  (put this line in [server])'
    )
    return 0


def _admin(args: argparse.Namespace) -> int:
    if args.admin_command in ("county-signing-key", "sign-profile"):
        return _profile_signing(args)
    if args.admin_command == "enroll-key":
        return _enroll_key()
    from .admin import service as svc
    from .db import make_engine, make_sessionmaker

    url = _database_url(args.database_url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    actor = f"cli:{getpass.getuser()}"
    cmd = args.admin_command
    try:
        with factory() as s:
            if cmd == "create-county":
                t, v = svc.create_county(
                    s, args.code, args.name, args.townships, args.villages, actor
                )
                print(f"county {args.code}: {t} townships, {v} villages")
            elif cmd == "create-user":
                uid = svc.create_user(
                    s, args.username, args.role, args.county, args.scope, args.display_name, actor
                )
                print(uid)
            elif cmd == "enrollment-code":
                code, expires = svc.create_enrollment_code(s, args.username, args.hours, actor)
                print(f"{code}  (single use, expires {expires:%Y-%m-%d %H:%M} UTC)")
            elif cmd == "create-campaign":
                cid = svc.create_campaign(
                    s,
                    args.county,
                    args.year,
                    args.round,
                    args.starts,
                    args.ends,
                    args.form,
                    args.form_version,
                    actor,
                )
                print(cid)
            elif cmd == "import-households":
                n = svc.import_households(s, args.county, args.file, actor)
                print(f"imported {n} households")
            elif cmd == "assign":
                made = svc.assign(s, args.campaign, args.user, args.village, args.household, actor)
                print(f"{len(made)} assignments")
            elif cmd == "revoke-device":
                svc.revoke_device(s, args.device_id, actor)
                print(f"device {args.device_id} revoked")
            elif cmd == "list-devices":
                print(json.dumps(svc.list_devices(s), indent=2, ensure_ascii=False))
            elif cmd == "county-keypair":
                passphrase = (
                    sys.stdin.readline().rstrip("\n").encode() if args.passphrase_stdin else None
                )
                res = svc.county_keypair(s, args.county, args.out, passphrase, actor)
                print(f"public key {res.public_key_b64}")
                print(
                    f"private recovery key written to {res.private_key_path}: keep it offline; "
                    "the server does not keep a copy"
                )
            elif cmd == "import-xlsform":
                form_id, version, unsupported = svc.import_xlsform(s, args.county, args.file, actor)
                print(f"published {form_id} version {version}")
                for item in unsupported:
                    print(f"  not supported, left out: {item}")
            elif cmd in ("publish-form", "publish-standards"):
                from .admin.publishing_cli import run_publishing

                run_publishing(s, args, actor)
            elif cmd in ("import-registry", "purge-registry"):
                from .registry.cli import run_registry

                return run_registry(s, args, actor)
            elif cmd == "subject-report":
                from .admin.subject_cli import run_subject

                return run_subject(s, args, actor)
            elif cmd == "retention":
                from .admin.retention_cli import run_retention

                return run_retention(factory, args, actor)
            elif cmd == "withdraw-survey":
                from .admin.withdraw_cli import run_withdraw

                return run_withdraw(s, args, actor)
            elif cmd == "rotate-instance":
                print(svc.rotate_instance_id(s, actor))
            elif cmd == "assign-rechecks":
                n = svc.assign_rechecks(s, args.campaign, actor)
                print(f"{n} households due for re-check assigned")
            elif cmd == "case-rules":
                return _case_rules(s, args, actor)
            elif cmd in ("usb-key", "import-batch"):
                return _usb(args, factory)
    except svc.AdminError as exc:
        print(f"doorstep-server: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def _case_rules(session: object, args: argparse.Namespace, actor: str) -> int:
    from .cases.rules import RulesError, publish_rules_file

    try:
        report = publish_rules_file(
            session,  # type: ignore[arg-type]
            args.county,
            args.file,
            dry_run=args.dry_run,
            actor=actor,
        )
    except RulesError as exc:
        print(f"doorstep-server: {exc}", file=sys.stderr)
        return 1
    if args.dry_run:
        print(f"dry run: {report.subject} (nothing written)")
    else:
        print(f"published {report.subject}")
    for line in report.changes:
        print(f"  {line}")
    return 0


def _usb(args: argparse.Namespace, factory: object) -> int:
    from sync.sneakernet import TransferError

    from .ingest.usb import import_transfer, usb_keys
    from .settings import Settings

    if args.admin_command == "usb-key":
        print(usb_keys(factory).public_string())  # type: ignore[arg-type]
        return 0
    try:
        settings = Settings()
    except ValueError:  # importing signs no cursors: the secret key is not needed here
        settings = Settings(demo=True)  # a bad setting other than the key is still refused
    try:
        receipt_bytes, receipt = import_transfer(
            factory,  # type: ignore[arg-type]
            settings,
            args.file.read_bytes(),
        )
    except (TransferError, OSError) as exc:
        print(f"doorstep-server: {exc}", file=sys.stderr)
        return 1
    out = args.receipt or args.file.with_name(args.file.name + ".receipt")
    out.write_bytes(receipt_bytes)
    records = sum(len(r.results) for r in receipt.results)
    print(
        f"imported {len(receipt.results)} batches ({records} records), "
        f"{len(receipt.refused)} refused; receipt written to {out}"
    )
    for r in receipt.refused:
        print(f"  refused batch {r.batch_id}: {r.message}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from .config_errors import database_problem, settings_problem

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(parser, args)
    except ValidationError as exc:  # the settings: one line per bad one, no dump
        print(f"doorstep-server: {settings_problem(exc)}", file=sys.stderr)
    except SQLAlchemyError as exc:
        url = _database_url(getattr(args, "database_url", None))
        print(f"doorstep-server: {database_problem(exc, url)}", file=sys.stderr)
    return 2


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "serve":
        return _serve(args)
    if args.command == "migrate":
        from .migrate import SchemaTooNewError, upgrade

        try:
            upgrade(_database_url(args.database_url))
        except SchemaTooNewError as exc:
            print(f"doorstep-server: {exc}", file=sys.stderr)
            return 3
        print("migrations applied")
        return 0
    if args.command == "admin":
        return _admin(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
