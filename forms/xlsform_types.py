"""What each XLSForm question type becomes in a Doorstep form, as a table.

Types are matched after lower-casing and folding spaces and `_` (pyxform accepts `select one` and
`select_one`, `begin group` and `begin_group`). A type maps to a Doorstep type as it is, maps
with a note on what differs (a barcode is typed in, a datetime keeps the day), is left out with
a note (metadata Doorstep records itself; media it cannot capture), or is unknown, which refuses
the workbook as pyxform would.
"""

from __future__ import annotations

# XLSForm type -> Doorstep type
SAME = {
    "text": "text", "string": "text", "integer": "integer", "int": "integer",
    "decimal": "decimal", "date": "date", "note": "note", "calculate": "calculate",
    "image": "photo", "photo": "photo", "money": "money", "id_number": "id_number",
    "phone": "phone", "signature": "signature",
}  # fmt: skip

# XLSForm type -> (Doorstep type, what differs)
CHANGED = {
    "barcode": ("text", "a barcode is typed in, not scanned"),
    "datetime": ("date", "a date and time is kept as the date"),
    "time": ("text", "a time is typed as text (HH:MM)"),
    "phone number": ("phone", "checked as a Chinese mobile or landline number"),
    "phone_number": ("phone", "checked as a Chinese mobile or landline number"),
    "tel": ("phone", "checked as a Chinese mobile or landline number"),
    "range": ("decimal", "a range is typed as a number; its start, end and step are not shown"),
    "hidden": ("calculate", "a hidden value is kept as a calculation"),
}

# Metadata rows: Doorstep records who, when and on which laptop for every survey itself.
METADATA = frozenset(
    {
        "start", "end", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
        "email", "audit", "start-geopoint", "background-geopoint", "instanceid", "imei",
    }
)  # fmt: skip

# Questions whose answer Doorstep cannot capture on a laptop.
NOT_CAPTURED = frozenset(
    {
        "geopoint", "geotrace", "geoshape", "audio", "video", "file", "background-audio",
        "xml-external", "csv-external", "rank", "acknowledge",
    }
)  # fmt: skip

SELECT_ONE = ("select_one", "select one")
SELECT_MULTIPLE = ("select_multiple", "select all that apply", "select multiple")
FROM_FILE = {
    "select_one_from_file": "select_one",
    "select one from file": "select_one",
    "select_multiple_from_file": "select_multiple",
    "select multiple from file": "select_multiple",
}
EXTERNAL = ("select_one_external", "select one external", "select_multiple_external")


def control(kind: str) -> tuple[str, str] | None:
    """('begin', 'group') for 'begin group', 'Begin_Group', 'begin repeat'…; else None."""
    words = kind.lower().replace("_", " ").split()
    if len(words) == 2 and words[0] in ("begin", "end"):
        target = {"group": "group", "repeat": "repeat", "loop": "repeat", "lgroup": "repeat"}
        if words[1] in target:
            return words[0], target[words[1]]
    return None
