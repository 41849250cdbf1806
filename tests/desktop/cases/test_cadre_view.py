"""What a cadre sees of cases, offline and read-only: each household's case and what is due in
the household list, and the case panel beside the survey; no case action is offered."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.services import cases
from desktop.services.households import list_households
from desktop.store.profile import Store
from desktop.ui.cases.survey_panel import CasePanelWidget
from desktop.ui.households.table_model import COL_CASE, HouseholdTableModel
from tests.desktop.cases.case_data import TODAY, seed_cases


def test_the_household_list_and_the_survey_panel_show_the_case_and_what_is_due(
    qtbot: QtBot, store: Store
) -> None:
    store.set_state("role", "cadre")
    wires = seed_cases(store, 8, steps=("approved", "posting"))
    due = {
        w["household_id"]
        for w in wires
        if w["step"] == "approved" and w["next_recheck_on"] <= TODAY.isoformat()
    }
    assert due
    rows = list_households(store, today=TODAY)
    model = HouseholdTableModel()
    model.set_rows(rows)
    shown = {
        model.row_at(i).id: str(model.index(i, COL_CASE).data()) for i in range(model.rowCount())
    }
    assert {hid for hid, text in shown.items() if "Re-check due" in text} == due
    posting = {w["household_id"] for w in wires if w["step"] == "posting"}
    assert all(" · Public posting · " in shown[h] for h in posting)

    panel = CasePanelWidget()
    qtbot.addWidget(panel)
    hid = sorted(due)[0]
    panel.show_rows(cases.household_cases(store, hid, "en", TODAY))
    assert not panel.isHidden()
    assert "Re-check due" in panel.label.text()
    assert "re-check on" in panel.label.text()
    panel.show_rows(cases.household_cases(store, "no-such-household", "en", TODAY))
    assert panel.isHidden()
    # a cadre is offered no case action
    case_id = next(w["case_id"] for w in wires if w["household_id"] == hid)
    assert cases.load_detail(store, case_id, "en", TODAY).actions == ()
