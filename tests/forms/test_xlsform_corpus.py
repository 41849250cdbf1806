"""The XLSForm corpus, table-driven: every workbook imports with exactly its itemized notes and
in its own languages, its sample answers validate, its wrong answers give exactly the expected
problems; every broken workbook is refused with exactly its reasons, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    for answers, expected in book.invalid:
        assert [(p.path, p.code) for p in form.validate(answers, "en")] == expected
    if book.cascade is not None:
        values, child, offered = book.cascade
        assert len(form.field(child).choices_for(values)) == offered
        assert len(form.field(child).choices) > offered


@pytest.mark.parametrize("book", BROKEN, ids=lambda b: b.name)
def test_a_broken_workbook_is_refused_with_every_reason(book: Broken, tmp_path: Path) -> None:
    with pytest.raises(XlsFormRefused) as refused:
        import_xlsform(write(book, tmp_path))
    assert refused.value.problems == book.refused
