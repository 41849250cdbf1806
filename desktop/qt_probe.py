"""Can Qt open a window here? Asked before anything is started, answered with what to install.

Qt aborts the whole process when its platform plugin cannot load (a missing xcb library, no
display), and its own message is misleading: since Qt 6.5 it blames xcb-cursor whatever library
is missing. So `doorstep demo` asks first, in a child process that may abort without harm, with
Qt's plugin diagnostics on: the dynamic loader names the first library it could not open. Then
every library of `.ci/debian-packages` that the system's loader cache lacks is looked up too, so
the one apt line names them all, not one per try. No Qt is imported in this process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE_LIST = Path(__file__).resolve().parents[1] / ".ci" / "debian-packages"
_PROBE = "import sys\nfrom PySide6.QtWidgets import QApplication\nQApplication(sys.argv[:1])\n"
_MISSING = re.compile(r"(lib[\w.+-]+\.so[\d.]*): cannot open shared object file")
_NO_DISPLAY = re.compile(r"could not connect to display\s*(\S*)")


@dataclass(frozen=True)
class QtProblem:
    """Why Qt cannot start: what is missing (libraries, or a display) and the fix."""

    missing_libraries: tuple[str, ...]
    packages: tuple[str, ...]
    detail: str

    def message(self) -> str:
        if self.missing_libraries:
            text = f"Qt cannot start: missing {', '.join(self.missing_libraries)}."
            if self.packages:
                text += f"\nInstall with: sudo apt-get install {' '.join(self.packages)}"
            return text
        return f"Qt cannot start: {self.detail}"


def _library_packages(needs: tuple[str, ...] = ("qt", "display")) -> dict[str, str]:
    """soname -> the Debian package to install for it, from the set-up step's list."""
    table: dict[str, str] = {}
    try:
        lines = PACKAGE_LIST.read_text(encoding="utf-8").splitlines()
    except OSError:  # an installed copy without the source tree: name the library only
        return table
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0] in needs and parts[2] != "-":
            for soname in parts[2].split(","):
                table[soname] = parts[1].split("|")[0]
    return table


def _loader_cache() -> set[str] | None:
    """The sonames the dynamic loader finds in its cache, or None when ldconfig is unavailable."""
    for ldconfig in ("ldconfig", "/sbin/ldconfig", "/usr/sbin/ldconfig"):
        try:
            out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0:
            return {line.split()[0] for line in out.stdout.splitlines()[1:] if line.strip()}
    return None


def explain(qt_output: str, cache: set[str] | None) -> QtProblem:
    """What a failed start's diagnostics (`QT_DEBUG_PLUGINS=1` stderr) say is missing."""
    table = _library_packages()
    missing = list(dict.fromkeys(_MISSING.findall(qt_output)))
    if cache is not None and missing:
        missing += [lib for lib in table if lib not in cache and lib not in missing]
    if missing:
        packages = tuple(dict.fromkeys(table[lib] for lib in missing if lib in table))
        return QtProblem(tuple(missing), packages, "")
    display = _NO_DISPLAY.search(qt_output)
    if display:
        where = display.group(1) or os.environ.get("DISPLAY", "")
        return QtProblem((), (), f"no display to connect to ({where or 'DISPLAY is not set'}); "
                         "run it on a desktop session, or with QT_QPA_PLATFORM=offscreen")  # fmt: skip
    lines = [line for line in qt_output.splitlines() if line.strip()
             and not line.startswith(("qt.core.", "QFactoryLoader"))]  # fmt: skip
    return QtProblem((), (), lines[-1] if lines else "the Qt platform plugin did not load")


def qt_start_problem(timeout_s: float = 60.0) -> QtProblem | None:
    """None when a QApplication starts on this machine's display (or QT_QPA_PLATFORM)."""
    env = {**os.environ, "QT_DEBUG_PLUGINS": "1"}
    try:
        out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                             env=env, timeout=timeout_s, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return QtProblem((), (), f"Qt did not start within {timeout_s:.0f} s")
    if out.returncode == 0:
        return None
    return explain(out.stderr, _loader_cache())
