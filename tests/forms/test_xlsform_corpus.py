"""The XLSForm corpus, table-driven: every workbook imports with exactly its itemized notes and
in its own languages, its sample answers validate, its wrong answers give exactly the expected
problems; every broken workbook is refused with exactly its reasons, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forms.form import Form
from forms.xlsform import XlsFormRefused, import_xlsform
from tests.forms.xlsform_corpus import BOOKS, BROKEN, Book, Broken, write


def test_the_corpus_covers_every_family() -> None:
    assert len(BOOKS) >= 25
    village = next(b for b in BOOKS if b.name == "village_picker")
    assert village.choices is not None
    assert sum(1 for row in village.choices if row[0] == "village") >= 1000


@pytest.mark.parametrize("book", BOOKS, ids=lambda b: b.name)
def test_a_workbook_imports_and_its_answers_validate(book: Book, tmp_path: Path) -> None:
    imported = import_xlsform(write(book, tmp_path))
    assert imported.notes == book.notes
    form = imported.form
    if book.languages is not None:
        assert list(form.languages) == book.languages
    if book.label is not None:
        name, text = book.label
        assert form.field(name).label(form.default_language) == text
    for answers in book.valid:
        assert form.validate(answers, "en") == []
        assert form.validate(answers, "zh") == []
        # once(): what a device kept on an earlier day stays, whatever day it is checked.
        clean = form.clean(answers, today=date(2030, 1, 1))
        assert [(path, given) for path, given, _ in _kept(form, answers, clean)] == [
            (path, kept) for path, _, kept in _kept(form, answers, clean)
        ]
    for answers, expected in book.invalid:
        assert [(p.path, p.code) for p in form.validate(answers, "en")] == expected
    if book.cascade is not None:
        values, child, offered = book.cascade
        assert len(form.field(child).choices_for(values)) == offered
        assert len(form.field(child).choices) > offered


def _kept(
    form: Form, given: Mapping[str, Any], clean: Mapping[str, Any], prefix: str = ""
) -> Iterator[tuple[str, Any, Any]]:
    """(path, value given, value after cleaning) of every once() calculation the answers hold."""
    for name, value in given.items():
        field = form.field(name)
        if field.keeps_value:
            yield f"{prefix}{name}", value, clean.get(name)
        elif field.type == "repeat" and isinstance(value, list):
            rows = clean.get(name) or []
            for index, row in enumerate(value):
                out = rows[index] if index < len(rows) else {}
                yield from _kept(form, row, out, f"{prefix}{name}[{index}].")


def test_the_once_workbook_keeps_the_values_its_answers_carry(tmp_path: Path) -> None:
    book = next(b for b in BOOKS if b.name == "functions_once")
    form = import_xlsform(write(book, tmp_path)).form
    answers = book.valid[0]
    clean = form.clean(answers, today=date(2030, 1, 1))
    assert [(path, kept) for path, _, kept in _kept(form, answers, clean)] == [
        ("started", "2026-01-05"),
        ("first_visits", "2"),
        ("consent_day", "2026-01-06"),
        ("log[0].logged", "2026-01-05"),
    ]
    assert clean["log"][1]["logged"] == "2030-01-01"  # a row kept nothing yet: it takes today
    assert form.clean({**answers, "visits": 9}, today=date(2030, 1, 1))["first_visits"] == "2"


@pytest.mark.parametrize("book", BROKEN, ids=lambda b: b.name)
def test_a_broken_workbook_is_refused_with_every_reason(book: Broken, tmp_path: Path) -> None:
    with pytest.raises(XlsFormRefused) as refused:
        import_xlsform(write(book, tmp_path))
    assert refused.value.problems == book.refused
