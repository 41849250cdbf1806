"""The economic-status check beside a survey under review: findings and flags, fetched online.

What the departments' extracts say about a household stays on the server: the review detail
asks `GET /api/v1/registry/households/{id}` when a survey is shown (a network thread; the
server checks scope and records the look, with the user, in its audit), keeps the answer in
memory only, and shows "available when online" otherwise. A flag is marked explained with a
reason by a signed `POST /registry/flags/{id}/explain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.services import syncing
from desktop.store.profile import Store
from sync.client import ClientConfig
from sync.supervision_client import SupervisionClient


@dataclass(frozen=True)
class FindingLine:
    department: str
    says: str
    survey_said: str
    member: int  # 1-based


@dataclass(frozen=True)
class FlagLine:
    id: int
    label: str
    task: str
    explained: bool
    reason: str


@dataclass(frozen=True)
class CheckResult:
    checked: bool  # the server holds a survey of this household
    consent: bool
    findings: tuple[FindingLine, ...]
    flags: tuple[FlagLine, ...]


def _client(store: Store, config: ClientConfig | None) -> SupervisionClient:
    return SupervisionClient(config or syncing.client_config(store), syncing.identity(store))


def _result(body: dict[str, Any]) -> CheckResult:
    return CheckResult(
        checked=bool(body.get("checked")),
        consent=bool(body.get("consent")),
        findings=tuple(
            FindingLine(
                str(f["department"]),
                str(f["says"]),
                str(f["survey_said"]),
                int(f["member_index"]) + 1,
            )  # fmt: skip
            for f in body.get("findings") or []
        ),
        flags=tuple(
            FlagLine(
                int(f["id"]),
                str(f["label"]),
                str(f["task"]),
                bool(f["explained"]),
                str(f.get("explained_reason") or ""),
            )  # fmt: skip
            for f in body.get("flags") or []
        ),
    )


def fetch_findings(
    store: Store, household_id: str, lang: str = "zh", config: ClientConfig | None = None
) -> CheckResult:
    """The household's findings and open flags (a network call; raises the client's errors)."""
    client = _client(store, config)
    try:
        body = client.get_json(f"/registry/households/{household_id}", lang=lang[:2])
    finally:
        client.close()
    return _result(body)


def explain_flag(
    store: Store, flag_id: int, reason: str, config: ClientConfig | None = None
) -> None:
    client = _client(store, config)
    try:
        client.post_json(f"/registry/flags/{int(flag_id)}/explain", {"reason": reason})
    finally:
        client.close()
