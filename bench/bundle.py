"""Benchmark of the county bundle: its size, and a cold start to the first window.

Builds the bundle from a profile (default: the demo county) unless --bundle points at an
unpacked one, then prints the package and unpacked sizes and the median wall time of starting
the bundled `doorstep` until its first window (first-run / unlock) is shown, over several runs,
each with a fresh HOME so no cache of an earlier run helps.

Run: .venv/bin/python bench/bundle.py [--profile packaging/profiles/demo.toml] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _build(profile: Path, tmp: Path) -> tuple[Path, Path]:
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--profile", str(profile),
         "--out", str(tmp / "out"), "--work", str(tmp / "work")],
        check=True, capture_output=True,
    )  # fmt: skip
    (package,) = (tmp / "out").glob("*.tar.gz")
    with tarfile.open(package) as tar:
        tar.extractall(tmp / "unpacked", filter="data")
    (folder,) = (tmp / "unpacked").iterdir()
    return package, folder / "doorstep" / "doorstep"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, default=ROOT / "packaging/profiles/demo.toml")
    parser.add_argument("--bundle", type=Path, help="an unpacked bundle's doorstep executable")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.bundle:
            package, exe = None, args.bundle
        else:
            t0 = time.perf_counter()
            package, exe = _build(args.profile, tmp)
            print(f"build time: {time.perf_counter() - t0:.0f} s")
        if package is not None:
            print(f"package: {package.name} {package.stat().st_size / 2**20:.1f} MiB")
        print(f"unpacked bundle: {_size(exe.parent) / 2**20:.1f} MiB")
        times = []
        for i in range(args.runs):
            home = tmp / f"home{i}"
            home.mkdir()
            env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
                   "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}  # fmt: skip
            t0 = time.perf_counter()
            subprocess.run([str(exe), "--quit-when-shown"], env=env, check=True, timeout=120)
            times.append(time.perf_counter() - t0)
        print(
            f"cold start to the first window (process start to exit right after show), "
            f"{args.runs} runs: median {statistics.median(times):.2f} s, "
            f"min {min(times):.2f} s, max {max(times):.2f} s"
        )


if __name__ == "__main__":
    main()
