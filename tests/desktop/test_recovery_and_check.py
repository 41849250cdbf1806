"""County IT's commands, run as county IT runs them: `doorstep recover` and `doorstep check`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from desktop.store import profile
from desktop.store.keys import KeyFile, new_recovery_keypair
from desktop.store.records import save_household
from tests.desktop import household_fixture as hf
from tests.desktop.conftest import PASSPHRASE

DOORSTEP = str(Path(sys.executable).parent / "doorstep")


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DOORSTEP, *args], input=stdin, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def filled(store: profile.Store, profile_dir: Path) -> Path:
    with store.transaction() as s:
        s.add_all(hf.divisions())
    for _ in range(5):
        with store.transaction() as s:
            save_household(s, store.actor, hf.household())
    store.lock()
    return profile_dir


def test_recover_with_county_private_key(
    filled: Path, tmp_path: Path, recovery_keypair: tuple[bytes, bytes]
) -> None:
    key_file = tmp_path / "county-recovery.pem"
    key_file.write_bytes(recovery_keypair[0])
    out = _run(
        "recover",
        "--profile-dir",
        str(filled),
        "--recovery-key",
        str(key_file),
        stdin="recovered-passphrase-1\n",
    )
    assert out.returncode == 0, out.stderr
    assert "new passphrase" in out.stdout
    with pytest.raises(profile.WrongPassphrase):
        profile.unlock(filled, PASSPHRASE)
    s = profile.unlock(filled, "recovered-passphrase-1")
    assert s.get_state("user") == "cadre-001"
    s.lock()


def test_recover_with_another_countys_key_is_refused(filled: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.pem"
    other.write_bytes(new_recovery_keypair()[0])
    before = (filled / "keys.json").read_bytes()
    out = _run(
        "recover",
        "--profile-dir",
        str(filled),
        "--recovery-key",
        str(other),
        stdin="recovered-passphrase-1\n",
    )
    assert out.returncode == 1
    assert "does not belong to this profile's county" in out.stderr
    assert (filled / "keys.json").read_bytes() == before


def test_check_passes_on_a_whole_profile(filled: Path) -> None:
    out = _run("check", "--profile-dir", str(filled), stdin=PASSPHRASE + "\n")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("ok  ") == 3


def test_check_with_wrong_passphrase_says_so(filled: Path) -> None:
    out = _run("check", "--profile-dir", str(filled), stdin="wrong-passphrase\n")
    assert out.returncode == 1
    assert "passphrase is not correct" in out.stderr


def _tamper(folder: Path, sql: str) -> None:
    """Change the database behind the app's back, as someone holding the data key could."""
    key = KeyFile.read(folder / "keys.json").unwrap_with_passphrase(PASSPHRASE)
    conn = sqlcipher3.connect(str(folder / "store.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("sql", "finding"),
    [
        ("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2", "entry 2 was changed"),
        ("DELETE FROM audit_log WHERE seq = 3", "entries 3..3 are missing"),
        ("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)", "written last"),
    ],
)
def test_check_finds_an_edited_or_deleted_audit_entry(filled: Path, sql: str, finding: str) -> None:
    _tamper(filled, sql)
    out = _run("check", "--profile-dir", str(filled), stdin=PASSPHRASE + "\n")
    assert out.returncode == 1
    assert "FAIL audit log chain" in out.stdout
    assert finding in out.stdout


def test_check_finds_a_damaged_page(filled: Path) -> None:
    db = filled / "store.db"
    raw = bytearray(db.read_bytes())
    raw[4096 * 2 + 100] ^= 0xFF  # one byte inside the third page
    db.write_bytes(bytes(raw))
    out = _run("check", "--profile-dir", str(filled), stdin=PASSPHRASE + "\n")
    assert out.returncode == 1
    assert "FAIL" in out.stdout
