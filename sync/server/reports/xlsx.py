"""Writing spreadsheets safely: every text cell that a spreadsheet would run as a formula
(`=`, `+`, `-`, `@`, tab, carriage return at the start) is prefixed with a quote."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS_START):
        return "'" + value
    return value


def workbook_bytes(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], banner: str = ""
) -> bytes:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        if banner:
            ws.append([banner])
        ws.append(list(header))
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
