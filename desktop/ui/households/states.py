"""Words and colours for a household's state in the campaign."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from desktop.services.households import STATES


def state_label(state: str) -> str:
    t = QCoreApplication.translate
    labels = {
        "not_visited": t("HouseholdState", "Not visited"),
        "revisit_due": t("HouseholdState", "Revisit due"),
        "revisit": t("HouseholdState", "Revisit planned"),
        "refused": t("HouseholdState", "Refused"),
        "moved_out": t("HouseholdState", "Moved out"),
        "gone": t("HouseholdState", "No longer exists"),
        "draft": t("HouseholdState", "Draft"),
        "completed": t("HouseholdState", "Completed"),
        "submitted": t("HouseholdState", "Submitted"),
        "returned": t("HouseholdState", "Returned"),
        "approved": t("HouseholdState", "Approved"),
    }
    return labels.get(state, state)


def outcome_label(outcome: str) -> str:
    t = QCoreApplication.translate
    return {
        "nobody_home": t("VisitOutcome", "Nobody home"),
        "refused": t("VisitOutcome", "Refused"),
        "moved_out": t("VisitOutcome", "Moved out"),
        "gone": t("VisitOutcome", "Household no longer exists"),
    }.get(outcome, outcome)


STATE_COLORS = {
    "revisit_due": QColor("#b35c00"),
    "returned": QColor("#b00020"),
    "draft": QColor("#1a5fb4"),
    "completed": QColor("#26734d"),
    "submitted": QColor("#555555"),
    "approved": QColor("#555555"),
}

__all__ = ["STATES", "STATE_COLORS", "outcome_label", "state_label"]
