"""Words and colours for a household's state in the campaign."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from desktop.services.households import STATES


def state_label(state: str) -> str:
    labels = {
        "not_visited": QCoreApplication.translate("HouseholdState", "Not visited"),
        "revisit_due": QCoreApplication.translate("HouseholdState", "Revisit due"),
        "revisit": QCoreApplication.translate("HouseholdState", "Revisit planned"),
        "refused": QCoreApplication.translate("HouseholdState", "Refused"),
        "moved_out": QCoreApplication.translate("HouseholdState", "Moved out"),
        "gone": QCoreApplication.translate("HouseholdState", "No longer exists"),
        "draft": QCoreApplication.translate("HouseholdState", "Draft"),
        "completed": QCoreApplication.translate("HouseholdState", "Completed"),
        "submitted": QCoreApplication.translate("HouseholdState", "Submitted"),
        "returned": QCoreApplication.translate("HouseholdState", "Returned"),
        "approved": QCoreApplication.translate("HouseholdState", "Approved"),
        "withdrawn": QCoreApplication.translate("HouseholdState", "Withdrawn by the county"),
    }
    return labels.get(state, state)


def category_label(category: str) -> str:
    """A registry category (the survey's `benefits` choices) in the user's language."""
    return {
        "dibao_urban": QCoreApplication.translate("HouseholdFlag", "Urban dibao"),
        "dibao_rural": QCoreApplication.translate("HouseholdFlag", "Rural dibao"),
        "tekun_central": QCoreApplication.translate(
            "HouseholdFlag", "Destitute, supported centrally"
        ),
        "tekun_home": QCoreApplication.translate("HouseholdFlag", "Destitute, supported at home"),
        "orphan": QCoreApplication.translate("HouseholdFlag", "Orphan"),
        "unsupported_child": QCoreApplication.translate(
            "HouseholdFlag", "De-facto unsupported child"
        ),
        "veteran": QCoreApplication.translate("HouseholdFlag", "Veteran or family"),
        "left_behind": QCoreApplication.translate("HouseholdFlag", "Left-behind care"),
        "registered_poor": QCoreApplication.translate("HouseholdFlag", "Registered poor household"),
        "disability_living": QCoreApplication.translate(
            "HouseholdFlag", "Disability living subsidy"
        ),
        "disability_nursing": QCoreApplication.translate(
            "HouseholdFlag", "Disability nursing subsidy"
        ),
        "disaster": QCoreApplication.translate("HouseholdFlag", "Disaster relief"),
        "temporary": QCoreApplication.translate("HouseholdFlag", "Temporary assistance"),
        "medical": QCoreApplication.translate("HouseholdFlag", "Medical assistance"),
    }.get(category, category)


def outcome_label(outcome: str) -> str:
    return {
        "nobody_home": QCoreApplication.translate("VisitOutcome", "Nobody home"),
        "refused": QCoreApplication.translate("VisitOutcome", "Refused"),
        "moved_out": QCoreApplication.translate("VisitOutcome", "Moved out"),
        "gone": QCoreApplication.translate("VisitOutcome", "Household no longer exists"),
    }.get(outcome, outcome)


STATE_COLORS = {
    "revisit_due": QColor("#b35c00"),
    "returned": QColor("#b00020"),
    "draft": QColor("#1a5fb4"),
    "completed": QColor("#26734d"),
    "submitted": QColor("#555555"),
    "approved": QColor("#555555"),
    "withdrawn": QColor("#888888"),
}

__all__ = ["STATES", "STATE_COLORS", "category_label", "outcome_label", "state_label"]
