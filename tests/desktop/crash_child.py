"""Child process of the crash test: saves surveys in a loop, reporting each committed id.

Run as `python -m tests.desktop.crash_child PROFILE_DIR`; passphrase on stdin. A line
`committed <id>` is printed (and flushed) only after the transaction that saved it committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.store.profile import unlock
from desktop.store.records import save_household, save_survey
from tests.desktop import household_fixture as hf


def main() -> None:
    store = unlock(Path(sys.argv[1]), sys.stdin.readline().rstrip("\n"))
    print("ready", flush=True)
    while True:
        h = hf.household()
        survey = hf.survey(h.id)
        with store.transaction() as s:
            save_household(s, store.actor, h)
            save_survey(s, store.actor, survey)
        print(f"committed {survey.id}", flush=True)


if __name__ == "__main__":
    main()
