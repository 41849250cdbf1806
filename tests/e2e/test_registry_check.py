"""The economic-status check end to end: a real server process, a real enrolled laptop.

The cadre's survey goes up by a real sync; county IT imports a vehicle extract with the real
`doorstep-server admin import-registry`; the next sync brings the cadre a re-check task, which
the survey screen shows (pytest-qt, real widget). The laptop's profile folder, read byte by
byte, holds nothing of the extract and not even the task's words in the clear; inside the
decrypted database the task's words are there and nothing of the department's row is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop.services import syncing
from desktop.services.rechecks import open_tasks
from desktop.services.surveys import SurveyService
from desktop.store.profile import Store
from desktop.ui.survey.survey_widget import SurveyWidget
from desktop.ui.tasks import StoreThread
from tests.e2e.conftest import County
from tests.e2e.work import campaign_of, new_household, new_survey
from tests.sync.helpers import V1A, make_id
from tests.sync.registry_helpers import csv_bytes

PLATE = "鄂L7Q3K9"  # a column the mapping does not read: must never leave the server
REGISTERED = "2021-03-04"
TASK_EN = "A car registered in 2021: confirm with the household"
TASK_ZH = "登记有2021年注册的小汽车：请与家庭核实"


def _decrypted_text(store: Store) -> str:
    """Every value of every table of the laptop's database, as text."""
    parts: list[str] = []
    with store.reading() as s:
        tables = s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars()
        for table in list(tables):
            for row in s.execute(text(f'SELECT * FROM "{table}"')):
                parts.extend(str(v) for v in row)
    return "\n".join(parts)


def test_a_recheck_task_reaches_the_cadre_and_nothing_of_the_extract_does(
    county: County, laptop_factory: Any, tmp_path: Path, qtbot: QtBot, runner: StoreThread
) -> None:
    from datetime import date

    laptop = laptop_factory("cadre1")
    assert syncing.run_sync(laptop).outcome == "ok"
    camp = campaign_of(laptop)
    household = new_household(laptop, V1A, 1)
    survey = new_survey(laptop, household, V1A, 1, camp)
    assert syncing.run_sync(laptop).outcome == "ok"
    assert open_tasks(laptop, household) == []

    head = make_id(date(1970, 1, 2), 1)  # the head of `survey_answers(V1A, head=1)`
    extract = tmp_path / "county-it" / "vehicles.csv"
    extract.parent.mkdir()
    extract.write_bytes(csv_bytes("vehicles", [[head, "小型轿车", REGISTERED, PLATE]]))
    done = county.server.admin("import-registry", "--source", "vehicles", str(extract))
    assert done.returncode == 0, done.stderr.decode()
    assert "1 flags opened" in done.stdout.decode()

    assert syncing.run_sync(laptop).outcome == "ok"
    tasks = open_tasks(laptop, household)
    assert [(t.text("en"), t.text("zh")) for t in tasks] == [(TASK_EN, TASK_ZH)]

    widget = SurveyWidget(runner, laptop, SurveyService(laptop).open(survey), "测试户主1", "en")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(widget.recheck_label.isVisible, timeout=10_000)
    shown = widget.recheck_label.text()
    assert TASK_EN in shown
    assert "economic-status check" in shown
    widget.shutdown()

    inside = _decrypted_text(laptop)
    assert TASK_EN in inside
    assert TASK_ZH in inside
    for piece in (PLATE, REGISTERED, "小型轿车", "车辆类型", "初次登记日期"):
        assert piece not in inside, piece
    secrets = [PLATE, REGISTERED, "小型轿车", TASK_EN, TASK_ZH, head]
    folder = laptop.folder
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        raw = path.read_bytes()
        for piece in secrets:
            for encoding in ("utf-8", "utf-16-le", "gb18030"):
                assert piece.encode(encoding) not in raw, (path.name, piece, encoding)
