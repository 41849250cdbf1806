"""A configuration mistake is said in one or two lines through the real commands.

Each case runs the installed command (or packaging/build.py) in a subprocess the way county IT
would, with one setting wrong, and checks the exit status, that the message names the setting
and how to give it, and that no traceback or pydantic validation dump reaches the terminal.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(args: list[str], tmp_path: Path, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DOORSTEP_")}
    out = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, env={**clean, **env},
                         timeout=120, check=False, stdin=subprocess.DEVNULL)  # fmt: skip
    text = out.stdout + out.stderr
    assert out.returncode != 0, text
    assert "Traceback" not in text
    assert "pydantic" not in text
    assert "errors.pydantic.dev" not in text
    # argparse's usage lines come before its one error line; the rest is the message itself
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    message = [line for line in lines if not line.startswith(("usage:", " "))]
    assert 1 <= len(message) <= 2, lines
    return message


SERVER = str(BIN / "doorstep-server")


def test_server_without_its_secret(tmp_path: Path) -> None:
    (line,) = _run([SERVER, "serve", "--port", str(_closed_port())], tmp_path)
    assert line.startswith("doorstep-server: DOORSTEP_SECRET_KEY is not set")
    assert "DOORSTEP_DEMO=1" in line


def test_server_with_a_short_secret(tmp_path: Path) -> None:
    (line,) = _run([SERVER, "serve"], tmp_path, DOORSTEP_SECRET_KEY="short")
    assert "DOORSTEP_SECRET_KEY must be at least 32 characters" in line


def test_server_with_a_setting_that_is_not_a_number(tmp_path: Path) -> None:
    lines = _run([SERVER, "serve"], tmp_path, DOORSTEP_DEMO="1",
                 DOORSTEP_MAX_BATCH_BYTES="8MB", DOORSTEP_DB_POOL_SIZE="0")  # fmt: skip
    assert lines == [
        "doorstep-server: DOORSTEP_MAX_BATCH_BYTES is '8MB': expected a whole number",
        "DOORSTEP_DB_POOL_SIZE is '0': expected at least 1",
    ]


def test_server_port_from_the_environment(tmp_path: Path) -> None:
    (line,) = _run([SERVER, "serve"], tmp_path, DOORSTEP_DEMO="1", DOORSTEP_PORT="eighty")
    assert "'eighty' is not a port" in line
    assert "DOORSTEP_PORT" in line


@pytest.mark.parametrize("command", [["migrate"], ["admin", "list-devices"], ["serve"]])
def test_a_url_that_is_no_database_url(tmp_path: Path, command: list[str]) -> None:
    args = [SERVER, command[0], "--database-url", "mysq1://county/doorstep", *command[1:]]
    first, second = _run(args, tmp_path, DOORSTEP_DEMO="1")
    assert first.startswith("doorstep-server: not a database URL the server can use")
    assert "--database-url or DOORSTEP_DATABASE_URL (now mysq1://county/doorstep)" in first
    assert second.startswith("e.g. postgresql://")


def test_a_database_that_cannot_be_reached_hides_the_password(tmp_path: Path) -> None:
    url = f"postgresql://county:s3cret-pw@127.0.0.1:{_closed_port()}/doorstep"
    first, second = _run([SERVER, "migrate"], tmp_path, DOORSTEP_DATABASE_URL=url)
    assert first.startswith("doorstep-server: cannot use the database: ")
    assert "DOORSTEP_DATABASE_URL" in second
    assert "s3cret-pw" not in first + second


def test_a_database_not_yet_migrated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    (line,) = _run([SERVER, "admin", "--database-url", url, "list-devices"], tmp_path)
    assert "run `doorstep-server migrate` first" in line


def test_the_app_with_a_county_profile_that_is_not_there(tmp_path: Path) -> None:
    (line,) = _run([str(BIN / "doorstep"), "--profile", "county.toml"], tmp_path,
                   QT_QPA_PLATFORM="offscreen")  # fmt: skip
    assert line.startswith("doorstep: Cannot read the county profile county.toml")
    assert "--profile" in line


def test_a_laptop_command_with_no_profile_there(tmp_path: Path) -> None:
    (line,) = _run([str(BIN / "doorstep"), "sync", "--profile-dir", "nowhere"], tmp_path)
    assert "nowhere" in line


def test_the_build_with_a_county_profile_that_is_not_there(tmp_path: Path) -> None:
    build = str(ROOT / "packaging" / "build.py")
    (line,) = _run([sys.executable, build, "--profile", "county.toml"], tmp_path)
    assert line.startswith("Cannot read the county profile county.toml (--profile)")
