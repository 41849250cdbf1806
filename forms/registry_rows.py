"""One department extract's rows, checked: headings found, each row keyed by a valid ID number.

`Layout.from_headings(source, headings)` finds, for each field the source maps, the column whose
heading is one of the accepted ones (spaces and full-width forms folded); a field without a
column is named in the error, since a file missing the ID number column cannot be read at all.
`Layout.read(line, cells)` turns one row of cells (strings, numbers or dates, as a spreadsheet or
CSV reader gives them) into a `RegistryRow`, or raises `RowProblem` saying why: the ID number
normalized (`forms.idnumber.normalize_id_number`) and checksum-valid, a date in one of the ways
departments write them, an amount that is a number. The reason never repeats the ID number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.errors import IdNumberError
from forms.idnumber import check_character, normalize_id_number, parse_id_number
from forms.registry_check import Source

_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
)
_MAX_AMOUNT = Decimal("1e11")
_EARLIEST = date(1890, 1, 1)  # as forms.idnumber: nobody alive was born before


class LayoutError(ValueError):
    """The file's headings do not fit the source's column mapping."""


class RowProblem(ValueError):
    """One row cannot be taken; `reason` is a short code, the message plain words."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class RegistryRow:
    line: int
    id_number: str
    kind: str
    on_date: date | None
    amount: Decimal | None
    village_code: str | None


def _fold(text: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def _cell_text(value: Any) -> str:
    if type(value) is str and value.isascii():  # most cells: NFKC leaves ASCII as it is
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def read_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    if not text:
        return None
    if len(text) == 10 and text[4] == "-":  # the common ISO form, without a regular expression
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    for form in _DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise RowProblem("date", f"{text!r} is not a date (YYYY-MM-DD)")


def read_amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    text = _cell_text(value).replace(",", "").removesuffix("元")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise RowProblem("amount", f"{text!r} is not an amount") from None
    if not amount.is_finite() or abs(amount) >= _MAX_AMOUNT:
        raise RowProblem("amount", f"{text!r} is not an amount")
    return amount.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Layout:
    source: Source
    positions: dict[str, int]  # field -> 0-based column

    @classmethod
    def from_headings(cls, source: Source, headings: Sequence[Any]) -> Layout:
        folded = [_fold(h) for h in headings]
        positions: dict[str, int] = {}
        for name, accepted in source.columns.items():
            wanted = {_fold(a) for a in accepted}
            found = [i for i, h in enumerate(folded) if h in wanted]
            if found:
                positions[name] = found[0]
            elif name == "id_number":
                raise LayoutError(
                    f"no ID number column: the {source.name} mapping accepts "
                    + " / ".join(accepted)
                )
        return cls(source, positions)

    def missing(self) -> list[str]:
        """Mapped fields the file has no column for (they stay empty on every row)."""
        return [f for f in self.source.columns if f not in self.positions]

    def read(self, line: int, cells: Sequence[Any], today: date) -> RegistryRow:
        return RegistryRow(line, *self.values(cells, today))

    def values(
        self, cells: Sequence[Any], today: date
    ) -> tuple[str, str, date | None, Decimal | None, str | None]:
        """(ID number, kind, date, amount, village) of one row; `RowProblem` when it is bad.
        Written for a million rows: positions looked up once, plain cells taken as they are."""
        p = self.positions
        n = len(cells)

        def cell(name: str) -> Any:
            i = p.get(name)
            return cells[i] if i is not None and i < n else None

        raw_id = _cell_text(cell("id_number"))
        if not raw_id:
            raise RowProblem("id_missing", "the ID number is empty")
        number = _plain_valid(raw_id, today)
        if number is None:  # not plainly valid: the full check says what is wrong, if anything
            number = normalize_id_number(raw_id)
            try:
                parse_id_number(number, today=today)
            except IdNumberError as exc:
                raise RowProblem(f"id_{exc.reason}", f"the ID number is not valid: {exc}") from None
        village = _cell_text(cell("village_code")) or None if "village_code" in p else None
        if village is not None and not (village.isdigit() and len(village) <= 20):
            raise RowProblem("village", f"{village!r} is not a village code")
        kind = self.source.kind_of(_cell_text(cell("kind"))) if "kind" in p else "other"
        on_date = read_date(cell("on_date")) if "on_date" in p else None
        amount = read_amount(cell("amount")) if "amount" in p else None
        return number, kind, on_date, amount, village


def _plain_valid(text: str, today: date) -> str | None:
    """The number when it is plain ASCII and valid by the same rules as `parse_id_number`
    (a million-row extract is almost all such numbers, and the general path, which folds
    full-width characters first, is most of an import's time); None to take the general path."""
    if len(text) != 18 or not text.isascii() or not text[:17].isdigit() or text[0] == "0":
        return None
    number = text[:17] + text[17].upper()
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    if not _EARLIEST <= born <= today or check_character(number[:17]) != number[17]:
        return None
    return number


def is_blank(cells: Sequence[Any]) -> bool:
    if not any(cells):  # empty strings and None: decided in C
        return True
    return all(_cell_text(c) == "" for c in cells)
