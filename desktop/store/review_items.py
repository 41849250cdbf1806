"""A reviewer's copies of other people's surveys, as the changes feed brings them (issue 7).

Responsible for applying the feed's `survey` changes (a survey submitted in the supervisor's
scope, with its screening flags and the cadre who collected it) and the review state carried by
`review` changes to the `review_items` queue. The survey row itself is kept read-only: its status
stays `submitted`, so nothing on the cadre's side of the app offers to edit a copy. The decision
this laptop makes waits in `local_decision` until the server's answer comes back on the feed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.store.audit import utc_now
from desktop.store.models import Division, Household, ReviewDecision, ReviewItem, Survey
from desktop.store.withdrawals import mark_withdrawn


def is_review_copy(s: Session, survey_id: str) -> bool:
    return s.get(ReviewItem, survey_id) is not None


def apply_survey(s: Session, d: dict[str, Any]) -> bool:
    """Store or refresh one survey from a supervisor's feed; False if it is older than ours."""
    sid, rev = str(d["id"]), int(d["revision"])
    item = s.get(ReviewItem, sid)
    if item is not None and item.server_revision > rev:
        return False
    hid = str(d["household_id"])
    village = str(d.get("village_code") or "")
    if s.get(Division, village) is None:
        s.add(Division(code=village, name=village, level="village"))
        s.flush()
    now = utc_now()
    if s.get(Household, hid) is None:
        # The household's own change follows on the feed and fills in the rest.
        hh = d.get("household") or {}
        s.add(
            Household(
                id=hid,
                village_code=village,
                address=hh.get("address") or "",
                head_name=hh.get("head_name") or "",
                categories=[],
                origin="field",
                revision=0,
                base_revision=0,
                device_updated_at=now,
                server_updated_at=now,
            )
        )
        s.flush()
    survey = s.get(Survey, sid)
    if survey is None:
        survey = Survey(
            id=sid,
            household_id=hid,
            cadre=str(d.get("cadre_id") or ""),
            device_created_at=now,
        )
        s.add(survey)
    survey.campaign_id = None  # campaigns reach the laptop on their own; no dangling key
    survey.form_id, survey.form_version = str(d["form_id"]), int(d["form_version"])
    survey.answers = dict(d.get("answers") or {})
    survey.status = "submitted"
    if d.get("withdrawn_at"):
        mark_withdrawn(survey, str(d["withdrawn_at"]), str(d.get("withdrawn_reason") or ""))
    survey.revision = survey.base_revision = rev
    survey.device_updated_at = survey.server_updated_at = now
    survey.readable_key = d.get("short_key") or None
    s.flush()
    if item is None:
        item = ReviewItem(survey_id=sid)
        s.add(item)
    item.state = str(d.get("state") or "submitted")
    item.server_revision = rev
    item.short_key = str(d.get("short_key") or "")
    item.village_code = village
    item.township_code = str(d.get("township_code") or "")
    item.cadre_id = str(d.get("cadre_id") or "")
    item.cadre_name = str(d.get("cadre_name") or "")
    item.flags = list(d.get("flags") or [])
    item.computed = dict(d.get("computed") or {})
    item.received_at = str(d.get("updated_at") or d.get("received_at") or now)
    item.local_decision = None  # a new revision is a new question for the reviewer
    return True


def apply_review(s: Session, d: dict[str, Any]) -> bool:
    """A decision on a survey this laptop reviews: record it (once) and move the item's state."""
    item = s.get(ReviewItem, str(d["survey_id"]))
    if item is None:
        return False
    if s.get(ReviewDecision, d["id"]) is None:
        s.add(
            ReviewDecision(
                id=d["id"],
                survey_id=item.survey_id,
                level=d["level"],
                decision=d["decision"],
                comment=d.get("comment") or "",
                pinned={p["path"]: p["comment"] for p in d.get("pinned") or []},
                reviewer=str(d.get("reviewer_id") or ""),
                decided_at=str(d.get("decided_at") or utc_now()),
                revision=1,
            )
        )
    # A decision on an older revision than we hold (the cadre resubmitted since) moves nothing.
    if int(d.get("survey_revision") or 0) >= item.server_revision and d.get("state"):
        item.state = str(d["state"])
        item.local_decision = None
    return True
