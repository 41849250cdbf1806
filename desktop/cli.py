"""Command-line tools for county IT that need no window: recover and check a profile.

Passphrases come from the terminal (asked without echo) or, when standard input is not a
terminal, one per line from standard input, so scripts can drive them.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

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


def _recover(args: argparse.Namespace) -> int:
    try:
        private_pem = args.recovery_key.read_bytes()
    except OSError as exc:
        print(f"Cannot read the recovery key: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        recover(args.profile_dir, private_pem, read_new_passphrase())
    except (ProfileError, KeyEnvelopeError) as exc:
        print(f"Recovery failed: {exc}", file=sys.stderr)
        return 1
    print("The profile has a new passphrase.")
    return 0


def _check(args: argparse.Namespace) -> int:
    try:
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
