"""Surveys of one household: start (prefilled from the registry and from last round), autosave
the draft, review as the cadre types, complete when every check passes, and submit.

A survey is handed to the UI as a frozen `SurveyDoc` with a copy of its answers. Saving the same
answers twice writes nothing (autosave runs every few seconds). Editing a completed survey sends
it back to draft; a submitted one is read-only until a supervisor returns it. A returned survey
stays "in return" until it is resubmitted: Complete does not end that, so an answer changed after
Complete still needs its reason, and editing it again makes it `returned`, not `draft`.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.services.returns import changed_fields
from desktop.store.attachments import discard_dropped, referenced_digests
from desktop.store.audit import Actor
from desktop.store.models import Household, ReviewDecision, Survey
from desktop.store.profile import Store
from desktop.store.records import SurveyData, save_survey
from forms.form import Form, Problem, Review
from forms.registry import load_form

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


class SurveyService:
    """Survey use cases over one unlocked store and one form version."""

    def __init__(self, store: Store, form: Form | None = None) -> None:
        self.store = store
        self.form = form or load_form(FORM_ID, FORM_VERSION)

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
        self, household_id: str, campaign_id: str | None = None, today: date | None = None
    ) -> SurveyDoc:
        """The household's open survey in this campaign, or a new draft prefilled for it."""
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
                if row.campaign_id == campaign_id and row.status in OPEN_STATUSES | {"submitted"}:
                    return _doc(row)
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
            data = SurveyData(
                id=str(uuid.uuid4()),
                household_id=household_id,
                form_id=self.form.id,
                form_version=self.form.version,
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
                _return_reason(self.changed_answers(row.answers, cleaned), reasons)
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
        try:
            a, b = self.form.clean(_strip_empty(before)), self.form.clean(_strip_empty(after))
        except Exception:  # a value the engine cannot read: compare as stored
            a, b = _strip_empty(before), _strip_empty(after)
        return [k for k in changed_fields(a, b) if k not in self._calculated]

    @property
    def _calculated(self) -> frozenset[str]:
        names: set[str] = set()

        def walk(fields: Any) -> None:
            for f in fields:
                if f.type == "calculate":
                    names.add(f.name)
                walk(f.children)

        for section in self.form.sections:
            walk(section.fields)
        return frozenset(names)

    def review(self, answers: Mapping[str, Any], lang: str = "zh") -> Review:
        """Problems, computed values and screening flags for the answers as they stand."""
        return self.form.review(_strip_empty(answers), None, lang)

    def complete(
        self,
        survey_id: str,
        answers: Mapping[str, Any],
        lang: str = "zh",
        reasons: Mapping[str, str] | None = None,
    ) -> CompleteResult:
        """Save and check; the survey becomes completed only when no problem remains."""
        cleaned = _strip_empty(answers)
        problems = tuple(self.form.validate(cleaned, lang))
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
                        _return_reason(self.changed_answers(row.answers, cleaned), reasons)
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
