"""`doorstep-server`: the command line of the central server.

Each subcommand is a thin layer over a service the HTTP API uses too, so what county IT does from
the shell and what the API does can never drift apart.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from forms import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="doorstep-server",
        description="Doorstep central server: receives survey batches from cadres' laptops, "
        "serves changes, review decisions and reports.",
    )
    parser.add_argument("--version", action="version", version=f"doorstep-server {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
