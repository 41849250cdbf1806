"""What people see of the check, and what they may do: read, explain, list, purge.

Supervisors and county admins read a household's findings and flags (`household_findings`, in
their scope only; every look is an audit row with the user) and the county's discrepancy list
(`flag_rows`, `miss_rows`, `no_consent_rows`); they mark a flag explained with a reason. Cadres
never read findings: what reaches them is the re-check task (`task_json`), words made from the
rule and the flag's numbers, never an extract row. `purge` drops extracts older than the
county's retention.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from forms.registry import load_form
from forms.registry_check import CheckDefinition, fill, load_check

from ..audit import audit
from ..changes.numbering import emit
from ..errors import ApiError
from ..models import (
    Campaign,
    Household,
    RegistryExtract,
    RegistryFinding,
    RegistryFlag,
    RegistryMember,
    RegistryRow,
    RegistrySubject,
    Survey,
    Village,
    utcnow,
)
from ..scope import Caller, Scope
from .importing import drop_extracts
from .matching import match, recheck_change

LANGS = ("zh", "en")


def _require_reader(caller: Caller) -> None:
    if not caller.is_supervisor:
        raise ApiError(403, "forbidden", "Only supervisors and county admins read the check.")


def flag_text(check: CheckDefinition, flag: RegistryFlag, lang: str, what: str) -> str:
    rule = check.rule(flag.rule)
    if rule is None:
        return flag.rule
    src = check.sources.get(flag.source)
    template = (rule.task if what == "task" else rule.label).get(lang) or ""
    return fill(
        template,
        kind=src.kind_label(flag.kind, lang) if src else flag.kind,
        on_date=flag.first_date,
        amount=flag.amount,
        count=flag.hits,
        lang=lang,
    )


def task_json(session: Session, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The `recheck` changes a cadre's laptop receives: the task in words, open or not."""
    out: dict[str, dict[str, Any]] = {}
    flags = session.scalars(select(RegistryFlag).where(RegistryFlag.id.in_([int(i) for i in ids])))
    checks: dict[str, CheckDefinition] = {}
    for f in flags:
        check = checks.get(f.county_code) or checks.setdefault(
            f.county_code, load_check(f.county_code)
        )
        state = "explained" if f.explained_at else ("open" if f.active else "closed")
        out[str(f.id)] = {
            "id": str(f.id),
            "household_id": str(f.household_id),
            "rule": f.rule,
            "state": state,
            "text": {lang: flag_text(check, f, lang, "task") for lang in LANGS},
        }
    return out


# --- one household ----------------------------------------------------------------------------


def _survey_said(source: str, answers: dict[str, Any], member_index: int, lang: str) -> str:
    """What the survey recorded on the point a finding is about, in the form's words."""
    try:
        form = load_form("household-survey", 1)
    except Exception:  # noqa: BLE001 - a county's own form may lack the field: show the value
        form = None

    def labels(name: str, value: Any) -> str:
        values = value if isinstance(value, list) else str(value or "").split()
        if not values:
            return "（未填）" if lang == "zh" else "(not answered)"
        try:
            field = form.field(name) if form else None
        except KeyError:
            field = None
        shown = [field.choice_label(str(v), lang) if field else str(v) for v in values]
        return ("、" if lang == "zh" else ", ").join(shown)

    raw = answers.get("members")
    members: list[Any] = raw if isinstance(raw, list) else []
    member = members[member_index] if 0 <= member_index < len(members) else {}
    zh = lang == "zh"
    if source == "vehicles":
        return ("车辆：" if zh else "vehicles: ") + labels("vehicles", answers.get("vehicles"))
    if source == "real_estate":
        return ("住房：" if zh else "housing: ") + labels("housing", answers.get("housing"))
    if source == "business":
        said = answers.get("has_business")
        return ("经营：" if zh else "runs a business: ") + labels("has_business", said)
    if source == "social_insurance":
        amount = answers.get("income_transfers")
        return f"转移性收入每年 {amount} 元" if zh else f"transfers {amount} yuan a year"
    if source == "payroll":
        occ = member.get("occupation") if isinstance(member, dict) else ""
        return (f"第{member_index + 1}位成员职业：{occ or '未填'}" if zh
                else f"member {member_index + 1}'s occupation: {occ or 'not answered'}")  # fmt: skip
    if source == "civil_status":
        return (f"第{member_index + 1}位成员在册" if zh
                else f"member {member_index + 1} listed in the household")  # fmt: skip
    return ("已享受救助：" if zh else "benefits received: ") + labels(
        "benefits", answers.get("benefits")
    )


def _subject_in_scope(session: Session, caller: Caller, household_id: uuid.UUID) -> Any:
    h = session.get(Household, household_id)
    if h is None or not caller.scope.contains(h.village_code, h.township_code, h.county_code):
        raise ApiError(404, "not_found", "No such household in your scope.")
    return h


def household_findings(
    session: Session, caller: Caller, household_id: uuid.UUID, lang: str = "zh"
) -> dict[str, Any]:
    _require_reader(caller)
    h = _subject_in_scope(session, caller, household_id)
    check = load_check(h.county_code)
    subject = session.get(RegistrySubject, household_id)
    out: dict[str, Any] = {
        "household_id": str(household_id),
        "checked": subject is not None,
        "consent": bool(subject and subject.consent),
        "survey_id": str(subject.survey_id) if subject else None,
        "findings": [],
        "flags": [],
    }
    if subject is not None:
        survey = session.get(Survey, subject.survey_id)
        answers = survey.answers if survey else {}
        rows = session.scalars(
            select(RegistryFinding)
            .where(RegistryFinding.household_id == household_id)
            .order_by(RegistryFinding.source, RegistryFinding.on_date, RegistryFinding.line)
        )
        for f in rows:
            src = check.sources.get(f.source)
            out["findings"].append(
                {
                    "source": f.source,
                    "department": src.department.get(lang, f.source) if src else f.source,
                    "member_index": f.member_index,
                    "says": src.describe(f.kind, f.on_date, f.amount, lang) if src else f.kind,
                    "survey_said": _survey_said(f.source, answers, f.member_index, lang),
                }
            )
        flags = session.scalars(
            select(RegistryFlag)
            .where(RegistryFlag.household_id == household_id, RegistryFlag.active.is_(True))
            .order_by(RegistryFlag.rule)
        )
        out["flags"] = [_flag_json(check, f, lang) for f in flags]
    audit(
        session,
        "registry.view",
        entity_kind="household",
        entity_id=household_id,
        user_id=caller.user_id,
        device_id=caller.device_id,
        request_id=caller.request_id,
        detail={"findings": len(out["findings"]), "flags": len(out["flags"])},
    )
    return out


def _flag_json(check: CheckDefinition, f: RegistryFlag, lang: str) -> dict[str, Any]:
    return {
        "id": f.id,
        "household_id": str(f.household_id),
        "rule": f.rule,
        "source": f.source,
        "label": flag_text(check, f, lang, "label"),
        "task": flag_text(check, f, lang, "task"),
        "explained": f.explained_at is not None,
        "explained_reason": f.explained_reason,
        "explained_at": f.explained_at.isoformat() if f.explained_at else None,
        "village_code": f.village_code,
    }


def explain_flag(session: Session, caller: Caller, flag_id: int, reason: str) -> dict[str, Any]:
    _require_reader(caller)
    reason = reason.strip()
    if not reason:
        raise ApiError(422, "reason_required", "Say why the flag is explained.")
    f = session.get(RegistryFlag, flag_id, with_for_update=True)
    if f is None or not caller.scope.contains(f.village_code, f.township_code, f.county_code):
        raise ApiError(404, "not_found", "No such flag in your scope.")
    if not f.active:
        raise ApiError(409, "flag_closed", "This flag no longer holds.")
    f.explained_reason = reason
    f.explained_by = caller.user_id
    f.explained_at = utcnow()
    session.flush()
    audit(
        session,
        "registry.explain",
        entity_kind="registry_flag",
        entity_id=str(f.id),
        user_id=caller.user_id,
        device_id=caller.device_id,
        request_id=caller.request_id,
        detail={"rule": f.rule, "household_id": str(f.household_id)},
    )
    emit(session, [recheck_change(f.id, f.cadre_id, f.county_code, f.township_code,
                                  f.village_code)])  # fmt: skip
    return _flag_json(load_check(f.county_code), f, "zh")


# --- the county lists -------------------------------------------------------------------------


def _scoped(scope: Scope, model: Any) -> Any:
    return scope.clause(model.village_code, model.township_code, model.county_code)


def flag_rows(session: Session, scope: Scope, lang: str = "zh") -> list[dict[str, Any]]:
    names = dict(session.execute(select(Village.code, Village.name)).all())
    checks: dict[str, CheckDefinition] = {}
    out = []
    for f in session.scalars(
        select(RegistryFlag)
        .where(RegistryFlag.active.is_(True), _scoped(scope, RegistryFlag))
        .order_by(RegistryFlag.village_code, RegistryFlag.household_id, RegistryFlag.rule)
    ):
        check = checks.get(f.county_code) or checks.setdefault(
            f.county_code, load_check(f.county_code)
        )
        out.append({**_flag_json(check, f, lang), "village": names.get(f.village_code, "")})
    return out


def no_consent_rows(session: Session, scope: Scope) -> list[dict[str, Any]]:
    s = RegistrySubject
    rows = session.execute(
        select(s.household_id, s.village_code, Village.name, Survey.short_key)
        .join(Village, Village.code == s.village_code)
        .join(Survey, Survey.id == s.survey_id)
        .where(s.consent.is_(False), _scoped(scope, s))
        .order_by(s.village_code, Survey.short_key)
    )
    return [
        {"household_id": str(h), "village_code": v, "village": n, "survey_key": k}
        for h, v, n, k in rows
    ]


def current_campaign(session: Session, county: str) -> uuid.UUID | None:
    return session.scalar(
        select(Campaign.id)
        .where(Campaign.county_code == county)
        .order_by(Campaign.starts_on.desc())
        .limit(1)
    )


def miss_rows(session: Session, scope: Scope, county: str) -> list[dict[str, Any]]:
    """People on another department's assistance list whom this round's surveys do not hold,
    per village (the row's own village, else the village of the household they head)."""
    r, m, s = RegistryRow, RegistryMember, RegistrySubject
    campaign = current_campaign(session, county)
    surveyed = (
        exists()
        .where(m.id_number == r.id_number)
        .where(s.household_id == m.household_id)
        .where(s.campaign_id == campaign if campaign else s.campaign_id.is_(None))
    )
    head_village = (
        select(Household.village_code)
        .where(Household.head_id_number == r.id_number, Household.county_code == county)
        .limit(1)
        .scalar_subquery()
    )
    village = func.coalesce(r.village_code, head_village)
    inner = (
        select(r.id_number, r.kind, village.label("village_code"))
        .where(r.county_code == county, r.source == "assistance", ~surveyed)
        .subquery()
    )
    stmt = (
        select(
            inner.c.id_number,
            inner.c.kind,
            inner.c.village_code,
            Village.name,
            Village.township_code,
        )  # fmt: skip
        .outerjoin(Village, Village.code == inner.c.village_code)
        .order_by(inner.c.village_code, inner.c.id_number)
    )
    check = load_check(county)
    src = check.sources.get("assistance")
    out = []
    seen: set[tuple[str, str]] = set()
    for idn, kind, vcode, vname, tcode in session.execute(stmt):
        if not scope.contains(vcode, tcode, county if vcode or scope.counties else None):
            continue
        if (idn, kind) in seen:
            continue
        seen.add((idn, kind))
        out.append(
            {
                "id_number": idn,
                "kind": src.kind_label(kind, "zh") if src else kind,
                "village_code": vcode or "",
                "village": vname or "",
            }
        )
    return out


def discrepancy_extra(session: Session, caller: Caller, only: Scope | None) -> list[list[Any]]:
    """The check's rows for the county discrepancy report (kind, masked ID, village, key,
    detail), beside the duplicates and the screening's possible misses."""
    from ..reports.service import mask_id

    scope = only or caller.scope
    out: list[list[Any]] = []
    keys = dict(
        session.execute(
            select(RegistrySubject.household_id, Survey.short_key)
            .join(Survey, Survey.id == RegistrySubject.survey_id)
            .where(_scoped(scope, RegistrySubject))
        ).all()
    )
    for f in flag_rows(session, scope, "en"):
        state = f"explained: {f['explained_reason']}" if f["explained"] else "open"
        out.append([f"registry check: {f['label']}", "", f["village"],
                    keys.get(uuid.UUID(f["household_id"]), ""), state])  # fmt: skip
    for row in no_consent_rows(session, scope):
        out.append(["no consent to the registry check", "", row["village"], row["survey_key"], ""])
    for row in miss_rows(session, scope, caller.county_code):
        out.append(["on another department's assistance list, not surveyed this round",
                    mask_id(row["id_number"]), row["village"], "", row["kind"]])  # fmt: skip
    return out


def list_imports(session: Session, caller: Caller) -> list[dict[str, Any]]:
    if caller.role != "county_admin" and not (caller.is_supervisor and caller.scope.counties):
        raise ApiError(403, "forbidden", "Only county staff see the registry imports.")
    rows = session.scalars(
        select(RegistryExtract)
        .where(RegistryExtract.county_code == caller.county_code)
        .order_by(RegistryExtract.imported_at.desc())
    )
    return [
        {
            "id": str(e.id),
            "source": e.source,
            "extracted_on": e.extracted_on.isoformat(),
            "imported_at": e.imported_at.isoformat(),
            "imported_by": e.imported_by,
            "rows_read": e.rows_read,
            "rows_kept": e.rows_kept,
            "state": e.state,
        }
        for e in rows
    ]


# --- retention --------------------------------------------------------------------------------


def purge(
    session: Session, county: str, today: date | None = None, actor: str = ""
) -> dict[str, Any]:
    """Drop the county's extracts older than its retention; re-match what they fed."""
    check = load_check(county)
    limit = (today or date.today()) - timedelta(days=check.retention_days)
    old = session.execute(
        select(RegistryExtract.id, RegistryExtract.source).where(
            and_(
                RegistryExtract.county_code == county,
                RegistryExtract.state == "current",
                RegistryExtract.extracted_on < limit,
            )
        )
    ).all()
    report: dict[str, Any] = {"county": county, "before": limit.isoformat(), "purged": 0}
    if not old:
        return report
    drop_extracts(session, [i for i, _s in old], "purged")
    result = match(session, check, county, sources=sorted({s for _i, s in old}))
    emit(session, result.changes)
    report.update(purged=len(old), sources=sorted({s for _i, s in old}),
                  flags_closed=result.closed)  # fmt: skip
    audit(session, "registry.purge", entity_kind="county", entity_id=county,
          detail={**report, "actor": actor[:100]})  # fmt: skip
    return report
