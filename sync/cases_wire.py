"""The wire contract for cases (低保/特困/临时救助 …): what laptops pull, push, and are told.

A *case* is one household's path through one programme, from an approved survey (or an
application at the township window) to a decision and then through its periodic re-checks. The
server runs the state machine; laptops only send *operations* and show the state they pull.

The contract, in three parts, shared byte for byte by the server and the laptop (this module
imports nothing from the server or the desktop, only pydantic):

1. **Pull** — `CaseWire` rows arrive in the changes feed as change kind `"case"` (`id` = the case
   id, `data` = `CaseWire.model_dump(mode="json")`), postings as kind `"posting"`
   (`PostingWire`), and a county's rules as kind `"case_rules"` (`forms.caserules` JSON).
   Supervisors get the cases of their townships or county; cadres the cases of households in
   their assigned villages, read-only, without objection texts. A newer `revision` replaces an
   older one. Dates are the server's calendar dates (the county's day), never a device clock.
2. **Push** — a supervisor's laptop sends each operation as one outbox record of kind
   `"case_op"` (`CaseOpRecord`) in the ordinary batch protocol. The record id IS the operation
   id: a re-sent operation is answered `duplicate` and applied once. Revision is always 1.
   `data` is one of the `CaseOp` models, told apart by `op`.
3. **Refusals** — an illegal operation gets `status = "rejected"` with one `Problem` whose
   `code` is a `RefusalCode` and whose `params` are the `REFUSAL_PARAMS` named for it (strings
   or integers), so the app can translate the message; `message` is plain English for logs.

Money is yuan with two decimals as text ("312.50"), as `forms.money.format_yuan` writes it; read
it with `yuan()`. The 公示 window is counted in calendar days: the start date is day 1, the last
day is `start + window_days - 1`, and a decision is possible from the day after, once every
objection is settled.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

CASES_WIRE_VERSION = 1
"""Bumped when a case message changes incompatibly."""

_INT32_MAX = 2**31 - 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- vocabulary -------------------------------------------------------------------------------

ProgrammeCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,31}$")]
"""A programme as the county's rules name it: dibao, tekun, temporary, …"""

YuanText = Annotated[str, Field(pattern=r"^(0|[1-9][0-9]{0,7})\.[0-9]{2}$")]
"""Yuan with exactly two decimals, e.g. "312.50"."""

MonthText = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
"""A calendar month, "2026-12"."""

Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]

CaseStep = Literal[
    "intake",  # applied at the township window; waits for an approved survey
    "survey_approved",  # an approved survey proposes the programme; check not yet requested
    "check_requested",  # economic-status check (核对) requested with the signed consent
    "check_recorded",  # check result in
    "appraised",  # 民主评议 held and recorded
    "township_reviewed",  # township reviewed and proposed category and amount
    "posting",  # 公示 running or closed, decision pending
    "approved",  # in the programme (动态管理: re-checked on its date)
    "refused",  # refused; the household was told why (closed)
    "exited",  # left the programme (退出; closed)
    "recheck",  # back for re-check: periodic, an upheld objection, or a change of circumstances
]

STEPS: tuple[CaseStep, ...] = (
    "intake",
    "survey_approved",
    "check_requested",
    "check_recorded",
    "appraised",
    "township_reviewed",
    "posting",
    "approved",
    "refused",
    "exited",
    "recheck",
)
CLOSED_STEPS: frozenset[str] = frozenset({"refused", "exited"})

CaseSource = Literal["survey", "intake"]
DecidingLevel = Literal["township", "county"]
CheckOutcome = Literal["eligible", "ineligible", "unclear"]
AppraisalOutcome = Literal["agree", "disagree", "defer"]
ReviewOutcome = Literal["pass", "return"]
ObjectionOutcome = Literal["upheld", "dismissed"]
DecisionOutcome = Literal["approved", "refused", "exited"]
ChangeAction = Literal["adjust", "exit"]

NextAction = Literal[
    "survey",  # a survey must be made and approved first
    "request_check",
    "record_check",
    "appraisal",
    "township_review",
    "posting",
    "wait_posting",  # window still open
    "settle_objections",
    "decide",
    "recheck_due",  # approved and its re-check date has come
    "none",
]


def yuan(text: str) -> Decimal:
    """The Decimal of a `YuanText` value."""
    return Decimal(text)


def yuan_text(amount: Decimal) -> str:
    """A Decimal as `YuanText` (two decimals, no separators)."""
    return f"{amount.quantize(Decimal('0.01')):.2f}"


# --- pull: what a laptop is sent -------------------------------------------------------------


class ObjectionWire(_Model):
    objection_id: UUID
    received_on: date
    raised_by: str = Field(default="", max_length=100, description="optional: who raised it")
    content: str = Field(default="", max_length=4000, description="empty for cadres")
    outcome: ObjectionOutcome | None = None  # None: not settled yet
    reason: str = Field(default="", max_length=4000)
    settled_on: date | None = None


class ObjectionsSummary(_Model):
    total: int = 0
    open: int = 0
    upheld: int = 0
    dismissed: int = 0


class AppraisalWire(_Model):
    meeting_id: UUID
    held_on: date
    outcome: AppraisalOutcome
    votes_for: int = 0
    votes_against: int = 0
    votes_abstain: int = 0


class DecisionWire(_Model):
    outcome: DecisionOutcome
    decided_on: date
    level: DecidingLevel
    category: str = Field(default="", max_length=20, description="e.g. A/B/C for dibao")
    monthly_amount: YuanText | None = None
    start_month: MonthText | None = None
    refusal_reason: str = Field(default="", max_length=4000, description="told to the household")


class CaseWire(_Model):
    """One case as it travels in the changes feed (change kind `"case"`)."""

    case_id: UUID
    revision: int = Field(ge=1)
    household_id: UUID
    programme: ProgrammeCode
    source: CaseSource
    step: CaseStep
    step_since: date = Field(description="server date the case entered its step")
    opened_on: date
    village_code: str
    township_code: str
    county_code: str
    rules_version: int = Field(ge=1, description="the county's case-rules version it follows")
    decided_by: DecidingLevel
    survey_id: UUID | None = None
    pending_change: ChangeAction | None = None  # an adjust/exit under way
    check_outcome: CheckOutcome | None = None
    appraisal: AppraisalWire | None = None
    proposed_category: str = ""
    proposed_monthly_amount: YuanText | None = None
    posting_id: UUID | None = None
    posting_start: date | None = None
    posting_end: date | None = Field(default=None, description="last day of the window")
    objections_summary: ObjectionsSummary = Field(default_factory=ObjectionsSummary)
    objections: list[ObjectionWire] = Field(default_factory=list)
    decision: DecisionWire | None = None
    next_recheck_on: date | None = None
    next_action: NextAction = "none"
    note: str = Field(default="", max_length=2000)

    # The app shows these without asking the server; they follow from the dates alone.
    def posting_day(self, today: date) -> int | None:
        """Day of the window (1 = start date), None when there is no posting."""
        return posting_day(self.posting_start, today)

    def days_left(self, today: date) -> int | None:
        """Days of 公示 still to run including today (0 once the window has closed)."""
        return days_left(self.posting_start, self.posting_end, today)

    def window_closed(self, today: date) -> bool:
        return self.posting_end is not None and today > self.posting_end

    def recheck_due(self, today: date) -> bool:
        return self.next_recheck_on is not None and self.next_recheck_on <= today


class PostingWire(_Model):
    """A 公示 for one village (change kind `"posting"`); names come from the households."""

    posting_id: UUID
    revision: int = Field(ge=1)
    village_code: str
    township_code: str
    start_date: date
    end_date: date = Field(description="last day of the window")
    window_days: int = Field(ge=1)
    case_ids: list[UUID]


def posting_end(start: date, window_days: int) -> date:
    """The last day of a window of `window_days` calendar days starting on `start`."""
    return start + timedelta(days=window_days - 1)


def posting_day(start: date | None, today: date) -> int | None:
    if start is None:
        return None
    return (today - start).days + 1


def days_left(start: date | None, end: date | None, today: date) -> int | None:
    if start is None or end is None:
        return None
    if today < start:
        return (end - start).days + 1
    return max(0, (end - today).days + 1)


# --- push: operations a supervisor's laptop sends --------------------------------------------


class OpenCase(_Model):
    """Open a case: from an approved survey, or from an application at the township window."""

    op: Literal["open_case"] = "open_case"
    case_id: UUID
    household_id: UUID
    programme: ProgrammeCode
    source: CaseSource = "intake"
    survey_id: UUID | None = None
    applicant_name: str = Field(default="", max_length=100)
    note: str = Field(default="", max_length=2000)


class RequestCheck(_Model):
    """Ask for the economic-status check; the approved survey must hold the signed consent."""

    op: Literal["request_check"] = "request_check"
    case_id: UUID
    survey_id: UUID | None = None  # default: the household's latest approved survey


class RecordCheck(_Model):
    op: Literal["record_check"] = "record_check"
    case_id: UUID
    outcome: CheckOutcome
    note: str = Field(default="", max_length=2000)


class MeetingCaseOutcome(_Model):
    case_id: UUID
    outcome: AppraisalOutcome
    votes_for: int = Field(default=0, ge=0, le=10_000)
    votes_against: int = Field(default=0, ge=0, le=10_000)
    votes_abstain: int = Field(default=0, ge=0, le=10_000)


class RecordMeeting(_Model):
    """One village appraisal meeting (民主评议) for many cases; the minutes photographed."""

    op: Literal["record_meeting"] = "record_meeting"
    meeting_id: UUID
    village_code: str = Field(min_length=1, max_length=20)
    held_on: date
    place: str = Field(default="", max_length=200)
    members_present: list[str] = Field(default_factory=list, max_length=200)
    minutes_sha256: Sha256Hex
    # The photo is uploaded after the op, as attachments are (answers travel before photos);
    # its size lets the server accept the upload. The township review waits for the bytes.
    minutes_size: int | None = Field(default=None, ge=1, le=_INT32_MAX)
    minutes_content_type: str = Field(default="image/jpeg", max_length=100)
    outcomes: list[MeetingCaseOutcome] = Field(min_length=1, max_length=500)


class TownshipReview(_Model):
    op: Literal["township_review"] = "township_review"
    case_id: UUID
    outcome: ReviewOutcome
    proposed_category: str = Field(default="", max_length=20)
    proposed_monthly_amount: YuanText | None = None
    comment: str = Field(default="", max_length=2000)


class CreatePosting(_Model):
    """Start a 公示 in one village for the listed cases, from `start_date`."""

    op: Literal["create_posting"] = "create_posting"
    posting_id: UUID
    village_code: str = Field(min_length=1, max_length=20)
    start_date: date
    case_ids: list[UUID] = Field(min_length=1, max_length=500)


class RecordObjection(_Model):
    op: Literal["record_objection"] = "record_objection"
    objection_id: UUID
    case_id: UUID
    received_on: date
    raised_by: str = Field(default="", max_length=100)
    content: str = Field(min_length=1, max_length=4000)


class SettleObjection(_Model):
    """Upheld sends the case back to re-check; dismissed needs a written reason."""

    op: Literal["settle_objection"] = "settle_objection"
    objection_id: UUID
    case_id: UUID
    outcome: ObjectionOutcome
    reason: str = Field(default="", max_length=4000)


class Decide(_Model):
    """Approve (category, monthly amount, start month), refuse (reason), or confirm an exit."""

    op: Literal["decide"] = "decide"
    case_id: UUID
    outcome: DecisionOutcome
    category: str = Field(default="", max_length=20)
    monthly_amount: YuanText | None = None
    start_month: MonthText | None = None
    refusal_reason: str = Field(default="", max_length=4000)


class StartRecheck(_Model):
    """An approved case's periodic re-check (动态管理) begins."""

    op: Literal["start_recheck"] = "start_recheck"
    case_id: UUID
    reason: str = Field(default="", max_length=2000)


class ChangeCircumstances(_Model):
    """A change of circumstances: adjust the amount or exit, through the same steps."""

    op: Literal["change_circumstances"] = "change_circumstances"
    case_id: UUID
    action: ChangeAction
    reason: str = Field(min_length=1, max_length=2000)


CaseOp = Annotated[
    OpenCase
    | RequestCheck
    | RecordCheck
    | RecordMeeting
    | TownshipReview
    | CreatePosting
    | RecordObjection
    | SettleObjection
    | Decide
    | StartRecheck
    | ChangeCircumstances,
    Field(discriminator="op"),
]

OP_NAMES: tuple[str, ...] = (
    "open_case",
    "request_check",
    "record_check",
    "record_meeting",
    "township_review",
    "create_posting",
    "record_objection",
    "settle_objection",
    "decide",
    "start_recheck",
    "change_circumstances",
)


class CaseOpRecord(_Model):
    """A case operation as an outbox record (kind `"case_op"`); its id is the operation id."""

    kind: Literal["case_op"] = "case_op"
    id: UUID
    revision: int = Field(default=1, ge=1, le=_INT32_MAX)
    base_revision: int = Field(default=0, ge=0, le=_INT32_MAX)
    seq: int = Field(ge=1, le=_INT32_MAX)
    device_time: datetime | None = None
    data: CaseOp


# --- refusals ---------------------------------------------------------------------------------

RefusalCode = Literal[
    "wrong_step",
    "not_allowed_for_role",
    "out_of_scope",
    "unknown_case",
    "unknown_household",
    "unknown_survey",
    "unknown_programme",
    "unknown_objection",
    "survey_not_approved",
    "consent_missing",
    "minutes_missing",
    "step_not_used",
    "case_exists",
    "wrong_village",
    "posting_window_open",
    "outside_posting_window",
    "objection_unsettled",
    "already_settled",
    "reason_required",
    "decision_incomplete",
]

REFUSAL_PARAMS: dict[str, tuple[str, ...]] = {
    # the case is in `step`; the operation needs one of `expected` (comma-separated)
    "wrong_step": ("step", "expected"),
    # `role` at `level` (township/county/village) may not do `op`
    "not_allowed_for_role": ("role", "level", "op"),
    "out_of_scope": ("case_id",),
    "unknown_case": ("case_id",),
    "unknown_household": ("household_id",),
    "unknown_survey": ("survey_id",),
    "unknown_programme": ("programme",),
    "unknown_objection": ("objection_id",),
    "survey_not_approved": ("survey_id",),
    "consent_missing": ("survey_id",),  # no signed 核对授权 in the survey
    "minutes_missing": ("sha256",),  # the meeting's minutes photo has not arrived yet
    "step_not_used": ("programme", "step"),  # the county's rules skip that step
    "case_exists": ("case_id", "programme"),  # an open case for the household already
    "wrong_village": ("case_id", "village_code"),
    # a decision on `day` of a `window_days` window that ends on `ends_on`
    "posting_window_open": ("day", "window_days", "ends_on", "days_left"),
    "outside_posting_window": ("starts_on", "ends_on"),
    "objection_unsettled": ("count",),
    "already_settled": ("objection_id",),
    "reason_required": ("field",),
    "decision_incomplete": ("field",),  # approved without category, amount or start month
}

RefusalParams = dict[str, str | int]
