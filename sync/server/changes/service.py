"""Serving the changes feed: one page of what changed in the caller's scope after a cursor.

Rows are fetched `limit + 1` at a time to know whether more follow; the entities are loaded as
they are now (a client applies a record only if its revision is newer than what it holds).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, or_, select, true, union
from sqlalchemy.orm import Session

from sync.protocol import Change as WireChange
from sync.protocol import ChangesPage, b64encode

from ..errors import ApiError
from ..models import (
    Assignment,
    Campaign,
    ChangeCounter,
    County,
    Device,
    FormDefinition,
    Household,
    Review,
    ServerMeta,
    StandardsRow,
)
from ..models import Change as ChangeRow
from ..scope import Caller
from .cursor import CursorState, decode_cursor, encode_cursor
from .surveys import load_surveys, load_withdrawals


def instance_id(session: Session) -> str:
    return session.execute(
        select(ServerMeta.value).where(ServerMeta.key == "instance_id")
    ).scalar_one()


def head_seq(session: Session) -> int:
    return int(
        session.execute(select(ChangeCounter.value).where(ChangeCounter.id == 1)).scalar_one()
    )


def visible_changes(caller: Caller) -> Any:
    c = ChangeRow
    return or_(
        c.user_id == caller.user_id,
        and_(
            c.user_id.is_(None),
            or_(
                caller.scope.clause(c.village_code, c.township_code, c.county_code),
                and_(
                    c.village_code.is_(None),
                    c.township_code.is_(None),
                    c.county_code == caller.county_code,
                ),
            ),
        ),
    )


def visibility_branches(caller: Caller) -> list[ColumnElement[bool]]:
    """`visible_changes` as disjoint-enough parts, each served by one (column, seq) index."""
    c = ChangeRow
    shared = c.user_id.is_(None)
    scope = caller.scope
    parts: list[ColumnElement[bool]] = [c.user_id == caller.user_id]
    if scope.villages:
        parts.append(and_(shared, c.village_code.in_(sorted(scope.villages))))
    if scope.townships:
        parts.append(and_(shared, c.township_code.in_(sorted(scope.townships))))
    if scope.counties:
        parts.append(and_(shared, c.county_code.in_(sorted(scope.counties))))
    parts.append(
        and_(
            c.village_code.is_(None),
            c.township_code.is_(None),
            shared,
            c.county_code == caller.county_code,
        )
    )
    return parts


def page_query(caller: Caller, start: int, head: int, n: int) -> Select[int, str, str]:
    """The next `n` visible changes after `start`, in seq order.

    The same rows as filtering the whole table with `visible_changes`, but asked as a UNION of
    one ordered, limited range per way of being visible: on a city's million change rows the
    single OR made PostgreSQL walk the primary key and discard hundreds of thousands of rows
    for a cadre whose villages are a sliver of them (bench/city.py).
    """
    c = ChangeRow
    common = [
        c.seq > start,
        c.seq <= head,
        # Surveys go to reviewers only: a cadre holds their own, and not their neighbours'.
        true() if caller.is_supervisor else c.kind != "survey",
        # A device's own writes are not echoed back to it: it holds them already.
        or_(c.origin_device_id.is_(None), c.origin_device_id != caller.device_id),
    ]
    parts = []
    for branch in visibility_branches(caller):
        ranged = (
            select(c.seq, c.kind, c.entity_id)
            .where(*common, branch)
            .order_by(c.seq)
            .limit(n)
            .subquery()
        )
        # Wrapped so SQLite accepts an ORDER BY and LIMIT inside each part of the UNION.
        parts.append(select(ranged.c.seq, ranged.c.kind, ranged.c.entity_id))
    merged = union(*parts).subquery()
    return select(merged.c.seq, merged.c.kind, merged.c.entity_id).order_by(merged.c.seq).limit(n)


def household_json(h: Household | Row[Any]) -> dict[str, Any]:
    return {
        "id": str(h.id),
        "revision": h.revision,
        "village_code": h.village_code,
        "address": h.address,
        "head_name": h.head_name,
        "head_id_number": h.head_id_number,
        "phone": h.phone,
        "hukou_type": h.hukou_type,
        "categories": list(h.categories or []),
        "source": h.source,
    }


def review_json(r: Review) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "survey_id": str(r.survey_id),
        "survey_revision": r.survey_revision,
        "level": r.level,
        "decision": r.decision,
        "state": r.state_after,
        "comment": r.comment,
        "pinned": list(r.pinned or []),
        "reviewer_id": str(r.reviewer_id),
        "decided_at": r.decided_at.isoformat(),
    }


def _load(
    session: Session, kind: str, ids: list[str], caller: Caller | None = None
) -> dict[str, dict[str, Any]]:
    import uuid

    def uuids() -> list[uuid.UUID]:
        return [uuid.UUID(i) for i in ids]

    if kind == "household":
        # Plain rows, not ORM objects: a cadre's first pull is hundreds of households a page.
        return {
            str(h.id): household_json(h)
            for h in session.execute(
                select(Household.__table__).where(Household.__table__.c.id.in_(uuids()))
            )
        }
    if kind == "review":
        return {
            str(r.id): review_json(r)
            for r in session.scalars(select(Review).where(Review.id.in_(uuids())))
        }
    if kind == "survey":
        return load_surveys(session, ids)
    if kind == "withdrawal":
        return load_withdrawals(session, ids)
    if kind == "assignment":
        found = {
            str(a.id): {
                "id": str(a.id),
                "campaign_id": str(a.campaign_id),
                "village_code": a.village_code,
                "household_id": str(a.household_id) if a.household_id else None,
                # a household due for re-check this round: its case travels as kind "case"
                "case_id": str(a.case_id) if a.case_id else None,
                "due": "recheck" if a.case_id else None,
            }
            for a in session.scalars(select(Assignment).where(Assignment.id.in_(uuids())))
        }
        # Assignments are deleted only when withdrawn: a change for one that is gone says so.
        return {i: found.get(str(uuid.UUID(i))) or {"id": i, "withdrawn": True} for i in ids}
    if kind == "campaign":
        return {
            str(c.id): {
                "id": str(c.id),
                "year": c.year,
                "round": c.round,
                "starts_on": c.starts_on.isoformat(),
                "ends_on": c.ends_on.isoformat(),
                "form_id": c.form_id,
                "form_version": c.form_version,
            }
            for c in session.scalars(select(Campaign).where(Campaign.id.in_(uuids())))
        }
    if kind == "revocation":
        return {
            str(d.id): {
                "device_id": str(d.id),
                "revoked_at": d.revoked_at.isoformat() if d.revoked_at else None,
            }
            for d in session.scalars(select(Device).where(Device.id.in_(uuids())))
        }
    if kind == "form":
        out = {}
        for key in ids:
            form_id, _, version = key.rpartition("@")
            f = session.get(FormDefinition, (form_id, int(version)))
            if f is not None:
                out[key] = {"form_id": f.form_id, "version": f.version, "definition": f.definition}
        return out
    if kind == "standards":
        out = {}
        for key in ids:
            county, _, year = key.rpartition("@")
            s = session.get(StandardsRow, (county, int(year)))
            if s is not None:
                out[key] = {"county_code": s.county_code, "year": s.year, "standards": s.data}
        return out
    if kind in ("case", "posting", "case_rules"):
        from ..cases import views

        if kind == "case":
            cadre = caller is None or not caller.is_supervisor
            return views.load_cases(session, ids, for_cadre=cadre)
        if kind == "posting":
            return views.load_postings(session, ids)
        return views.load_rules(session, ids)
    if kind == "recheck":
        from ..registry.service import task_json

        return task_json(session, ids)
    if kind == "county":
        out = {}
        for key in ids:
            cty = session.get(County, key)
            if cty is not None:
                out[key] = {
                    "code": cty.code,
                    "name": cty.name,
                    "recovery_public_key": b64encode(cty.recovery_public_key)
                    if cty.recovery_public_key
                    else None,
                }
        return out
    return {}


def read_changes(
    session: Session, secret: str, caller: Caller, after: str | None, limit: int
) -> ChangesPage:
    with session.begin():
        inst = instance_id(session)
        head = head_seq(session)  # read first: every change numbered <= head is committed
        start = 0
        fp = caller.scope.fingerprint()
        if after:
            state = decode_cursor(secret, after, inst)
            if state.scope_fp != fp:
                raise ApiError(
                    410, "cursor_gone", "Your scope has changed since this cursor. Pull again."
                )
            if state.seq > head:
                raise ApiError(
                    410,
                    "cursor_gone",
                    "This cursor is ahead of the server (restored from a backup?). Pull again "
                    "from the start.",
                )
            start = state.seq
        rows = session.execute(page_query(caller, start, head, limit + 1)).all()
        done = len(rows) <= limit
        rows = rows[:limit]
        by_kind: dict[str, list[str]] = {}
        for _seq, kind, entity_id in rows:
            by_kind.setdefault(kind, []).append(entity_id)
        loaded = {kind: _load(session, kind, ids, caller) for kind, ids in by_kind.items()}
        # The same entity may appear twice in a page: send it once, at its last position.
        last_pos = {(k, e): i for i, (_s, k, e) in enumerate(rows)}
        changes = [
            WireChange.model_validate(
                {"kind": kind, "id": entity_id, "data": loaded[kind][entity_id]}
            )
            for i, (_s, kind, entity_id) in enumerate(rows)
            if last_pos[(kind, entity_id)] == i and entity_id in loaded.get(kind, {})
        ]
        end = head if done else rows[-1][0]
    cursor = encode_cursor(secret, CursorState(inst, end, fp))
    return ChangesPage(changes=changes, cursor=cursor, done=done)
