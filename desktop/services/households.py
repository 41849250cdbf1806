"""The cadre's households: the list with each one's state, adding one found in the field, and
recording a visit that ended without a survey.

`list_households` returns one frozen `HouseholdRow` per household with its state in the chosen
campaign, worked out from its latest survey and its latest visit outcome, and a lower-case
`search_text` (head's name, ID number, address, phone, village) the UI filters on as the cadre
types. Divisions and campaigns come back as frozen rows for the pickers.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop.services.cases import case_badges
from desktop.store.models import Campaign, Division, Household, Survey, VisitOutcome
from desktop.store.profile import Store
from desktop.store.records import (
    HouseholdData,
    VisitOutcomeData,
    save_household,
    save_visit_outcome,
)
from forms.idnumber import IdNumberError, normalize_id_number, parse_id_number
from forms.phone import is_valid_phone, normalize_phone

# States in the order a campaign moves a household through them.
STATES = (
    "not_visited",
    "revisit_due",
    "revisit",
    "refused",
    "moved_out",
    "gone",
    "draft",
    "completed",
    "submitted",
    "returned",
    "approved",
    "withdrawn",  # by the county, as recorded in error: read-only, not to do
)
# Registry categories a household may carry (the survey's `benefits` choices), in list order.
CATEGORIES = (
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
)
OUTCOMES = ("nobody_home", "refused", "moved_out", "gone")
_SURVEY_STATE = {
    "draft": "draft",
    "completed": "completed",
    "submitted": "submitted",
    "returned": "returned",
    "returned_by_township": "returned",
    "township_approved": "submitted",
    "county_approved": "approved",
    "approved": "approved",
    "withdrawn": "withdrawn",
}


class HouseholdInputError(Exception):
    """Bad input for a household or visit; `code` says which (the UI words it)."""

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.params = params  # what the UI's wording needs, e.g. the wrong character
        super().__init__(code)


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    head_name: str
    head_id_number: str
    address: str
    phone: str
    village_code: str
    village_name: str
    hukou_type: str
    categories: tuple[str, ...]
    state: str
    survey_id: str | None
    revisit_on: date | None
    search_text: str
    # The household's most pressing case (issue 14): (programme, step, what is due), if any.
    case: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class CampaignRow:
    id: str
    county_code: str
    round: str
    year: int
    starts_on: date
    ends_on: date


def _state(survey_status: str | None, outcome: VisitOutcome | None, today: date) -> str:
    if survey_status is not None:
        return _SURVEY_STATE.get(survey_status, "draft")
    if outcome is None:
        return "not_visited"
    if outcome.outcome == "nobody_home":
        return (
            "revisit_due"
            if outcome.revisit_on is None or outcome.revisit_on <= today
            else "revisit"
        )
    return outcome.outcome if outcome.outcome in STATES else "not_visited"


def list_households(
    store: Store, campaign_id: str | None = None, today: date | None = None
) -> list[HouseholdRow]:
    """Every household in the profile with its state in `campaign_id` (None: any campaign)."""
    today = today or date.today()
    badges = case_badges(store, today)
    with store.reading() as s:
        names = dict(s.execute(select(Division.code, Division.name)).all())
        survey_q = select(Survey.household_id, Survey.id, Survey.status).order_by(
            Survey.device_updated_at
        )
        visit_q = select(VisitOutcome).order_by(VisitOutcome.device_recorded_at)
        if campaign_id is not None:
            survey_q = survey_q.where(
                (Survey.campaign_id == campaign_id) | Survey.campaign_id.is_(None)
            )
            visit_q = visit_q.where(
                (VisitOutcome.campaign_id == campaign_id) | VisitOutcome.campaign_id.is_(None)
            )
        surveys = {hid: (sid, st) for hid, sid, st in s.execute(survey_q)}
        visits = {v.household_id: v for v in s.scalars(visit_q)}
        rows = []
        for h in s.scalars(select(Household).order_by(Household.village_code, Household.head_name)):
            sid, status = surveys.get(h.id, (None, None))
            visit = visits.get(h.id)
            village = names.get(h.village_code, h.village_code)
            rows.append(
                HouseholdRow(
                    id=h.id,
                    head_name=h.head_name,
                    head_id_number=h.head_id_number or "",
                    address=h.address or "",
                    phone=h.phone or "",
                    village_code=h.village_code,
                    village_name=village,
                    hukou_type=h.hukou_type or "",
                    categories=tuple(h.categories or ()),
                    state=_state(status, visit, today),
                    survey_id=sid,
                    revisit_on=visit.revisit_on if visit and sid is None else None,
                    case=badges.get(h.id),
                    search_text=" ".join(
                        (
                            h.head_name,
                            h.head_id_number or "",
                            h.address or "",
                            h.phone or "",
                            village,
                        )
                    ).lower(),
                )  # fmt: skip
            )
    return rows


def get_household(store: Store, household_id: str, campaign_id: str | None = None) -> HouseholdRow:
    for row in list_households(store, campaign_id):
        if row.id == household_id:
            return row
    raise KeyError(household_id)


def villages(store: Store) -> list[DivisionRow]:
    with store.reading() as s:
        return [
            DivisionRow(d.code, d.name, d.level, d.parent_code)
            for d in s.scalars(select(Division).where(Division.level == "village").order_by(Division.code))
        ]  # fmt: skip


def campaigns(store: Store) -> list[CampaignRow]:
    with store.reading() as s:
        return [
            CampaignRow(c.id, c.county_code, c.round, c.year, c.starts_on, c.ends_on)
            for c in s.scalars(select(Campaign).order_by(Campaign.starts_on.desc()))
        ]


def _check_id_number(id_number: str) -> None:
    try:
        parse_id_number(id_number)
    except IdNumberError as exc:
        if exc.reason == "character":
            code = "id_number_character18" if exc.position == 18 else "id_number_character"
            raise HouseholdInputError(code, position=str(exc.position), char=exc.char) from exc
        if exc.reason == "length":
            raise HouseholdInputError("id_number_length", count=str(len(id_number))) from exc
        raise HouseholdInputError("id_number_invalid") from exc


def add_household(
    store: Store,
    *,
    village_code: str,
    head_name: str,
    address: str = "",
    head_id_number: str = "",
    phone: str = "",
    hukou_type: str | None = None,
) -> str:
    """Add a household found in the field; returns its id. Bad input changes nothing."""
    head_name, id_number = head_name.strip(), normalize_id_number(head_id_number)
    if not head_name:
        raise HouseholdInputError("head_name_required")
    if not village_code:
        raise HouseholdInputError("village_required")
    if id_number:
        _check_id_number(id_number)
    phone = phone.strip()
    if phone:
        if not is_valid_phone(phone):
            raise HouseholdInputError("phone_invalid")
        phone = normalize_phone(phone) or phone
    if hukou_type not in (None, "urban", "rural"):
        raise HouseholdInputError("hukou_invalid")
    data = HouseholdData(
        id=str(uuid.uuid4()),
        village_code=village_code,
        head_name=head_name,
        address=address.strip(),
        head_id_number=id_number or None,
        phone=phone or None,
        hukou_type=hukou_type,
        origin="field",
    )
    actor = store.actor  # read before the write lock: it may need its own query
    with store.transaction() as s:
        if s.get(Division, village_code) is None:
            raise HouseholdInputError("village_unknown")
        save_household(s, actor, data)
    return data.id


def record_visit(
    store: Store,
    household_id: str,
    outcome: str,
    *,
    revisit_on: date | None = None,
    note: str = "",
    campaign_id: str | None = None,
    today: date | None = None,
) -> str:
    """A visit without a survey; nobody home needs a revisit date from today on."""
    if outcome not in OUTCOMES:
        raise HouseholdInputError("outcome_invalid")
    if outcome == "nobody_home":
        if revisit_on is None:
            raise HouseholdInputError("revisit_required")
        if revisit_on < (today or date.today()):
            raise HouseholdInputError("revisit_in_past")
    else:
        revisit_on = None
    data = VisitOutcomeData(
        id=str(uuid.uuid4()),
        household_id=household_id,
        outcome=outcome,
        revisit_on=revisit_on,
        note=note.strip(),
        campaign_id=campaign_id,
    )
    actor = store.actor  # read before the write lock: it may need its own query
    with store.transaction() as s:
        if s.get(Household, household_id) is None:
            raise HouseholdInputError("household_unknown")
        save_visit_outcome(s, actor, data)
    return data.id


def import_registry(
    store: Store,
    divisions: Iterable[DivisionRow],
    households: Sequence[HouseholdData],
    campaign: CampaignRow | None = None,
) -> int:
    """Load divisions, a campaign and registry households in one transaction (demo and tests)."""
    actor = store.actor  # read before the write lock: it may need its own query
    with store.transaction() as s:
        for d in divisions:
            s.merge(Division(code=d.code, name=d.name, level=d.level, parent_code=d.parent_code))
        s.flush()
        if campaign is not None:
            s.merge(
                Campaign(
                    id=campaign.id,
                    county_code=campaign.county_code,
                    round=campaign.round,
                    year=campaign.year,
                    starts_on=campaign.starts_on,
                    ends_on=campaign.ends_on,
                )
            )
        # With autoflush each row's lookups flushed the previous row and the outbox lookup
        # scanned every pending entry: quadratic, minutes for 20,000 households. Without it,
        # unflushed rows are still found in the identity map; the first row is flushed so the
        # audit chain's head is a persistent row there too (a pending one is not looked up).
        with s.no_autoflush:
            for i, h in enumerate(households):
                save_household(s, actor, h)
                if i == 0:
                    s.flush()
    return len(households)
