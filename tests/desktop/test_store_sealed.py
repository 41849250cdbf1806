"""What is saved stays sealed: no name or ID number in any byte of the profile folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.store import profile
from desktop.store.keys import WrongPassphrase
from desktop.store.models import Division, Household, OutboxEntry, Survey
from desktop.store.records import save_household, save_survey
from tests.desktop import household_fixture as hf
from tests.desktop.conftest import FAST_KDF, PASSPHRASE


def _needles() -> list[bytes]:
    words = [name for name, _, _ in hf.MEMBERS] + [idn for _, idn, _ in hf.MEMBERS]
    words += ["演示村三组12号", "13907150000", "6500.50"]
    out = []
    for w in words:
        out += [w.encode("utf-8"), w.encode("utf-16-le"), w.encode("utf-16-be")]
    return out


def _fill(store: profile.Store, n: int = 30) -> list[str]:
    ids = []
    with store.transaction() as s:
        s.add_all(hf.divisions())
    for _ in range(n):
        h = hf.household()
        with store.transaction() as s:
            save_household(s, store.actor, h)
            save_survey(s, store.actor, hf.survey(h.id))
        ids.append(h.id)
    return ids


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_saved_data_never_appears_in_plain_bytes(store: profile.Store, profile_dir: Path) -> None:
    _fill(store)
    # While unlocked, with the WAL still holding pages, and again after lock.
    for when in ("open", "locked"):
        files = [p for p in profile_dir.iterdir() if p.is_file()]
        assert any(p.name == "store.db" for p in files)
        for path in files:
            raw = path.read_bytes()
            for needle in _needles():
                assert needle not in raw, f"{needle!r} in {path.name} while {when}"
        store.lock()


def test_saved_household_reads_back_after_unlock(store: profile.Store, profile_dir: Path) -> None:
    ids = _fill(store, 3)
    store.lock()
    again = profile.unlock(profile_dir, PASSPHRASE)
    try:
        with again.reading() as s:
            names = s.scalars(select(Household.head_name).where(Household.id.in_(ids))).all()
            survey = s.scalars(select(Survey).where(Survey.household_id == ids[0])).one()
            pending = s.scalar(select(func.count()).select_from(OutboxEntry))
        assert names == [hf.MEMBERS[0][0]] * 3
        assert survey.answers["members"][5]["name"] == "张秀兰"
        assert pending == 6
    finally:
        again.lock()


def test_wrong_passphrase_is_refused_and_changes_nothing(
    store: profile.Store, profile_dir: Path
) -> None:
    _fill(store, 2)
    store.lock()
    before = _snapshot(profile_dir)
    with pytest.raises(WrongPassphrase, match="not correct"):
        profile.unlock(profile_dir, PASSPHRASE + "x")
    after = _snapshot(profile_dir)
    # Only the wrong-passphrase counter moved (tests/desktop/test_passphrase_backoff.py).
    assert after.pop(profile.ATTEMPTS_NAME) != before.pop(profile.ATTEMPTS_NAME)
    assert after == before


def test_repeated_wrong_passphrases_are_slowed_down(
    store: profile.Store, profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.lock()
    now = [1000.0]
    monkeypatch.setattr(profile, "clock", lambda: now[0])
    for _ in range(profile.FREE_TRIES):
        with pytest.raises(WrongPassphrase):
            profile.unlock(profile_dir, "wrong passphrase")
    # Even the right passphrase has to wait now, and the wait grows with each failure.
    with pytest.raises(profile.TooManyAttempts) as first:
        profile.unlock(profile_dir, PASSPHRASE)
    now[0] += first.value.wait_s
    with pytest.raises(WrongPassphrase):
        profile.unlock(profile_dir, "wrong again")
    with pytest.raises(profile.TooManyAttempts) as second:
        profile.unlock(profile_dir, PASSPHRASE)
    assert second.value.wait_s > first.value.wait_s
    now[0] += second.value.wait_s
    profile.unlock(profile_dir, PASSPHRASE).lock()


def test_change_passphrase_then_only_the_new_one_unlocks(
    store: profile.Store, profile_dir: Path
) -> None:
    _fill(store, 1)
    store.lock()
    db_before = (profile_dir / "store.db").read_bytes()
    profile.change_passphrase(profile_dir, PASSPHRASE, "新的口令-abcdef", FAST_KDF)
    # Re-wrapping the key leaves the database itself untouched.
    assert (profile_dir / "store.db").read_bytes() == db_before
    with pytest.raises(WrongPassphrase):
        profile.unlock(profile_dir, PASSPHRASE)
    s = profile.unlock(profile_dir, "新的口令-abcdef")
    with s.reading() as session:
        assert session.scalar(select(func.count()).select_from(Household)) == 1
    s.lock()


def test_change_passphrase_with_wrong_old_one_changes_nothing(
    store: profile.Store, profile_dir: Path
) -> None:
    store.lock()
    before = _snapshot(profile_dir)
    with pytest.raises(WrongPassphrase):
        profile.change_passphrase(profile_dir, "not it at all", "another-passphrase", FAST_KDF)
    after = _snapshot(profile_dir)
    assert after.pop(profile.ATTEMPTS_NAME) != before.pop(profile.ATTEMPTS_NAME)  # counted
    assert after == before


def test_short_passphrase_is_refused(tmp_path: Path, recovery_keypair: tuple[bytes, bytes]) -> None:
    with pytest.raises(profile.ProfileError, match="at least 8"):
        profile.create_profile(tmp_path / "p", "short", recovery_keypair[1], FAST_KDF)
    assert not (tmp_path / "p" / "keys.json").exists()


def test_locked_store_refuses_work(store: profile.Store) -> None:
    store.lock()
    assert store.locked
    with pytest.raises(profile.ProfileError, match="locked"), store.transaction() as s:
        s.add(Division(code="1", name="x", level="county"))
