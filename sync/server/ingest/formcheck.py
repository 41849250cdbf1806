"""The one place the server calls the form engine: validate, compute and screen a survey.

Forms are looked up by (id, version) among the definitions published on this server first,
then among the forms bundled with the engine; a loaded form is immutable and cached.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from sync.protocol import Problem

from ..models import FormDefinition, StandardsRow

_cache: dict[tuple[str, int], Any] = {}
_lock = threading.Lock()


class UnknownForm(LookupError):
    pass


def get_form(session: Session, form_id: str, version: int) -> Any:
    key = (form_id, version)
    form = _cache.get(key)
    if form is not None:
        return form
    row = session.get(FormDefinition, key)
    try:
        if row is not None:
            from forms.registry import form_from_json

            form = form_from_json(row.definition)
        else:
            from forms.registry import load_form

            form = load_form(form_id, version)
    except Exception as exc:
        raise UnknownForm(f"form {form_id} version {version} is not known to the server") from exc
    with _lock:
        _cache[key] = form
    return form


def get_standards(session: Session, county: str, year: int) -> Any:
    row = session.get(StandardsRow, (county, year))
    try:
        from forms.standards import Standards, load_standards

        if row is not None:
            return Standards.from_json(row.data)
        return load_standards(county, year)
    except Exception:
        return None


@dataclass
class SurveyCheck:
    problems: list[Problem] = field(default_factory=list)
    computed: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


def check_survey(
    session: Session,
    form_id: str,
    version: int,
    answers: dict[str, Any],
    county: str,
    year: int,
    complete: bool,
    standards_cache: dict[tuple[str, int], Any] | None = None,
) -> SurveyCheck:
    """Validate, clean and screen in one evaluation of the form (`Form.review`)."""
    form = get_form(session, form_id, version)
    cache = standards_cache if standards_cache is not None else {}
    if (county, year) not in cache:
        cache[(county, year)] = get_standards(session, county, year)
    standards = cache[(county, year)]
    out = SurveyCheck()
    try:
        review = form.review(answers, standards, lang="en")
    except Exception:
        if complete:
            raise
        return out  # a draft may be too incomplete to evaluate; it is stored as sent
    if complete:
        out.problems = [
            Problem(path=str(p.path), code=str(p.code), message=str(p.message))
            for p in review.problems
        ]
        if out.problems:
            return out
        out.flags = sorted({f.code for f in review.flags})
    out.computed = {
        name: review.answers[name] for name in _calculated(form) if name in review.answers
    }
    return out


_calculated_names: dict[tuple[str, int], list[str]] = {}


def _calculated(form: Any) -> list[str]:
    """The form's top-level calculations: what the ledger and reports read without evaluating."""
    key = (str(form.id), int(form.version))
    names = _calculated_names.get(key)
    if names is None:
        names = [f.name for f in form.fields if f.type == "calculate" and f.repeat is None]
        _calculated_names[key] = names
    return names


def survey_year(answers: dict[str, Any], fallback: int) -> int:
    raw = answers.get("visit_date")
    if isinstance(raw, str) and len(raw) >= 4 and raw[:4].isdigit():
        return int(raw[:4])
    if isinstance(raw, date):
        return raw.year
    return fallback
