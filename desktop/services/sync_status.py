"""What the window shows about sync, and the few calls it needs that `syncing` does not offer.

A small adapter over `desktop.services.syncing` (owned by the sync engineer, used here unchanged):
the status-bar summary (enrolled or not, records waiting, the last round and the last successful
one), a reachability probe, a network round with the engine's progress turned into a frozen
dataclass, and the sync log as plain text for county IT. The log holds times, outcomes, counts
and error codes only (the store writes it that way), so the export carries no personal data.
No Qt here: the UI runs these calls on its network thread or its store thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services import attachments, syncing
from desktop.store.profile import Store
from sync.client import SyncClient
from sync.engine import Progress

Stop = Callable[[], bool]


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    pending: int
    problems: int
    last_at: str | None  # when the last round finished (server-independent, laptop clock)
    last_outcome: str | None
    last_ok_at: str | None
    photos_waiting: int = 0  # attachments whose bytes are not all on the server yet
    last_error: str | None = None  # the server's error code of the last round, if any
    last_clock_offset: int | None = None  # seconds the laptop's clock was off (clock refusals)


@dataclass(frozen=True)
class SyncProgress:
    phase: str  # handshake | pull | push | attachments | verify
    done: int
    total: int
    bytes: int


@dataclass(frozen=True)
class SyncResult:
    outcome: str  # ok | offline | cancelled | refused | update_required | not_enrolled | ...
    message: str
    sent: int
    received: int
    conflicts: int
    bytes: int
    error: str | None = None  # the server's error code (clock_skewed, device_revoked, ...)
    clock_offset: int | None = None  # laptop clock minus server clock, for clock refusals


def is_enrolled(store: Store) -> bool:
    return bool(store.get_state(syncing.K_TOKEN) and store.get_state(syncing.K_URL))


def status(store: Store) -> SyncStatus:
    """The status-bar summary; cheap (a count and the last hundred log lines)."""
    enrolled = is_enrolled(store)
    pending = syncing.pending_count(store) if enrolled else 0
    problems = len(syncing.outbox_problems(store)) if enrolled else 0
    lines = [line for line in syncing.sync_log(store) if line.via == "network"]
    last = lines[0] if lines else None
    last_ok = next((line for line in lines if line.outcome == "ok"), None)
    return SyncStatus(
        enrolled=enrolled,
        pending=pending,
        problems=problems,
        last_at=last.finished_at if last else None,
        last_outcome=last.outcome if last else None,
        last_ok_at=last_ok.finished_at if last_ok else None,
        photos_waiting=attachments.waiting_photos(store) if enrolled else 0,
        last_error=last.error if last else None,
        last_clock_offset=_clock_offset(last.counts) if last else None,
    )


def _clock_offset(counts: dict[str, Any]) -> int | None:
    value = counts.get("clock_offset_seconds")
    return value if isinstance(value, int) else None


def probe(store: Store) -> bool:
    """True when the county server answers its health check now (one short request)."""
    try:
        client = SyncClient(syncing.client_config(store))
    except syncing.NotEnrolledError:
        return False
    try:
        return client.probe()
    finally:
        client.close()


def run_round(
    store: Store,
    progress: Callable[[SyncProgress], None] | None = None,
    stop: Stop | None = None,
    hold_photos: bool = False,
    clock: Callable[[], float] | None = None,
) -> SyncResult:
    """One network round; runs on the network thread (the store opens its own connections).
    `hold_photos`: answers go, photo bytes wait (off the township office network). `clock`:
    the time requests are signed with (`ClientConfig.clock`), the system clock by default."""

    def report(p: Progress) -> None:
        if progress is not None:
            progress(SyncProgress(p.phase, p.done, p.total, p.bytes))

    held = attachments.PhotosHeldSyncStore(store) if hold_photos else None
    config = syncing.client_config(store, clock=clock) if clock is not None else None
    summary = syncing.run_sync(store, report, stop, config=config, sync_store=held)
    counts = summary.counts
    return SyncResult(
        outcome=summary.outcome,
        message=summary.message,
        sent=int(counts.get("acknowledged", 0)) + int(counts.get("duplicates", 0)),
        received=int(counts.get("pulled", 0)),
        conflicts=int(counts.get("conflicts", 0)),
        bytes=int(counts.get("bytes_up", 0)) + int(counts.get("bytes_down", 0)),
        error=summary.error,
        clock_offset=_clock_offset(counts),
    )


def log_lines(store: Store, limit: int = 200) -> list[syncing.LogLine]:
    return syncing.sync_log(store, limit)


def log_text(store: Store, limit: int = 1000) -> str:
    """The sync log as tab-separated text for county IT: times, outcome, route, error, counts."""
    out = ["started_at\tfinished_at\toutcome\tvia\terror\tcounts"]
    for line in syncing.sync_log(store, limit):
        counts = json.dumps(line.counts, sort_keys=True, separators=(",", ":"))
        out.append(
            "\t".join(
                (
                    line.started_at,
                    line.finished_at,
                    line.outcome,
                    line.via,
                    line.error or "",
                    counts,
                )
            )
        )
    device = store.get_state("device_id") or "-"
    return f"# Doorstep sync log, device {device}\n" + "\n".join(out) + "\n"


def export_log(store: Store, path: Path) -> int:
    """Write the log for county IT; returns the number of rounds written."""
    text = log_text(store)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return text.count("\n") - 2


def has_usb_key(store: Store) -> bool:
    return bool(store.get_state(syncing.K_USB))


def export_usb(store: Store, path: Path) -> int:
    return syncing.export_usb(store, path)


def import_receipt(store: Store, path: Path) -> syncing.SyncSummary:
    return syncing.import_receipt(store, path)


def set_usb_key(store: Store, key: str) -> None:
    syncing.set_usb_key(store, key)
