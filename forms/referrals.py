"""Which department owns each need the survey records, so every need becomes a referral.

The city's "one window accepts, departments handle together" means a need for a job goes to 人社,
schooling aid to 教育, and so on. `DEPARTMENT_OF_NEED` maps the `needs` choice values of the
household survey to a department code; `DEPARTMENTS` names the departments in Chinese and English.
The server's referral lists and the desktop's summary read both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Department:
    code: str
    zh: str
    en: str

    def name(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


DEPARTMENTS: dict[str, Department] = {
    d.code: d
    for d in (
        Department("hrss", "人社", "Human Resources and Social Security"),
        Department("education", "教育", "Education"),
        Department("health", "卫健", "Health"),
        Department("housing", "住建", "Housing and Urban-Rural Development"),
        Department("disability", "残联", "Disabled Persons' Federation"),
        Department("justice", "司法", "Justice (legal aid)"),
        Department("civil_affairs", "民政", "Civil Affairs"),
    )
}

# need (choice value of `needs`) -> department code
DEPARTMENT_OF_NEED: dict[str, str] = {
    "jobs": "hrss",
    "training": "hrss",
    "schooling_aid": "education",
    "medical_aid": "health",
    "housing_repair": "housing",
    "psych_care": "civil_affairs",
    "daily_care": "civil_affairs",
    "legal_aid": "justice",
    "other": "civil_affairs",
}


def referrals(needs: Iterable[str], *, disabled_member: bool = False) -> dict[str, list[str]]:
    """Group a household's needs by department code: {"hrss": ["jobs", "training"], …}.

    Daily care for a household with a disabled member goes to 残联, which runs care and
    rehabilitation for disabled people; otherwise to 民政.
    """
    out: dict[str, list[str]] = {}
    for need in needs:
        department = DEPARTMENT_OF_NEED.get(need)
        if need == "daily_care" and disabled_member:
            department = "disability"
        if department is not None:
            out.setdefault(department, []).append(need)
    return out
