"""The household list's filters through the real widgets on a real encrypted profile: the flag
filter (registry categories) together with the state filter and search, the selection kept
while its household stays shown, and sorting that keeps the selection on the same household."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.services import households as hh
from desktop.services import profiles
from desktop.store.records import HouseholdData
from desktop.ui.households.table_model import ANY_FLAG, COL_NAME, NO_FLAG
from desktop.ui.main_window import MainWindow
from tests.desktop import household_fixture as fx
from tests.desktop.conftest import FAST_KDF, PASSPHRASE
from tests.desktop.ui.conftest import unlock

HEADS = [
    ("王建国", "421202196503124516", "三组12号", ("dibao_rural",)),
    ("李桂英", "421202196708214523", "一组3号", ("dibao_rural", "disability_living")),
    ("张秀兰", "421202194011114523", "二组8号", ("veteran",)),
    ("王春梅", "421202197202024528", "二组9号", ()),
]


def _hid(i: int) -> str:
    return f"00000000-0000-0000-0000-00000000000{i}"


@pytest.fixture
def data_dir(tmp_path: Path, county: profiles.CountyProfile) -> Path:
    store = profiles.create(
        tmp_path / "data" / "cadre", PASSPHRASE, PASSPHRASE, county, "cadre-001", FAST_KDF
    )
    divisions = [hh.DivisionRow(d.code, d.name, d.level, d.parent_code) for d in fx.divisions()]
    rows = [
        HouseholdData(id=_hid(i), village_code=fx.VILLAGE, head_name=name, address=address,
                      head_id_number=idn, hukou_type="rural", categories=cats, origin="registry")
        for i, (name, idn, address, cats) in enumerate(HEADS)
    ]  # fmt: skip
    hh.import_registry(store, divisions, rows)
    hh.record_visit(store, _hid(1), "refused")
    store.lock()
    return tmp_path / "data"


def _shown(window: MainWindow) -> list[str]:
    proxy = window.households.proxy
    return sorted(str(proxy.index(r, COL_NAME).data()) for r in range(proxy.rowCount()))


def _choose(qtbot: QtBot, window: MainWindow, box_name: str, data: str) -> None:
    box = getattr(window.households, box_name)
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)  # one pick from the popup list


def test_flag_filter_with_state_and_search(qtbot: QtBot, window: MainWindow) -> None:
    unlock(qtbot, window)
    households = window.households
    assert _shown(window) == sorted(h[0] for h in HEADS)

    _choose(qtbot, window, "flag_box", "dibao_rural")
    assert _shown(window) == ["李桂英", "王建国"]
    assert households.count_label.text() == "2 of 4 households"

    _choose(qtbot, window, "state_box", "refused")  # 李桂英 refused the visit
    assert _shown(window) == ["李桂英"]
    _choose(qtbot, window, "state_box", "")

    with qtbot.waitSignal(households.search_applied, timeout=5_000):
        households.search.insert("王")  # the input method's path for Chinese
    assert _shown(window) == ["王建国"]

    _choose(qtbot, window, "flag_box", NO_FLAG)
    assert _shown(window) == ["王春梅"]
    _choose(qtbot, window, "flag_box", ANY_FLAG)
    assert _shown(window) == ["王建国"]
    _choose(qtbot, window, "flag_box", "veteran")
    assert _shown(window) == []
    assert not households.open_button.isEnabled()

    households.search.clear()
    households.apply_search()
    assert _shown(window) == ["张秀兰"]
    assert households.selected_household() is not None
    assert households.selected_household().head_name == "张秀兰"  # type: ignore[union-attr]
    assert households.flag_box.currentText() == "Veteran or family"


def test_selection_survives_filters_and_sorting(qtbot: QtBot, window: MainWindow) -> None:
    unlock(qtbot, window)
    households = window.households
    assert households.select_household(_hid(1))
    _choose(qtbot, window, "flag_box", "disability_living")
    assert households.selected_household().id == _hid(1)  # type: ignore[union-attr]
    _choose(qtbot, window, "flag_box", "")
    assert households.selected_household().id == _hid(1)  # type: ignore[union-attr]
    header = households.table.horizontalHeader()
    header_pos = header.sectionViewportPosition(COL_NAME) + 5
    firsts = []
    for _ in range(2):  # one way, then the other
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=header.viewport().rect().topLeft() + _pt(header_pos))  # fmt: skip
        assert households.selected_household().id == _hid(1)  # type: ignore[union-attr]
        row = households.table.selectionModel().selectedRows()[0].row()
        assert households.proxy.index(row, COL_NAME).data() == "李桂英"
        firsts.append(households.proxy.index(0, COL_NAME).data())
    assert firsts[0] != firsts[1]


def _pt(x: int) -> QPoint:
    return QPoint(x, 5)
