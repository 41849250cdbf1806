"""The signing refusals through real HTTP, with the laptop's own code on one side.

A real `doorstep-server serve` on loopback (SQLite and PostgreSQL), a real encrypted laptop
profile enrolled with a one-time code, and its real client and engine (`desktop.services.syncing`
over `sync.client` and `sync.engine`). The attacker's part is played by `tests.sync.mitm`, a
relay between the two that records, changes or swallows requests, and by resending what it
captured. Each case shows the refusal, that the server applied nothing, and that the laptop lost
nothing: a batch sealed before the refusal stays sealed and, once the cause is gone, the very
same bytes go and are applied once.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.services import syncing
from desktop.store import profile
from desktop.store.keys import new_recovery_keypair
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from sync.client import ClientConfig
from sync.engine import Progress
from sync.protocol import CONTENT_DIGEST_HEADER, DEVICE_HEADER, SIGNATURE_WINDOW
from sync.server.admin import service as admin
from sync.server.models import BatchReceipt, Household, RecordVersion
from tests.desktop.conftest import FAST_KDF
from tests.e2e.conftest import PASSPHRASE, seed_divisions
from tests.e2e.work import new_household

from .conftest import SECRET, LiveServer, World
from .helpers import V1A
from .mitm import Exchange, Mitm, send

BATCHES = "/api/v1/batches"


@pytest.fixture(scope="module")
def recovery_public() -> bytes:
    return new_recovery_keypair()[1]


@pytest.fixture
def laptop(
    world: World,
    live_server: LiveServer,
    factory: sessionmaker[Session],
    tmp_path: Path,
    recovery_public: bytes,
) -> Iterator[Store]:
    """cadre1's laptop: a SQLCipher profile enrolled against the live server."""
    store = profile.create_profile(tmp_path / "laptop", PASSPHRASE, recovery_public, FAST_KDF)
    seed_divisions(store)
    with factory() as s:
        code, _ = admin.create_enrollment_code(s, "cadre1", 1)
    syncing.enroll(store, live_server.base_url, code, label="cadre1")
    yield store
    store.lock()


@pytest.fixture
def mitm(live_server: LiveServer) -> Iterator[Mitm]:
    relay = Mitm(live_server.base_url)
    yield relay
    relay.close()


def _sync(
    store: Store,
    url: str,
    clock: Callable[[], float] = time.time,
    progress: Callable[[Progress], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> syncing.SyncSummary:
    config = ClientConfig(base_url=url, max_attempts=1, sleep=lambda _s: None, clock=clock)
    return syncing.run_sync(store, progress, stop, config=config)


def _sealed(store: Store) -> list[tuple[str, bytes]]:
    return [(b.batch_id, b.body) for b in DesktopSyncStore(store).sealed_batches()]


def _outbox(store: Store) -> dict[str, int]:
    return {k: v for k, v in DesktopSyncStore(store).outbox_counts().items() if v}


def _on_server(factory: sessionmaker[Session], household: str) -> tuple[int, int, bool]:
    """Batch receipts, versions of the household, and whether the household is there."""
    hid = uuid.UUID(household)
    with factory() as s:
        receipts = s.scalar(select(func.count()).select_from(BatchReceipt)) or 0
        versions = (
            s.scalar(
                select(func.count())
                .select_from(RecordVersion)
                .where(RecordVersion.record_id == hid)
            )
            or 0
        )
        return receipts, versions, s.get(Household, hid) is not None


def _too_many_posts(relay: Mitm, limit: int = 3) -> Callable[[], bool]:
    """A cancel flag for a round that keeps sending new batches after a refusal (it would
    otherwise never end), so such a round fails the test instead of hanging it."""
    return lambda: len(relay.requests_to("POST", BATCHES)) > limit


def _swallow_batches(x: Exchange) -> Exchange | None:
    """The link dies on every batch post; the attacker keeps the copy."""
    return None if (x.method, x.target) == ("POST", BATCHES) else x


# --- a replayed batch ----------------------------------------------------------------------------


def test_a_replayed_batch_is_refused_and_applied_once(
    laptop: Store, mitm: Mitm, live_server: LiveServer, factory: sessionmaker[Session]
) -> None:
    household = new_household(laptop, V1A, 1)
    assert _sync(laptop, mitm.url).outcome == "ok"
    (posted,) = mitm.requests_to("POST", BATCHES)
    assert posted.status == 200
    before = _on_server(factory, household)
    assert before == (1, 1, True)

    again = send(live_server.base_url, posted)  # the captured request, byte for byte
    assert again.status == 401
    assert json.loads(again.body)["error"] == "nonce_reused"
    assert _on_server(factory, household) == before
    assert _outbox(laptop) == {}  # the laptop's acknowledgement stands


# --- a body changed in transit --------------------------------------------------------------------


def _other_address(x: Exchange) -> Exchange:
    """The batch with the household's address changed: a well-formed batch, just not the one
    the laptop signed (the signed digest header is left as it was)."""
    batch = json.loads(gzip.decompress(x.body))
    batch["records"][0]["data"]["address"] = "别处9号"
    return Exchange(x.method, x.target, x.headers, gzip.compress(json.dumps(batch).encode()))


def test_a_body_changed_in_transit_is_refused_and_the_same_batch_goes_later(
    laptop: Store, mitm: Mitm, factory: sessionmaker[Session]
) -> None:
    household = new_household(laptop, V1A, 2)
    changed: list[bytes] = []

    def change_first_batch(x: Exchange) -> Exchange:
        if (x.method, x.target) == ("POST", BATCHES) and not changed:
            changed.append(x.body)
            return _other_address(x)
        return x

    mitm.tamper = change_first_batch
    first = _sync(laptop, mitm.url, stop=_too_many_posts(mitm))
    assert (first.outcome, first.error) == ("refused", "body_changed")
    assert [x.status for x in mitm.requests_to("POST", BATCHES)] == [400]
    assert _on_server(factory, household) == (0, 0, False)
    # The batch the laptop sealed is still sealed, its bytes the ones it signed.
    assert [body for _bid, body in _sealed(laptop)] == changed
    ((bid, body),) = _sealed(laptop)

    mitm.tamper = lambda x: x
    second = _sync(laptop, mitm.url)
    assert second.outcome == "ok"
    resent = mitm.requests_to("POST", BATCHES)[1]
    assert (resent.body, resent.status) == (body, 200)
    assert json.loads(gzip.decompress(resent.body))["batch_id"] == bid
    assert _on_server(factory, household) == (1, 1, True)
    assert _outbox(laptop) == {}
    with factory() as s:
        assert s.get(Household, uuid.UUID(household)).address == "某组1号"  # type: ignore[union-attr]


def test_a_body_changed_with_its_digest_is_refused(
    laptop: Store, mitm: Mitm, live_server: LiveServer, factory: sessionmaker[Session]
) -> None:
    """An attacker who also rewrites the digest header breaks the signature instead."""
    import hashlib

    household = new_household(laptop, V1A, 3)
    mitm.tamper = _swallow_batches
    assert _sync(laptop, mitm.url).outcome == "offline"
    (captured,) = mitm.requests_to("POST", BATCHES)
    doctored = _other_address(captured)
    doctored = doctored.with_header(
        CONTENT_DIGEST_HEADER, hashlib.sha256(doctored.body).hexdigest()
    )
    r = send(live_server.base_url, doctored)
    assert (r.status, json.loads(r.body)["error"]) == (401, "bad_signature")
    assert _on_server(factory, household) == (0, 0, False)
    assert len(_sealed(laptop)) == 1


# --- a forged device id ------------------------------------------------------------------------------


def test_a_forged_device_id_is_refused(
    laptop: Store,
    mitm: Mitm,
    live_server: LiveServer,
    world: World,
    factory: sessionmaker[Session],
) -> None:
    household = new_household(laptop, V1A, 4)
    mitm.tamper = _swallow_batches
    assert _sync(laptop, mitm.url).outcome == "offline"
    (captured,) = mitm.requests_to("POST", BATCHES)
    sealed = _sealed(laptop)
    assert [body for _bid, body in sealed] == [captured.body]

    other = world.devices["cadre2"]
    # The laptop's request claiming to come from cadre2's device, on the laptop's token...
    r = send(live_server.base_url, captured.with_header(DEVICE_HEADER, str(other.device_id)))
    assert (r.status, json.loads(r.body)["error"]) == (401, "device_mismatch")
    # ... and on cadre2's token, which makes the laptop's signature someone else's.
    forged = captured.with_header(DEVICE_HEADER, str(other.device_id)).with_header(
        "Authorization", f"Bearer {other.token}"
    )
    r = send(live_server.base_url, forged)
    assert (r.status, json.loads(r.body)["error"]) == (401, "bad_signature")
    assert _on_server(factory, household) == (0, 0, False)

    # The laptop itself, on a link that works again: the same batch, applied once.
    mitm.tamper = lambda x: x
    assert _sync(laptop, mitm.url).outcome == "ok"
    assert mitm.requests_to("POST", BATCHES)[-1].body == captured.body
    assert _on_server(factory, household) == (1, 1, True)
    assert _sealed(laptop) == []
    assert _outbox(laptop) == {}


# --- a revoked device ---------------------------------------------------------------------------------


def test_a_revoked_laptop_is_refused_and_keeps_its_batch(
    laptop: Store, mitm: Mitm, database_url: str, factory: sessionmaker[Session]
) -> None:
    household = new_household(laptop, V1A, 5)
    mitm.tamper = _swallow_batches
    assert _sync(laptop, mitm.url).outcome == "offline"
    sealed = _sealed(laptop)
    assert len(sealed) == 1
    device = laptop.get_state("device_id")
    assert device
    out = subprocess.run(
        [
            str(Path(sys.executable).parent / "doorstep-server"),
            "admin",
            "--database-url",
            database_url,
            "revoke-device",
            device,
        ],
        capture_output=True,
        env={**os.environ, "DOORSTEP_SECRET_KEY": SECRET},
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()

    mitm.tamper = lambda x: x
    result = _sync(laptop, mitm.url)
    assert (result.outcome, result.error) == ("not_enrolled", "device_revoked")
    assert _on_server(factory, household) == (0, 0, False)
    assert _sealed(laptop) == sealed  # kept, byte for byte, for county IT to recover
    assert _outbox(laptop) == {"sealed": 1}


# --- a clock an hour off ----------------------------------------------------------------------------------


def test_a_clock_an_hour_ahead_is_refused_and_the_same_batch_goes_after_the_fix(
    laptop: Store, mitm: Mitm, factory: sessionmaker[Session]
) -> None:
    household = new_household(laptop, V1A, 6)

    def ahead() -> float:
        return time.time() + 3600

    # Wrong from the start: the handshake is refused, nothing is sealed or sent.
    first = _sync(laptop, mitm.url, clock=ahead)
    assert (first.outcome, first.error) == ("refused", "clock_skewed")
    assert abs(first.counts["clock_offset_seconds"] - 3600) <= 5
    assert mitm.requests_to("POST", BATCHES) == []
    assert _outbox(laptop) == {"pending": 1}

    # Put wrong during the round (after the pull, so the batch is sealed and then refused).
    jumped = threading.Event()

    def jumps() -> float:
        return time.time() + (3600 if jumped.is_set() else 0)

    def on_progress(p: Progress) -> None:
        if p.phase == "pull":
            jumped.set()

    second = _sync(laptop, mitm.url, clock=jumps, progress=on_progress, stop=_too_many_posts(mitm))
    assert (second.outcome, second.error) == ("refused", "clock_skewed")
    assert [x.status for x in mitm.requests_to("POST", BATCHES)] == [401]
    assert abs(second.counts["clock_offset_seconds"] - 3600) <= 5
    assert second.counts["clock_offset_seconds"] > SIGNATURE_WINDOW
    assert _on_server(factory, household) == (0, 0, False)
    ((bid, body),) = _sealed(laptop)
    assert mitm.requests_to("POST", BATCHES)[0].body == body

    # The clock fixed: the same batch goes and is applied once.
    third = _sync(laptop, mitm.url)
    assert third.outcome == "ok"
    resent = mitm.requests_to("POST", BATCHES)[-1]
    assert (resent.body, resent.status) == (body, 200)
    assert json.loads(gzip.decompress(resent.body))["batch_id"] == bid
    assert _on_server(factory, household) == (1, 1, True)
    assert _outbox(laptop) == {}
