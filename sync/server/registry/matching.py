"""Matching in the database: members' ID numbers joined with extract rows, then rules as SQL.

`match(session, county, ...)` works on the whole county (after an import or a purge) or on a few
households (a survey arriving), for some or all sources:

1. the findings of those households and sources are brought to what one join of
   `registry_member` to `registry_row` on the ID number yields (households whose subject row
   carries the consent only), writing only the difference: a DELETE of the findings the join
   no longer yields, then an INSERT … SELECT … EXCEPT of its rows not there yet. An unchanged
   finding is never rewritten, so a county's full match that changes nothing writes nothing.
   A county's match on PostgreSQL finds both sides in one pass, a FULL JOIN on the key into a
   temporary table of the rows that differ. After an import, whose replaced extract took the
   source's findings with it, the join's rows simply go in;
2. each rule of those sources is one INSERT … SELECT … GROUP BY over the findings (with NOT
   EXISTS / LEFT JOIN against the declared answers) into a temporary table of the flags that
   hold, which then upserts `registry_flag` on (household, rule): a new flag opens, a closed
   one opens again as new, an open one whose numbers changed is updated and keeps its id,
   opening time and explanation, and one that holds as it did is left alone;
3. open flags of those rules and households missing from the temporary table are closed.

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
    Column,
    ColumnElement,
    MetaData,
    Select,
    Table,
    and_,
    case,
    delete,
    except_,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

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


_FLAG_COLUMNS = ("household_id", "rule", "source", "hits", "first_date", "kind", "amount",
                 "declared_amount", "cadre_id", "village_code", "township_code", "county_code",
                 "active", "opened_at", "seen_at")  # fmt: skip
# what the rules' selects found in this match, before it is compared with registry_flag; a
# temporary table (the connection's own) so each rule's aggregate is computed once and both
# the upsert and the closing of vanished flags read the result
_HOLDING = Table(
    "registry_match_holding",
    MetaData(),
    *(
        Column(c.name, c.type, primary_key=c.name in ("household_id", "rule"))
        for c in RegistryFlag.__table__.c
        if c.name in _FLAG_COLUMNS
    ),  # fmt: skip
    prefixes=["TEMPORARY"],
)


_FINDING_COLUMNS = ("household_id", "extract_id", "line", "member_index", "source", "kind",
                    "on_date", "amount")  # fmt: skip
_FINDING_KEY = _FINDING_COLUMNS[:4]
# PostgreSQL: the findings to add (new_*) and to remove (old_*), from one pass over both sides
_DIFF = Table(
    "registry_match_diff",
    MetaData(),
    *(
        Column(f"new_{c.name}", c.type)
        for c in RegistryFinding.__table__.c
        if c.name in _FINDING_COLUMNS
    ),
    *(
        Column(f"old_{c.name}", c.type)
        for c in RegistryFinding.__table__.c
        if c.name in _FINDING_KEY
    ),  # fmt: skip
    prefixes=["TEMPORARY"],
)


def _upsert(session: Session) -> None:
    """Open or update the flags found holding; a flag that holds as it did is left alone."""
    f = RegistryFlag
    dialect = session.get_bind().dialect.name
    ins = (postgresql if dialect == "postgresql" else sqlite).insert(f)
    # the WHERE is SQLite's: without one, it reads ON CONFLICT as part of the FROM's join
    found = select(*(_HOLDING.c[n] for n in _FLAG_COLUMNS)).where(true())
    stmt = ins.from_select(list(_FLAG_COLUMNS), found)
    t = f.__table__.c
    was_open = t.active
    kept = ["hits", "first_date", "kind", "amount", "declared_amount", "cadre_id", "village_code",
            "township_code"]  # fmt: skip
    stmt = stmt.on_conflict_do_update(
        index_elements=["household_id", "rule"],
        set_={
            **{name: stmt.excluded[name] for name in kept},
            "active": true(),
            "seen_at": stmt.excluded.seen_at,
            "closed_at": None,
            "opened_at": case((was_open, t.opened_at), else_=stmt.excluded.opened_at),
            # an explanation holds while the flag stays open; a flag that comes back is new
            "explained_reason": case((was_open, t.explained_reason), else_=""),
            "explained_by": case((was_open, t.explained_by), else_=None),
            "explained_at": case((was_open, t.explained_at), else_=None),
        },
        # no new row version for the county's hundreds of thousands of flags that hold as they
        # did (seen_at is when a flag last opened or changed)
        where=or_(~was_open, *(t[name].is_distinct_from(stmt.excluded[name]) for name in kept)),
    )
    session.execute(stmt)


def _close_vanished(session: Session, in_run: list[ColumnElement[bool]], now: datetime) -> None:
    """Close the open flags of the match's rules and households that no rule found holding."""
    flag, h = RegistryFlag, _HOLDING
    session.execute(
        update(flag)
        .where(
            flag.active.is_(True),
            *in_run,
            ~exists().where(h.c.household_id == flag.household_id, h.c.rule == flag.rule),
        )
        .values(active=False, closed_at=now)
        .execution_options(synchronize_session=False)
    )


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


def _write_difference(
    session: Session,
    found: Select[*tuple[Any, ...]],
    columns: list[str],
    names: list[str],
    scope_ids: Select[Any],
) -> None:
    """Bring the findings in scope to what `found` yields, writing only the difference."""
    fi, s, m, r = RegistryFinding, RegistrySubject, RegistryMember, RegistryRow
    # First the findings the join no longer yields (a row went, a member's number or the
    # consent changed): each is looked for by the keys of its row, member and subject, and
    # compared in every column, so what is left is exactly what the join gives for it ...
    r2, m2, s2 = aliased(r), aliased(m), aliased(s)
    holds = (
        select(literal(1))
        .select_from(r2)
        .join(m2, m2.id_number == r2.id_number)
        .join(s2, and_(s2.household_id == m2.household_id, s2.county_code == r2.county_code))
        .where(
            r2.extract_id == fi.extract_id,
            r2.line == fi.line,
            m2.household_id == fi.household_id,
            m2.member_index == fi.member_index,
            s2.consent.is_(True),
            r2.source == fi.source,
            r2.kind == fi.kind,
            r2.on_date.is_not_distinct_from(fi.on_date),
            r2.amount.is_not_distinct_from(fi.amount),
        )
    )
    session.execute(
        delete(fi).where(fi.source.in_(names), fi.household_id.in_(scope_ids), ~exists(holds))
    )
    # ... then the join's rows not there yet, by EXCEPT: a set operation that reads each side
    # once (a NOT EXISTS here may be planned as a nested loop that scans the very table being
    # written, quadratic on a first import). An unchanged finding is never rewritten.
    there = select(*(fi.__table__.c[c] for c in columns)).where(
        fi.source.in_(names), fi.household_id.in_(scope_ids)
    )
    session.execute(insert(fi).from_select(columns, except_(found, there)))


def _write_difference_pg(
    session: Session, found: Select[*tuple[Any, ...]], there: Select[*tuple[Any, ...]]
) -> None:
    """PostgreSQL: both sides hashed once by a FULL JOIN on the key; the few rows that differ
    go to a temporary table, then out of and into the findings."""
    fi = RegistryFinding
    new, old = found.subquery("new"), there.subquery("old")
    differs = or_(
        old.c.household_id.is_(None),
        new.c.household_id.is_(None),
        *(new.c[c].is_distinct_from(old.c[c]) for c in _FINDING_COLUMNS[4:]),
    )
    pairs = (
        select(*(new.c[c] for c in _FINDING_COLUMNS), *(old.c[c] for c in _FINDING_KEY))
        .select_from(new.join(old, and_(*(new.c[c] == old.c[c] for c in _FINDING_KEY)), full=True))
        .where(differs)
    )
    conn = session.connection()
    _DIFF.drop(conn, checkfirst=True)
    _DIFF.create(conn)
    session.execute(insert(_DIFF).from_select([c.name for c in _DIFF.c], pairs))
    d = _DIFF.c
    session.execute(
        delete(fi).where(
            tuple_(*(fi.__table__.c[c] for c in _FINDING_KEY)).in_(
                select(*(d[f"old_{c}"] for c in _FINDING_KEY)).where(d.old_household_id.isnot(None))
            )
        )
    )
    session.execute(
        insert(fi).from_select(
            list(_FINDING_COLUMNS),
            select(*(d[f"new_{c}"] for c in _FINDING_COLUMNS)).where(
                d.new_household_id.isnot(None)
            ),
        )
    )
    _DIFF.drop(conn)


def match(
    session: Session,
    check: CheckDefinition,
    county: str,
    *,
    sources: Sequence[str] | None = None,
    households: Sequence[uuid.UUID] | None = None,
    cleared: bool = False,
) -> MatchReport:
    """Re-make the findings and flags of `households` (None: the county) for `sources`.

    `cleared`: the caller has just deleted every finding of `sources` (an import replacing the
    source's extract), so the join's rows go in without being compared with what is there."""
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
    # the rows a from-scratch match would write: members of consenting households joined with
    # the extract rows of their county on the ID number
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
    columns = ["household_id", "extract_id", "line", "member_index", "source", "kind",
               "on_date", "amount"]  # fmt: skip
    if cleared:
        # in the key's order: each page of the findings' key index is then filled in turn rather
        # than a random one per row (the index outgrows shared memory as the county's sources
        # come in, and random page reads made each import's INSERT slower than the last)
        session.execute(
            insert(fi).from_select(
                columns, found.order_by(m.household_id, r.extract_id, r.line, m.member_index)
            )
        )
        if session.get_bind().dialect.name == "postgresql":
            # the rules below group this source's findings: without fresh statistics (the rows
            # are this transaction's own, so no autovacuum has seen them) the planner takes
            # a source's million findings for a few thousand and plans their aggregate badly
            session.execute(text("ANALYZE registry_finding"))
    else:
        if session.get_bind().dialect.name == "postgresql" and households is None:
            there = select(*(fi.__table__.c[c] for c in columns)).where(
                fi.source.in_(names), fi.household_id.in_(scope_ids)
            )
            _write_difference_pg(session, found, there)
        else:
            _write_difference(session, found, columns, names, scope_ids)
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
    flag = RegistryFlag
    in_run: list[ColumnElement[bool]] = [
        flag.county_code == county,
        flag.rule.in_([rule.code for rule in rules]) if rules else false(),
    ]
    if households is not None:
        in_run.append(flag.household_id.in_(sorted(households)))
    conn = session.connection()
    _HOLDING.drop(conn, checkfirst=True)
    _HOLDING.create(conn)
    for rule in rules:
        session.execute(
            insert(_HOLDING).from_select(list(_FLAG_COLUMNS),
                                         _rule_select(rule, county, households, now))
        )  # fmt: skip
    _upsert(session)
    _close_vanished(session, in_run, now)
    _HOLDING.drop(conn)
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
