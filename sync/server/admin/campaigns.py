"""Campaign administration: campaigns, their forms and standards, registry households, assignments.

Every function validates everything before it writes anything (a file with a bad row imports
nothing), records an audit event and publishes changes for the feed. Messages name row numbers
and columns, never the personal data in them.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import audit
from ..changes.numbering import NewChange, emit
from ..models import (
    Assignment,
    Campaign,
    County,
    FormDefinition,
    Household,
    StandardsRow,
    UserScope,
    Village,
)
from .common import AdminError, user_by_name
from .tables import Row, TableError, read_table, require_columns

ROUNDS = ("start", "mid", "end")
# The benefit categories of the household survey (its `benefits` choice list).
CATEGORIES = frozenset(
    {
        "dibao_urban",
        "dibao_rural",
        "tekun_central",
        "tekun_home",
        "orphan",
        "unsupported_child",
        "veteran",
        "left_behind",
        "registered_poor",
        "disability_living",
        "disability_nursing",
        "disaster",
        "temporary",
        "medical",
    }
)


# --- campaigns, forms, standards ------------------------------------------------------------------


def publish_form(session: Session, county: str, definition: dict[str, Any]) -> tuple[str, int]:
    from forms.registry import form_from_json

    form = form_from_json(definition)  # refuses a broken definition before anything is stored
    clean = form.to_json()
    form_id, version = str(clean["id"]), int(clean["version"])
    if session.get(FormDefinition, (form_id, version)) is None:
        session.add(
            FormDefinition(form_id=form_id, version=version, county_code=county, definition=clean)
        )
        session.flush()
        emit(session, [NewChange("form", f"{form_id}@{version}", county)])
    return form_id, version


def create_campaign(
    session: Session,
    county: str,
    year: int,
    round_: str,
    starts_on: date,
    ends_on: date | None = None,
    form_id: str = "household-survey",
    form_version: int = 1,
    actor: str = "cli",
) -> uuid.UUID:
    if round_ not in ROUNDS:
        raise AdminError(f"round must be one of {', '.join(ROUNDS)}")
    ends_on = ends_on or starts_on + timedelta(days=20)
    if ends_on < starts_on:
        raise AdminError("the campaign ends before it starts")
    from forms.registry import load_form

    try:
        form = load_form(form_id, form_version)
    except Exception as exc:
        raise AdminError(f"unknown form {form_id} version {form_version}") from exc
    with session.begin():
        if session.get(County, county) is None:
            raise AdminError(f"unknown county {county}")
        publish_form(session, county, form.to_json())
        ensure_standards(session, county, year)
        camp = Campaign(
            county_code=county,
            year=year,
            round=round_,
            starts_on=starts_on,
            ends_on=ends_on,
            form_id=form_id,
            form_version=form_version,
        )
        session.add(camp)
        session.flush()
        audit(
            session,
            "campaign.create",
            entity_kind="campaign",
            entity_id=camp.id,
            detail={"actor": actor, "year": year, "round": round_},
        )
        emit(session, [NewChange("campaign", str(camp.id), county)])
        return camp.id


def ensure_standards(session: Session, county: str, year: int) -> None:
    if session.get(StandardsRow, (county, year)) is not None:
        return
    try:
        from forms.standards import load_standards

        data = load_standards(county, year).to_json()
    except Exception:
        return  # no standards for this county and year yet: screening is skipped
    session.add(StandardsRow(county_code=county, year=year, data=data))
    session.flush()
    emit(session, [NewChange("standards", f"{county}@{year}", county)])


def import_xlsform(
    session: Session, county: str, path: Path, actor: str = "cli"
) -> tuple[str, int, list[str]]:
    from forms.xlsform import convert_xlsform

    try:
        converted = convert_xlsform(path)
    except Exception as exc:
        raise AdminError(f"{path.name}: cannot be converted: {exc}") from exc
    with session.begin():
        if session.get(County, county) is None:
            raise AdminError(f"unknown county {county}")
        try:
            form_id, version = publish_form(session, county, converted.definition)
        except AdminError:
            raise
        except Exception as exc:
            raise AdminError(f"{path.name}: the converted form is not valid: {exc}") from exc
        audit(
            session,
            "form.import",
            entity_kind="form",
            entity_id=f"{form_id}@{version}",
            detail={"actor": actor},
        )
    return form_id, version, list(converted.unsupported)


# --- households -------------------------------------------------------------------------------------


def import_households(session: Session, county: str, path: Path, actor: str = "cli") -> int:
    """Import a registry spreadsheet of current beneficiaries: all rows or none."""
    from forms.idnumber import id_number_problem, normalize_id_number

    try:
        rows = read_table(path)
        require_columns(path, rows, ["village_code", "head_name", "head_id_number"])
    except TableError as exc:
        raise AdminError(str(exc)) from exc
    problems: list[str] = []
    seen_ids: dict[str, int] = {}
    with session.begin():
        villages = {
            v.code: v for v in session.scalars(select(Village).where(Village.county_code == county))
        }
        if not villages:
            raise AdminError(f"county {county} has no villages (create it first)")
        parsed: list[tuple[Row, Village, list[str]]] = []
        for r in rows:
            where = f"row {r.number}"
            village = villages.get(r.get("village_code"))
            if village is None:
                problems.append(f"{where}: village_code is not a village of county {county}")
            if not r.get("head_name"):
                problems.append(f"{where}: head_name is empty")
            idn = normalize_id_number(r.get("head_id_number"))
            if (bad := id_number_problem(idn)) is not None:
                problems.append(f"{where}: head_id_number is not a valid resident ID number: {bad}")
            elif idn in seen_ids:
                problems.append(f"{where}: head_id_number repeats row {seen_ids[idn]}")
            else:
                seen_ids[idn] = r.number
            hukou = r.get("hukou_type").lower()
            if hukou not in ("", "urban", "rural"):
                problems.append(f"{where}: hukou_type must be urban or rural")
            cats = [
                c.strip() for c in r.get("categories").replace("、", ",").split(",") if c.strip()
            ]
            unknown = [c for c in cats if c not in CATEGORIES]
            if unknown:
                problems.append(f"{where}: unknown categories {', '.join(unknown)}")
            if village is not None:
                parsed.append((r, village, cats))
        if problems:
            raise AdminError(
                f"{path.name}: nothing was imported, {len(problems)} problem(s):", problems
            )
        households = []
        for r, village, cats in parsed:
            households.append(
                Household(
                    id=uuid.uuid4(),
                    revision=1,
                    village_code=village.code,
                    township_code=village.township_code,
                    county_code=county,
                    address=r.get("address"),
                    head_name=r.get("head_name"),
                    head_id_number=normalize_id_number(r.get("head_id_number")),
                    phone=r.get("phone"),
                    hukou_type=r.get("hukou_type").lower(),
                    categories=cats,
                    source="registry",
                )
            )
        session.add_all(households)
        session.flush()
        emit(
            session,
            [
                NewChange("household", str(h.id), county, h.township_code, h.village_code)
                for h in households
            ],
        )
        audit(
            session,
            "household.import",
            entity_kind="county",
            entity_id=county,
            detail={"actor": actor, "rows": len(households), "file": path.suffix},
        )
    return len(households)


# --- assignments ------------------------------------------------------------------------------------


def assign(
    session: Session,
    campaign_id: uuid.UUID,
    username: str,
    villages: list[str],
    households: list[uuid.UUID] | None = None,
    actor: str = "cli",
) -> list[uuid.UUID]:
    with session.begin():
        camp = session.get(Campaign, campaign_id)
        if camp is None:
            raise AdminError(f"no campaign {campaign_id}")
        user = user_by_name(session, username)
        if user.role != "cadre":
            raise AdminError("only cadres are assigned villages or households")
        cadre_villages = set(
            session.scalars(
                select(UserScope.code).where(
                    UserScope.user_id == user.id, UserScope.level == "village"
                )
            )
        )
        made: list[Assignment] = []
        for code in villages:
            if code not in cadre_villages:
                raise AdminError(f"village {code} is outside {username}'s scope")
            made.append(Assignment(campaign_id=campaign_id, user_id=user.id, village_code=code))
        for hid in households or []:
            h = session.get(Household, hid)
            if h is None or h.village_code not in cadre_villages:
                raise AdminError(f"household {hid} is unknown or outside {username}'s scope")
            made.append(
                Assignment(
                    campaign_id=campaign_id,
                    user_id=user.id,
                    village_code=h.village_code,
                    household_id=hid,
                )
            )
        session.add_all(made)
        session.flush()
        made += recheck_assignments(session, camp, user.id, villages)
        emit(
            session,
            [NewChange("assignment", str(a.id), camp.county_code, user_id=user.id) for a in made],
        )
        audit(
            session,
            "assignment.create",
            entity_kind="campaign",
            entity_id=campaign_id,
            detail={"actor": actor, "user_id": str(user.id), "count": len(made)},
        )
        return [a.id for a in made]


def recheck_assignments(
    session: Session, camp: Campaign, user_id: uuid.UUID, villages: list[str]
) -> list[Assignment]:
    """Households in `villages` whose approved case is due for re-check by the round's end,
    assigned to the cadre by household with their case (动态管理), once per campaign."""
    from ..models import CaseFile

    if not villages:
        return []
    due = session.execute(
        select(CaseFile.id, CaseFile.household_id, CaseFile.village_code).where(
            CaseFile.village_code.in_(sorted(set(villages))),
            CaseFile.step == "approved",
            CaseFile.next_recheck_on <= camp.ends_on,
        )
    ).all()
    held = set(
        session.scalars(
            select(Assignment.case_id).where(
                Assignment.campaign_id == camp.id, Assignment.case_id.is_not(None)
            )
        )
    )
    made = [
        Assignment(
            campaign_id=camp.id,
            user_id=user_id,
            village_code=village,
            household_id=household_id,
            case_id=case_id,
        )
        for case_id, household_id, village in due
        if case_id not in held
    ]
    session.add_all(made)
    session.flush()
    return made


def assign_rechecks(session: Session, campaign_id: uuid.UUID, actor: str = "cli") -> int:
    """For a round whose villages were assigned before its re-checks fell due: add the due
    households to the cadres who hold their villages in it. Returns how many were added."""
    with session.begin():
        camp = session.get(Campaign, campaign_id)
        if camp is None:
            raise AdminError(f"no campaign {campaign_id}")
        rows = session.execute(
            select(Assignment.user_id, Assignment.village_code).where(
                Assignment.campaign_id == campaign_id, Assignment.household_id.is_(None)
            )
        ).all()
        by_user: dict[uuid.UUID, list[str]] = {}
        for user_id, village in rows:
            by_user.setdefault(user_id, []).append(village)
        made: list[Assignment] = []
        for user_id, villages in sorted(by_user.items()):
            made += recheck_assignments(session, camp, user_id, villages)
        emit(
            session,
            [NewChange("assignment", str(a.id), camp.county_code, user_id=a.user_id) for a in made],
        )
        audit(
            session,
            "assignment.rechecks",
            entity_kind="campaign",
            entity_id=campaign_id,
            detail={"actor": actor, "count": len(made)},
        )
        return len(made)


def withdraw(
    session: Session,
    campaign_id: uuid.UUID,
    username: str,
    villages: list[str],
    actor: str = "cli",
) -> int:
    """Take villages (and the households assigned in them) back from a cadre; returns how many
    assignments were withdrawn. The feed tells the cadre's laptop, which drops them."""
    with session.begin():
        camp = session.get(Campaign, campaign_id)
        if camp is None:
            raise AdminError(f"no campaign {campaign_id}")
        user = user_by_name(session, username)
        gone = list(
            session.scalars(
                select(Assignment).where(
                    Assignment.campaign_id == campaign_id,
                    Assignment.user_id == user.id,
                    Assignment.village_code.in_(villages),
                )
            )
        )
        for a in gone:
            session.delete(a)
        session.flush()
        # A change whose assignment no longer exists reaches the laptop as a withdrawal.
        emit(
            session,
            [NewChange("assignment", str(a.id), camp.county_code, user_id=user.id) for a in gone],
        )
        audit(
            session,
            "assignment.withdraw",
            entity_kind="campaign",
            entity_id=campaign_id,
            detail={"actor": actor, "user_id": str(user.id), "count": len(gone)},
        )
        return len(gone)
