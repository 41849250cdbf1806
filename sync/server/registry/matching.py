"""Matching in the database: members' ID numbers joined with extract rows, then rules as SQL.

`match(session, county, ...)` works on the whole county (after an import or a purge) or on a few
households (a survey arriving), for some or all sources:

1. the findings of those households and sources are deleted and made again by one
   INSERT … SELECT joining `registry_member` to `registry_row` on the ID number, for households
   whose subject row carries the consent only;
2. each rule of those sources is one INSERT … SELECT … GROUP BY over the findings (with NOT
   EXISTS / LEFT JOIN against the declared answers) that upserts `registry_flag` on (household,
   rule): a flag that still holds keeps its opening time and any explanation;
3. flags of those rules and households that were not seen in this run are closed.

It returns the changes to emit (a `recheck` change to the cadre holding the survey for every
flag opened or closed), so the caller takes the change counter last, as everywhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forms.registry_check import CheckDefinition, Rule

from ..changes.numbering import NewChange
from ..models import (
    RegistryDeclared,
    RegistryFinding,
    RegistryFlag,
    RegistryMember,
    RegistryRow,
    RegistrySubject,
    utcnow,
)


@dataclass
class MatchReport:
    findings: int = 0
    opened: int = 0
    closed: int = 0
    changes: list[NewChange] = field(default_factory=list)


def _subject_filter(county: str, households: Sequence[uuid.UUID] | None) -> ColumnElement[bool]:
    s = RegistrySubject
    clause = s.county_code == county
    if households is not None:
        clause = and_(clause, s.household_id.in_(sorted(households)))
    return clause


def _upsert(session: Session, select_stmt: Select[Any], now: datetime) -> None:
    f = RegistryFlag
    cols = ["household_id", "rule", "source", "hits", "first_date", "kind", "amount",
            "declared_amount", "cadre_id", "village_code", "township_code", "county_code",
            "active", "opened_at", "seen_at"]  # fmt: skip
    dialect = session.get_bind().dialect.name
    ins = (postgresql if dialect == "postgresql" else sqlite).insert(f)
    stmt = ins.from_select(cols, select_stmt)
    was_open = f.__table__.c.active
    stmt = stmt.on_conflict_do_update(
        index_elements=["household_id", "rule"],
        set_={
            "hits": stmt.excluded.hits,
            "first_date": stmt.excluded.first_date,
            "kind": stmt.excluded.kind,
            "amount": stmt.excluded.amount,
            "declared_amount": stmt.excluded.declared_amount,
            "cadre_id": stmt.excluded.cadre_id,
            "village_code": stmt.excluded.village_code,
            "township_code": stmt.excluded.township_code,
            "active": true(),
            "seen_at": now,
            "closed_at": None,
            "opened_at": case((was_open, f.__table__.c.opened_at), else_=now),
            # an explanation holds while the flag stays open; a flag that comes back is new
            "explained_reason": case((was_open, f.__table__.c.explained_reason), else_=""),
            "explained_by": case((was_open, f.__table__.c.explained_by), else_=None),
            "explained_at": case((was_open, f.__table__.c.explained_at), else_=None),
        },
    )
    session.execute(stmt)


def _rule_select(
    rule: Rule, county: str, households: Sequence[uuid.UUID] | None, now: datetime
) -> Select[Any]:
    fi, s, d = RegistryFinding, RegistrySubject, RegistryDeclared
    where: list[ColumnElement[bool]] = [
        fi.source == rule.source,
        s.consent.is_(True),
        _subject_filter(county, households),
    ]
    if rule.kinds:
        where.append(fi.kind.in_(rule.kinds))
    if rule.unless_declared is not None:
        name, value = rule.unless_declared
        where.append(
            ~exists().where(d.household_id == fi.household_id, d.field == name, d.value == value)
        )
    if rule.test == "not_declared_choice":
        where.append(
            ~exists().where(
                d.household_id == fi.household_id,
                d.field == rule.declared_field,
                d.value == fi.kind,
            )
        )
    declared_amount: Any = literal(None, RegistryFlag.declared_amount.type)
    having: ColumnElement[bool] = true()
    base = select().select_from(fi).join(s, s.household_id == fi.household_id)
    if rule.test == "count_above":
        having = func.count(func.distinct(fi.line)) > rule.threshold
    elif rule.test == "amount_above_declared":
        dd = select(d.household_id, d.amount).where(d.field == rule.declared_field).subquery()
        base = base.outerjoin(dd, dd.c.household_id == fi.household_id)
        declared_amount = func.max(dd.c.amount)
        having = func.sum(fi.amount) * rule.months > func.coalesce(func.max(dd.c.amount), 0)
    return (
        base.add_columns(
            fi.household_id,
            literal(rule.code),
            literal(rule.source),
            func.count(func.distinct(fi.line)),
            func.min(fi.on_date),
            func.min(fi.kind),
            func.sum(fi.amount),
            declared_amount,
            s.cadre_id,
            s.village_code,
            s.township_code,
            s.county_code,
            literal(True),
            literal(now, RegistryFlag.opened_at.type),
            literal(now, RegistryFlag.seen_at.type),
        )
        .where(*where)
        .group_by(fi.household_id, s.cadre_id, s.village_code, s.township_code, s.county_code)
        .having(having)
    )


def match(
    session: Session,
    check: CheckDefinition,
    county: str,
    *,
    sources: Sequence[str] | None = None,
    households: Sequence[uuid.UUID] | None = None,
) -> MatchReport:
    """Re-make the findings and flags of `households` (None: the county) for `sources`."""
    now = utcnow()
    names = sorted(sources if sources is not None else check.sources)
    report = MatchReport()
    if households is not None and not households:
        return report
    fi, s, m, r = RegistryFinding, RegistrySubject, RegistryMember, RegistryRow
    if session.get_bind().dialect.name == "postgresql":
        # the county's join and aggregates hash in memory rather than spill to disk
        session.execute(text("SET LOCAL work_mem = '128MB'"))
    scope_ids = select(s.household_id).where(_subject_filter(county, households))
    session.execute(delete(fi).where(fi.source.in_(names), fi.household_id.in_(scope_ids)))
    found = (
        select(
            m.household_id,
            r.extract_id,
            r.line,
            m.member_index,
            r.source,
            r.kind,
            r.on_date,
            r.amount,
        )  # fmt: skip
        .select_from(m)
        .join(s, s.household_id == m.household_id)
        .join(r, and_(r.id_number == m.id_number, r.county_code == s.county_code))
        .where(s.consent.is_(True), _subject_filter(county, households), r.source.in_(names))
    )
    session.execute(
        insert(fi).from_select(
            [
                "household_id",
                "extract_id",
                "line",
                "member_index",
                "source",
                "kind",
                "on_date",
                "amount",
            ],
            found,
        )  # fmt: skip
    )
    # counted, not read from rowcount: psycopg's COPY cursor of an import may leave it unset
    report.findings = int(
        session.scalar(
            select(func.count())
            .select_from(fi)
            .where(fi.source.in_(names), fi.household_id.in_(scope_ids))
        )
        or 0
    )
    rules = [rule for rule in check.rules if rule.source in names]
    for rule in rules:
        _upsert(session, _rule_select(rule, county, households, now), now)
    flag = RegistryFlag
    in_run: list[ColumnElement[bool]] = [
        flag.county_code == county,
        flag.rule.in_([rule.code for rule in rules]) if rules else false(),
    ]
    if households is not None:
        in_run.append(flag.household_id.in_(sorted(households)))
    session.execute(
        update(flag)
        .where(flag.active.is_(True), flag.seen_at < now, *in_run)
        .values(active=False, closed_at=now)
        .execution_options(synchronize_session=False)
    )
    moved = session.execute(
        select(
            flag.id,
            flag.active,
            flag.cadre_id,
            flag.county_code,
            flag.township_code,
            flag.village_code,
        ).where(  # fmt: skip
            *in_run, or_(and_(flag.active.is_(True), flag.opened_at == now), flag.closed_at == now)
        )  # fmt: skip
    ).all()
    for fid, active, cadre, cty, town, village in moved:
        if active:
            report.opened += 1
        else:
            report.closed += 1
        report.changes.append(recheck_change(fid, cadre, cty, town, village))
    return report


def recheck_change(
    flag_id: int, cadre: uuid.UUID | None, county: str, township: str, village: str
) -> NewChange:
    """The feed entry that carries a flag's re-check task to the cadre who holds the survey only
    (a change with a user is seen by that user alone, on each of their laptops)."""
    return NewChange("recheck", str(flag_id), county, township, village, user_id=cadre)
