"""Report queries, every one filtered to the caller's scope in SQL, every export audited."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import JSON, String, case, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB, JSONPATH
from sqlalchemy.orm import Session

from ..audit import audit
from ..cases.ledger import CASE_COLUMNS, case_columns_by_household
from ..errors import ApiError
from ..models import Assignment, Household, Survey, Township, User, Village, Visit
from ..scope import Caller, Scope

PENDING_OUTCOMES = ("nobody_home",)


def _audit_export(
    session: Session,
    caller: Caller,
    action: str,
    campaign_id: uuid.UUID | None,
    rows: int,
    only: Scope | None = None,
) -> None:
    """Every export is recorded with who, which device, which request, how many rows and
    which divisions it covered."""
    audit(
        session,
        action,
        entity_kind="campaign",
        entity_id=str(campaign_id or ""),
        user_id=caller.user_id,
        device_id=caller.device_id,
        request_id=caller.request_id,
        detail={"rows": rows, "within": _within(only or caller.scope)},
    )


def _within(scope: Scope) -> list[str]:
    return sorted(scope.villages | scope.townships | scope.counties)


def narrow(session: Session, caller: Caller, township: str | None, village: str | None) -> Caller:
    """The caller with its scope cut down to one township or village of it, for an export.

    Refused before anything is read or audited: an unknown code (404), a village outside the
    township named with it (422), or a division outside the caller's own scope (403).
    """
    if village:
        geo = session.execute(
            select(Village.township_code, Village.county_code).where(Village.code == village)
        ).first()
        if geo is None:
            raise ApiError(404, "unknown_division", "No such village.")
        if township and geo[0] != township:
            raise ApiError(422, "invalid_request", "The village is not in that township.")
        if not caller.scope.contains(village, geo[0], geo[1]):
            raise ApiError(403, "out_of_scope", "This village is outside your scope.")
        return replace(
            caller,
            scope=Scope(caller.scope.county_code, frozenset({village}), frozenset(), frozenset()),
        )
    if township:
        county = session.scalar(select(Township.county_code).where(Township.code == township))
        if county is None:
            raise ApiError(404, "unknown_division", "No such township.")
        if not caller.scope.contains(None, township, county):
            raise ApiError(403, "out_of_scope", "This township is outside your scope.")
        return replace(
            caller,
            scope=Scope(caller.scope.county_code, frozenset(), frozenset({township}), frozenset()),
        )
    return caller


def _in_scope(caller: Caller, model: Any) -> Any:
    return caller.scope.clause(model.village_code, model.township_code, model.county_code)


PROGRESS_COLUMNS = [
    "assigned",
    "visited",
    "revisits_pending",
    "completed",
    "submitted",
    "returned",
    "township_approved",
    "county_approved",
]


def progress(
    session: Session, caller: Caller, campaign_id: uuid.UUID, by: str
) -> list[dict[str, Any]]:
    """Counts per village, township or cadre, aggregated in the database.

    A county campaign has tens of thousands of households: the database counts per (village,
    cadre) group and only those groups (and the few households assigned one by one, and those
    visited but not yet surveyed) come back to Python to be keyed. A household counts as visited
    once, under its survey's village and cadre if it has one, else under a visit's.
    """
    villages = dict(
        session.execute(
            select(Village.code, Village.township_code).where(
                caller.scope.clause(Village.code, Village.township_code, Village.county_code)
            )
        ).all()
    )
    rows: dict[str, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(PROGRESS_COLUMNS, 0))

    village_cadre: dict[str, str] = {}
    for a_user, a_village in session.execute(
        select(Assignment.user_id, Assignment.village_code).where(
            Assignment.campaign_id == campaign_id, Assignment.household_id.is_(None)
        )
    ):
        village_cadre[a_village] = str(a_user)
    # Households assigned one by one (few): their own cadre, wherever their village stands.
    hh_cadre: dict[uuid.UUID, tuple[str, str]] = {}
    for a_user, a_hh, h_village in session.execute(
        select(Assignment.user_id, Assignment.household_id, Household.village_code)
        .join(Household, Household.id == Assignment.household_id)
        .where(Assignment.campaign_id == campaign_id, _in_scope(caller, Household))
    ):
        if a_hh is not None:
            hh_cadre[a_hh] = (h_village, str(a_user))

    def key(village: str, cadre: str | None) -> str:
        if by == "township":
            return villages.get(village, "?")
        if by == "cadre":
            return cadre or village_cadre.get(village, "unassigned")
        return village

    singles_in_village: dict[str, int] = defaultdict(int)
    for h_village, who in hh_cadre.values():
        singles_in_village[h_village] += 1
        rows[key(h_village, who)]["assigned"] += 1
    for vcode, n in session.execute(
        select(Household.village_code, func.count())
        .where(_in_scope(caller, Household), Household.village_code.in_(list(village_cadre)))
        .group_by(Household.village_code)
    ):
        rest = n - singles_in_village.get(vcode, 0)
        if rest:
            rows[key(vcode, None)]["assigned"] += rest

    in_campaign = (
        Survey.campaign_id == campaign_id,
        _in_scope(caller, Survey),
        Survey.withdrawn_at.is_(None),  # withdrawn as recorded in error: not done work
    )
    for vcode, cadre_id, status, state, n in session.execute(
        select(Survey.village_code, Survey.cadre_id, Survey.status, Survey.state, func.count())
        .where(*in_campaign)
        .group_by(Survey.village_code, Survey.cadre_id, Survey.status, Survey.state)
    ):
        r = rows[key(vcode, str(cadre_id) if by == "cadre" else None)]
        if status in ("completed", "submitted"):
            r["completed"] += n
        if state == "submitted":
            r["submitted"] += n
        elif state in ("returned_by_township", "returned_by_county"):
            r["returned"] += n
        elif state in ("township_approved", "county_approved"):
            r[state] += n
    # Surveyed households, once each (a household surveyed twice counts once).
    surveyed = (
        select(
            Survey.household_id,
            func.min(Survey.village_code).label("village"),
            func.min(cast(Survey.cadre_id, String)).label("cadre"),
        )
        .where(*in_campaign)
        .group_by(Survey.household_id)
        .subquery()
    )
    for vcode, cadre, n in session.execute(
        select(surveyed.c.village, surveyed.c.cadre, func.count()).group_by(
            surveyed.c.village, surveyed.c.cadre
        )
    ):
        rows[key(vcode, _uuid_text(cadre) if by == "cadre" else None)]["visited"] += n
    # Households visited but not surveyed in this campaign: visited, and pending a revisit if a
    # visit found nobody home.
    has_survey = (
        select(Survey.id)
        .where(
            Survey.household_id == Visit.household_id,
            Survey.campaign_id == campaign_id,
            Survey.withdrawn_at.is_(None),
        )
        .exists()
    )
    pending_visit = func.max(case((Visit.outcome.in_(PENDING_OUTCOMES), 1), else_=0))
    visited_only = (
        select(
            Visit.household_id,
            func.min(Visit.village_code).label("village"),
            func.min(cast(Visit.cadre_id, String)).label("cadre"),
            pending_visit.label("pending"),
        )
        .where(Visit.campaign_id == campaign_id, _in_scope(caller, Visit), ~has_survey)
        .group_by(Visit.household_id)
        .subquery()
    )
    for vcode, cadre, n, pending in session.execute(
        select(
            visited_only.c.village,
            visited_only.c.cadre,
            func.count(),
            func.sum(visited_only.c.pending),
        ).group_by(visited_only.c.village, visited_only.c.cadre)
    ):
        r = rows[key(vcode, _uuid_text(cadre) if by == "cadre" else None)]
        r["visited"] += n
        r["revisits_pending"] += int(pending or 0)
    names: dict[str, str] = {}
    if by == "cadre":
        ids = [uuid.UUID(k) for k in rows if k not in ("unassigned", "?")]
        names = (
            {
                str(u): n
                for u, n in session.execute(select(User.id, User.username).where(User.id.in_(ids)))
            }
            if ids
            else {}
        )
    return [
        {by: k, **({"name": names.get(k, k)} if by == "cadre" else {}), **v}
        for k, v in sorted(rows.items())
    ]


def _uuid_text(value: str) -> str:
    """A UUID read back as text (dashed on PostgreSQL, bare hex on SQLite), in one spelling."""
    return str(uuid.UUID(value))


def _latest_surveys(
    session: Session,
    caller: Caller,
    campaign_id: uuid.UUID | None,
    states: tuple[str, ...] | None = None,
) -> list[tuple[Survey, Household, Village]]:
    stmt = (
        select(Survey, Household, Village)
        .join(Household, Household.id == Survey.household_id)
        .join(Village, Village.code == Survey.village_code)
        # a withdrawn survey is on no ledger, public list or referral list
        .where(_in_scope(caller, Survey), Survey.withdrawn_at.is_(None))
        .order_by(Survey.township_code, Survey.village_code, Survey.short_key)
    )
    if campaign_id is not None:
        stmt = stmt.where(Survey.campaign_id == campaign_id)
    if states is not None:
        stmt = stmt.where(Survey.state.in_(states))
    return [(row[0], row[1], row[2]) for row in session.execute(stmt)]


LEDGER_HEADER = [
    "township",
    "village",
    "survey key",
    "head name",
    "head ID number",
    "hukou",
    "members",
    "income per capita / month",
    "adjusted per capita / month",
    "benefits",
    "needs",
    "flags",
    "recommendation",
    "review state",
    "form",
    "answers",
    # the household's cases (issue 14), several joined with "; "
    *CASE_COLUMNS,
]
HOUSEHOLD_FORM = "household-survey"


def _form_answers(session: Session, survey: Survey, lang: str) -> tuple[str, str]:
    """(the form's title and version, and for a county's own form its answers as
    `label: value` in `lang`): the household survey's answers have their own columns."""
    from ..ingest.formcheck import UnknownForm, get_form

    try:
        form = get_form(session, survey.form_id, survey.form_version)
    except UnknownForm:
        return f"{survey.form_id} v{survey.form_version}", ""
    title = f"{form.title(lang)} v{form.version}"
    if survey.form_id == HOUSEHOLD_FORM:
        return title, ""
    parts: list[str] = []

    def shown(name: str, value: Any) -> str:
        try:
            field = form.field(name)
        except KeyError:
            return str(value)
        if field.choices:
            values = value if isinstance(value, list) else str(value).split()
            return ", ".join(field.choice_label(str(v), lang) for v in values)
        return str(value)

    def label(name: str) -> str:
        try:
            return str(form.field(name).label(lang))
        except KeyError:
            return name

    for name, value in (survey.answers or {}).items():
        if isinstance(value, list) and value and all(isinstance(r, dict) for r in value):
            parts.append(f"{label(name)}: {len(value)}")
        elif isinstance(value, dict):
            continue  # a photo or signature reference
        else:
            parts.append(f"{label(name)}: {shown(name, value)}")
    return title, "; ".join(parts)


class _Labels:
    """A county's own form's choice labels in `lang`, for the columns every export shares
    (benefits, needs, recommendation): raw choice values mean nothing to a reader. The bundled
    household survey keeps its values, which the county's other tools read; a form or a
    question the server does not know keeps the value too. Forms are looked up once an export."""

    def __init__(self, session: Session, lang: str) -> None:
        self._session, self._lang = session, lang
        self._forms: dict[tuple[str, int], Any] = {}

    def _form(self, survey: Survey) -> Any:
        from ..ingest.formcheck import UnknownForm, get_form

        if survey.form_id == HOUSEHOLD_FORM:
            return None
        key = (survey.form_id, survey.form_version)
        if key not in self._forms:
            try:
                self._forms[key] = get_form(self._session, *key)
            except UnknownForm:
                self._forms[key] = None
        return self._forms[key]

    def choice(self, survey: Survey, name: str, value: str) -> str:
        form = self._form(survey)
        if form is None:
            return value
        try:
            field = form.field(name)
        except KeyError:
            return value
        return str(field.choice_label(value, self._lang)) if field.choices else value

    def choices(self, survey: Survey, name: str, values: list[str]) -> str:
        return ",".join(self.choice(survey, name, v) for v in values)


def ledger_rows(
    session: Session, caller: Caller, campaign_id: uuid.UUID | None, lang: str = "zh"
) -> list[list[Any]]:
    out = []
    surveys = _latest_surveys(session, caller, campaign_id)
    cases = case_columns_by_household(session, sorted({h.id for _s, h, _v in surveys}))
    no_case = [""] * len(CASE_COLUMNS)
    labels = _Labels(session, lang)
    for s, h, v in surveys:
        a = s.answers or {}
        c = s.computed or {}
        form_title, form_answers = _form_answers(session, s, lang)
        out.append(
            [
                v.township_code,
                v.name,
                s.short_key,
                a.get("head_name", h.head_name),
                a.get("head_id_number", h.head_id_number),
                a.get("hukou_type", h.hukou_type),
                len(a.get("members") or []),
                c.get("income_per_capita_month", ""),
                c.get("adjusted_per_capita_month", ""),
                labels.choices(s, "benefits", _as_list(a.get("benefits"))),
                labels.choices(s, "needs", _as_list(a.get("needs"))),
                ",".join(s.flags or []),
                labels.choice(s, "recommendation", str(a.get("recommendation", ""))),
                s.state or s.status,
                form_title,
                form_answers,
                *cases.get(h.id, no_case),
            ]
        )
    _audit_export(session, caller, "export.ledger", campaign_id, len(out))
    return out


PUBLIC_HEADER = ["village", "name", "category", "proposed benefit"]


def public_rows(
    session: Session, caller: Caller, campaign_id: uuid.UUID | None, lang: str = "zh"
) -> list[list[Any]]:
    """Only what may be posted: no ID numbers, health or income details."""
    out = []
    labels = _Labels(session, lang)
    for s, h, v in _latest_surveys(
        session, caller, campaign_id, ("township_approved", "county_approved")
    ):
        a = s.answers or {}
        out.append(
            [
                v.name,
                a.get("head_name", h.head_name),
                ",".join(h.categories or []),
                labels.choice(s, "recommendation", str(a.get("recommendation", ""))),
            ]
        )
    _audit_export(session, caller, "export.public_list", campaign_id, len(out))
    return out


REFERRAL_HEADER = ["department", "need", "village", "name", "phone", "survey key"]


def referral_rows(
    session: Session, caller: Caller, campaign_id: uuid.UUID | None, lang: str = "zh"
) -> list[list[Any]]:
    from forms.referrals import DEPARTMENT_OF_NEED

    out = []
    labels = _Labels(session, lang)
    for s, h, v in _latest_surveys(session, caller, campaign_id):
        a = s.answers or {}
        for need in _as_list(a.get("needs")):
            dept = DEPARTMENT_OF_NEED.get(need, "民政")
            out.append(
                [
                    str(dept),
                    labels.choice(s, "needs", need),
                    v.name,
                    a.get("head_name", h.head_name),
                    a.get("phone", h.phone),
                    s.short_key,
                ]
            )
    out.sort(key=lambda r: (r[0], r[2], r[5]))
    _audit_export(session, caller, "export.referrals", campaign_id, len(out))
    return out


DISCREPANCY_HEADER = ["kind", "ID number (masked)", "villages", "survey keys", "detail"]


def mask_id(idn: str) -> str:
    return idn[:4] + "*" * max(0, len(idn) - 8) + idn[-4:] if len(idn) >= 8 else "****"


def _member_id_numbers(session: Session) -> Any:
    """The members' ID numbers of a survey as a JSON array, extracted by the database."""
    if session.get_bind().dialect.name == "postgresql":
        return func.jsonb_path_query_array(
            Survey.answers, cast("$.members[*].id_number", JSONPATH), type_=JSONB
        )
    # SQLite: the members array itself (json_extract of an array answers its JSON text)
    return func.json_extract(Survey.answers, "$.members", type_=JSON)


def discrepancy_rows(
    session: Session, caller: Caller, campaign_id: uuid.UUID | None, only: Scope | None = None
) -> list[list[Any]]:
    """`only`: a township or village of the caller's scope. Duplicates are still looked for
    across the whole scope (the same person is often in two villages) and kept when one of the
    households is in `only`; the per-survey checks keep `only`'s surveys."""
    # Only the ID numbers and flags are read, not whole surveys: a county holds tens of
    # thousands, and building their answers into objects was most of this report's time.
    stmt = (
        select(
            Survey.short_key.label("key"),
            Survey.flags.label("flags"),
            Survey.answers["head_id_number"].as_string().label("head"),
            _member_id_numbers(session).label("members"),
            Household.id.label("household"),
            Household.head_id_number.label("registered_head"),
            Village.code,
            Village.township_code,
            Village.county_code,
            Village.name,
        )
        .join(Household, Household.id == Survey.household_id)
        .join(Village, Village.code == Survey.village_code)
        .where(_in_scope(caller, Survey), Survey.withdrawn_at.is_(None))
    )
    if campaign_id is not None:
        stmt = stmt.where(Survey.campaign_id == campaign_id)
    # (household, village name, survey key, in `only`)
    by_id: dict[str, set[tuple[str, str, str, bool]]] = defaultdict(set)
    out: list[list[Any]] = []
    for row in session.execute(stmt):
        inside = only is None or only.contains(row.code, row.township_code, row.county_code)
        ids = {str(row.head or row.registered_head).upper()}
        for m in row.members or []:
            idn = m.get("id_number") if isinstance(m, dict) else m  # SQLite: whole members
            if isinstance(idn, str) and idn:
                ids.add(idn.upper())
        for idn in ids - {""}:
            by_id[idn].add((str(row.household), row.name, row.key, inside))
        if not inside:
            continue
        flags = set(row.flags or [])
        if "recheck_dibao_above" in flags:
            out.append(["receives dibao, screened above 1.5x standard", "", row.name, row.key, ""])
        if "possibly_missed" in flags:
            out.append(["screened eligible, receives nothing", "", row.name, row.key, ""])
    # Households on the registry (or recorded) without a survey in this list count too: a
    # member surveyed in one village may head a registered household in another.
    village_names = {row[0]: row[1] for row in session.execute(select(Village.code, Village.name))}
    for hid, head_idn, vcode, tcode, ccode in session.execute(
        select(
            Household.id,
            Household.head_id_number,
            Household.village_code,
            Household.township_code,
            Household.county_code,
        ).where(_in_scope(caller, Household), Household.head_id_number != "")
    ):
        inside = only is None or only.contains(vcode, tcode, ccode)
        by_id[str(head_idn).upper()].add((str(hid), village_names.get(vcode, vcode), "", inside))
    for idn, where in sorted(by_id.items()):
        households = {w[0] for w in where}
        if len(households) > 1 and any(w[3] for w in where):
            out.append(
                [
                    "same person in two households",
                    mask_id(idn),
                    ",".join(sorted({w[1] for w in where})),
                    ",".join(sorted(w[2] for w in where if w[2])),
                    f"{len(households)} households",
                ]
            )
    # the economic-status check's open flags, households without consent, possible misses
    from ..registry.service import discrepancy_extra

    out.extend(discrepancy_extra(session, caller, only))
    _audit_export(session, caller, "export.discrepancies", campaign_id, len(out), only)
    return out


def _as_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(x) for x in value]
    if isinstance(value, str) and value:
        return value.split()
    return []


def count_surveys(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Survey)) or 0)
