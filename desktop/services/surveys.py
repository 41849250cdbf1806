"""Surveys of one household: start (prefilled from the registry and from last round), autosave
the draft, review as the cadre types, complete when every check passes, and submit.

A survey is handed to the UI as a frozen `SurveyDoc` with a copy of its answers. Saving the same
answers twice writes nothing (autosave runs every few seconds). Editing a completed survey sends
it back to draft; a submitted one is read-only until a supervisor returns it. A returned survey
stays "in return" until it is resubmitted: Complete does not end that, so an answer changed after
Complete still needs its reason, and editing it again makes it `returned`, not `draft`.

Which form and which standards: a new survey starts on the newest version of its form the county
published to this laptop (else the one bundled with the app); a survey already started keeps the
version it was started on, loaded exactly (published, else bundled), so a county correcting its
form mid-campaign never changes the questions under a half-filled survey. Screening uses the
standards the county published for the household's county and the campaign's year (the year the
server screens with), else the bundled ones.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.services.returns import changed_fields
from desktop.store.attachments import discard_dropped, referenced_digests
from desktop.store.audit import Actor
from desktop.store.models import (
    Campaign,
    Household,
    PublishedForm,
    PublishedStandards,
    ReviewDecision,
    Survey,
)
from desktop.store.profile import Store
from desktop.store.records import SurveyData, save_survey
from forms.errors import FormsError, StandardsNotFoundError
from forms.form import Form, Problem, Review
from forms.registry import form_from_json, load_form
from forms.standards import Standards, load_standards

FORM_ID, FORM_VERSION = "household-survey", 1
OPEN_STATUSES = frozenset({"draft", "completed", "returned"})
ROUND_OF_MONTH = {**dict.fromkeys(range(1, 5), "start"), **dict.fromkeys(range(5, 9), "mid")}
# Answers that belong to one visit and are never carried over from last round.
NOT_CARRIED = frozenset(
    {"campaign_round", "visit_date", "visit_outcome", "revisit_date", "visit_note",
     "recommendation", "recommendation_reason", "photos", "consent_signature"}
)  # fmt: skip


class SurveyStateError(Exception):
    """The survey cannot make this step in its state (`code`: read_only, not_completed)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


class FormUnavailable(LookupError):
    """The form version a survey was started on is neither published to this laptop nor bundled
    with the app (a county form not synced here yet, or a survey from a newer app)."""

    def __init__(self, form_id: str, version: int) -> None:
        self.form_id, self.version = form_id, version
        super().__init__(
            f"form {form_id} version {version} is not on this laptop: sync to receive it from "
            "the county, or update the app"
        )


class ReasonNeeded(SurveyStateError):
    """Answers of a returned survey changed without a reason; `fields` names them."""

    def __init__(self, fields: list[str]) -> None:
        self.fields = tuple(fields)
        super().__init__("reason_needed")


def _return_reason(changed: list[str], reasons: Mapping[str, str] | None) -> str | None:
    """The audit reason for a change to a returned survey: one short reason per changed answer."""
    if not changed:
        return None
    given = {k: (reasons or {}).get(k, "").strip() for k in changed}
    missing = [k for k, v in given.items() if not v]
    if missing:
        raise ReasonNeeded(missing)
    return json.dumps(given, ensure_ascii=False, sort_keys=True)


def _in_return(s: Session, row: Survey) -> bool:
    """Returned and not yet resubmitted (an open survey with a return decision was returned:
    surveys only reopen through a return)."""
    if row.status == "returned":
        return True
    if row.status not in OPEN_STATUSES:
        return False
    return (
        s.scalar(
            select(ReviewDecision.id)
            .where(ReviewDecision.survey_id == row.id, ReviewDecision.decision == "return")
            .limit(1)
        )
        is not None
    )


def _discard_replaced(
    s: Session, actor: Actor, survey_id: str, before: set[str], answers: Mapping[str, Any]
) -> None:
    """Photos (or a signature) the saved answers referred to and no longer do were rotated,
    replaced or removed: their earlier versions leave the upload queue. Only digests the saved
    answers held are candidates, so a photo stored a moment ago and not yet in the answers
    (the autosave that brings it is queued behind) is never taken."""
    discard_dropped(s, actor, survey_id, before, referenced_digests(answers))


@dataclass(frozen=True)
class SurveyDoc:
    id: str
    household_id: str
    campaign_id: str | None
    form_id: str
    form_version: int
    status: str
    revision: int
    answers: dict[str, Any] = field(default_factory=dict)
    # Set when the county withdrew the survey as recorded in error (status "withdrawn").
    withdrawn_reason: str | None = None

    @property
    def read_only(self) -> bool:
        return self.status not in OPEN_STATUSES


@dataclass(frozen=True)
class CompleteResult:
    """The outcome of Complete: the problems that stop it, or the completed survey."""

    problems: tuple[Problem, ...]
    doc: SurveyDoc

    @property
    def ok(self) -> bool:
        return not self.problems


def _doc(row: Survey) -> SurveyDoc:
    return SurveyDoc(
        id=row.id,
        household_id=row.household_id,
        campaign_id=row.campaign_id,
        form_id=row.form_id,
        form_version=row.form_version,
        status=row.status,
        revision=row.revision,
        answers=copy.deepcopy(row.answers),
        withdrawn_reason=row.withdrawn_reason if row.status == "withdrawn" else None,
    )


def _strip_empty(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Drop answers left empty, so an untouched field and a cleared one save the same way."""
    out: dict[str, Any] = {}
    for key, value in answers.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = [_strip_empty(row) for row in value]
        out[key] = value
    return out


clean_answers = _strip_empty


def _visit_year(answers: Mapping[str, Any]) -> int | None:
    visit = answers.get("visit_date")
    if isinstance(visit, str) and len(visit) >= 4 and visit[:4].isdigit():
        return int(visit[:4])
    return None


def _county_of(village: object) -> str | None:
    """A village's county: the first six digits of its 12-digit division code."""
    if isinstance(village, str) and len(village) >= 6 and village[:6].isdigit():
        return village[:6]
    return None


def _calculated_of(form: Form) -> frozenset[str]:
    names: set[str] = set()

    def walk(fields: Any) -> None:
        for f in fields:
            if f.type == "calculate":
                names.add(f.name)
            walk(f.children)

    for section in form.sections:
        walk(section.fields)
    return frozenset(names)


@dataclass(frozen=True)
class _Context:
    """What screening needs to know about a survey beyond its answers."""

    county: str | None
    campaign_year: int | None


class SurveyService:
    """Survey use cases over one unlocked store.

    `form` is the form a new survey starts on (given, else resolved from the store on first use).
    `for_survey(store, doc)` gives a service bound to one survey: `form` is then the exact
    version that survey was started on, and `review` screens with that survey's standards.
    Forms and standards are resolved once per service: the survey screen builds one per survey.
    """

    def __init__(self, store: Store, form: Form | None = None) -> None:
        self.store = store
        self._form = form
        self._forms: dict[tuple[str, int], Form] = {}
        if form is not None:
            self._forms[(form.id, form.version)] = form
        self._standards: dict[tuple[str, int], Standards | None] = {}
        self._published: dict[str, dict[int, Standards]] = {}  # county -> year -> standards
        self._context: _Context | None = None

    @classmethod
    def for_survey(cls, store: Store, doc: SurveyDoc) -> SurveyService:
        """A service for one survey on the form version it was started on (run it off the GUI
        thread: it reads the store). Raises `FormUnavailable` when that version is not here."""
        service = cls(store)
        with store.reading() as s:
            service._form = service._resolve_form(s, doc.form_id, doc.form_version)
            service._context = service._context_of(s, doc.household_id, doc.campaign_id)
            # review() runs on the GUI thread: with the county's publications in memory it never
            # reads the store, whatever year the visit date is changed to.
            service._standards_for(s, service._context, doc.answers)
        return service

    # --- Forms and standards

    @property
    def form(self) -> Form:
        if self._form is None:
            with self.store.reading() as s:
                self._form = self._current_form(s)
        return self._form

    def _current_form(self, s: Session) -> Form:
        """The form a new survey starts on: the newest the county published, else the bundled."""
        if self._form is None:
            try:
                newest = _published_form(s, FORM_ID)
            except FormsError:  # kept by an older app and not buildable now: not usable
                newest = None
            self._form = newest or load_form(FORM_ID, FORM_VERSION)
            self._forms.setdefault((self._form.id, self._form.version), self._form)
        return self._form

    def _campaign_form(self, s: Session, campaign_id: str | None) -> Form | None:
        """The form the campaign starts new surveys on, when the county set one: the newest
        version of it on this laptop (published, else bundled); None for the household survey."""
        campaign = s.get(Campaign, campaign_id) if campaign_id else None
        if campaign is None or not campaign.form_id or campaign.form_id == FORM_ID:
            return None
        try:
            newest = _published_form(s, campaign.form_id)
        except FormsError:
            newest = None
        if newest is not None and newest.version >= (campaign.form_version or 0):
            self._forms.setdefault((newest.id, newest.version), newest)
            return newest
        try:
            return self._resolve_form(s, campaign.form_id, campaign.form_version or 1)
        except FormUnavailable:
            return None  # not synced yet: the household survey, as before the county chose

    def _resolve_form(self, s: Session, form_id: str, version: int) -> Form:
        """Exactly this form version: as published to this laptop, else as bundled."""
        key = (form_id, version)
        form = self._forms.get(key)
        if form is None:
            try:
                form = _published_form(s, form_id, version)
            except FormsError:
                form = None
            if form is None:
                try:
                    form = load_form(form_id, version)
                except LookupError:
                    raise FormUnavailable(form_id, version) from None
            self._forms[key] = form
        return form

    def form_of(self, survey_id: str) -> Form:
        """The form version the survey was started on; `FormUnavailable` when not here."""
        with self.store.reading() as s:
            row = s.get(Survey, survey_id)
            if row is None:
                raise KeyError(survey_id)
            return self._resolve_form(s, row.form_id, row.form_version)

    def _context_of(self, s: Session, household_id: str, campaign_id: str | None) -> _Context:
        household = s.get(Household, household_id)
        campaign = s.get(Campaign, campaign_id) if campaign_id else None
        return _Context(
            county=_county_of(household.village_code) if household is not None else None,
            campaign_year=campaign.year if campaign is not None else None,
        )

    def _standards_for(
        self, s: Session | None, context: _Context | None, answers: Mapping[str, Any]
    ) -> Standards | None:
        """The standards to screen with: the county's and campaign year's (as the server picks
        them: the campaign's year, else the visit's), published first, else bundled."""
        county = (context.county if context else None) or _county_of(answers.get("village_code"))
        if county is None:
            return None
        year = (
            (context.campaign_year if context else None)
            or _visit_year(answers)
            or date.today().year
        )
        key = (county, year)
        if key not in self._standards:
            if county not in self._published:
                if s is None:
                    with self.store.reading() as session:
                        self._published[county] = _published_standards(session, county)
                else:
                    self._published[county] = _published_standards(s, county)
            self._standards[key] = _pick_standards(self._published[county], county, year)
        return self._standards[key]

    def standards(self, answers: Mapping[str, Any]) -> Standards | None:
        """The standards `review` screens these answers with (None: none known, no screening)."""
        return self._standards_for(None, self._context, answers)

    # --- Reading

    def open(self, survey_id: str) -> SurveyDoc:
        with self.store.reading() as s:
            row = s.get(Survey, survey_id)
            if row is None:
                raise KeyError(survey_id)
            return _doc(row)

    def latest_for_household(
        self, household_id: str, campaign_id: str | None = None
    ) -> SurveyDoc | None:
        with self.store.reading() as s:
            q = select(Survey).where(Survey.household_id == household_id)
            if campaign_id is not None:
                q = q.where((Survey.campaign_id == campaign_id) | Survey.campaign_id.is_(None))
            row = s.scalars(q.order_by(Survey.device_updated_at.desc()).limit(1)).first()
            return _doc(row) if row else None

    # --- Starting

    def start(
        self,
        household_id: str,
        campaign_id: str | None = None,
        today: date | None = None,
        *,
        anew: bool = False,
    ) -> SurveyDoc:
        """The household's open survey in this campaign, or a new draft prefilled for it.

        `anew` passes over a survey the county withdrew as recorded in error, so the household
        can be surveyed again; a survey still open in the campaign is returned all the same."""
        today = today or date.today()
        actor = self.store.actor  # read before the write lock: it may query
        with self.store.transaction() as s:
            household = s.get(Household, household_id)
            if household is None:
                raise KeyError(household_id)
            previous = s.scalars(
                select(Survey)
                .where(Survey.household_id == household_id)
                .order_by(Survey.device_updated_at.desc())
            ).all()
            for row in previous:
                # A withdrawn survey is shown as it is, read-only, with the county's reason.
                shown = OPEN_STATUSES | {"submitted"} | (set() if anew else {"withdrawn"})
                if row.campaign_id == campaign_id and row.status in shown:
                    return _doc(row)
            # What was withdrawn as recorded in error is never carried into a new survey.
            previous = [row for row in previous if row.status != "withdrawn"]
            answers: dict[str, Any] = {}
            if previous:  # last round: what rarely changes between rounds
                answers.update(
                    {k: v for k, v in previous[0].answers.items() if k not in NOT_CARRIED}
                )
            registry = {
                "village_code": household.village_code,
                "address": household.address,
                "head_name": household.head_name,
                "head_id_number": household.head_id_number,
                "phone": household.phone,
                "hukou_type": household.hukou_type,
            }
            answers.update({k: v for k, v in registry.items() if v})
            answers.setdefault("campaign_round", ROUND_OF_MONTH.get(today.month, "end"))
            answers.setdefault("visit_date", today.isoformat())
            if "members" not in answers and household.head_name:
                answers["members"] = [
                    _strip_empty(
                        {"name": household.head_name, "id_number": household.head_id_number,
                         "relation": "head"}
                    )
                ]  # fmt: skip
            form = self._campaign_form(s, campaign_id) or self._current_form(s)
            if form.id != FORM_ID:
                answers = _known_to(form, answers)  # a county's own form: only its questions
            data = SurveyData(
                id=str(uuid.uuid4()),
                household_id=household_id,
                form_id=form.id,
                form_version=form.version,
                answers=copy.deepcopy(answers),
                campaign_id=campaign_id,
            )
            save_survey(s, actor, data)
            created = s.get(Survey, data.id)
            assert created is not None
            return _doc(created)

    # --- Editing

    def save_draft(
        self,
        survey_id: str,
        answers: Mapping[str, Any],
        reasons: Mapping[str, str] | None = None,
    ) -> SurveyDoc:
        """Autosave: write the answers if they changed; a completed survey goes back to draft.

        A returned survey needs a reason per changed answer (`reasons`: field -> reason);
        without one it raises ReasonNeeded and nothing is written.
        """
        cleaned = _strip_empty(answers)
        actor = self.store.actor  # read before the write lock: it may query
        with self.store.transaction() as s:
            row = s.get(Survey, survey_id)
            if row is None:
                raise KeyError(survey_id)
            if row.status not in OPEN_STATUSES:
                raise SurveyStateError("read_only")
            if row.answers == cleaned:
                return _doc(row)
            status = "returned" if _in_return(s, row) else "draft"
            reason = (
                _return_reason(
                    self._changed(
                        self._resolve_form(s, row.form_id, row.form_version), row.answers, cleaned
                    ),
                    reasons,
                )
                if status == "returned"
                else None
            )
            before = referenced_digests(row.answers)
            save_survey(s, actor, self._data(row, cleaned, status), reason)
            _discard_replaced(s, actor, row.id, before, cleaned)
            return _doc(row)

    def changed_answers(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
        """Answers (not calculations) that differ once both sides are read the form's way:
        "1200" typed and 1200 stored are the same answer."""
        return self._changed(self.form, before, after)

    @staticmethod
    def _changed(form: Form, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
        try:
            a, b = form.clean(_strip_empty(before)), form.clean(_strip_empty(after))
        except Exception:  # a value the engine cannot read: compare as stored
            a, b = _strip_empty(before), _strip_empty(after)
        calculated = _calculated_of(form)
        return [k for k in changed_fields(a, b) if k not in calculated]

    def review(self, answers: Mapping[str, Any], lang: str = "zh") -> Review:
        """Problems, computed values and screening flags for the answers as they stand."""
        cleaned = _strip_empty(answers)
        return self.form.review(cleaned, self.standards(cleaned), lang)

    def complete(
        self,
        survey_id: str,
        answers: Mapping[str, Any],
        lang: str = "zh",
        reasons: Mapping[str, str] | None = None,
    ) -> CompleteResult:
        """Save and check; the survey becomes completed only when no problem remains."""
        cleaned = _strip_empty(answers)
        with self.store.reading() as s:  # checked outside the write lock: it takes a while
            found = s.get(Survey, survey_id)
            if found is None:
                raise KeyError(survey_id)
            form = self._resolve_form(s, found.form_id, found.form_version)
            context = self._context_of(s, found.household_id, found.campaign_id)
            standards = self._standards_for(s, context, cleaned)
        problems = tuple(form.validate(cleaned, lang, standards=standards))
        actor = self.store.actor  # read before the write lock: it may query
        with self.store.transaction() as s:
            row = s.get(Survey, survey_id)
            if row is None:
                raise KeyError(survey_id)
            if row.status not in OPEN_STATUSES:
                raise SurveyStateError("read_only")
            in_return = _in_return(s, row)
            status = row.status if problems else "completed"
            if problems and status == "completed":
                status = "returned" if in_return else "draft"
            if row.answers != cleaned or row.status != status:
                reason = None
                if in_return:
                    reason = (
                        _return_reason(self._changed(form, row.answers, cleaned), reasons)
                        or "completed"
                    )
                before = referenced_digests(row.answers)
                save_survey(s, actor, self._data(row, cleaned, status), reason)
                _discard_replaced(s, actor, row.id, before, cleaned)
            return CompleteResult(problems, _doc(row))

    def submit(self, survey_id: str) -> SurveyDoc:
        """Queue a completed survey for the supervisor; it is read-only from now on."""
        actor = self.store.actor  # read before the write lock: it may query
        with self.store.transaction() as s:
            row = s.get(Survey, survey_id)
            if row is None:
                raise KeyError(survey_id)
            if row.status != "completed":
                raise SurveyStateError(
                    "not_completed" if row.status in OPEN_STATUSES else "read_only"
                )
            save_survey(s, actor, self._data(row, row.answers, "submitted"), None)
            return _doc(row)

    def _data(self, row: Survey, answers: dict[str, Any], status: str) -> SurveyData:
        return SurveyData(
            id=row.id,
            household_id=row.household_id,
            form_id=row.form_id,
            form_version=row.form_version,
            answers=copy.deepcopy(answers),
            status=status,
            campaign_id=row.campaign_id,
        )


def _known_to(form: Form, answers: dict[str, Any]) -> dict[str, Any]:
    """The prefilled answers a county's own form has questions for (rows cut to its columns)."""
    out: dict[str, Any] = {}
    for name, value in answers.items():
        try:
            field = form.field(name)
        except KeyError:
            continue
        if field.repeat is not None:
            continue
        if field.type == "repeat":
            allowed = field.row_names
            rows = [{k: v for k, v in row.items() if k in allowed} for row in value or []]
            if all(rows):
                out[name] = rows
        elif field.holds_answer:
            out[name] = value
    return out


def _published_standards(s: Session, county: str) -> dict[int, Standards]:
    """Every set of standards the county published to this laptop, by year (a handful)."""
    out: dict[int, Standards] = {}
    for row in s.scalars(
        select(PublishedStandards).where(PublishedStandards.county_code == county)
    ):
        try:
            out[row.year] = Standards.from_json(row.data)
        except (ValueError, KeyError, TypeError):  # stored by an older app, unreadable now
            continue
    return out


def _pick_standards(
    published_by_year: Mapping[int, Standards], county: str, year: int
) -> Standards | None:
    """The county's published standards in force in `year` (the latest year not after it, as a
    notice stays in force until the next), unless the bundled ones are of a later year (an app
    update carrying a newer notice than the county sent); None: neither."""
    in_force = [y for y in published_by_year if y <= year]
    published = published_by_year[max(in_force)] if in_force else None
    try:
        bundled: Standards | None = load_standards(county, year)
    except StandardsNotFoundError:
        bundled = None
    if published is not None and (bundled is None or published.year >= bundled.year):
        return published
    return bundled


def _published_form(s: Session, form_id: str, version: int | None = None) -> Form | None:
    """The county's published form (a given version, else the highest), or None if none came.

    As `sync_store.published_form`, with the build cached: the window resolves the form twice
    per survey it opens (to start it, then for its screen), and a build takes milliseconds."""
    q = select(PublishedForm).where(PublishedForm.form_id == form_id)
    if version is not None:
        q = q.where(PublishedForm.version == version)
    row = s.scalars(q.order_by(PublishedForm.version.desc()).limit(1)).first()
    if row is None:
        return None
    # Keyed by the definition itself: a laptop re-enrolled with another server may hold a
    # different definition under the same id and version.
    return _built(json.dumps(row.definition, ensure_ascii=False, sort_keys=True))


@lru_cache(maxsize=8)
def _built(definition: str) -> Form:
    return form_from_json(json.loads(definition))
