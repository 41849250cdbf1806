"""The economic-status check (家庭经济状况核对) as data: department sources and the flag rules.

A county's check is one versioned definition file, `registry-<county>-v<version>.json`, beside
the screening standards: for each source (vehicles 公安车管, real estate 不动产登记, business
registration 市场监管, social insurance 人社, the public payroll 财政供养, deaths and hukou
moves 公安, other assistance paid 残联/优抚/临时救助) the column headings the department's
extract uses for each field the check reads, how the department's words for a kind map to the
check's kinds, and how a finding is put in words; then the rules that turn findings into flags,
and how long an extract may be kept. `load_check(county)` finds the newest definition of a
county, falling back to its prefecture, like `forms.standards.load_standards`.

Nothing here reads files of departments or touches a database: `registry_rows` turns one row of
cells into a checked row, and the server does the rest in SQL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal

from forms.bundled_files import newest_for
from forms.errors import FormsError

_FILE = re.compile(r"registry-(?P<county>[0-9]{6})-v(?P<version>[0-9]+)\.json")
FIELDS = ("id_number", "kind", "on_date", "amount", "village_code")
RuleTest = Literal["any", "count_above", "amount_above_declared", "not_declared_choice"]
TESTS: tuple[str, ...] = ("any", "count_above", "amount_above_declared", "not_declared_choice")
# The answers of the household survey the rules and the findings compare with.
DECLARED_FIELDS = ("vehicles", "housing", "has_business", "income_transfers", "benefits")


class CheckDefinitionError(FormsError, ValueError):
    """A check definition is not usable; the message names the key."""


@dataclass(frozen=True)
class Source:
    """One department's extract: its columns, kinds and wording."""

    name: str
    department: Mapping[str, str]
    columns: Mapping[str, tuple[str, ...]]  # field -> accepted headings
    kinds: Mapping[str, str]  # the department's word -> the check's kind
    kind_labels: Mapping[str, Mapping[str, str]]
    says: Mapping[str, str]  # templates with {kind} {year} {date} {amount}
    survey_field: str = ""

    def kind_of(self, word: str) -> str:
        """The check's kind for the department's word; `other` for a word not in the map."""
        text = word.strip()
        if not text:
            return "other"
        if text in self.kinds:
            return self.kinds[text]
        return text if text in self.kind_labels else "other"

    def kind_label(self, kind: str, lang: str) -> str:
        labels = self.kind_labels.get(kind) or self.kind_labels.get("other") or {}
        return labels.get(lang) or labels.get("zh") or kind

    def describe(self, kind: str, on_date: date | None, amount: Decimal | None, lang: str) -> str:
        """What a row says, in words ("a car registered in 2021"), never the row itself."""
        return fill(
            self.says.get(lang) or self.says.get("zh", ""),
            kind=self.kind_label(kind, lang),
            on_date=on_date,
            amount=amount,
            lang=lang,
        )


@dataclass(frozen=True)
class Rule:
    """A flag from findings: `test` over one source's findings of a household."""

    code: str
    source: str
    test: RuleTest
    label: Mapping[str, str]
    task: Mapping[str, str]
    kinds: tuple[str, ...] = ()  # empty: every kind
    threshold: int = 0
    unless_declared: tuple[str, str] | None = None  # (answer, choice) that explains it away
    declared_field: str = ""
    months: int = 12


@dataclass(frozen=True)
class CheckDefinition:
    county_code: str
    version: int
    retention_days: int
    sources: Mapping[str, Source]
    rules: tuple[Rule, ...]
    name: Mapping[str, str] = field(default_factory=dict)

    def source(self, name: str) -> Source:
        try:
            return self.sources[name]
        except KeyError:
            raise CheckDefinitionError(
                f"unknown source {name!r}; this county's sources are {', '.join(self.sources)}"
            ) from None

    def rules_for(self, source: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.source == source)

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)


def fill(
    template: str,
    *,
    kind: str = "",
    on_date: date | None = None,
    amount: Decimal | None = None,
    count: int | None = None,
    lang: str = "zh",
) -> str:
    unknown = "不详" if lang == "zh" else "unknown"
    values = {
        "kind": kind,
        "year": str(on_date.year) if on_date else unknown,
        "date": on_date.isoformat() if on_date else unknown,
        "amount": _plain(amount) if amount is not None else unknown,
        "count": str(count) if count is not None else unknown,
    }
    return template.format_map(values)


def _plain(amount: Decimal) -> str:
    text = f"{amount.quantize(Decimal('0.01'))}"
    return text[:-3] if text.endswith(".00") else text


def _texts(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value.get("zh") or not value.get("en"):
        raise CheckDefinitionError(f"{where}: needs zh and en text")
    return {str(k): str(v) for k, v in value.items()}


def _source(name: str, data: Any) -> Source:
    where = f"sources.{name}"
    if not isinstance(data, Mapping):
        raise CheckDefinitionError(f"{where}: is an object")
    columns_raw = data.get("columns")
    if not isinstance(columns_raw, Mapping) or "id_number" not in columns_raw:
        raise CheckDefinitionError(f"{where}.columns: must map id_number to its headings")
    columns: dict[str, tuple[str, ...]] = {}
    for key, heads in columns_raw.items():
        if key not in FIELDS:
            raise CheckDefinitionError(f"{where}.columns.{key}: not one of {', '.join(FIELDS)}")
        if isinstance(heads, str):
            heads = [heads]
        if not isinstance(heads, list) or not heads or not all(isinstance(h, str) for h in heads):
            raise CheckDefinitionError(f"{where}.columns.{key}: a list of headings")
        columns[key] = tuple(h.strip() for h in heads)
    kinds = data.get("kinds") or {}
    labels = data.get("kind_labels") or {}
    if not isinstance(kinds, Mapping) or not isinstance(labels, Mapping):
        raise CheckDefinitionError(f"{where}: kinds and kind_labels are objects")
    for word, kind in kinds.items():
        if kind not in labels:
            raise CheckDefinitionError(f"{where}.kinds.{word}: {kind!r} has no kind_labels entry")
    return Source(
        name=name,
        department=_texts(data.get("department"), f"{where}.department"),
        columns=columns,
        kinds={str(k).strip(): str(v) for k, v in kinds.items()},
        kind_labels={str(k): _texts(v, f"{where}.kind_labels.{k}") for k, v in labels.items()},
        says=_texts(data.get("says"), f"{where}.says"),
        survey_field=str(data.get("survey_field") or ""),
    )


def _rule(i: int, data: Any, sources: Mapping[str, Source]) -> Rule:
    where = f"rules[{i}]"
    if not isinstance(data, Mapping):
        raise CheckDefinitionError(f"{where}: is an object")
    code, source, test = data.get("code"), data.get("source"), data.get("test")
    if not isinstance(code, str) or not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", code):
        raise CheckDefinitionError(f"{where}.code: lower-case letters, digits and _")
    if source not in sources:
        raise CheckDefinitionError(f"{where}.source: {source!r} is not a declared source")
    if test not in TESTS:
        raise CheckDefinitionError(f"{where}.test: one of {', '.join(TESTS)}")
    unless = data.get("unless_declared")
    unless_pair: tuple[str, str] | None = None
    if unless is not None:
        if not isinstance(unless, Mapping) or unless.get("field") not in DECLARED_FIELDS:
            raise CheckDefinitionError(f"{where}.unless_declared: a field and a value")
        unless_pair = (str(unless["field"]), str(unless.get("value", "")))
    declared = str(data.get("declared_field") or "")
    if test in ("amount_above_declared", "not_declared_choice") and declared not in (
        DECLARED_FIELDS
    ):
        raise CheckDefinitionError(f"{where}.declared_field: one of {', '.join(DECLARED_FIELDS)}")
    threshold = data.get("threshold", 0)
    months = data.get("months", 12)
    if not isinstance(threshold, int) or not isinstance(months, int) or months < 1:
        raise CheckDefinitionError(f"{where}: threshold and months are whole numbers")
    kinds = data.get("kinds") or []
    return Rule(
        code=code,
        source=str(source),
        test=test,
        label=_texts(data.get("label"), f"{where}.label"),
        task=_texts(data.get("task"), f"{where}.task"),
        kinds=tuple(str(k) for k in kinds),
        threshold=threshold,
        unless_declared=unless_pair,
        declared_field=declared,
        months=months,
    )


def check_from_json(data: Mapping[str, Any]) -> CheckDefinition:
    """Read a definition; `CheckDefinitionError` naming the key when something is wrong."""
    county = data.get("county_code")
    if not isinstance(county, str) or not re.fullmatch(r"[0-9]{6}", county):
        raise CheckDefinitionError("county_code: a six-digit division code")
    version = data.get("version")
    retention = data.get("retention_days")
    if not isinstance(version, int) or version < 1:
        raise CheckDefinitionError("version: a whole number from 1")
    if not isinstance(retention, int) or retention < 1:
        raise CheckDefinitionError("retention_days: a whole number of days from 1")
    raw_sources = data.get("sources")
    if not isinstance(raw_sources, Mapping) or not raw_sources:
        raise CheckDefinitionError("sources: at least one source")
    sources = {str(n): _source(str(n), s) for n, s in raw_sources.items()}
    raw_rules = data.get("rules") or []
    if not isinstance(raw_rules, list):
        raise CheckDefinitionError("rules: a list")
    rules = tuple(_rule(i, r, sources) for i, r in enumerate(raw_rules))
    codes = [r.code for r in rules]
    if len(set(codes)) != len(codes):
        raise CheckDefinitionError("rules: a code is used twice")
    name = data.get("name") or {}
    return CheckDefinition(
        county_code=county,
        version=version,
        retention_days=retention,
        sources=sources,
        rules=rules,
        name={str(k): str(v) for k, v in name.items()} if isinstance(name, Mapping) else {},
    )


@lru_cache(maxsize=64)  # bundled files do not change while a process runs
def load_check(county_code: str, version: int | None = None) -> CheckDefinition:
    """The newest bundled definition (or `version`) for a county, else for its prefecture."""
    found = newest_for(_FILE, county_code, version)
    if found is not None:
        return check_from_json(json.loads(found[1]))
    raise CheckDefinitionError(f"no economic-status check definition for county {county_code}")
