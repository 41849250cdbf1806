"""Wrong passphrases: a growing wait, then only the county recovery; the count survives a
restart and a deleted or edited counter file counts as the limit. Real SQLCipher profiles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.store import profile
from desktop.store.keys import KeyFile, WrongPassphrase
from tests.desktop.conftest import FAST_KDF, PASSPHRASE

NEW = "县里给的新口令-2026"


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A hand-moved wall clock: waits are skipped by moving it, never by sleeping."""
    t = [1_800_000_000.0]
    monkeypatch.setattr(profile, "clock", lambda: t[0])
    return t


def _wrong(folder: Path, now: list[float]) -> WrongPassphrase:
    with pytest.raises(WrongPassphrase) as caught:
        profile.unlock(folder, "not the passphrase")
    now[0] += caught.value.wait_s  # as the countdown in the unlock screen would
    return caught.value


def test_the_wait_grows_then_only_recovery_opens(
    store: profile.Store,
    profile_dir: Path,
    now: list[float],
    recovery_keypair: tuple[bytes, bytes],
) -> None:
    store.lock()
    waits, left = [], []
    for _ in range(profile.MAX_FAILURES - 1):
        caught = _wrong(profile_dir, now)
        waits.append(caught.wait_s)
        left.append(caught.tries_left)
    assert waits == [0, 0, 2, 4, 8, 16, 32, 60, 60]
    assert left == list(range(profile.MAX_FAILURES - 1, 0, -1))
    with pytest.raises(profile.NeedsRecovery):
        profile.unlock(profile_dir, "still wrong")  # the tenth
    # From now on even the right passphrase is refused without being tried.
    with pytest.raises(profile.NeedsRecovery):
        profile.unlock(profile_dir, PASSPHRASE)
    now[0] += 86_400.0  # waiting a day changes nothing
    with pytest.raises(profile.NeedsRecovery):
        profile.unlock(profile_dir, PASSPHRASE)
    with pytest.raises(profile.NeedsRecovery):
        profile.change_passphrase(profile_dir, PASSPHRASE, NEW, FAST_KDF)
    # County IT's recovery key sets a new passphrase and the count back to zero.
    profile.recover(profile_dir, recovery_keypair[0], NEW, FAST_KDF)
    profile.unlock(profile_dir, NEW).lock()
    assert profile.read_attempts(profile_dir, KeyFile.read(profile_dir / "keys.json")).failures == 0


def test_a_wait_refuses_even_the_right_passphrase_until_it_ends(
    store: profile.Store, profile_dir: Path, now: list[float]
) -> None:
    store.lock()
    for _ in range(profile.FREE_TRIES):
        with pytest.raises(WrongPassphrase):
            profile.unlock(profile_dir, "wrong")
    with pytest.raises(profile.TooManyAttempts) as waiting:
        profile.unlock(profile_dir, PASSPHRASE)
    assert waiting.value.wait_s == 2
    now[0] += 1
    with pytest.raises(profile.TooManyAttempts) as still:
        profile.unlock(profile_dir, PASSPHRASE)
    assert still.value.wait_s == 1
    now[0] -= 3600  # the clock set back an hour: the wait stays bounded by its own length
    with pytest.raises(profile.TooManyAttempts) as back:
        profile.unlock(profile_dir, PASSPHRASE)
    assert back.value.wait_s <= 2
    now[0] += 3600 + 1
    profile.unlock(profile_dir, PASSPHRASE).lock()


def test_the_count_survives_a_restart_and_a_right_passphrase_resets_it(
    store: profile.Store, profile_dir: Path, now: list[float]
) -> None:
    store.lock()
    for _ in range(5):
        _wrong(profile_dir, now)
    # A new process knows only the files: the count is read from attempts.json.
    doc = json.loads((profile_dir / profile.ATTEMPTS_NAME).read_text())
    assert doc["failures"] == 5
    assert _wrong(profile_dir, now).wait_s == 16
    profile.unlock(profile_dir, PASSPHRASE).lock()
    assert json.loads((profile_dir / profile.ATTEMPTS_NAME).read_text())["failures"] == 0
    assert _wrong(profile_dir, now).wait_s == 0  # a fresh start after a good unlock


def test_a_deleted_counter_counts_as_the_limit(
    store: profile.Store, profile_dir: Path, now: list[float]
) -> None:
    store.lock()
    _wrong(profile_dir, now)
    (profile_dir / profile.ATTEMPTS_NAME).unlink()
    with pytest.raises(profile.NeedsRecovery):
        profile.unlock(profile_dir, PASSPHRASE)


@pytest.mark.parametrize(
    "edit",
    [
        lambda doc: {**doc, "failures": 0},  # the count rewritten, MAC left
        lambda doc: {**doc, "last": 0.0},
        lambda doc: {**doc, "mac": "0" * 64},
        lambda doc: {"format": 1, "failures": 0, "last": 0.0},
        lambda doc: "not a counter",
    ],
)
def test_an_edited_counter_counts_as_the_limit(
    store: profile.Store, profile_dir: Path, now: list[float], edit: object
) -> None:
    store.lock()
    for _ in range(4):
        _wrong(profile_dir, now)
    path = profile_dir / profile.ATTEMPTS_NAME
    assert callable(edit)
    path.write_text(json.dumps(edit(json.loads(path.read_text()))))
    with pytest.raises(profile.NeedsRecovery):
        profile.unlock(profile_dir, PASSPHRASE)


def test_a_counter_from_another_profile_does_not_pass(
    store: profile.Store,
    profile_dir: Path,
    tmp_path: Path,
    now: list[float],
    recovery_keypair: tuple[bytes, bytes],
) -> None:
    store.lock()
    other = tmp_path / "other"
    profile.create_profile(other, PASSPHRASE, recovery_keypair[1], FAST_KDF).lock()
    for _ in range(4):
        _wrong(profile_dir, now)
    # A zero counter copied in from a fresh profile: its MAC is bound to that profile.
    (profile_dir / profile.ATTEMPTS_NAME).write_bytes((other / profile.ATTEMPTS_NAME).read_bytes())
    with pytest.raises(profile.NeedsRecovery):
        profile.unlock(profile_dir, PASSPHRASE)


def test_a_profile_from_before_the_counter_starts_at_zero_and_gets_one(
    store: profile.Store, profile_dir: Path, now: list[float]
) -> None:
    """An older release wrote no attempts.json and no claim in keys.json: not a lock-out."""
    store.lock()
    keys = json.loads((profile_dir / "keys.json").read_text())
    assert keys.pop("attempts_counter") is True
    (profile_dir / "keys.json").write_text(json.dumps(keys))
    (profile_dir / profile.ATTEMPTS_NAME).unlink()
    profile.unlock(profile_dir, PASSPHRASE).lock()
    assert KeyFile.read(profile_dir / "keys.json").attempts_counter
    assert (profile_dir / profile.ATTEMPTS_NAME).exists()
    # From now on a deleted counter is a tampered one.
    (profile_dir / profile.ATTEMPTS_NAME).unlink()
    with pytest.raises(profile.NeedsRecovery):
        profile.unlock(profile_dir, PASSPHRASE)


def test_changing_the_passphrase_keeps_the_counter_valid(
    store: profile.Store, profile_dir: Path, now: list[float]
) -> None:
    store.lock()
    _wrong(profile_dir, now)
    profile.change_passphrase(profile_dir, PASSPHRASE, NEW, FAST_KDF)
    assert _wrong(profile_dir, now).tries_left == profile.MAX_FAILURES - 1
    profile.unlock(profile_dir, NEW).lock()
