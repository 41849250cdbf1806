"""Builders for the economic-status check tests: department files and surveyed households.

Every ID number is invented (valid check digit, fixed made-up birth dates); files are made in
memory as CSV or xlsx the way departments write them, with Chinese headings.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Any

from openpyxl import Workbook

from .helpers import DeviceClient, household_data, make_id, push, survey_data

HEADINGS = {
    "vehicles": ["身份证号", "车辆类型", "初次登记日期", "号牌号码"],
    "real_estate": ["权利人证件号", "房屋用途", "登记时间", "建筑面积"],
    "business": ["经营者身份证号", "主体类型", "成立日期"],
    "social_insurance": ["公民身份号码", "险种", "待遇开始日期", "月待遇金额"],
    "payroll": ["身份证号", "人员类别", "参加工作时间", "月应发工资"],
    "civil_status": ["公民身份号码", "变动类型", "变动日期"],
    "assistance": ["身份证号", "救助类别", "发放日期", "发放金额", "村社区代码"],
}


def head_id(head: int) -> str:
    """The head's ID number of `survey_answers(village, head=head)`."""
    return make_id(date(1970, 1, 1 + head % 28), head)


def child_id(head: int, i: int = 1) -> str:
    return make_id(date(1995, 3, 1 + i), 500 + head * 10 + i)


def csv_bytes(source: str, rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(HEADINGS[source])
    w.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(source: str, rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADINGS[source])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def surveyed(
    http: Any,
    dev: DeviceClient,
    village: str,
    campaign: uuid.UUID,
    head: int,
    status: str = "submitted",
    **answers: Any,
) -> uuid.UUID:
    """A household and its survey (submitted unless said), pushed by the cadre's device."""
    hid = uuid.uuid4()
    r = push(
        http,
        dev,
        [
            dev.record("household", hid, household_data(village, head=head)),
            dev.record("survey", uuid.uuid4(), survey_data(hid, village, campaign, status, head=head,
                                                           **answers)),
        ],
    )  # fmt: skip
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["accepted", "accepted"], r.text
    return hid


def import_via_api(
    http: Any, dev: DeviceClient, source: str, data: bytes, extracted_on: str | None = None
) -> Any:
    target = f"/api/v1/registry/imports?source={source}"
    if extracted_on:
        target += f"&extracted_on={extracted_on}"
    return http.post(target, content=data, headers=dev.signed("POST", target, data))


def pull(http: Any, dev: DeviceClient) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    params: dict[str, str] = {}
    while True:
        page = http.get("/api/v1/changes", params=params, headers=dev.auth()).json()
        out += page["changes"]
        params = {"after": page["cursor"]}
        if page["done"]:
            return out
