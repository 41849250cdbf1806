"""`doorstep demo`: placeholder until the demo launcher lands (see the next commit)."""

from __future__ import annotations

import argparse


def main(args: argparse.Namespace) -> int:
    raise SystemExit("demo not ready")
