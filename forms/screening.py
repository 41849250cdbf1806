"""Screening a household survey against the standards: flags with their reasons in numbers.

`screen(answers, standards)` applies the rules of DOMAIN.md to one household's answers (raw or
cleaned: it reads amounts with `forms.money` and ages from ID numbers itself) and returns `Flag`s.
A flag is a hint for the cadre and the supervisor, never a decision, so each one says why in
figures ("人均月收入 312.50 元 < 农村低保标准 368.08 元"). Income tests compare exact yuan amounts
(total < standard × household size), never rounded per-capita figures, so a household exactly at
the standard is not below it.

Rules (thresholds come from `Standards`):
- `dibao_income`: per-capita income < the 低保 line of the household's hukou type;
- `expenditure_difficulty`: not below the line, but income minus rigid expenditure is;
- `marginal`: line ≤ per-capita income ≤ 1.5 × line;
- `tekun_candidate`: every member has no ability to work and there is no income besides transfers;
- `disability_living_subsidy`: a disabled member in a household that receives or qualifies for 低保;
- `disability_nursing_subsidy`: a member with disability grade 1 or 2;
- `left_behind_child`: under 16 with every parent in the household working away or unable to care,
  at least one away;
- `recheck_dibao_above`: receives 低保 but per-capita income > 1.5 × line;
- `possibly_missed`: below the line, but receives neither 低保 nor 特困.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from forms.errors import IdNumberError
from forms.functions import completed_years
from forms.idnumber import parse_id_number
from forms.money import ZERO, MoneyError, format_yuan, parse_yuan
from forms.standards import Standards

INCOME_FIELDS = (
    "income_wages",
    "income_farming",
    "income_property",
    "income_transfers",
    "income_other",
)
EXPENDITURE_FIELDS = ("exp_medical", "exp_education", "exp_disability_care", "exp_disaster")
DIBAO_BENEFITS = frozenset({"dibao_urban", "dibao_rural"})
TEKUN_BENEFITS = frozenset({"tekun_central", "tekun_home"})
_GRADES_ZH = {"1": "一级", "2": "二级", "3": "三级", "4": "四级"}

LABELS: dict[str, dict[str, str]] = {
    "dibao_income": {"zh": "符合低保收入条件", "en": "Meets the dibao income test"},
    "expenditure_difficulty": {"zh": "支出型困难", "en": "Expenditure-type difficulty"},
    "marginal": {"zh": "低保边缘户", "en": "Marginal household"},
    "tekun_candidate": {"zh": "疑似特困对象", "en": "Possible destitute (tekun) case"},
    "disability_living_subsidy": {"zh": "困难残疾人生活补贴", "en": "Disability living subsidy"},
    "disability_nursing_subsidy": {
        "zh": "重度残疾人护理补贴",
        "en": "Severe disability nursing subsidy",
    },
    "left_behind_child": {"zh": "留守儿童", "en": "Left-behind child"},
    "recheck_dibao_above": {
        "zh": "享受低保但收入偏高，需复核",
        "en": "Receives dibao with income above 1.5× the line: re-check",
    },
    "possibly_missed": {"zh": "疑似漏保", "en": "Possibly missed: qualifies but receives nothing"},
}


@dataclass(frozen=True)
class Flag:
    """One screening result: its code (stable, for reports), label and explanation in figures."""

    code: str
    label: str
    explanation: str
    members: tuple[int, ...] = ()  # 0-based indexes of the members the flag is about


def _amount(value: Any) -> Decimal:
    if value is None or value == "":
        return ZERO
    try:
        return parse_yuan(value)
    except MoneyError:
        return ZERO


def _choices(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset(value.split())
    if isinstance(value, list | tuple):
        return frozenset(str(v) for v in value)
    return frozenset()


def _visit_day(answers: Mapping[str, Any], today: date | None) -> date:
    visit = answers.get("visit_date")
    if isinstance(visit, date):
        return visit
    if isinstance(visit, str):
        try:
            return date.fromisoformat(visit[:10])
        except ValueError:
            pass
    return today or date.today()


def member_age(member: Mapping[str, Any], on: date) -> int | None:
    """Age in completed years on `on`, from the ID number, else from an `age` answer."""
    number = member.get("id_number")
    if isinstance(number, str):
        try:
            return completed_years(parse_id_number(number, today=on).birth_date, on)
        except IdNumberError:
            pass
    age = member.get("age")
    if isinstance(age, int) and not isinstance(age, bool):
        return age
    if isinstance(age, str) and age.isdigit():
        return int(age)
    return None


class _Text:
    """Chinese or English wording for explanations."""

    def __init__(self, lang: str) -> None:
        self.zh = lang == "zh"

    def line(self, hukou: str) -> str:
        if self.zh:
            return "城市低保标准" if hukou == "urban" else "农村低保标准"
        return "urban dibao line" if hukou == "urban" else "rural dibao line"

    def yuan(self, amount: Decimal) -> str:
        return f"{format_yuan(amount)} 元" if self.zh else f"{format_yuan(amount)} yuan"

    def member(self, index: int, member: Mapping[str, Any]) -> str:
        name = member.get("name")
        name = name if isinstance(name, str) and name.strip() else ""
        if self.zh:
            return f"第{index + 1}位成员{name}"
        return f"member {index + 1}" + (f" ({name})" if name else "")

    def join(self, parts: Sequence[str]) -> str:
        return ("、" if self.zh else ", ").join(parts)


def screen(
    answers: Mapping[str, Any], standards: Standards, lang: str = "zh", *, today: date | None = None
) -> list[Flag]:
    """The flags of one household (empty when nothing applies), in the order of the module doc."""
    t = _Text(lang)
    raw_members = answers.get("members")
    members = (
        # type() first: an ABC isinstance check per member is slow, and members are dicts
        [m for m in raw_members if type(m) is dict or isinstance(m, Mapping)]
        if isinstance(raw_members, list)
        else []
    )
    size = len(members)
    hukou = answers.get("hukou_type")
    benefits = _choices(answers.get("benefits"))
    incomes = {key: _amount(answers.get(key)) for key in INCOME_FIELDS}
    income = sum(incomes.values(), ZERO)
    expenditure = sum((_amount(answers.get(key)) for key in EXPENDITURE_FIELDS), ZERO)
    on = _visit_day(answers, today)
    flags: list[Flag] = []

    def flag(code: str, explanation: str, who: tuple[int, ...] = ()) -> None:
        label = LABELS[code]["zh" if t.zh else "en"]
        flags.append(Flag(code, label, explanation, who))

    below = False
    if size and hukou in ("urban", "rural"):
        line_year = standards.dibao_year(hukou)
        line_month = standards.dibao_month(hukou)
        household_line = line_year * size
        month = income / size / 12
        adjusted_month = (income - expenditure) / size / 12
        line_text = f"{t.line(hukou)} {t.yuan(line_month)}"
        per_capita = "人均月收入" if t.zh else "monthly income per person"
        below = income < household_line
        below_text = f"{per_capita} {t.yuan(month)} < {line_text}"
        if below:
            flag("dibao_income", below_text)
        elif income - expenditure < household_line:
            if t.zh:
                text = (
                    f"扣除刚性支出 {t.yuan(expenditure)} 后人均月收入 {t.yuan(adjusted_month)} < "
                    f"{line_text}（未扣除时 {t.yuan(month)}）"
                )
            else:
                text = (
                    f"after rigid expenditure of {t.yuan(expenditure)}, monthly income per person "
                    f"{t.yuan(adjusted_month)} < {line_text} (before: {t.yuan(month)})"
                )
            flag("expenditure_difficulty", text)
        upper = line_month * standards.marginal_multiple
        if not below and income <= household_line * standards.marginal_multiple:
            multiple = f"{standards.marginal_multiple.normalize():f}"
            if t.zh:
                text = f"{line_text} ≤ {per_capita} {t.yuan(month)} ≤ {multiple} 倍标准 {t.yuan(upper)}"
            else:
                text = f"{line_text} ≤ {per_capita} {t.yuan(month)} ≤ {multiple}× the line {t.yuan(upper)}"
            flag("marginal", text)
        receives_dibao = bool(benefits & DIBAO_BENEFITS)
        recheck = line_month * standards.recheck_multiple
        if receives_dibao and income > household_line * standards.recheck_multiple:
            multiple = f"{standards.recheck_multiple.normalize():f}"
            if t.zh:
                text = f"享受低保，{per_capita} {t.yuan(month)} > {multiple} 倍{t.line(hukou)} {t.yuan(recheck)}"
            else:
                text = f"receives dibao; {per_capita} {t.yuan(month)} > {multiple}× the {t.line(hukou)} {t.yuan(recheck)}"
            flag("recheck_dibao_above", text)
        missed_income = below
    else:
        missed_income = False
        below_text = ""

    # 特困: nobody can work and nothing is earned; transfers (pensions, help from relatives) may exist.
    if size and all(m.get("work_ability") == "none" for m in members):
        earned = income - incomes["income_transfers"]
        if earned <= 0:
            if t.zh:
                text = f"全部 {size} 名成员无劳动能力；除转移性收入外无收入来源（{t.yuan(earned)}）"
            else:
                text = f"all {size} members unable to work; no income besides transfers ({t.yuan(earned)})"
            flag("tekun_candidate", text)

    disabled = [
        (i, m)
        for i, m in enumerate(members)
        if m.get("health") == "disabled" or m.get("disability_grade")
    ]
    receives_dibao = bool(benefits & DIBAO_BENEFITS)
    if disabled and (receives_dibao or below):
        who = t.join([_disabled_text(t, i, m) for i, m in disabled])
        basis = (
            ("家庭享受低保" if receives_dibao else "家庭符合低保收入条件")
            if t.zh
            else (
                "household receives dibao"
                if receives_dibao
                else "household meets the dibao income test"
            )
        )
        flag(
            "disability_living_subsidy",
            f"{basis}；{who}" if t.zh else f"{basis}; {who}",
            tuple(i for i, _ in disabled),
        )
    severe = [(i, m) for i, m in disabled if str(m.get("disability_grade", "")) in ("1", "2")]
    if severe:
        who = t.join([_disabled_text(t, i, m) for i, m in severe])
        text = f"一、二级重度残疾：{who}" if t.zh else f"severe disability (grade 1 or 2): {who}"
        flag("disability_nursing_subsidy", text, tuple(i for i, _ in severe))

    children = _left_behind_children(members, on, standards.left_behind_child_age)
    if children:
        who = t.join(
            [
                f"{t.member(i, members[i])}（{age}岁）"
                if t.zh
                else f"{t.member(i, members[i])}, aged {age}"
                for i, age in children
            ]
        )
        if t.zh:
            text = f"{who}：未满{standards.left_behind_child_age}周岁，父母均外出务工或一方外出、另一方无监护能力"
        else:
            text = f"{who}: under {standards.left_behind_child_age}, parents working away or one away and the other unable to care"
        flag("left_behind_child", text, tuple(i for i, _ in children))

    if missed_income and not benefits & (DIBAO_BENEFITS | TEKUN_BENEFITS):
        text = (
            "符合低保收入条件，但未享受低保或特困"
            if t.zh
            else "meets the dibao income test but receives neither dibao nor tekun"
        )
        flag("possibly_missed", text)
    order = list(LABELS)
    flags.sort(key=lambda f: order.index(f.code))
    return flags


def _disabled_text(t: _Text, index: int, member: Mapping[str, Any]) -> str:
    grade = str(member.get("disability_grade") or "")
    if t.zh:
        return t.member(index, member) + (f"（{_GRADES_ZH[grade]}）" if grade in _GRADES_ZH else "")
    return t.member(index, member) + (f", grade {grade}" if grade else "")


# relation of the child -> relations of its parents in the roster
_PARENTS_OF = {"child": ("head", "spouse"), "grandchild": ("child", "child_in_law")}


def _unable(member: Mapping[str, Any]) -> bool:
    return member.get("work_ability") == "none" or member.get("health") in ("serious", "disabled")


def _left_behind_children(
    members: Sequence[Mapping[str, Any]], on: date, age_limit: int
) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for index, member in enumerate(members):
        relation = member.get("relation")
        if relation not in _PARENTS_OF:
            continue
        age = member_age(member, on)
        if age is None or age >= age_limit:
            continue
        parents = [m for m in members if m.get("relation") in _PARENTS_OF[str(relation)]]
        away = [p for p in parents if p.get("works_away") == "yes"]
        if away and all(p.get("works_away") == "yes" or _unable(p) for p in parents):
            found.append((index, age))
    return found
