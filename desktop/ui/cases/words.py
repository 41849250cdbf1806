"""Words for cases in the user's language: steps, what is due, actions, history lines, the
server's refusals (from their code and params, never the server's English text) and the app's
own input errors."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication


def step_label(step: str) -> str:
    return {
        "intake": QCoreApplication.translate("Cases", "Application taken, survey needed"),
        "survey_approved": QCoreApplication.translate("Cases", "Survey approved"),
        "check_requested": QCoreApplication.translate("Cases", "Economic check requested"),
        "check_recorded": QCoreApplication.translate("Cases", "Economic check recorded"),
        "appraised": QCoreApplication.translate("Cases", "Appraised by the village"),
        "township_reviewed": QCoreApplication.translate("Cases", "Reviewed by the township"),
        "posting": QCoreApplication.translate("Cases", "Public posting"),
        "approved": QCoreApplication.translate("Cases", "Approved"),
        "refused": QCoreApplication.translate("Cases", "Refused"),
        "exited": QCoreApplication.translate("Cases", "Exited"),
        "recheck": QCoreApplication.translate("Cases", "Re-check"),
    }.get(step, step)


_STEP_ORDER = (
    "intake", "survey_approved", "check_requested", "check_recorded", "appraised",
    "township_reviewed", "posting", "approved", "recheck", "refused", "exited",
)  # fmt: skip


def steps_order(step: str) -> int:
    """Where a step stands on the path, to list steps in their order (unknown ones last)."""
    return _STEP_ORDER.index(step) if step in _STEP_ORDER else len(_STEP_ORDER)


def next_action_label(action: str) -> str:
    return {
        "survey": QCoreApplication.translate("Cases", "Survey needed"),
        "request_check": QCoreApplication.translate("Cases", "Request the economic check"),
        "record_check": QCoreApplication.translate("Cases", "Record the check result"),
        "appraisal": QCoreApplication.translate("Cases", "Village appraisal due"),
        "township_review": QCoreApplication.translate("Cases", "Township review due"),
        "posting": QCoreApplication.translate("Cases", "Posting due"),
        "wait_posting": QCoreApplication.translate("Cases", "Posting window open"),
        "settle_objections": QCoreApplication.translate("Cases", "Objections to settle"),
        "decide": QCoreApplication.translate("Cases", "Decision due"),
        "recheck_due": QCoreApplication.translate("Cases", "Re-check due"),
        "none": "",
    }.get(action, action)


def action_label(action: str) -> str:
    return {
        "request_check": QCoreApplication.translate("Cases", "Request check"),
        "record_check": QCoreApplication.translate("Cases", "Record check result…"),
        "meeting": QCoreApplication.translate("Cases", "Record appraisal meeting…"),
        "township_review": QCoreApplication.translate("Cases", "Township review…"),
        "posting": QCoreApplication.translate("Cases", "Create posting…"),
        "objection": QCoreApplication.translate("Cases", "Record objection…"),
        "settle": QCoreApplication.translate("Cases", "Settle objection…"),
        "decide": QCoreApplication.translate("Cases", "Decide…"),
        "recheck": QCoreApplication.translate("Cases", "Start re-check"),
        "change": QCoreApplication.translate("Cases", "Change of circumstances…"),
    }.get(action, action)


def history_label(what: str) -> str:
    return {
        "opened": QCoreApplication.translate("Cases", "Case opened"),
        "appraised": QCoreApplication.translate("Cases", "Village appraisal"),
        "posted": QCoreApplication.translate("Cases", "Public posting"),
        "objection": QCoreApplication.translate("Cases", "Objection received"),
        "objection_upheld": QCoreApplication.translate("Cases", "Objection upheld"),
        "objection_dismissed": QCoreApplication.translate("Cases", "Objection dismissed"),
        "decided_approved": QCoreApplication.translate("Cases", "Approved"),
        "decided_refused": QCoreApplication.translate("Cases", "Refused"),
        "decided_exited": QCoreApplication.translate("Cases", "Exited"),
        "op_pending": QCoreApplication.translate("Cases", "Queued on this laptop"),
        "op_accepted": QCoreApplication.translate("Cases", "Accepted by the server"),
        "op_refused": QCoreApplication.translate("Cases", "Refused by the server"),
    }.get(what, what)


def op_label(op: str) -> str:
    return {
        "open_case": QCoreApplication.translate("Cases", "opening the case"),
        "request_check": QCoreApplication.translate("Cases", "requesting the check"),
        "record_check": QCoreApplication.translate("Cases", "recording the check"),
        "record_meeting": QCoreApplication.translate("Cases", "the appraisal meeting"),
        "township_review": QCoreApplication.translate("Cases", "the township review"),
        "create_posting": QCoreApplication.translate("Cases", "the posting"),
        "record_objection": QCoreApplication.translate("Cases", "the objection"),
        "settle_objection": QCoreApplication.translate("Cases", "settling the objection"),
        "decide": QCoreApplication.translate("Cases", "the decision"),
        "start_recheck": QCoreApplication.translate("Cases", "starting the re-check"),
        "change_circumstances": QCoreApplication.translate("Cases", "the change of circumstances"),
    }.get(op, op)


def _fill(text: str, params: Mapping[str, object]) -> str:
    for key, value in params.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def refusal_text(code: str, params: Mapping[str, object], op: str = "") -> str:
    """The server's refusal of an operation, in the user's words, with its values filled in."""
    p = dict(params)
    if code == "wrong_step":
        p["step"] = step_label(str(p.get("step", "")))
        p["expected"] = "、".join(step_label(s) for s in str(p.get("expected", "")).split(",") if s)
    text = {
        "wrong_step": QCoreApplication.translate(
            "Cases", "The case is at “{step}”; this needs it at “{expected}”."
        ),
        "not_allowed_for_role": QCoreApplication.translate(
            "Cases", "Your role may not do this at this level."
        ),
        "out_of_scope": QCoreApplication.translate("Cases", "This case is outside your area."),
        "unknown_case": QCoreApplication.translate("Cases", "The server does not know this case."),
        "unknown_household": QCoreApplication.translate(
            "Cases", "The server does not know this household."
        ),
        "unknown_survey": QCoreApplication.translate(
            "Cases", "The server does not know this survey."
        ),
        "unknown_programme": QCoreApplication.translate(
            "Cases", "The county does not run this programme as cases."
        ),
        "unknown_objection": QCoreApplication.translate(
            "Cases", "The server does not know this objection."
        ),
        "survey_not_approved": QCoreApplication.translate(
            "Cases", "The household's survey is not approved yet."
        ),
        "consent_missing": QCoreApplication.translate(
            "Cases", "The survey has no signed consent to the economic check."
        ),
        "minutes_missing": QCoreApplication.translate(
            "Cases", "The meeting minutes photo had not reached the server."
        ),
        "step_not_used": QCoreApplication.translate(
            "Cases", "The county's rules skip this step for this programme."
        ),
        "case_exists": QCoreApplication.translate(
            "Cases", "The household already has an open case in this programme."
        ),
        "wrong_village": QCoreApplication.translate("Cases", "The case is not in this village."),
        "posting_window_open": QCoreApplication.translate(
            "Cases",
            "No decision yet: today is day {day} of the {window_days}-day posting, which "
            "ends on {ends_on} ({days_left} day(s) left).",
        ),
        "outside_posting_window": QCoreApplication.translate(
            "Cases", "Objections are recorded only during the posting, {starts_on} to {ends_on}."
        ),
        "objection_unsettled": QCoreApplication.translate(
            "Cases", "{count} objection(s) still to settle before a decision."
        ),
        "already_settled": QCoreApplication.translate(
            "Cases", "This objection was already settled."
        ),
        "reason_required": QCoreApplication.translate("Cases", "A written reason is needed."),
        "decision_incomplete": QCoreApplication.translate(
            "Cases", "An approval needs a category, a monthly amount and a start month."
        ),
    }.get(code)
    if text is None:
        text = QCoreApplication.translate(
            "Cases", "The server refused this (code {code})."
        ).replace("{code}", code)
    words = _fill(text, p)
    if op:
        words = (
            QCoreApplication.translate("Cases", "Refused: {op}.").replace("{op}", op_label(op))
            + " "
            + words
        )
    return words


def input_error_text(code: str) -> str:
    return {
        "not_allowed": QCoreApplication.translate("Cases", "Only supervisors work cases."),
        "not_found": QCoreApplication.translate("Cases", "This case is not on this laptop."),
        "amount_invalid": QCoreApplication.translate(
            "Cases", "Type the monthly amount in yuan, for example 320 or 320.50."
        ),
        "month_invalid": QCoreApplication.translate(
            "Cases", "Type the start month as YYYY-MM, for example 2027-01."
        ),
        "category_required": QCoreApplication.translate("Cases", "Choose a category."),
        "reason_required": QCoreApplication.translate("Cases", "A written reason is needed."),
        "content_required": QCoreApplication.translate("Cases", "Write what the objection says."),
        "members_required": QCoreApplication.translate(
            "Cases", "Name at least one member present."
        ),
        "cases_required": QCoreApplication.translate("Cases", "Choose at least one case."),
        "minutes_required": QCoreApplication.translate(
            "Cases", "Attach a photo of the minutes (JPEG or PNG)."
        ),
        "minutes_too_large": QCoreApplication.translate("Cases", "The minutes photo is too large."),
        "minutes_exif": QCoreApplication.translate(
            "Cases", "The minutes photo carries location data; take it again in the app."
        ),
        "date_in_future": QCoreApplication.translate("Cases", "The date cannot be in the future."),
        "start_in_past": QCoreApplication.translate("Cases", "A posting cannot start in the past."),
        "wrong_village": QCoreApplication.translate(
            "Cases", "All cases must be in the chosen village."
        ),
        "already_settled": QCoreApplication.translate(
            "Cases", "This objection was already settled."
        ),
        "outcome_invalid": QCoreApplication.translate("Cases", "Choose an outcome."),
        "votes_invalid": QCoreApplication.translate("Cases", "Votes cannot be negative."),
        "programme_invalid": QCoreApplication.translate(
            "Cases", "Choose a programme the county runs as cases."
        ),
        "household_unknown": QCoreApplication.translate(
            "Cases", "Choose a household from the list."
        ),
        "case_exists": QCoreApplication.translate(
            "Cases", "The household already has an open case in this programme."
        ),
    }.get(code, QCoreApplication.translate("Cases", "Something went wrong; nothing was saved."))


def programme_word(code: str) -> str:
    """A programme code in the user's language (the county's own codes stand as they are)."""
    return {
        "dibao": QCoreApplication.translate("Cases", "Dibao"),
        "tekun": QCoreApplication.translate("Cases", "Destitute support"),
        "temporary": QCoreApplication.translate("Cases", "Temporary assistance"),
        "medical": QCoreApplication.translate("Cases", "Medical assistance"),
        "disability_living": QCoreApplication.translate("Cases", "Disability living subsidy"),
        "disability_nursing": QCoreApplication.translate("Cases", "Disability nursing subsidy"),
    }.get(code, code)


def case_text(case: tuple[str, str, str] | None) -> str:
    """One line for a household's case: programme · step (· what is due)."""
    if case is None:
        return ""
    programme, step, due = case
    words = [programme_word(programme), step_label(step)]
    if next_action_label(due):
        words.append(next_action_label(due))
    return " · ".join(words)
