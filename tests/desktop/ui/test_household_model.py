"""The household table model and proxy: qtmodeltester, search fragments, state filter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from desktop.services.households import HouseholdRow
from desktop.ui.households.table_model import (
    ANY_FLAG,
    NO_FLAG,
    HouseholdFilterProxyModel,
    HouseholdTableModel,
    mask_id,
)


def _row(i: int, name: str, idn: str, state: str, cats: tuple[str, ...] = ()) -> HouseholdRow:
    return HouseholdRow(
        id=f"h{i}", head_name=name, head_id_number=idn, address=f"三组{i}号", phone=f"1390715000{i}",
        village_code="421202101201", village_name="演示村", hukou_type="rural", categories=cats,
        state=state, survey_id=None, revisit_on=date(2026, 3, 5) if state == "revisit" else None,
        search_text=f"{name} {idn} 三组{i}号 1390715000{i} 演示村".lower(),
    )  # fmt: skip


ROWS = [
    _row(1, "王建国", "421202196503124516", "not_visited", ("dibao_rural",)),
    _row(2, "李桂英", "421202196708214523", "draft"),
    _row(3, "张秀兰", "42120219401111452X", "revisit"),
]


def test_models_pass_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = HouseholdTableModel()
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    proxy = HouseholdFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.set_search("王")
    qtmodeltester.check(proxy)
    proxy.set_flag("dibao_rural")
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.update_row(_row(4, "王春梅", "421202197202024528", "draft", ("dibao_rural",)))
    assert proxy.rowCount() == 2
    proxy.set_search("")
    proxy.set_flag(None)
    assert proxy.rowCount() == 4


def test_flag_filter() -> None:
    model = HouseholdTableModel()
    model.set_rows([*ROWS, _row(4, "王春梅", "421202197202024528", "draft", ("veteran",))])
    proxy = HouseholdFilterProxyModel()
    proxy.setSourceModel(model)
    for flag, expected in [("dibao_rural", 1), ("veteran", 1), (ANY_FLAG, 2), (NO_FLAG, 2),
                           ("orphan", 0), (None, 4)]:  # fmt: skip
        proxy.set_flag(flag)
        assert proxy.rowCount() == expected, flag
    proxy.set_flag(ANY_FLAG)
    proxy.set_states(frozenset({"draft"}))
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["王春梅"]


def test_search_and_state_filter() -> None:
    model = HouseholdTableModel()
    model.set_rows(ROWS)
    proxy = HouseholdFilterProxyModel()
    proxy.setSourceModel(model)
    for text, expected in [("4516", 1), ("452x", 1), ("三组2", 1), ("13907150003", 1),
                           ("演示村", 3), ("王 4516", 1), ("王 4523", 0), ("", 3)]:  # fmt: skip
        proxy.set_search(text)
        assert proxy.rowCount() == expected, text
    proxy.set_search("")
    proxy.set_states(frozenset({"draft"}))
    assert proxy.rowCount() == 1
    assert model.data(model.index(2, 3)) == mask_id("42120219401111452X") == "421202********452X"
