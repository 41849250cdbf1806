"""Sync use cases for the app and the command line (no Qt): enroll, sync, USB transfer, status.

Responsible for wiring an unlocked profile to `sync.client`, `sync.engine` and
`sync.sneakernet`: the device's Ed25519 key and bearer token are generated or received here and
kept only inside the encrypted store; the county's pinned certificate is copied into the profile
folder (a public certificate, not a secret). Everything returns frozen dataclasses. The Qt app
calls `run_sync` from a network worker with a progress callback and a cancel flag; nothing here
blocks on anything but the network and the store.
"""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from desktop.store.models import OutboxEntry, SyncLogEntry
from desktop.store.profile import Store
from desktop.store.sync_store import DesktopSyncStore
from forms import __version__
from sync.client import ClientConfig, DeviceIdentity, SyncClient, SyncError
from sync.engine import EngineSettings, Progress, RoundReport, SyncEngine
from sync.protocol import EnrollReply, EnrollRequest, b64decode, b64encode
from sync.sneakernet import (
    ServerUsbPublic,
    TransferBatch,
    TransferError,
    open_receipt,
    write_transfer,
)

CA_FILE = "server-ca.pem"
K_TOKEN, K_KEY, K_URL, K_USB = "sync.token", "sync.device_key", "sync.server_url", "sync.usb_key"
# The server's enrollment-reply key, from the county profile (sync/county_profile.py).
K_ENROLL_KEY = "sync.server_enroll_key"


class NotEnrolledError(SyncError):
    """The profile has no device enrollment yet."""


@dataclass(frozen=True)
class Enrollment:
    device_id: str
    user_id: str
    role: str
    county_code: str
    county_name: str


@dataclass(frozen=True)
class SyncSummary:
    outcome: str
    message: str
    counts: dict[str, int]
    error: str | None = None  # the server's (or the engine's) error code, never a message


@dataclass(frozen=True)
class OutboxProblem:
    """A record the server did not take: a conflict (both versions kept) or a quarantined one."""

    seq: int
    record_type: str
    record_id: str
    revision: int
    state: str  # conflict | quarantined
    server_revision: int | None
    reasons: list[str]


@dataclass(frozen=True)
class LogLine:
    started_at: str
    finished_at: str
    outcome: str
    via: str
    error: str | None
    counts: dict[str, Any]


# --- enrollment ----------------------------------------------------------------------------------


def request_enrollment(
    server_url: str,
    code: str,
    ca_file: Path | None = None,
    label: str = "",
    config: ClientConfig | None = None,
    server_key: str | None = None,
) -> tuple[EnrollReply, Ed25519PrivateKey]:
    """Generate the device key and trade the code for a device id and token (no store yet).

    With `server_key` (the county profile's), a reply signed by any other server is refused
    (`EnrollmentNotBound`) before anything is kept."""
    key, public = DeviceIdentity.new_key()
    client = SyncClient(config or ClientConfig(base_url=server_url, ca_file=ca_file))
    try:
        reply = client.enroll(
            EnrollRequest(
                code=code.strip(), public_key=public, app_version=__version__, label=label
            ),
            server_key,
        )
    finally:
        client.close()
    return reply, key


def save_enrollment(
    store: Store,
    reply: EnrollReply,
    key: Ed25519PrivateKey,
    server_url: str,
    ca_file: Path | None = None,
) -> Enrollment:
    identity = DeviceIdentity(reply.device_id, reply.token, key)
    if ca_file is not None:
        shutil.copyfile(ca_file, store.folder / CA_FILE)
    for k, v in {
        K_TOKEN: reply.token,
        K_KEY: b64encode(identity.private_bytes()),
        K_URL: server_url.rstrip("/"),
        "county_code": reply.county.code,
        "county_name": reply.county.name,
        "role": reply.role,
        "sync.server_instance": reply.server_instance_id,
    }.items():
        store.set_state(k, v)
    store.set_actor(str(reply.user_id), str(reply.device_id))
    return Enrollment(
        str(reply.device_id), str(reply.user_id), reply.role, reply.county.code, reply.county.name
    )


def enroll(
    store: Store,
    server_url: str,
    code: str,
    ca_file: Path | None = None,
    label: str = "",
    server_key: str | None = None,
) -> Enrollment:
    pinned = server_key or store.get_state(K_ENROLL_KEY) or None
    reply, key = request_enrollment(server_url, code, ca_file, label, server_key=pinned)
    return save_enrollment(store, reply, key, server_url, ca_file)


def identity(store: Store) -> DeviceIdentity:
    token, key, device = (
        store.get_state(K_TOKEN),
        store.get_state(K_KEY),
        store.get_state("device_id"),
    )
    if not (token and key and device):
        raise NotEnrolledError("This profile is not enrolled yet: run `doorstep enroll` first.")
    return DeviceIdentity(
        uuid.UUID(device), token, Ed25519PrivateKey.from_private_bytes(b64decode(key))
    )


def client_config(store: Store, **overrides: Any) -> ClientConfig:
    url = store.get_state(K_URL)
    if not url:
        raise NotEnrolledError("This profile is not enrolled yet: run `doorstep enroll` first.")
    ca = store.folder / CA_FILE
    return ClientConfig(base_url=url, ca_file=ca if ca.exists() else None, **overrides)


# --- one round -----------------------------------------------------------------------------------


def run_sync(
    store: Store,
    progress: Callable[[Progress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    config: ClientConfig | None = None,
    settings: EngineSettings | None = None,
    sync_store: DesktopSyncStore | None = None,
) -> SyncSummary:
    client = SyncClient(config or client_config(store), identity(store))
    try:
        engine = SyncEngine(
            client,
            sync_store or DesktopSyncStore(store),
            settings or EngineSettings(app_version=__version__),
            progress,
            should_stop,
        )
        report = engine.run_round()
    finally:
        client.close()
    return _summary(report)


def _summary(report: RoundReport) -> SyncSummary:
    messages = {
        "ok": "Everything is sent and up to date.",
        "offline": "The server cannot be reached now; sync will try again.",
    }
    return SyncSummary(
        report.outcome,
        report.message or messages.get(report.outcome, ""),
        dict(report.counts),
        report.error,
    )


# --- what the app shows ---------------------------------------------------------------------------


def outbox_problems(store: Store) -> list[OutboxProblem]:
    """Conflicts and quarantined records, with the server's reasons: shown, never dropped."""
    with store.reading() as s:
        rows = s.scalars(
            select(OutboxEntry)
            .where(OutboxEntry.state.in_(("conflict", "quarantined")))
            .order_by(OutboxEntry.seq)
        ).all()
        out = []
        for e in rows:
            result = json.loads(e.result or "{}")
            out.append(
                OutboxProblem(
                    seq=e.seq,
                    record_type=e.record_type,
                    record_id=e.record_id,
                    revision=e.revision,
                    state=e.state,
                    server_revision=result.get("server_revision"),
                    reasons=[p.get("message", "") for p in result.get("problems", [])],
                )
            )
        return out


def sync_log(store: Store, limit: int = 100) -> list[LogLine]:
    with store.reading() as s:
        rows = s.scalars(select(SyncLogEntry).order_by(SyncLogEntry.id.desc()).limit(limit)).all()
        return [
            LogLine(r.started_at, r.finished_at, r.outcome, r.via, r.error, dict(r.counts))
            for r in rows
        ]


def pending_count(store: Store) -> int:
    counts = DesktopSyncStore(store).outbox_counts()
    return counts.get("pending", 0) + counts.get("sealed", 0)


# --- USB transfer --------------------------------------------------------------------------------


def set_usb_key(store: Store, public_string: str) -> None:
    ServerUsbPublic.parse(public_string)  # refuse a bad key now, not at export time
    store.set_state(K_USB, public_string.strip())


def _usb_key(store: Store) -> ServerUsbPublic:
    text = store.get_state(K_USB)
    if not text:
        raise TransferError(
            "The server's USB key is not known yet: pass it with --server-key "
            "(county IT prints it with `doorstep-server admin usb-key`)."
        )
    return ServerUsbPublic.parse(text)


def export_usb(store: Store, out: Path) -> int:
    """Seal every pending outbox entry into batches and write them, encrypted, to `out`."""
    server = _usb_key(store)
    ident = identity(store)
    sstore = DesktopSyncStore(store)
    # Seal with the engine's own rules (count and byte bounds), without a network round.
    client = SyncClient(client_config(store), ident)
    try:
        engine = SyncEngine(client, sstore, EngineSettings(app_version=__version__))
        engine.seal_all(RoundReport(started_at=""))
    finally:
        client.close()
    batches = [TransferBatch(b.batch_id, b.body) for b in sstore.sealed_batches()]
    if not batches:
        return 0
    data = write_transfer(batches, ident.device_id, ident.key, server)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    report = RoundReport(started_at=_now(), finished_at=_now(), via="usb")
    report.counts = {
        "batches": len(batches),
        "records": sum(b.record_count for b in sstore.sealed_batches()),
    }
    sstore.write_log(report)
    return len(batches)


def import_receipt(store: Store, path: Path) -> SyncSummary:
    server = _usb_key(store)
    ident = identity(store)
    receipt = open_receipt(path.read_bytes(), server, ident.device_id)
    sstore = DesktopSyncStore(store)
    report = RoundReport(started_at=_now(), via="usb")
    for result in receipt.results:
        summary = sstore.apply_result(result)
        report.add("acknowledged", summary.acknowledged)
        report.add("duplicates", summary.duplicates)
        report.add("conflicts", summary.conflicts)
        report.add("quarantined", summary.quarantined)
    for refusal in receipt.refused:
        # A final refusal stored nothing on the server: the entries go back to the outbox.
        sstore.unseal(refusal.batch_id)
        report.add("batches_refused")
    report.finished_at = _now()
    sstore.write_log(report)
    return _summary(report)


def _now() -> str:
    from desktop.store.audit import utc_now

    return utc_now()
