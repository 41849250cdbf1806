"""Supervisors' reports (no Qt): progress per township, village or cadre, exports, spot checks,
a household's audit history, and who this reviewer is on the server.

Progress comes from the server when it can be reached and is kept in the store with the time it
was fetched; offline, the last fetched figures are shown with their time, or, before any fetch,
figures counted from the surveys the last sync brought (marked as such). Exports stream an xlsx
from the server's scope-checked report API to a file, with progress and cancel. Network calls
run on the caller's network thread, never on the store thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.services import syncing
from desktop.services.review import LEVEL_KEY
from desktop.store.models import Campaign, Division, ReviewItem, SyncLogEntry
from desktop.store.profile import Store
from sync.client import ClientConfig
from sync.supervision_client import SupervisionClient

GROUPINGS = ("township", "village", "cadre")
EXPORTS = {
    "ledger": "/reports/ledger",
    "public-list": "/reports/public-list",
    "referrals": "/reports/referrals",
    "discrepancies": "/reports/discrepancies",
}
SCOPE_KEY = "review.scope"
LOCAL_UNKNOWN = ("assigned", "visited", "revisits_pending")
COUNTS = ("assigned", "visited", "revisits_pending", "completed", "submitted", "returned")


@dataclass(frozen=True)
class ProgressRow:
    key: str
    label: str
    assigned: int
    visited: int
    revisits_pending: int
    completed: int
    submitted: int
    returned: int
    approved: int


@dataclass(frozen=True)
class ProgressSnapshot:
    by: str
    rows: tuple[ProgressRow, ...]
    as_of: str | None  # when the figures were fetched (or the last sync, for local counts)
    source: str  # server | cache | local | none (nothing fetched or synced yet)
    campaign_ends_on: date | None
    days_left: int | None
    # Counts this source cannot know: the laptop holds surveys, not assignments or visits.
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportArea:
    """A township or village an export may be cut down to."""

    level: str  # township | village
    code: str
    name: str


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    size: int


@dataclass(frozen=True)
class AuditLine:
    at: str
    action: str
    user: str
    device_id: str
    entity_kind: str
    detail: str


def _client(store: Store, config: ClientConfig | None = None) -> SupervisionClient:
    return SupervisionClient(config or syncing.client_config(store), syncing.identity(store))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _campaign(store: Store) -> tuple[str | None, date | None]:
    with store.reading() as s:
        row = s.execute(
            select(Campaign.id, Campaign.ends_on).order_by(Campaign.starts_on.desc()).limit(1)
        ).first()
    return (row[0], row[1]) if row else (None, None)


def days_left(ends_on: date | None, today: date | None = None) -> int | None:
    if ends_on is None:
        return None
    return max(0, (ends_on - (today or datetime.now(UTC).date())).days)


# --- who am I -------------------------------------------------------------------------------------


def refresh_identity(store: Store, config: ClientConfig | None = None) -> str | None:
    """Ask the server for this reviewer's level and keep it (the queue reads it offline)."""
    client = _client(store, config)
    try:
        me = client.get_json("/supervision/me")
    finally:
        client.close()
    level = me.get("review_level")
    if level in ("township", "county"):
        store.set_state(LEVEL_KEY, str(level))
    scope = {k: [str(c) for c in me.get(k) or []] for k in ("counties", "townships", "villages")}
    store.set_state(SCOPE_KEY, json.dumps(scope))
    return str(level) if level else None


# --- progress -------------------------------------------------------------------------------------


def _rows(raw: list[dict[str, Any]], names: dict[str, str], by: str) -> tuple[ProgressRow, ...]:
    out = []
    for r in raw:
        key = str(r.get(by) or r.get("key") or "")
        out.append(
            ProgressRow(
                key=key,
                label=str(r.get("name") or names.get(key) or key),
                approved=int(r.get("township_approved", 0)) + int(r.get("county_approved", 0)),
                **{c: int(r.get(c, 0)) for c in COUNTS},
            )
        )
    return tuple(sorted(out, key=lambda p: p.label))


def _names(store: Store) -> dict[str, str]:
    with store.reading() as s:
        return {c: n for c, n in s.execute(select(Division.code, Division.name)) if n != c}


def fetch_progress(
    store: Store, by: str, config: ClientConfig | None = None, today: date | None = None
) -> ProgressSnapshot:
    """From the server, kept in the store with the time fetched."""
    if by not in GROUPINGS:
        raise ValueError(by)
    campaign, ends = _campaign(store)
    if campaign is None:  # nothing synced yet: there is no campaign to ask about
        raise LookupError("no campaign on this laptop yet")
    client = _client(store, config)
    try:
        raw = client.get_json("/reports/progress", campaign_id=campaign, by=by)
    finally:
        client.close()
    at = _now()
    store.set_state(f"progress.{by}", json.dumps({"at": at, "rows": raw}, ensure_ascii=False))
    return ProgressSnapshot(
        by, _rows(raw, _names(store), by), at, "server", ends, days_left(ends, today)
    )


def cached_progress(store: Store, by: str, today: date | None = None) -> ProgressSnapshot:
    """Offline: the last figures fetched, or counts from what the last sync brought (assigned,
    visited and revisits left unknown), or, before any of either, nothing (`source` none)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    _campaign_id, ends = _campaign(store)
    left = days_left(ends, today)
    kept = store.get_state(f"progress.{by}")
    if kept:
        data = json.loads(kept)
        return ProgressSnapshot(
            by, _rows(data["rows"], _names(store), by), data["at"], "cache", ends, left
        )
    column = {"village": ReviewItem.village_code, "township": ReviewItem.township_code}.get(
        by, ReviewItem.cadre_name
    )
    with store.reading() as s:
        counts = s.execute(
            select(column, ReviewItem.state, func.count()).group_by(column, ReviewItem.state)
        ).all()
        last = s.scalar(
            select(SyncLogEntry.finished_at)
            .where(SyncLogEntry.outcome == "ok")
            .order_by(SyncLogEntry.id.desc())
            .limit(1)
        )
    grouped: dict[str, dict[str, Any]] = {}
    for key, state, n in counts:
        if state == "withdrawn":
            continue  # withdrawn by the county as recorded in error: not work done
        row = grouped.setdefault(str(key), {"key": str(key)})
        slot = {
            "returned_by_township": "returned",
            "returned_by_county": "returned",
        }.get(state, state)
        row[slot] = row.get(slot, 0) + int(n)
        row["completed"] = row.get("completed", 0) + int(n)  # every one held was completed
    if not grouped:
        return ProgressSnapshot(by, (), last, "none", ends, left, LOCAL_UNKNOWN)
    return ProgressSnapshot(
        by,
        _rows(list(grouped.values()), _names(store), by),
        last,
        "local",
        ends,
        left,
        LOCAL_UNKNOWN,
    )


# --- exports --------------------------------------------------------------------------------------


def export_areas(store: Store) -> list[ExportArea]:
    """The townships and villages of this reviewer's scope, each township followed by its
    villages, from the scope the server last told (empty before it has: whole scope only)."""
    kept = store.get_state(SCOPE_KEY)
    if not kept:
        return []
    scope = json.loads(kept)
    counties = set(scope.get("counties") or [])
    townships = set(scope.get("townships") or [])
    villages = set(scope.get("villages") or [])
    with store.reading() as s:
        rows = s.execute(
            select(Division.code, Division.name, Division.level, Division.parent_code).where(
                Division.level.in_(("township", "village"))
            )
        ).all()
    towns = sorted(
        (code, name)
        for code, name, level, parent in rows
        if level == "township" and (code in townships or parent in counties)
    )
    out: list[ExportArea] = []
    for tcode, tname in towns:
        out.append(ExportArea("township", tcode, tname or tcode))
        out += [
            ExportArea("village", code, name or code)
            for code, name, level, parent in sorted(rows)
            if level == "village" and parent == tcode
        ]
    listed = {a.code for a in out}
    out += [  # villages held on their own (not through their township)
        ExportArea("village", code, name or code)
        for code, name, level, _parent in sorted(rows)
        if level == "village" and code in villages and code not in listed
    ]
    return out


def export(
    store: Store,
    kind: str,
    out: Path,
    progress: Callable[[int, int | None], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    config: ClientConfig | None = None,
    area: ExportArea | None = None,
    lang: str = "zh",
) -> ExportResult:
    """Download one xlsx list in this reviewer's scope, or one township or village of it, from
    the server (which checks the area is in scope: 403 otherwise, and nothing is written). The
    ledger, public list and referrals label a county's own form's answers in `lang`."""
    path = EXPORTS.get(kind)
    if path is None:
        raise ValueError(kind)
    if area is not None and area.level not in ("township", "village"):
        raise ValueError(area.level)
    where = {area.level: area.code} if area is not None else {}
    if kind in ("ledger", "public-list", "referrals"):
        where["lang"] = "en" if lang == "en" else "zh"
    campaign, _ends = _campaign(store)
    client = _client(store, config)
    try:
        size = client.download(
            path, out, progress, should_stop, campaign_id=campaign, format="xlsx", **where
        )
    finally:
        client.close()
    return ExportResult(kind, out, size)


def server_case_report(
    store: Store, recheck_until: date | None = None, config: ClientConfig | None = None
) -> dict[str, Any]:
    """The server's per-township case report (`/cases/report`) in this supervisor's scope, the
    same figures `cases.township_reports` computes offline from the laptop's store."""
    client = _client(store, config)
    try:
        found = client.get_json(
            "/cases/report", recheck_until=recheck_until.isoformat() if recheck_until else None
        )
    finally:
        client.close()
    return dict(found)


# --- spot checks and the audit trail --------------------------------------------------------------


def draw_spot_check(
    store: Store, percent: float, seed: int | None = None, config: ClientConfig | None = None
) -> dict[str, Any]:
    campaign, _ends = _campaign(store)
    client = _client(store, config)
    try:
        result: dict[str, Any] = client.post_json(
            "/supervision/spot-checks", {"percent": percent, "seed": seed, "campaign_id": campaign}
        )
    finally:
        client.close()
    return result


def record_spot_check_outcome(
    store: Store, check_id: str, survey_id: str, outcome: str, config: ClientConfig | None = None
) -> dict[str, Any]:
    """The result of revisiting one sampled household: confirmed, discrepancy or not_reached."""
    client = _client(store, config)
    try:
        result: dict[str, Any] = client.post_json(
            f"/supervision/spot-checks/{check_id}/outcomes",
            {"survey_id": survey_id, "outcome": outcome},
        )
    finally:
        client.close()
    return result


def household_audit(
    store: Store, household_id: str, config: ClientConfig | None = None
) -> list[AuditLine]:
    client = _client(store, config)
    try:
        rows = client.get_json("/supervision/audit", household_id=household_id)
    finally:
        client.close()
    return [
        AuditLine(
            at=str(r["at"]),
            action=str(r["action"]),
            user=str(r.get("user") or ""),
            device_id=str(r.get("device_id") or ""),
            entity_kind=str(r.get("entity_kind") or ""),
            detail=", ".join(f"{k}={v}" for k, v in (r.get("detail") or {}).items()),
        )
        for r in rows
    ]
