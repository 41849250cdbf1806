"""One sync round between a laptop's store and the server, and when to start one.

Responsible for the order and the bookkeeping of a round, not for bytes on the wire (that is
`sync.client`) nor for the database (that is whatever implements `SyncStore`; `desktop/store`
does). A round: handshake (protocol, app version, enrollment), pull every page of changes (each
page applied together with its cursor in one local transaction), resend batches sealed earlier,
seal and send new batches from the outbox (bounded by record count and compressed bytes, sized to
the link), apply the server's per-record results (acknowledge, keep conflicts, quarantine what
the server refuses for its content), upload attachments in resumable chunks, pull again only if
review decisions were pushed (the feed does not echo a device's own writes), and compare counts and a digest of (id, revision) with the server. Every round ends in a
`RoundReport` that the store writes to its sync log. A batch is sealed (id and bytes stored)
before its first send and is only unsealed after a final refusal, which the server guarantees
stored nothing for what the batch holds; so every retry is byte-identical and the server's batch
receipts make resends harmless. A refusal of the request itself (app too old, enrollment revoked,
clock off, signature or body refused on the way) is no refusal of the batch: it stays sealed and
the round ends with the server's error code, and `clock_offset_seconds` for a clock refusal.
`AutoSync` starts a round by itself when a cheap probe finds the server and there is something
to send, one round at a time.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import TypeAdapter, ValidationError

from sync.client import (
    BadReply,
    Cancelled,
    ClockSkewed,
    NotEnrolled,
    ServerRefused,
    SignatureRefused,
    SyncClient,
    SyncError,
    TransportError,
    UpdateRequired,
)
from sync.protocol import (
    PROTOCOL_VERSION,
    Batch,
    BatchResult,
    Change,
    Record,
    encode_batch,
)

_record_adapter: TypeAdapter[Any] = TypeAdapter(Record)
DIGEST_KINDS = ("household", "survey", "visit", "attachment")


# --- what the store hands over and takes back ---------------------------------------------------


@dataclass(frozen=True)
class OutgoingRecord:
    """One outbox entry as a wire record (`kind`, `id`, `revision`, `base_revision`, `seq`, `data`)."""

    seq: int
    wire: dict[str, Any]


@dataclass(frozen=True)
class SealedBatch:
    batch_id: str
    body: bytes
    record_count: int


@dataclass(frozen=True)
class AckSummary:
    acknowledged: int = 0
    duplicates: int = 0
    conflicts: int = 0
    quarantined: int = 0


@dataclass(frozen=True)
class PendingUpload:
    sha256: str
    size: int


class SyncStore(Protocol):
    """What the engine needs from the laptop's store. Each method is one local transaction."""

    def cursor(self) -> str | None: ...

    def apply_changes(self, changes: Sequence[Change], cursor: str) -> int:
        """Apply one page and move the cursor to `cursor`, together; returns changes applied."""

    def reset_cursor(self) -> None: ...

    def sealed_batches(self) -> list[SealedBatch]:
        """Batches sealed earlier and not yet answered, oldest first."""

    def pending_records(self, limit: int) -> list[OutgoingRecord]:
        """Unsealed outbox entries in sequence order, with base revisions chained."""

    def seal(self, batch_id: str, seqs: Sequence[int], body: bytes) -> None: ...

    def unseal(self, batch_id: str) -> None:
        """Return a refused batch's entries to the outbox (the server stored nothing of it)."""

    def apply_result(self, result: BatchResult) -> AckSummary: ...

    def quarantine(self, seq: int, code: str, message: str) -> None: ...

    def pending_uploads(self) -> list[PendingUpload]: ...

    def read_attachment(self, sha256: str, offset: int, size: int) -> bytes: ...

    def note_uploaded(self, sha256: str, received: int, complete: bool) -> None: ...

    def local_digest(self) -> dict[str, tuple[int, list[tuple[str, int]]]]:
        """Per kind: (count, [(record id, revision the server acknowledged)]) made here."""

    def outbox_counts(self) -> dict[str, int]:
        """Entries by state: pending, sealed, conflict, quarantined."""

    def get_value(self, key: str) -> str | None: ...

    def set_value(self, key: str, value: str) -> None: ...

    def write_log(self, report: RoundReport) -> None: ...


# --- progress, settings, report -------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    phase: str  # handshake | pull | push | attachments | verify
    done: int
    total: int
    bytes: int


@dataclass
class EngineSettings:
    app_version: str
    batch_records_start: int = 50
    batch_records_max: int = 500
    batch_bytes_max: int = 512 * 1024
    page_limit: int = 500
    chunk_start: int = 64 * 1024
    chunk_max: int = 1024 * 1024
    fast_seconds: float = 2.0
    clock: Callable[[], float] = time.monotonic


@dataclass
class RoundReport:
    started_at: str
    finished_at: str = ""
    outcome: str = "ok"  # ok | offline | cancelled | refused | update_required | not_enrolled | bad_reply | diverged
    error: str | None = None  # an error code, never a message that could carry data
    message: str = ""  # for the person at the laptop; not written to the log
    via: str = "network"
    counts: dict[str, int] = field(default_factory=dict)
    diverged: list[str] = field(default_factory=list)

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class _StopPush(Exception):
    """Stop sending batches for this round; what is sealed stays sealed for the next one."""


# --- the round -------------------------------------------------------------------------------------


class SyncEngine:
    def __init__(
        self,
        client: SyncClient,
        store: SyncStore,
        settings: EngineSettings,
        progress: Callable[[Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.settings = settings
        self.progress = progress or (lambda _p: None)
        self.should_stop = should_stop or (lambda: False)
        client.should_stop = self.should_stop

    def run_round(self) -> RoundReport:
        report = RoundReport(started_at=_now())
        t0 = self.client.traffic
        before = (t0.requests, t0.retries, t0.bytes_up, t0.bytes_down)
        try:
            self._check_stop()
            self.progress(Progress("handshake", 0, 1, 0))
            self.client.handshake(self.settings.app_version, PROTOCOL_VERSION)
            self._pull(report)
            self._push(report)
            self._attachments(report)
            if report.counts.get("attachments", 0) and self.store.outbox_counts().get("pending"):
                # Records the store held back until a photo arrived (the case steps after an
                # appraisal meeting wait for its minutes) can go in the same round.
                self._push(report)
            if report.counts.get("batches", 0) or report.counts.get("attachments", 0):
                # The feed does not echo this device's own writes and short keys come in the
                # batch results, so a second pull would only fetch what other people wrote during
                # the push (the next round's first pull gets that). Review decisions are the
                # exception: the server works out the survey's state after them, and a
                # supervisor's queue shows that state, so a round that pushed any pulls again.
                if report.counts.get("reviews_pushed", 0):
                    self._pull(report)
                self._verify(report)
        except Cancelled:
            report.outcome, report.error = "cancelled", "cancelled"
            report.message = "Sync was cancelled; everything done so far is kept."
        except UpdateRequired as exc:
            report.outcome, report.error, report.message = "update_required", exc.error, exc.message
        except NotEnrolled as exc:
            report.outcome, report.error, report.message = "not_enrolled", exc.error, exc.message
        except ClockSkewed as exc:
            report.outcome, report.error, report.message = "refused", exc.error, exc.message
            # How far off the clock is (from the server's clock), for the cadre's message; a
            # number of seconds, so the sync log may keep it.
            report.counts["clock_offset_seconds"] = exc.offset_seconds
        except ServerRefused as exc:
            report.outcome, report.error, report.message = "refused", exc.error, exc.message
        except BadReply as exc:
            report.outcome, report.error, report.message = "bad_reply", "bad_reply", str(exc)
        except TransportError as exc:
            report.outcome, report.error, report.message = "offline", "unreachable", str(exc)
        except SyncError as exc:
            report.outcome, report.error, report.message = "refused", "client", str(exc)
        t = self.client.traffic
        report.counts.update(
            requests=t.requests - before[0],
            retries=t.retries - before[1],
            bytes_up=t.bytes_up - before[2],
            bytes_down=t.bytes_down - before[3],
        )
        for state, n in self.store.outbox_counts().items():
            report.counts[f"outbox_{state}"] = n
        report.finished_at = _now()
        self.store.write_log(report)
        return report

    def _check_stop(self) -> None:
        if self.should_stop():
            raise Cancelled("Sync was cancelled.")

    # --- pull ------------------------------------------------------------------------------------

    def _pull(self, report: RoundReport) -> None:
        cursor = self.store.cursor()
        restarted = False
        pages = 0
        while True:
            self._check_stop()
            try:
                page = self.client.changes(cursor, self.settings.page_limit)
            except ServerRefused as exc:
                if exc.status == 410 and not restarted:
                    # A restored server or a changed scope: start the feed over; applying is
                    # idempotent (newer revisions win), so nothing is doubled.
                    self.store.reset_cursor()
                    cursor, restarted = None, True
                    continue
                raise
            report.add("pulled", self.store.apply_changes(page.changes, page.cursor))
            cursor = page.cursor
            pages += 1
            self.progress(Progress("pull", pages, pages + (0 if page.done else 1), 0))
            if page.done:
                return

    # --- push ------------------------------------------------------------------------------------

    def _batch_size(self) -> int:
        raw = self.store.get_value("sync.batch_records")
        n = int(raw) if raw and raw.isdigit() else self.settings.batch_records_start
        return max(1, min(n, self.settings.batch_records_max))

    def _set_batch_size(self, n: int) -> None:
        self.store.set_value(
            "sync.batch_records", str(max(1, min(n, self.settings.batch_records_max)))
        )

    def _push(self, report: RoundReport) -> None:
        total = sum(self.store.outbox_counts().get(s, 0) for s in ("pending", "sealed"))
        done = 0
        cap: int | None = None  # lowered while bisecting a batch the server refused
        try:
            for sealed in self.store.sealed_batches():
                try:
                    done += self._send(sealed, report)
                except _Bisect as b:
                    cap = max(1, b.count // 2)
                self.progress(Progress("push", done, total, 0))
            while True:
                self._check_stop()
                limit = self._batch_size() if cap is None else min(cap, self._batch_size())
                sealed_or_none = self._seal_next(limit, report)
                if sealed_or_none is None:
                    return
                try:
                    done += self._send(sealed_or_none, report)
                    cap = None if cap == 1 else cap
                except _Bisect as b:
                    cap = max(1, b.count // 2)
                self.progress(Progress("push", done, total, 0))
        except _StopPush:
            return

    def seal_all(self, report: RoundReport) -> int:
        """Seal every pending entry into batches without sending (for a USB transfer file)."""
        n = 0
        while self._seal_next(self._batch_size(), report) is not None:
            n += 1
        return n

    def _seal_next(self, limit: int, report: RoundReport) -> SealedBatch | None:
        candidates = self.store.pending_records(limit)
        records: list[Any] = []
        seqs: list[int] = []
        for rec in candidates:
            try:
                records.append(_record_adapter.validate_python(rec.wire))
                seqs.append(rec.seq)
            except ValidationError as exc:
                # The server would refuse it for its content: keep it aside with the reason.
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err.get("loc", ()))
                self.store.quarantine(rec.seq, "invalid_record", f"{where}: {err['msg']}")
                report.add("quarantined")
        if not records:
            return None if not candidates else self._seal_next(limit, report)
        device_id = self.client.identity.device_id if self.client.identity else uuid.uuid4()
        batch_id = uuid.uuid4()
        while True:
            body = encode_batch(
                Batch(
                    batch_id=batch_id,
                    device_id=device_id,
                    created_at=datetime.now(UTC),
                    records=records,
                )
            )
            if len(body) <= self.settings.batch_bytes_max or len(records) == 1:
                break
            records, seqs = records[: len(records) // 2], seqs[: len(seqs) // 2]
        self.store.seal(str(batch_id), seqs, body)
        return SealedBatch(str(batch_id), body, len(records))

    def _send(self, sealed: SealedBatch, report: RoundReport) -> int:
        retries_before = self.client.traffic.retries
        started = self.settings.clock()
        try:
            result = self.client.post_batch(sealed.body)
        except TransportError:
            self._set_batch_size(self._batch_size() // 2)
            raise
        except (UpdateRequired, NotEnrolled, ClockSkewed, SignatureRefused):
            # Refused for the app, the enrollment, the clock or the signature: not for the batch,
            # and nothing of it was stored. It stays sealed, so the round after the fix sends
            # these very bytes again (under the same batch id); the round ends here.
            raise
        except ServerRefused as exc:
            return self._refused(sealed, exc, report)
        if str(result.batch_id) != sealed.batch_id:
            raise BadReply("The server answered for another batch.")
        summary = self.store.apply_result(result)
        report.add("batches")
        report.add("pushed", sealed.record_count)
        # Case operations too: the server moves the case (and its posting) after them.
        reviews = sum(1 for r in result.results if r.kind in ("review", "case_op"))
        if reviews:
            report.add("reviews_pushed", reviews)
        report.add("acknowledged", summary.acknowledged)
        report.add("duplicates", summary.duplicates)
        report.add("conflicts", summary.conflicts)
        report.add("quarantined", summary.quarantined)
        elapsed = self.settings.clock() - started
        if self.client.traffic.retries > retries_before:
            self._set_batch_size(self._batch_size() // 2)
        elif elapsed < self.settings.fast_seconds and sealed.record_count >= self._batch_size():
            self._set_batch_size(self._batch_size() * 2)
        return sealed.record_count

    def _refused(self, sealed: SealedBatch, exc: ServerRefused, report: RoundReport) -> int:
        report.add("batches_refused")
        if exc.status >= 500 or exc.error in ("cut_off", "bad_batch", "forbidden"):
            # The bytes we sealed are whole; a cut or a server fault is for a later round.
            report.error = exc.error
            raise _StopPush
        if exc.error == "batch_too_large":
            self._set_batch_size(max(1, sealed.record_count // 2))
        self.store.unseal(sealed.batch_id)
        if exc.status == 422 and sealed.record_count == 1:
            # Nothing else in the batch: this record is what the server refuses.
            seqs = self._seqs_of(sealed)
            for seq in seqs:
                self.store.quarantine(seq, exc.error, exc.message)
                report.add("quarantined")
            return sealed.record_count
        if exc.status in (413, 422):
            raise _Bisect(sealed.record_count)
        return 0

    def _seqs_of(self, sealed: SealedBatch) -> list[int]:
        from sync.protocol import decode_batch_bytes

        raw = decode_batch_bytes(sealed.body, 1 << 30)
        return [int(r["seq"]) for r in raw["records"]]

    # --- attachments --------------------------------------------------------------------------------

    def _attachments(self, report: RoundReport) -> None:
        uploads = self.store.pending_uploads()
        total = sum(u.size for u in uploads)
        sent_total = 0
        chunk = self.settings.chunk_start
        for i, up in enumerate(uploads):
            self._check_stop()
            try:
                status = self.client.attachment_status(up.sha256)
            except ServerRefused as exc:
                if exc.status == 404:  # its reference is not on the server yet
                    continue
                raise
            received = status.received
            while not status.complete:
                self._check_stop()
                data = self.store.read_attachment(up.sha256, received, chunk)
                if not data:
                    break
                try:
                    status = self.client.put_chunk(up.sha256, received, data)
                except TransportError:
                    self.store.note_uploaded(up.sha256, received, False)
                    raise
                except ServerRefused as exc:
                    if exc.error == "offset_mismatch":
                        status = self.client.attachment_status(up.sha256)
                        received = status.received
                        continue
                    if exc.error == "hash_mismatch":
                        report.add("attachments_mismatched")
                        report.error = "hash_mismatch"
                        break
                    raise
                sent_total += len(data)
                received = status.received
                chunk = min(chunk * 2, self.settings.chunk_max)
                self.progress(Progress("attachments", i, len(uploads), sent_total))
            if status.complete:
                self.store.note_uploaded(up.sha256, status.size, True)
                report.add("attachments")
        report.add("attachment_bytes", sent_total)
        if total:
            self.progress(Progress("attachments", len(uploads), len(uploads), sent_total))

    # --- verify -------------------------------------------------------------------------------------

    def _verify(self, report: RoundReport) -> None:
        counts = self.store.outbox_counts()
        if counts.get("pending", 0) or counts.get("sealed", 0):
            return  # records are still in flight: the digests cannot agree yet
        self._check_stop()
        self.progress(Progress("verify", 0, 1, 0))
        theirs = self.client.digest()
        from sync.protocol import record_digest

        for kind, (count, pairs) in self.store.local_digest().items():
            if kind not in DIGEST_KINDS:
                continue
            if theirs.counts.get(kind, 0) != count or theirs.digests.get(kind) != record_digest(
                pairs
            ):
                report.diverged.append(kind)
        if report.diverged:
            report.outcome, report.error = "diverged", "digest_mismatch"
            report.message = (
                "The server's copy differs from this laptop's for: "
                + ", ".join(report.diverged)
                + ". Tell county IT; nothing has been deleted."
            )
        self.progress(Progress("verify", 1, 1, 0))


class _Bisect(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


# --- when to sync ------------------------------------------------------------------------------


class AutoSync:
    """Probe the server cheaply with backoff; run a round when it answers and work is waiting.

    `tick()` is called from a timer (the Qt app's, or a loop in a script); it never runs two
    rounds at once and returns the report of the round it ran, if any.
    """

    def __init__(
        self,
        make_engine: Callable[[], SyncEngine],
        has_work: Callable[[], bool],
        probe: Callable[[], bool],
        clock: Callable[[], float] = time.monotonic,
        min_wait: float = 15.0,
        max_wait: float = 600.0,
    ) -> None:
        self.make_engine = make_engine
        self.has_work = has_work
        self.probe = probe
        self.clock = clock
        self.min_wait = min_wait
        self.max_wait = max_wait
        self.wait = min_wait
        self.next_probe = 0.0
        self._lock = threading.Lock()

    def tick(self) -> RoundReport | None:
        if self.clock() < self.next_probe or not self.has_work():
            return None
        if not self._lock.acquire(blocking=False):
            return None  # a round is running
        try:
            if not self.probe():
                self.next_probe = self.clock() + self.wait
                self.wait = min(self.wait * 2, self.max_wait)
                return None
            self.wait = self.min_wait
            report = self.make_engine().run_round()
            if report.outcome != "ok":
                self.next_probe = self.clock() + self.wait
            return report
        finally:
            self._lock.release()
