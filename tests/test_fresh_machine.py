"""The set-up step of `make run` / `make test` and the throwaway PostgreSQL, run for real.

`.ci/setup` is driven with fake `dpkg-query`, `id` and `apt-get` first on PATH, so it sees a
machine with none of the packages installed: as another user it must stop at once with the one
install line; as root it must call apt-get with exactly the missing packages. `.ci/with-postgres`
starts a real cluster on a free port, runs a command against it, and leaves nothing behind.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUP = ROOT / ".ci" / "setup"
WITH_PG = ROOT / ".ci" / "with-postgres"


def _package_list(*needs: str) -> list[str]:
    """The first alternative of each requirement of `needs`, as .ci/debian-packages lists them."""
    out = []
    for line in (ROOT / ".ci" / "debian-packages").read_text().splitlines():
        parts = line.split()
        if parts and not parts[0].startswith("#") and parts[0] in needs:
            out.append(parts[1].split("|")[0])
    return out


def _fake_bin(tmp_path: Path, uid: int, installed: tuple[str, ...] = ()) -> Path:
    """A folder of fake commands: dpkg-query knows only `installed`, id says `uid`, apt-get
    records its arguments in apt.log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    known = "\n".join(f"ii {name}" for name in installed)
    scripts = {
        "dpkg-query": f"#!/bin/sh\nprintf '%s\\n' '{known}' | grep . ; exit 1\n",
        "dpkg": "#!/bin/sh\nexit 1\n",
        "id": f"#!/bin/sh\necho {uid}\n",
        "apt-get": f'#!/bin/sh\necho "$@" >> {tmp_path / "apt.log"}\n',
    }
    for name, text in scripts.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return bin_dir


def _run_setup(bin_dir: Path, mode: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", **env}
    full_env.pop("QT_QPA_PLATFORM", None)
    full_env.update(env)
    return subprocess.run(
        [str(SETUP), mode], capture_output=True, text=True, env=full_env, timeout=60, check=False
    )


def test_setup_as_a_user_stops_at_once_with_the_install_line(tmp_path: Path) -> None:
    bin_dir = _fake_bin(tmp_path, uid=1000)
    started = time.monotonic()
    out = _run_setup(bin_dir, "test")
    took = time.monotonic() - started
    assert out.returncode == 1
    lines = [line for line in out.stderr.splitlines() if "apt-get" in line]
    assert len(lines) == 1
    assert lines[0].split() == ["sudo", "apt-get", "install", *_package_list("qt", "font", "test")]
    assert "libxcb-cursor0" not in lines[0]  # the tests run offscreen
    assert "fonts-wqy-microhei" in lines[0]
    assert "postgresql" in lines[0].split()
    assert not (tmp_path / "apt.log").exists()
    assert took < 10, f"the set-up step took {took:.1f} s"


def test_setup_for_a_display_asks_for_the_xcb_libraries(tmp_path: Path) -> None:
    out = _run_setup(_fake_bin(tmp_path, uid=1000), "run")
    assert out.returncode == 1
    (line,) = [line for line in out.stderr.splitlines() if "apt-get" in line]
    assert line.split()[3:] == _package_list("qt", "display", "font")
    for lib in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-render-util0"):
        assert lib in line.split()
    assert "postgresql" not in line  # `make run` needs no database server


def test_setup_counts_installed_alternatives(tmp_path: Path) -> None:
    """A versioned PostgreSQL package or another CJK font satisfies the requirement."""
    others = [p for p in _package_list("qt", "test") if not p.startswith("postgresql")]
    installed = (*others, "fonts-noto-cjk", "postgresql-client-15", "postgresql-15")
    out = _run_setup(_fake_bin(tmp_path, uid=1000, installed=installed), "test")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""


def test_setup_as_root_installs_the_missing_packages(tmp_path: Path) -> None:
    out = _run_setup(_fake_bin(tmp_path, uid=0, installed=("libegl1",)), "run",
                     QT_QPA_PLATFORM="offscreen")  # fmt: skip
    assert out.returncode == 0, out.stderr
    calls = (tmp_path / "apt.log").read_text().splitlines()
    assert calls[0] == "update -qq"
    wanted = [p for p in _package_list("qt", "font") if p != "libegl1"]
    assert calls[1].split() == ["install", "-y", "-qq", "--no-install-recommends", *wanted]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listens(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_a_throwaway_postgresql_starts_when_nothing_listens(tmp_path: Path) -> None:
    port = _free_port()
    assert not _listens(port)
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import psycopg, sys\n"
        f"with psycopg.connect('postgresql://postgres@127.0.0.1:{port}/test') as c:\n"
        "    print(c.execute('show data_directory').fetchone()[0])\n"
    )
    out = subprocess.run(
        [str(WITH_PG), "--port", str(port), "--", sys.executable, str(probe)],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    match = re.search(r"throwaway cluster on 127\.0\.0\.1:(\d+) in (\S+)", out.stderr)
    assert match
    assert int(match[1]) == port
    assert Path(out.stdout.strip()) == Path(match[2]) / "data"  # the command used that cluster
    # Stopped and removed once the command ended.
    assert not _listens(port)
    assert not Path(match[2]).exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/test", connect_timeout=2)


def test_with_postgres_uses_what_already_listens(tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        out = subprocess.run(
            [str(WITH_PG), "--port", str(port), "--", "sh", "-c", "exit 7"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
    assert out.returncode == 7
    assert "throwaway" not in out.stderr
