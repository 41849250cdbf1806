"""Power cuts: a child saving surveys is killed with SIGKILL at random moments, 50 times.

After every kill the store must open, pass both integrity checks and the audit chain, and hold
every survey the child reported as committed.
"""

from __future__ import annotations

import os
import random
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select as sql_select

from desktop.store import profile
from desktop.store.check import check_store
from desktop.store.models import Survey
from tests.desktop import household_fixture as hf
from tests.desktop.conftest import PASSPHRASE

KILLS = 50
ROOT = Path(__file__).resolve().parents[2]


def _read_for(proc: subprocess.Popen[bytes], seconds: float) -> bytes:
    """What the child prints within `seconds`; returns early only at end of output."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + seconds
    buf = b""
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        buf += chunk
    return buf


@pytest.mark.slow
def test_sigkill_during_saves_loses_nothing_committed(
    store: profile.Store, profile_dir: Path
) -> None:
    with store.transaction() as s:
        s.add_all(hf.divisions())
    store.lock()
    rng = random.Random(20261128)
    reported: set[str] = set()
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.desktop.crash_child", str(profile_dir)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert proc.stdin is not None
        proc.stdin.write((PASSPHRASE + "\n").encode())
        proc.stdin.close()
        assert proc.stdout is not None
        # Wait for the child to unlock, then let it save for a random stretch before the cut.
        assert proc.stdout.readline() == b"ready\n"
        out = _read_for(proc, rng.uniform(0.0, 0.25))
        proc.kill()
        proc.wait()
        out += proc.stdout.read()
        # A line cut off by the kill was not reported complete, so it does not count.
        lines = out.decode().split("\n")[:-1]
        reported |= {line.split()[1] for line in lines if line.startswith("committed ")}

        reopened = profile.unlock(profile_dir, PASSPHRASE)
        try:
            results = check_store(reopened)
            assert all(r.ok for r in results), results
            with reopened.reading() as s:
                present = set(s.scalars(sql_select(Survey.id)))
            assert reported <= present, f"lost {len(reported - present)} committed surveys"
        finally:
            reopened.lock()
    assert len(reported) > KILLS  # the child really was saving when it was killed
