"""Spot checks (重点抽查): a reproducible random sample per cadre, recorded in the audit trail.

A draw takes the caller's scope, a campaign (optional), the review states to draw from and a
percentage. Per cadre, the candidate survey ids are sorted and sampled with
`random.Random(f"{seed}:{cadre_id}")`, taking ceil(n × percent / 100) of n (at least one when a
cadre has any). The seed is chosen by the server unless given, and the draw is stored as one
`spotcheck.draw` audit event holding the seed, the parameters, every candidate id and the
sample, so anyone can redraw it later and get the same sample (`verify`). Outcomes of the
revisits are `spotcheck.outcome` events. Ids and codes only: no names, ID numbers or answers.
"""

from __future__ import annotations

import math
import random
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import audit
from ..errors import ApiError
from ..models import AuditEvent, Survey, User
from ..scope import Caller

DRAW, OUTCOME = "spotcheck.draw", "spotcheck.outcome"
DEFAULT_STATES = ("submitted", "township_approved", "county_approved")
OUTCOMES = ("confirmed", "discrepancy", "not_reached")


def draw_sample(candidates: Iterable[str], seed: int, cadre_id: str, percent: float) -> list[str]:
    """The deterministic heart of a draw: same candidates, seed, cadre and percent, same sample."""
    ids = sorted(set(candidates))
    if not ids:
        return []
    k = min(len(ids), max(1, math.ceil(len(ids) * percent / 100)))
    return sorted(random.Random(f"{seed}:{cadre_id}").sample(ids, k))


def _scope_detail(caller: Caller) -> dict[str, list[str]]:
    return {
        "villages": sorted(caller.scope.villages),
        "townships": sorted(caller.scope.townships),
        "counties": sorted(caller.scope.counties),
    }


def create(
    session: Session,
    caller: Caller,
    percent: float,
    campaign_id: uuid.UUID | None,
    states: list[str] | None,
    seed: int | None,
) -> dict[str, Any]:
    if not caller.is_supervisor:
        raise ApiError(403, "forbidden", "Only supervisors and county admins draw spot checks.")
    if not 0 < percent <= 100:
        raise ApiError(422, "bad_percent", "The percentage must be above 0 and at most 100.")
    wanted = tuple(states or DEFAULT_STATES)
    stmt = select(Survey.id, Survey.cadre_id).where(
        caller.scope.clause(Survey.village_code, Survey.township_code, Survey.county_code),
        Survey.state.in_(wanted),
    )
    if campaign_id is not None:
        stmt = stmt.where(Survey.campaign_id == campaign_id)
    by_cadre: dict[str, list[str]] = {}
    for sid, cadre in session.execute(stmt):
        by_cadre.setdefault(str(cadre), []).append(str(sid))
    used_seed = seed if seed is not None else secrets.randbits(53)
    cadres = [
        {
            "cadre_id": cadre,
            "candidates": sorted(ids),
            "sample": draw_sample(ids, used_seed, cadre, percent),
        }
        for cadre, ids in sorted(by_cadre.items())
    ]
    check_id = uuid.uuid4()
    detail = {
        "seed": used_seed,
        "percent": percent,
        "campaign_id": str(campaign_id) if campaign_id else None,
        "states": list(wanted),
        "scope": _scope_detail(caller),
        "cadres": cadres,
    }
    audit(
        session,
        DRAW,
        entity_kind="spot_check",
        entity_id=check_id,
        user_id=caller.user_id,
        device_id=caller.device_id,
        request_id=caller.request_id,
        detail=detail,
    )
    session.flush()
    return get(session, caller, check_id)


def _visible(caller: Caller, detail: dict[str, Any]) -> bool:
    """A draw is visible to whoever covers all of its scope: a county sees its townships' draws.

    Statistical division codes nest by prefix (county 6 digits, township 9, village 12), so a
    caller covers a code when one of their own codes is a prefix of it.
    """
    mine = [*caller.scope.villages, *caller.scope.townships, *caller.scope.counties]
    theirs = [code for codes in (detail.get("scope") or {}).values() for code in codes]
    return bool(theirs) and all(any(str(c).startswith(m) for m in mine) for c in theirs)


def _load_draw(session: Session, caller: Caller, check_id: uuid.UUID) -> AuditEvent:
    ev = session.scalar(
        select(AuditEvent).where(AuditEvent.action == DRAW, AuditEvent.entity_id == str(check_id))
    )
    if ev is None or not caller.is_supervisor or not _visible(caller, ev.detail):
        raise ApiError(404, "not_found", "No such spot check in your scope.")
    return ev


def get(session: Session, caller: Caller, check_id: uuid.UUID) -> dict[str, Any]:
    ev = _load_draw(session, caller, check_id)
    d = ev.detail
    outcomes = {
        str(o.detail.get("survey_id")): {
            "outcome": o.detail.get("outcome"),
            "by": str(o.user_id),
            "at": o.at.isoformat(),
        }
        for o in session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == OUTCOME, AuditEvent.entity_id == str(check_id))
            .order_by(AuditEvent.id)
        )
    }
    cadre_ids = [uuid.UUID(c["cadre_id"]) for c in d["cadres"]]
    names = {
        str(u.id): u.display_name or u.username
        for u in session.scalars(select(User).where(User.id.in_(cadre_ids)))
    }
    sampled = [uuid.UUID(s) for c in d["cadres"] for s in c["sample"]]
    keys: dict[str, str] = {}
    withdrawn: set[str] = set()  # drawn before county IT withdrew them: nothing to check now
    for i, k, gone in session.execute(
        select(Survey.id, Survey.short_key, Survey.withdrawn_at).where(Survey.id.in_(sampled))
    ):
        keys[str(i)] = k
        if gone is not None:
            withdrawn.add(str(i))
    return {
        "id": str(check_id),
        "drawn_at": ev.at.isoformat(),
        "drawn_by": str(ev.user_id),
        "seed": d["seed"],
        "percent": d["percent"],
        "campaign_id": d["campaign_id"],
        "states": d["states"],
        "cadres": [
            {
                "cadre_id": c["cadre_id"],
                "cadre_name": names.get(c["cadre_id"], ""),
                "candidates": len(c["candidates"]),
                "sample": [
                    {
                        "survey_id": s,
                        "short_key": keys.get(s, ""),
                        **({"withdrawn": True} if s in withdrawn else {}),
                        **outcomes.get(s, {}),
                    }
                    for s in c["sample"]
                ],
            }
            for c in d["cadres"]
        ],
    }


def list_checks(session: Session, caller: Caller) -> list[dict[str, Any]]:
    if not caller.is_supervisor:
        raise ApiError(403, "forbidden", "Only supervisors and county admins see spot checks.")
    out = []
    for ev in session.scalars(
        select(AuditEvent).where(AuditEvent.action == DRAW).order_by(AuditEvent.id.desc())
    ):
        if _visible(caller, ev.detail):
            out.append(
                {
                    "id": ev.entity_id,
                    "drawn_at": ev.at.isoformat(),
                    "seed": ev.detail["seed"],
                    "percent": ev.detail["percent"],
                    "sampled": sum(len(c["sample"]) for c in ev.detail["cadres"]),
                }
            )
    return out


def verify(session: Session, caller: Caller, check_id: uuid.UUID) -> dict[str, Any]:
    """Redraw from the recorded seed and candidates; True when every cadre's sample matches."""
    d = _load_draw(session, caller, check_id).detail
    same = all(
        draw_sample(c["candidates"], d["seed"], c["cadre_id"], d["percent"]) == c["sample"]
        for c in d["cadres"]
    )
    return {"id": str(check_id), "seed": d["seed"], "reproduced": same}


def record_outcome(
    session: Session, caller: Caller, check_id: uuid.UUID, survey_id: uuid.UUID, outcome: str
) -> dict[str, Any]:
    d = _load_draw(session, caller, check_id).detail
    if outcome not in OUTCOMES:
        raise ApiError(422, "bad_outcome", f"The outcome must be one of {', '.join(OUTCOMES)}.")
    if not any(str(survey_id) in c["sample"] for c in d["cadres"]):
        raise ApiError(422, "not_sampled", "This survey is not in the spot check's sample.")
    audit(
        session,
        OUTCOME,
        entity_kind="spot_check",
        entity_id=check_id,
        user_id=caller.user_id,
        device_id=caller.device_id,
        request_id=caller.request_id,
        detail={"survey_id": str(survey_id), "outcome": outcome},
    )
    session.flush()
    return get(session, caller, check_id)
