"""The installed commands answer --help and --version, as county IT's scripts expect."""

import subprocess
import sys
from pathlib import Path

import pytest

from forms import __version__

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("command", ["doorstep", "doorstep-server"])
def test_version(command: str) -> None:
    out = subprocess.run(
        [str(BIN / command), "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"{command} {__version__}"


@pytest.mark.parametrize("command", ["doorstep", "doorstep-server"])
def test_help(command: str) -> None:
    out = subprocess.run([str(BIN / command), "--help"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith(f"usage: {command}")
