"""The retention run: delete what each county's policy (`forms.retention_policy`) says is due.

Per county: the photo bytes of campaigns that ended longer ago than the policy allows, the
department extracts past the check definition's retention (through the registry's own `purge`),
and enrollment codes long used or expired. Server-wide, since those rows and files carry no
county: audit rows, spent request nonces and the log folder's files, each after the LONGEST
period among the server's counties, so no county's minimum is cut short.

A photo's bytes are shared by every survey whose attachment has the same SHA-256 (one hukou book
photographed again next round is the same blob), so a blob goes only when every reference to it
is a survey of an expired campaign of this county with no open case, and no appraisal
meeting's minutes use it.
Attachment references (the survey's record that a photo existed) are kept: laptops compare their
counts with the server's (`/system/digest`), and a missing reference would be sent again.

Bytes go first, rows after, in chunks: a chunk deletes the objects one by one, then the rows of
exactly those it removed, and commits. A store that fails midway (S3 unreachable) ends the run
with the rows of bytes still present untouched, so the next run picks up where this one stopped.
On PostgreSQL a chunk holds `attachment_ref` in SHARE mode, so a survey arriving meanwhile that
references one of these hashes waits, and is seen by the next chunk's check; SQLite has one
writer at a time anyway.

A dry run takes the same path and rolls the database back; it touches no byte and no file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, delete, exists, func, not_, or_, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, aliased, sessionmaker

from forms.registry_check import CheckDefinitionError, load_check
from forms.retention_policy import RetentionPolicy
from sync import cases_wire

from ..attachments.storage import BlobStore, final_key, part_prefix
from ..audit import audit
from ..errors import ApiError
from ..models import (
    AttachmentBlob,
    AttachmentRef,
    AuditEvent,
    Campaign,
    CaseFile,
    CaseMeeting,
    EnrollmentCode,
    RequestNonce,
    Survey,
    UploadPart,
    User,
)
from ..registry.service import purge
from .common import AdminError

CHUNK = 100  # blobs per transaction: bounds how long a new survey may wait on the lock
_LOG_NAME = re.compile(r".+\.log(\.[0-9]+)?(\.gz|\.xz|\.zst)?")


class RetentionStopped(AdminError):
    """The run stopped midway; what was removed so far is committed and audited."""


class RetentionStorageError(RetentionStopped):
    """The attachment store or the log folder failed."""


@dataclass
class CountyReport:
    county: str
    policy: str  # "421200 v1": which file applied
    photos_before: date
    photos_removed: int = 0
    photo_bytes_removed: int = 0
    photos_kept_shared: int = 0  # due, but still used by a survey or a meeting that is kept
    extracts_purged: int = 0
    extract_days: int | None = None  # None: the policy does not purge extracts, or no check
    enrollment_codes_removed: int = 0
    codes_before: date | None = None


@dataclass
class ServerReport:
    audit_before: date
    audit_rows_removed: int = 0
    nonces_removed: int = 0
    log_dir: str | None = None
    logs_before: date | None = None
    log_files_removed: int = 0
    log_bytes_removed: int = 0


@dataclass
class RetentionReport:
    today: date
    dry_run: bool
    counties: list[CountyReport] = field(default_factory=list)
    server: ServerReport | None = None
    failed: str = ""

    def counts(self) -> dict[str, int]:
        """Counts per kind (what the audit row keeps: numbers only)."""
        c = self.counties
        s = self.server
        return {
            "photos": sum(r.photos_removed for r in c),
            "photo_bytes": sum(r.photo_bytes_removed for r in c),
            "photos_kept_shared": sum(r.photos_kept_shared for r in c),
            "registry_extracts": sum(r.extracts_purged for r in c),
            "enrollment_codes": sum(r.enrollment_codes_removed for r in c),
            "audit_rows": s.audit_rows_removed if s else 0,
            "request_nonces": s.nonces_removed if s else 0,
            "log_files": s.log_files_removed if s else 0,
        }

    def to_json(self) -> dict[str, Any]:
        def plain(obj: Any) -> dict[str, Any]:
            return {k: v.isoformat() if isinstance(v, date) else v for k, v in vars(obj).items()}

        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "failed": self.failed,
            "removed": self.counts(),
            "counties": [plain(r) for r in self.counties],
            "server": plain(self.server) if self.server else None,
        }


# --- photos ---------------------------------------------------------------------------------------


def _due_refs(county: str, before: date, kinds: Sequence[str]) -> Select[str]:
    """Hashes referenced by an attachment of a listed kind on a survey of an expired campaign."""
    return (
        select(AttachmentRef.sha256)
        .join(Survey, Survey.id == AttachmentRef.survey_id)
        .join(Campaign, Campaign.id == Survey.campaign_id)
        .where(
            Campaign.county_code == county,
            Campaign.ends_on < before,
            AttachmentRef.kind.in_(kinds),
        )
    )


def _still_used(county: str, before: date, kinds: Sequence[str]) -> Any:
    """True for a blob some reference keeps: another county, a campaign not yet expired, no
    campaign at all, a kind the policy keeps, a survey an open case was opened from (its photos
    are the case's evidence until it is decided), or an appraisal meeting's minutes."""
    ref, srv, camp = aliased(AttachmentRef), aliased(Survey), aliased(Campaign)
    open_case = exists(
        select(CaseFile.id).where(
            CaseFile.survey_id == srv.id, CaseFile.step.not_in(sorted(cases_wire.CLOSED_STEPS))
        )
    )
    expired = and_(
        camp.id.is_not(None),
        camp.county_code == county,
        camp.ends_on < before,
        ref.kind.in_(kinds),
        not_(open_case),
    )
    kept_ref = exists(
        select(ref.id)
        .join(srv, srv.id == ref.survey_id)
        .outerjoin(camp, camp.id == srv.campaign_id)
        .where(ref.sha256 == AttachmentBlob.sha256, not_(expired))
    )
    minutes = exists(
        select(CaseMeeting.id).where(CaseMeeting.minutes_sha256 == AttachmentBlob.sha256)
    )
    return or_(kept_ref, minutes)


def _photo_query(county: str, before: date, kinds: Sequence[str]) -> Select[str, int]:
    return (
        select(AttachmentBlob.sha256, AttachmentBlob.size)
        .where(
            AttachmentBlob.sha256.in_(_due_refs(county, before, kinds)),
            not_(_still_used(county, before, kinds)),
        )
        .order_by(AttachmentBlob.sha256)
    )


def _kept_shared(session: Session, county: str, before: date, kinds: Sequence[str]) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                AttachmentBlob.sha256.in_(_due_refs(county, before, kinds)),
                _still_used(county, before, kinds),
            )
        )
        or 0
    )


def _remove_photos(
    factory: sessionmaker[Session],
    store: BlobStore,
    report: CountyReport,
    kinds: Sequence[str],
    dry_run: bool,
) -> None:
    county, before = report.county, report.photos_before
    query = _photo_query(county, before, kinds)
    if dry_run:
        with factory() as s, s.begin():
            rows = s.execute(query).all()
            report.photos_removed = len(rows)
            report.photo_bytes_removed = sum(int(size) for _sha, size in rows)
            report.photos_kept_shared = _kept_shared(s, county, before, kinds)
        return
    while True:
        failure: Exception | None = None
        with factory() as s, s.begin():
            if s.get_bind().dialect.name == "postgresql":
                s.execute(text("SET LOCAL lock_timeout = '60s'"))
                try:
                    s.execute(text("LOCK TABLE attachment_ref IN SHARE MODE"))
                except OperationalError as exc:
                    raise RetentionStopped(
                        "a transaction writing attachment references held them for over a "
                        f"minute; {report.photos_removed} photo(s) of county {county} were "
                        "removed so far: run the command again later"
                    ) from exc
            rows = s.execute(query.limit(CHUNK)).all()
            if not rows:
                report.photos_kept_shared = _kept_shared(s, county, before, kinds)
                return
            done: list[str] = []
            size = 0
            for sha, n in rows:
                try:
                    # Leftover chunks first: a failure between the two then leaves the photo
                    # whole, never a row whose bytes are gone.
                    store.delete_prefix(part_prefix(sha))
                    store.delete(final_key(sha))
                except (ApiError, OSError) as exc:
                    failure = exc
                    break
                done.append(sha)
                size += int(n)
            if done:
                s.execute(delete(UploadPart).where(UploadPart.sha256.in_(done)))
                s.execute(delete(AttachmentBlob).where(AttachmentBlob.sha256.in_(done)))
            report.photos_removed += len(done)
            report.photo_bytes_removed += size
        if failure is not None:
            # The type only: a store's message may quote keys or endpoints with credentials.
            cause = failure.__cause__ if isinstance(failure, ApiError) else failure
            raise RetentionStorageError(
                f"the attachment store failed ({type(cause).__name__}) after "
                f"{report.photos_removed} photo(s) of county {county} were removed; the photos "
                "still in the store keep their rows: run the command again once it is back"
            ) from failure


# --- the rows -------------------------------------------------------------------------------------


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _county_rows(
    session: Session, policy: RetentionPolicy, report: CountyReport, today: date, actor: str
) -> None:
    county = report.county
    report.codes_before = today - timedelta(days=policy.enrollment_codes_days)
    cutoff = _midnight(report.codes_before)
    users = select(User.id).where(User.county_code == county)
    result = session.execute(
        delete(EnrollmentCode).where(
            EnrollmentCode.user_id.in_(users),
            or_(EnrollmentCode.expires_at < cutoff, EnrollmentCode.used_at < cutoff),
        )
    )
    report.enrollment_codes_removed = int(getattr(result, "rowcount", 0) or 0)
    if policy.registry_extracts:
        try:
            report.extract_days = load_check(county).retention_days
        except CheckDefinitionError:
            return  # no check definition: this county imports no extracts
        report.extracts_purged = int(purge(session, county, today, actor)["purged"])


def _server_rows(session: Session, report: ServerReport, now: datetime) -> None:
    result = session.execute(
        delete(AuditEvent).where(AuditEvent.at < _midnight(report.audit_before))
    )
    report.audit_rows_removed = int(getattr(result, "rowcount", 0) or 0)
    # A nonce is useless once its window has closed, whatever the policy: always the real clock,
    # so a --today in the future never reopens a replay.
    result = session.execute(delete(RequestNonce).where(RequestNonce.expires_at < now))
    report.nonces_removed = int(getattr(result, "rowcount", 0) or 0)


# --- log files ------------------------------------------------------------------------------------


def _old_logs(folder: Path, before: date) -> list[Path]:
    """Log files (name.log, name.log.3, name.log.2.gz) at the top of the folder, last written
    before the day. Anything else in the folder is not ours to judge."""
    limit = _midnight(before).timestamp()
    found = []
    for entry in os.scandir(folder):
        if (
            entry.is_file(follow_symlinks=False)
            and _LOG_NAME.fullmatch(entry.name)
            and entry.stat(follow_symlinks=False).st_mtime < limit
        ):
            found.append(Path(entry.path))
    return sorted(found)


def _remove_logs(report: ServerReport, folder: Path, days: int, today: date, dry_run: bool) -> None:
    report.log_dir = str(folder)
    report.logs_before = today - timedelta(days=days)
    try:
        files = _old_logs(folder, report.logs_before)
    except OSError as exc:
        raise RetentionStorageError(f"cannot read the log folder {folder}: {exc.strerror}") from exc
    for path in files:
        try:
            size = path.stat().st_size
            if not dry_run:
                path.unlink()
        except FileNotFoundError:
            continue  # rotated away meanwhile
        except OSError as exc:
            raise RetentionStorageError(
                f"cannot remove the log file {path}: {exc.strerror}"
            ) from exc
        report.log_files_removed += 1
        report.log_bytes_removed += size


# --- the run --------------------------------------------------------------------------------------


def run(
    factory: sessionmaker[Session],
    store: BlobStore,
    policies: dict[str, RetentionPolicy],
    server_policies: Iterable[RetentionPolicy],
    *,
    today: date,
    log_dir: Path | None,
    dry_run: bool = False,
    actor: str = "",
) -> RetentionReport:
    """Apply `policies` (county -> its policy) and, server-wide, the longest of
    `server_policies` (every county's on this server). Raises `RetentionStopped` after
    auditing what was removed when it stops midway (store down, references locked)."""
    everyone = list(server_policies)
    report = RetentionReport(today=today, dry_run=dry_run)
    for county, policy in sorted(policies.items()):
        report.counties.append(
            CountyReport(
                county=county,
                policy=f"{policy.county_code} v{policy.version}",
                photos_before=policy.photos_before(today),
            )
        )
    server = ServerReport(audit_before=min(p.audit_before(today) for p in everyone))
    report.server = server
    try:
        with factory() as s:
            s.begin()
            try:
                for county_report in report.counties:
                    _county_rows(s, policies[county_report.county], county_report, today, actor)
                _server_rows(s, server, datetime.now(UTC))
                if dry_run:
                    s.rollback()
                else:
                    s.commit()
            except BaseException:
                s.rollback()
                raise
        for county_report in report.counties:
            kinds = policies[county_report.county].photo_kinds
            _remove_photos(factory, store, county_report, kinds, dry_run)
        if log_dir is not None:
            days = max(p.server_logs_days for p in everyone)
            _remove_logs(server, log_dir, days, today, dry_run)
    except RetentionStopped as exc:
        report.failed = str(exc)
        if not dry_run:
            _audit(factory, report, actor)
        raise
    if not dry_run:
        _audit(factory, report, actor)
    return report


def _audit(factory: sessionmaker[Session], report: RetentionReport, actor: str) -> None:
    with factory() as s, s.begin():
        audit(
            s,
            "retention.run",
            entity_kind="server",
            entity_id=",".join(r.county for r in report.counties)[:100],
            detail={
                "today": report.today.isoformat(),
                "policies": [r.policy for r in report.counties],
                "removed": report.counts(),
                "complete": not report.failed,
                "actor": actor[:100],
            },
        )
