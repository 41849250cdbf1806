#!/usr/bin/env python3
"""Build tests/upgrade/fixtures/ with the previous release's code (not by hand).

    .venv/bin/python tests/upgrade/build_fixtures.py [--release 52c3e71]

Checks the release out into a temporary git worktree and runs old_release_builder.py with that
checkout first on the import path (this venv's libraries, the old release's own code), then
copies what it made into fixtures/. The release is the first wave's last landed commit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RELEASE = "52c3e71"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--release", default=RELEASE)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="doorstep-release-") as tmp:
        checkout, out = Path(tmp) / "code", Path(tmp) / "out"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(checkout),
                        args.release], check=True)  # fmt: skip
        try:
            env = dict(os.environ, PYTHONPATH=str(checkout), DOORSTEP_RELEASE=args.release)
            subprocess.run([sys.executable, str(HERE / "old_release_builder.py"), str(out)],
                           cwd=checkout, env=env, check=True)  # fmt: skip
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(checkout)], check=False)  # fmt: skip
        target = HERE / "fixtures"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(out, target, ignore=shutil.ignore_patterns("att"))
        (target / "RELEASE").write_text(args.release + "\n")
    print(f"fixtures from {args.release} written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
