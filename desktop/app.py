"""`doorstep`: the desktop app's command line, logging, QApplication and translations.

Subcommands for county IT (recover, check) run without Qt so they work over SSH on a laptop with
no display; Qt is imported only when a window is opened.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from desktop import cli
from forms import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="doorstep",
        description="Doorstep (入户通): household surveys for township cadres, offline first.",
    )
    parser.add_argument("--version", action="version", version=f"doorstep {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
