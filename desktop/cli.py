"""Command-line tools for county IT that need no window: recover and check a profile, enroll,
sync and carry sync on a USB stick.

Passphrases come from the terminal (asked without echo) or, when standard input is not a
terminal, one per line from standard input, so scripts can drive them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from desktop.store.check import check_store
from desktop.store.keys import KeyEnvelopeError
from desktop.store.profile import ProfileError, recover, unlock


def read_secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise ProfileError("Expected a passphrase on standard input.")
    return line.rstrip("\r\n")


def read_new_passphrase() -> str:
    first = read_secret("New passphrase: ")
    if sys.stdin.isatty() and read_secret("New passphrase again: ") != first:
        raise ProfileError("The two passphrases differ.")
    return first


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rec = sub.add_parser(
        "recover",
        help="set a new passphrase on a profile with the county recovery private key",
        description="Set a new passphrase on a profile whose passphrase was lost, using the "
        "county's recovery private key. The new passphrase is read from standard input.",
    )
    rec.add_argument("--profile-dir", type=Path, required=True)
    rec.add_argument("--recovery-key", type=Path, required=True, help="PEM file")
    rec.set_defaults(handler=_recover)

    chk = sub.add_parser(
        "check",
        help="verify a profile: encryption, database structure and the audit chain",
        description="Unlock a profile (passphrase from standard input) and check its database "
        "pages, structure and audit log. Exit status 0 when everything is whole.",
    )
    chk.add_argument("--profile-dir", type=Path, required=True)
    chk.set_defaults(handler=_check)

    add_sync_commands(sub)


def _recover(args: argparse.Namespace) -> int:
    try:
        private_pem = args.recovery_key.read_bytes()
    except OSError as exc:
        print(f"Cannot read the recovery key: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        # `doorstep-server admin county-keypair --passphrase-stdin` writes an encrypted key.
        key_password = None
        if b"ENCRYPTED" in private_pem:
            key_password = read_secret("Recovery key passphrase: ").encode("utf-8")
        recover(args.profile_dir, private_pem, read_new_passphrase(), key_password=key_password)
    except (ProfileError, KeyEnvelopeError) as exc:
        print(f"Recovery failed: {exc}", file=sys.stderr)
        return 1
    print("The profile has a new passphrase.")
    return 0


def _require_profile(folder: Path) -> None:
    """Say a wrong --profile-dir before asking for a passphrase it could never open."""
    if not (folder / "keys.json").is_file():
        raise ProfileError(f"{folder} holds no Doorstep profile (give its folder by --profile-dir)")


def _check(args: argparse.Namespace) -> int:
    try:
        _require_profile(args.profile_dir)
        store = unlock(args.profile_dir, read_secret("Passphrase: "), migrate=False)
    except (ProfileError, KeyEnvelopeError) as exc:
        print(f"Cannot open the profile: {exc}", file=sys.stderr)
        return 1
    try:
        results = check_store(store)
    finally:
        store.lock()
    for r in results:
        print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}")
        for p in r.problems:
            print(f"     {p}")
    return 0 if all(r.ok for r in results) else 1


# --- sync (issue 5) ---------------------------------------------------------------------------


def add_sync_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    enr = sub.add_parser(
        "enroll",
        help="enroll this laptop with a one-time code from county IT",
        description="Trade an enrollment code for a device identity. A new profile is created "
        "when --profile-dir holds none (its passphrase is read from standard input, as is the "
        "passphrase of an existing profile).",
    )
    enr.add_argument("--profile-dir", type=Path, required=True)
    enr.add_argument("--server", required=True, help="https://… address of the county server")
    enr.add_argument("--code", required=True)
    enr.add_argument("--ca-file", type=Path, default=None, help="the county's pinned certificate")
    enr.add_argument("--label", default="", help="a name for this laptop, e.g. its asset tag")
    enr.add_argument(
        "--server-key",
        default=None,
        help="the county server's enrollment key (doorstep-server admin enroll-key); "
        "default: the one in the profile's county profile",
    )
    enr.set_defaults(handler=_enroll)

    syn = sub.add_parser(
        "sync",
        help="run one sync round now",
        description="Unlock the profile (passphrase from standard input) and run one sync "
        "round. Exit status 0 when everything went, 1 otherwise.",
    )
    syn.add_argument("--profile-dir", type=Path, required=True)
    syn.add_argument("--quiet", action="store_true")
    syn.set_defaults(handler=_sync)

    exp = sub.add_parser(
        "export-usb",
        help="write the pending records to a sealed file for a USB stick",
        description="Seal every pending record into batches and write them to FILE, encrypted "
        "for the county server and signed by this laptop.",
    )
    exp.add_argument("--profile-dir", type=Path, required=True)
    exp.add_argument("--server-key", default=None, help="the server's USB key (once)")
    exp.add_argument("file", type=Path)
    exp.set_defaults(handler=_export_usb)

    rec = sub.add_parser(
        "import-receipt",
        help="acknowledge what the server received from a USB transfer file",
    )
    rec.add_argument("--profile-dir", type=Path, required=True)
    rec.add_argument("--server-key", default=None)
    rec.add_argument("file", type=Path)
    rec.set_defaults(handler=_import_receipt)


def _raw_x25519_to_pem(b64: str) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    from sync.protocol import b64decode

    key = X25519PublicKey.from_public_bytes(b64decode(b64))
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _enroll(args: argparse.Namespace) -> int:
    from desktop.services import syncing
    from desktop.store.profile import create_profile
    from sync.client import SyncError

    exists = (args.profile_dir / "keys.json").exists()
    try:
        passphrase = read_secret("Passphrase: ") if exists else read_new_passphrase()
        if exists:
            store = unlock(args.profile_dir, passphrase)
            try:
                done = syncing.enroll(
                    store, args.server, args.code, args.ca_file, args.label, args.server_key
                )
            finally:
                store.lock()
        else:
            reply, key = syncing.request_enrollment(
                args.server, args.code, args.ca_file, args.label, server_key=args.server_key
            )
            if not reply.county.recovery_public_key:
                print(
                    "The county has no recovery key yet: county IT must run "
                    "`doorstep-server admin county-keypair` before laptops enroll.",
                    file=sys.stderr,
                )
                return 1
            pem = _raw_x25519_to_pem(reply.county.recovery_public_key)
            store = create_profile(args.profile_dir, passphrase, pem)
            try:
                done = syncing.save_enrollment(store, reply, key, args.server, args.ca_file)
            finally:
                store.lock()
    except (ProfileError, KeyEnvelopeError, SyncError) as exc:
        print(f"Enrollment failed: {exc}", file=sys.stderr)
        return 1
    print(f"enrolled: device {done.device_id}, role {done.role}, county {done.county_code}")
    return 0


def _open_enrolled(args: argparse.Namespace) -> Any:
    _require_profile(args.profile_dir)
    return unlock(args.profile_dir, read_secret("Passphrase: "))


def _sync(args: argparse.Namespace) -> int:
    from desktop.services import syncing
    from sync.client import SyncError
    from sync.engine import Progress

    def show(p: Progress) -> None:
        if not args.quiet:
            print(f"  {p.phase}: {p.done}/{p.total}", file=sys.stderr)

    try:
        store = _open_enrolled(args)
    except (ProfileError, KeyEnvelopeError) as exc:
        print(f"Cannot open the profile: {exc}", file=sys.stderr)
        return 1
    try:
        summary = syncing.run_sync(store, progress=show)
        problems = syncing.outbox_problems(store)
    except SyncError as exc:
        print(f"Sync failed: {exc}", file=sys.stderr)
        return 1
    finally:
        store.lock()
    c = summary.counts
    print(
        f"{summary.outcome}: {summary.message} (sent {c.get('pushed', 0)}, "
        f"acknowledged {c.get('acknowledged', 0) + c.get('duplicates', 0)}, "
        f"conflicts {c.get('conflicts', 0)}, quarantined {c.get('quarantined', 0)}, "
        f"received {c.get('pulled', 0)}, waiting {c.get('outbox_pending', 0)})"
    )
    for p in problems:
        print(f"  {p.state} {p.record_type} {p.record_id} r{p.revision}: {'; '.join(p.reasons)}")
    return 0 if summary.outcome == "ok" else 1


def _export_usb(args: argparse.Namespace) -> int:
    from desktop.services import syncing
    from sync.client import SyncError
    from sync.sneakernet import TransferError

    try:
        store = _open_enrolled(args)
    except (ProfileError, KeyEnvelopeError) as exc:
        print(f"Cannot open the profile: {exc}", file=sys.stderr)
        return 1
    try:
        if args.server_key:
            syncing.set_usb_key(store, args.server_key)
        n = syncing.export_usb(store, args.file)
    except (SyncError, TransferError, OSError) as exc:
        print(f"Export failed: {exc}", file=sys.stderr)
        return 1
    finally:
        store.lock()
    if n == 0:
        print("Nothing is waiting to be sent; no file was written.")
    else:
        print(f"wrote {n} sealed batches to {args.file}")
    return 0


def _import_receipt(args: argparse.Namespace) -> int:
    from desktop.services import syncing
    from sync.client import SyncError
    from sync.sneakernet import TransferError

    try:
        store = _open_enrolled(args)
    except (ProfileError, KeyEnvelopeError) as exc:
        print(f"Cannot open the profile: {exc}", file=sys.stderr)
        return 1
    try:
        if args.server_key:
            syncing.set_usb_key(store, args.server_key)
        summary = syncing.import_receipt(store, args.file)
    except (SyncError, TransferError, OSError) as exc:
        print(f"Import failed: {exc}", file=sys.stderr)
        return 1
    finally:
        store.lock()
    c = summary.counts
    print(
        f"receipt applied: acknowledged {c.get('acknowledged', 0) + c.get('duplicates', 0)}, "
        f"conflicts {c.get('conflicts', 0)}, quarantined {c.get('quarantined', 0)}"
    )
    return 0
