"""The review state machine, enforced on the server.

    submitted --township approve--> township_approved --county approve--> county_approved
    submitted --township return---> returned_by_township (editable again on the cadre's laptop;
                                    a resubmission makes it `submitted` again)
    township_approved --county return--> returned_by_county --township approve/return--> …

A return needs a comment (or at least one comment pinned to a question). Decisions are
idempotent by their id, recorded with reviewer, device and time, and published on the feed.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.protocol import PinnedComment

from ..audit import audit
from ..changes.numbering import NewChange, emit
from ..errors import ApiError
from ..models import RecordVersion, Review, Survey, utcnow
from ..scope import Caller

TRANSITIONS: dict[tuple[str, str], dict[str, str]] = {
    ("township", "approve"): {
        "submitted": "township_approved",
        "returned_by_county": "township_approved",
    },
    ("township", "return"): {
        "submitted": "returned_by_township",
        "returned_by_county": "returned_by_township",
    },
    ("county", "approve"): {"township_approved": "county_approved"},
    ("county", "return"): {"township_approved": "returned_by_county"},
}


def get_survey_in_scope(
    session: Session, caller: Caller, survey_id: uuid.UUID, for_update: bool = False
) -> Survey:
    survey = session.get(Survey, survey_id, with_for_update=for_update)
    if survey is None or not caller.scope.contains(
        survey.village_code, survey.township_code, survey.county_code
    ):
        # Out of scope looks exactly like absent: nothing leaks about other villages.
        raise ApiError(404, "not_found", "No such survey in your scope.")
    return survey


def apply_review(
    session: Session,
    caller: Caller,
    review_id: uuid.UUID,
    survey_id: uuid.UUID,
    decision: str,
    comment: str,
    pinned: list[PinnedComment],
    defer: list[NewChange] | None = None,
) -> tuple[Review, bool]:
    """Apply one decision inside the caller's transaction; (review, newly made)."""
    level = caller.review_level
    if level is None:
        raise ApiError(403, "forbidden", "Only township or county supervisors review surveys.")
    existing = session.get(Review, review_id)
    if existing is not None:
        if existing.survey_id == survey_id and existing.decision == decision:
            return existing, False
        raise ApiError(409, "review_id_reused", "This review id was used for another decision.")
    survey = get_survey_in_scope(session, caller, survey_id, for_update=True)
    if survey.withdrawn_at is not None:
        raise ApiError(
            409,
            "survey_withdrawn",
            f"Survey {survey.short_key} was withdrawn by the county as recorded in error.",
        )
    if decision == "return" and not comment.strip() and not pinned:
        raise ApiError(422, "comment_required", "A survey can only be returned with a comment.")
    _check_pinned_paths(session, survey, pinned)
    new_state = TRANSITIONS[(level, decision)].get(survey.state or "")
    if new_state is None:
        raise ApiError(
            409,
            "illegal_transition",
            f"A {level} reviewer cannot {decision} a survey that is "
            f"{survey.state or survey.status}.",
        )
    now = utcnow()
    survey.state = new_state
    survey.updated_at = now
    review = Review(
        id=review_id,
        survey_id=survey.id,
        survey_revision=survey.revision,
        level=level,
        decision=decision,
        state_after=new_state,
        comment=comment,
        pinned=[p.model_dump() for p in pinned],
        reviewer_id=caller.user_id,
        device_id=caller.device_id,
        decided_at=now,
        village_code=survey.village_code,
        township_code=survey.township_code,
        county_code=survey.county_code,
    )
    session.add(review)
    session.flush()
    audit(
        session,
        "review." + decision,
        entity_kind="survey",
        entity_id=survey.id,
        user_id=caller.user_id,
        device_id=caller.device_id,
        request_id=caller.request_id,
        detail={"level": level, "state": new_state, "review_id": str(review_id)},
    )
    changes = [
        NewChange(
            "review", str(review.id), survey.county_code, survey.township_code, survey.village_code
        )
    ]
    if new_state == "county_approved":
        # The approved survey opens the cases it proposes, or lets waiting ones go on.
        from ..cases.opening import cases_from_survey

        changes += cases_from_survey(session, caller, survey, review_id)
    if defer is not None:
        defer.extend(changes)  # the caller numbers them last, after its other row locks
    else:
        emit(session, changes)
    return review, True


_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])?(\.[A-Za-z_][A-Za-z0-9_]*(\[[0-9]+\])?)*$")


def _check_pinned_paths(session: Session, survey: Survey, pinned: list[PinnedComment]) -> None:
    """A comment pinned to `members[2].income_wages` must name a question of the survey's form."""
    if not pinned:
        return
    from ..ingest.formcheck import UnknownForm, get_form

    try:
        form = get_form(session, survey.form_id, survey.form_version)
    except UnknownForm:
        return
    for p in pinned:
        name = p.path.rsplit(".", 1)[-1].split("[", 1)[0]
        try:
            known = _PATH.match(p.path) is not None and form.field(name) is not None
        except KeyError:
            known = False
        if not known:
            raise ApiError(
                422,
                "unknown_question",
                f"The comment is pinned to {p.path!r}, which is not a question of this form.",
            )


def survey_summary(s: Survey) -> dict[str, Any]:
    return {
        "id": str(s.id),
        "short_key": s.short_key,
        "household_id": str(s.household_id),
        "village_code": s.village_code,
        "township_code": s.township_code,
        "revision": s.revision,
        "status": s.status,
        "state": s.state,
        "flags": list(s.flags or []),
        "cadre_id": str(s.cadre_id),
        "updated_at": s.updated_at.isoformat(),
    }


def open_conflicts(session: Session, caller: Caller) -> list[dict[str, Any]]:
    """Surveys in the caller's scope for which the server holds a conflicting version received
    after the last accepted one (a cadre's edit of a survey under review, or one based on a
    revision the server no longer has): what the supervisor reviews is not all there is."""
    # Conflicts are few: find them first, then the last accepted version of those surveys only
    # (not a GROUP BY over every version the campaign received).
    found = session.execute(
        select(
            Survey.id,
            Survey.short_key,
            Survey.revision,
            RecordVersion.id,
            RecordVersion.received_at,
        )
        .join(RecordVersion, RecordVersion.record_id == Survey.id)
        .where(
            RecordVersion.kind == "survey",
            RecordVersion.status == "conflict",
            Survey.withdrawn_at.is_(None),  # nothing left to settle on a withdrawn survey
            caller.scope.clause(Survey.village_code, Survey.township_code, Survey.county_code),
        )
    ).all()
    if not found:
        return []
    ids = sorted({row[0] for row in found})
    last: dict[uuid.UUID, int] = {}
    for i in range(0, len(ids), 500):
        # Rows are tuples already in SQLAlchemy 2.1 (`Result.tuples()` is deprecated there).
        rows = session.execute(
            select(RecordVersion.record_id, func.max(RecordVersion.id))
            .where(
                RecordVersion.record_id.in_(ids[i : i + 500]),
                RecordVersion.status == "accepted",
            )
            .group_by(RecordVersion.record_id)
        ).all()
        last.update((record_id, top) for record_id, top in rows)
    open_: dict[uuid.UUID, dict[str, Any]] = {}
    for sid, key, rev, version_id, at in found:
        if version_id <= last.get(sid, 0):
            continue  # settled: an accepted version came after it
        entry = open_.setdefault(
            sid,
            {"survey_id": str(sid), "short_key": key, "revision": rev, "conflicts": 0, "at": at},
        )
        entry["conflicts"] += 1
        entry["at"] = max(entry["at"], at)
    return [
        {**{k: v for k, v in e.items() if k != "at"}, "last_received_at": e["at"].isoformat()}
        for e in sorted(open_.values(), key=lambda e: str(e["short_key"]))
    ]


def survey_detail(session: Session, s: Survey) -> dict[str, Any]:
    versions = session.scalars(
        select(RecordVersion).where(RecordVersion.record_id == s.id).order_by(RecordVersion.id)
    ).all()
    last_accepted = max((v.id for v in versions if v.status == "accepted"), default=0)
    reviews = session.scalars(
        select(Review).where(Review.survey_id == s.id).order_by(Review.decided_at)
    ).all()
    from ..changes.service import review_json

    return {
        **survey_summary(s),
        "form_id": s.form_id,
        "form_version": s.form_version,
        "answers": s.answers,
        "computed": s.computed,
        "reviews": [review_json(r) for r in reviews],
        # Conflicting versions are kept beside the current one: a supervisor sees which is which.
        "conflicts": [
            {
                "revision": v.revision,
                "base_revision": v.base_revision,
                "device_id": str(v.device_id),
                "received_at": v.received_at.isoformat(),
                "data": v.payload,
                # received after the version in force: not yet settled
                "open": v.id > last_accepted,
            }
            for v in versions
            if v.status == "conflict"
        ],
    }
