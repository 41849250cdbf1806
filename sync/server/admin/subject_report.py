"""The data-subject answer (PIPL art. 45): what the county holds about one person, by ID number.

`doorstep-server admin subject-report --out FILE` reads the ID number from standard input (a
command-line argument would sit in the shell history and in every `ps` listing) and writes an
xlsx (or JSON) for the civil-affairs office to hand over: the households the person is in, each
survey naming them with the person's own answers, the reviews and cases of those surveys, what
department extracts say of the number, and every recorded look at those records (who, when).

The run itself is audited with counts and household ids only; the ID number never appears in a
log, an audit row or the output file's name (a name holding it is refused).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from forms.idnumber import id_number_problem, normalize_id_number
from forms.registry_check import CheckDefinitionError, load_check

from ..audit import audit
from ..models import (
    AuditEvent,
    CaseFile,
    Household,
    RegistryExtract,
    RegistryFinding,
    RegistryRow,
    Review,
    Survey,
    User,
    Village,
)
from .common import AdminError

# The sheets, in order, with their column headings (the office reads them in Chinese).
SHEETS: dict[str, list[str]] = {
    "households": ["户ID", "村", "户主身份", "地址", "来源"],
    "surveys": [
        "调查编号",
        "户ID",
        "村",
        "表单",
        "版本",
        "状态",
        "审核状态",
        "调查员",
        "提交时间",
        "接收时间",
        "本人身份",
        "本人信息",
    ],  # fmt: skip
    "reviews": ["调查编号", "层级", "结论", "审核人", "时间", "意见"],
    "cases": [
        "案件ID",
        "户ID",
        "项目",
        "环节",
        "立案日期",
        "决定",
        "类别",
        "月救助金额",
        "起始月份",
        "下次复核",
    ],  # fmt: skip
    "registry": ["部门来源", "记录", "日期", "金额", "提取日期"],
    "access": ["时间", "操作", "对象", "对象ID", "用户", "设备"],
}
SHEET_TITLES = {
    "households": "所在家庭",
    "surveys": "调查记录",
    "reviews": "审核记录",
    "cases": "救助案件",
    "registry": "部门数据",
    "access": "查阅记录",
}


@dataclass
class SubjectReport:
    generated_at: str
    county: str
    rows: dict[str, list[list[Any]]] = field(default_factory=lambda: {k: [] for k in SHEETS})

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.rows.items()}


def checked_id_number(text: str) -> str:
    number = normalize_id_number(text)
    problem = id_number_problem(number)
    if problem is not None:
        raise AdminError(f"the ID number is not valid: {problem}")
    return number


def _cell(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _person_in(answers: dict[str, Any], number: str) -> list[tuple[str, dict[str, Any]]]:
    """(role, what the survey says of the person) for each place the number appears."""
    found: list[tuple[str, dict[str, Any]]] = []
    head = answers.get("head_id_number")
    if isinstance(head, str) and normalize_id_number(head) == number:
        # The head answers for the household: its own answers are the person's too.
        own = {k: v for k, v in answers.items() if not isinstance(v, list | dict)}
        found.append(("户主", own))
    members = answers.get("members")
    for i, member in enumerate(members if isinstance(members, list) else []):
        if not isinstance(member, dict):
            continue
        idn = member.get("id_number")
        if isinstance(idn, str) and normalize_id_number(idn) == number:
            found.append((f"成员{i + 1}", dict(member)))
    return found


def build(session: Session, county: str, id_number: str, actor: str) -> SubjectReport:
    """Everything held about `id_number` in `county`; audits the run (without the number)."""
    number = checked_id_number(id_number)
    check = load_check(county)
    report = SubjectReport(generated_at=datetime.now().astimezone().isoformat(), county=county)
    names = dict(session.execute(select(User.id, User.username)).all())
    villages = dict(
        session.execute(
            select(Village.code, Village.name).where(Village.county_code == county)
        ).all()
    )

    # A text pre-filter the database can run on JSON of both dialects; each hit is then
    # confirmed field by field, so a number that is only a substring of another never counts.
    surveys = session.scalars(
        select(Survey)
        .where(Survey.county_code == county, cast(Survey.answers, String).contains(number))
        .order_by(Survey.received_at)
    ).all()
    held: list[tuple[Survey, list[tuple[str, dict[str, Any]]]]] = []
    for s in surveys:
        places = _person_in(s.answers, number)
        if places:
            held.append((s, places))
    household_ids = {s.household_id for s, _ in held}
    household_ids |= set(
        session.scalars(
            select(Household.id).where(
                Household.county_code == county, Household.head_id_number == number
            )
        )
    )
    for h in session.scalars(
        select(Household).where(Household.id.in_(household_ids)).order_by(Household.id)
    ):
        role = "户主" if normalize_id_number(h.head_id_number) == number else "成员"
        report.rows["households"].append(
            [h.id, villages.get(h.village_code, h.village_code), role, h.address, h.source]
        )
    for s, places in held:
        # One row per survey: a head is also member 1, and both say something of them.
        report.rows["surveys"].append(
            [
                s.short_key,
                s.household_id,
                villages.get(s.village_code, s.village_code),
                s.form_id,
                s.form_version,
                s.status,
                s.state or "",
                names.get(s.cadre_id, ""),
                s.device_submitted_at,
                s.received_at,
                "、".join(role for role, _ in places),
                json.dumps(dict(places), ensure_ascii=False, sort_keys=True, default=str),
            ]  # fmt: skip
        )
    keys = {s.id: s.short_key for s, _ in held}
    for r in session.scalars(
        select(Review).where(Review.survey_id.in_(keys)).order_by(Review.decided_at)
    ):
        report.rows["reviews"].append(
            [
                keys[r.survey_id],
                r.level,
                r.decision,
                names.get(r.reviewer_id, ""),
                r.decided_at,
                r.comment,
            ]  # fmt: skip
        )
    cases = session.scalars(
        select(CaseFile)
        .where(CaseFile.household_id.in_(household_ids))
        .order_by(CaseFile.opened_on)
    ).all()
    for c in cases:
        report.rows["cases"].append(
            [
                c.id,
                c.household_id,
                c.programme,
                c.step,
                c.opened_on,
                c.decision_outcome or "",
                c.category,
                c.monthly_amount or "",
                c.start_month or "",
                c.next_recheck_on,
            ]  # fmt: skip
        )
    for row, extracted_on in session.execute(
        select(RegistryRow, RegistryExtract.extracted_on)
        .join(RegistryExtract, RegistryExtract.id == RegistryRow.extract_id)
        .where(RegistryRow.county_code == county, RegistryRow.id_number == number)
        .order_by(RegistryRow.source, RegistryRow.line)
    ):
        try:
            source = check.source(row.source)
        except CheckDefinitionError:  # a source since dropped from the county's definition
            department, kind = row.source, row.kind
        else:
            department = source.department.get("zh") or row.source
            kind = source.describe(row.kind, row.on_date, row.amount, "zh")
        report.rows["registry"].append([department, kind, row.on_date, row.amount, extracted_on])

    # Looks and changes recorded against these records, by anyone.
    entity_ids = {str(i) for i in household_ids | set(keys) | {c.id for c in cases}}
    entity_ids |= {i.replace("-", "") for i in entity_ids}
    if entity_ids:
        for e in session.scalars(
            select(AuditEvent)
            .where(or_(AuditEvent.entity_id.in_(sorted(entity_ids))))
            .order_by(AuditEvent.at, AuditEvent.id)
        ):
            report.rows["access"].append(
                [
                    e.at,
                    e.action,
                    e.entity_kind,
                    e.entity_id,
                    names.get(e.user_id, "") if e.user_id else "",
                    e.device_id or "",
                ]  # fmt: skip
            )
    # The findings the check made of the person are their registry rows above, seen through
    # households; counted so the office knows the check ran on them.
    findings = len(
        session.scalars(
            select(RegistryFinding.line).where(RegistryFinding.household_id.in_(household_ids))
        ).all()
    )
    for sheet, rows in report.rows.items():
        report.rows[sheet] = [[_cell(v) for v in r] for r in rows]
    audit(
        session,
        "subject.report",
        entity_kind="county",
        entity_id=county,
        detail={
            "actor": actor,
            "counts": report.counts(),
            "findings": findings,
            "households": sorted(str(h) for h in household_ids),
        },
    )
    return report


def refuse_revealing_name(path: Path, id_number: str) -> None:
    number = normalize_id_number(id_number)
    if number and (number in path.name.upper() or number[:17] in path.name):
        raise AdminError("the output file's name holds the ID number: choose another name")


def write(report: SubjectReport, path: Path, fmt: str) -> None:
    if fmt == "json":
        doc = {"generated_at": report.generated_at, "county": report.county} | {
            k: [dict(zip(SHEETS[k], r, strict=True)) for r in rows]
            for k, rows in report.rows.items()
        }
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for key, header in SHEETS.items():
        sheet = book.create_sheet(SHEET_TITLES[key])
        sheet.append(header)
        for r in report.rows[key]:
            sheet.append(r)
    book.save(path)
