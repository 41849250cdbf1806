"""Reading the spreadsheets county IT brings: CSV (UTF-8, with or without BOM) or xlsx.

Rows come back as dicts keyed by lower-cased header, each with its spreadsheet row number
(the header is row 1), so every complaint can name the row a person should fix.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]

    def get(self, key: str) -> str:
        return self.values.get(key, "").strip()


class TableError(ValueError):
    pass


def read_table(path: Path) -> list[Row]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            rows = list(reader)
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = [
                ["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)
            ]
        finally:
            wb.close()
    else:
        raise TableError(f"{path.name}: expected a .csv or .xlsx file")
    if not rows:
        raise TableError(f"{path.name}: the file is empty")
    header = [h.strip().lower() for h in rows[0]]
    out = []
    for i, raw in enumerate(rows[1:], start=2):
        if not any(str(c).strip() for c in raw):
            continue
        out.append(Row(i, {header[j]: str(raw[j]) for j in range(min(len(header), len(raw)))}))
    return out


def require_columns(path: Path, rows: list[Row], columns: list[str]) -> None:
    if not rows:
        return
    missing = [c for c in columns if c not in rows[0].values]
    if missing:
        raise TableError(f"{path.name}: missing column(s) {', '.join(missing)}")
