"""The Linux bundle, built from the demo profile, runs its self-test from an empty folder.

Builds with PyInstaller (a few minutes), unpacks the .tar.gz into an empty folder and starts the
bundled `doorstep` with a bare environment: no .venv, no PYTHONPATH, not the checkout's folder.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from sync.county_profile import new_signing_key, sign

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "packaging" / "profiles" / "demo.toml"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = tmp_path_factory.mktemp("build")
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--profile", str(DEMO),
         "--out", str(build / "out"), "--work", str(build / "work")],
        check=True, timeout=1200,
    )  # fmt: skip
    (package,) = (build / "out").glob("doorstep-421202-*-linux.tar.gz")
    target = tmp_path_factory.mktemp("empty")
    with tarfile.open(package) as tar:
        tar.extractall(target, filter="data")
    (folder,) = target.iterdir()
    assert (folder / "doorstep.desktop").read_text(encoding="utf-8").startswith("[Desktop Entry]")
    return folder / "doorstep" / "doorstep"


def _bare(exe: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.mark.slow
def test_bundle_self_test_passes_from_an_empty_folder(installed: Path, tmp_path: Path) -> None:
    out = _bare(installed, "--self-test", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok   qt", "ok   sqlcipher", "ok   county profile", "ok   forms", "ok   encrypted store"
    ]  # fmt: skip
    assert "咸安区（演示）" in out.stdout
    internal = installed.parent / "_internal"
    assert "server" not in {p.name for p in internal.iterdir()}
    assert not (internal / "fastapi").exists()
    assert (internal / "resources" / "icons" / "doorstep.svg").is_file()
    assert any((internal / "resources" / "fonts").iterdir())  # a CJK font travels along
    assert (internal / "resources" / "translations" / "doorstep_zh_CN.qm").is_file()


@pytest.mark.slow
def test_bundle_refuses_a_profile_signed_by_another_key(installed: Path, tmp_path: Path) -> None:
    pem, public = new_signing_key()
    raw = DEMO.read_bytes()
    body = raw[: raw.rfind(b"\n[signature]\n") + 1]
    start = body.index(b'signing_public_key = "') + len(b'signing_public_key = "')
    rogue = tmp_path / "rogue.toml"
    rogue.write_bytes(sign(body[:start] + public + body[body.index(b'"', start) :], pem))
    out = _bare(installed, "--self-test", "--profile", str(rogue), cwd=tmp_path)
    assert out.returncode == 1
    assert (
        "FAIL county profile: The county profile is signed by a key this build does not trust"
        in out.stdout
    )
