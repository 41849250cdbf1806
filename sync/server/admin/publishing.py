"""Publishing a county's own form or standards: `admin publish-form` and `admin publish-standards`.

A form comes as an XLSForm workbook or a definition file (YAML/JSON); standards as JSON. Either
is checked in full before anything is written, compared with what is already published (the
report lists every question added, removed or changed, every figure changed), and refused when an
in-progress campaign would break: a new version of the form a running campaign uses may add
questions but not remove one, change its type or take a choice away (surveys of both versions sit
side by side in the ledger and the review queue), and a running campaign's standards do not change
under the surveys already screened with them. A version is a whole number that only grows; the
same version with the same content publishes nothing. `--dry-run` reports and writes nothing.
With `--campaign`, new surveys of that campaign start on the published form (a custom form
published mid-campaign); surveys already started keep the version they were started on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import audit
from ..changes.numbering import NewChange, emit
from ..models import Campaign, County, FormDefinition, StandardsRow
from .common import AdminError


@dataclass
class PublishReport:
    """What a publication did, or would do on a dry run."""

    subject: str  # "household-check version 3", "standards 421202 2026"
    published: bool  # False on a dry run, or when nothing changes
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # from the XLSForm import, row by row


class _DryRun(Exception):
    """Leaves the transaction (rolled back) with the report of what would have changed."""

    def __init__(self, report: PublishReport) -> None:
        super().__init__(report.subject)
        self.report = report


def _load_form(path: Path, version: int | None) -> tuple[Any, list[str]]:
    """The form from a workbook or definition file, with its import notes."""
    from forms.errors import FormDefinitionError
    from forms.registry import form_from_json, load_definition_file
    from forms.xlsform import import_xlsform

    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            imported = import_xlsform(path)
            form, notes = imported.form, imported.notes
        else:
            form, notes = load_definition_file(path), []
        if version is not None:
            definition = form.to_json()
            definition["version"] = version
            form = form_from_json(definition)
    except FormDefinitionError as error:
        if len(error.problems) == 1 and not error.problems[0][0]:
            raise AdminError(f"{path.name}: {error.problems[0][1]}") from None  # one line
        raise AdminError(
            f"{path.name} is refused:",
            [f"{where}: {text}" if where else text for where, text in error.problems],
        ) from None
    return form, notes


def _questions(definition: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    lists = definition.get("choices") or {}
    stack = [f for s in definition.get("sections", []) for f in s.get("fields", [])]
    while stack:
        item = stack.pop()
        spec = item.get("choices")
        options = lists.get(spec, []) if isinstance(spec, str) else spec or []
        out[str(item["name"])] = {
            "type": item.get("type"),
            "label": item.get("label"),
            "choices": {str(o.get("value")) for o in options},
        }
        stack.extend(item.get("fields", []))
    return out


def compare_forms(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(every difference, the ones that break surveys of the old version), one line each."""
    before, after = _questions(old), _questions(new)
    changes: list[str] = []
    breaking: list[str] = []
    for name in sorted(after.keys() - before.keys()):
        changes.append(f"question {name} added ({after[name]['type']})")
    for name in sorted(before.keys() - after.keys()):
        line = f"question {name} removed"
        changes.append(line)
        breaking.append(line)
    for name in sorted(before.keys() & after.keys()):
        a, b = before[name], after[name]
        if a["type"] != b["type"]:
            line = f"question {name}: type {a['type']} becomes {b['type']}"
            changes.append(line)
            breaking.append(line)
        gone = sorted(a["choices"] - b["choices"])
        if gone:
            line = f"question {name}: choice(s) {', '.join(gone)} removed"
            changes.append(line)
            breaking.append(line)
        added = sorted(b["choices"] - a["choices"])
        if added:
            changes.append(f"question {name}: choice(s) {', '.join(added)} added")
        if a["label"] != b["label"]:
            changes.append(f"question {name}: label changed")
    return changes, breaking


def _in_progress(session: Session, county: str, today: date) -> list[Campaign]:
    return list(
        session.scalars(
            select(Campaign).where(
                Campaign.county_code == county,
                Campaign.starts_on <= today,
                Campaign.ends_on >= today,
            )
        )
    )


def publish_form_file(
    session: Session,
    county: str,
    path: Path,
    *,
    version: int | None = None,
    campaign_id: uuid.UUID | None = None,
    dry_run: bool = False,
    today: date | None = None,
    actor: str = "cli",
) -> PublishReport:
    """Publish a county's form (see the module text); raises `AdminError` with every reason."""
    form, notes = _load_form(path, version)
    try:
        return _publish_form(
            session, county, form, notes, campaign_id, dry_run, today or date.today(), actor
        )
    except _DryRun as done:
        return done.report


def _publish_form(
    session: Session,
    county: str,
    form: Any,
    notes: list[str],
    campaign_id: uuid.UUID | None,
    dry_run: bool,
    day: date,
    actor: str,
) -> PublishReport:
    definition = form.to_json()
    form_id, number = form.id, form.version
    with session.begin():
        if session.get(County, county) is None:
            raise AdminError(f"unknown county {county}")
        report = PublishReport(f"{form_id} version {number}", False, notes=notes)
        existing = session.get(FormDefinition, (form_id, number))
        if existing is not None:
            if existing.definition == definition:
                report.changes.append("already published with this content: nothing changes")
                if campaign_id is None:
                    return report
            else:
                highest = session.scalar(
                    select(func.max(FormDefinition.version)).where(
                        FormDefinition.form_id == form_id
                    )
                )
                raise AdminError(
                    f"{form_id} version {number} is already published with other content: "
                    f"publish it as version {int(highest or number) + 1} (--version)"
                )
        previous = session.scalars(
            select(FormDefinition)
            .where(FormDefinition.form_id == form_id, FormDefinition.version < number)
            .order_by(FormDefinition.version.desc())
            .limit(1)
        ).first()
        newer = session.scalar(
            select(func.max(FormDefinition.version)).where(
                FormDefinition.form_id == form_id, FormDefinition.version > number
            )
        )
        if newer is not None:
            raise AdminError(
                f"{form_id} version {newer} is already published: a new version must be "
                f"higher (--version {newer + 1})"
            )
        if previous is not None and existing is None:
            changes, _breaking = compare_forms(previous.definition, definition)
            report.changes.extend(
                [f"compared with version {previous.version}:", *changes]
                if changes
                else [f"same questions as version {previous.version}"]
            )
        elif existing is None:
            report.changes.append(f"new form {form_id}")
        problems: list[str] = []
        for camp in _in_progress(session, county, day):
            if camp.form_id != form_id:
                continue
            running = session.get(FormDefinition, (camp.form_id, camp.form_version))
            if running is None:
                from forms.registry import load_form

                try:
                    running_definition = load_form(camp.form_id, camp.form_version).to_json()
                except LookupError:
                    continue
            else:
                running_definition = running.definition
            _changes, breaking = compare_forms(running_definition, definition)
            problems += [
                f"campaign {camp.year} {camp.round} (in progress until {camp.ends_on}) uses "
                f"version {camp.form_version}: {line}"
                for line in breaking
            ]
        if problems:
            raise AdminError(
                f"{form_id} version {number} would break an in-progress campaign "
                "(publish it under another form id, or after the campaign ends):",
                problems,
            )
        target = None
        if campaign_id is not None:
            target = session.get(Campaign, campaign_id)
            if target is None or target.county_code != county:
                raise AdminError(f"no campaign {campaign_id} in county {county}")
            report.changes.append(
                f"campaign {target.year} {target.round}: new surveys start on {form_id} version "
                f"{number} (was {target.form_id} version {target.form_version}); surveys already "
                "started keep theirs"
            )
        if dry_run:
            raise _DryRun(report)
        if existing is None:
            session.add(
                FormDefinition(
                    form_id=form_id, version=number, county_code=county, definition=definition
                )
            )
            session.flush()
            emit(session, [NewChange("form", f"{form_id}@{number}", county)])
        if target is not None:
            target.form_id, target.form_version = form_id, number
            session.flush()
            emit(session, [NewChange("campaign", str(target.id), county)])
        audit(
            session,
            "form.publish",
            entity_kind="form",
            entity_id=f"{form_id}@{number}",
            detail={"actor": actor, "campaign": str(campaign_id) if campaign_id else None},
        )
        report.published = True
        return report


def publish_standards_file(
    session: Session,
    county: str,
    path: Path,
    *,
    dry_run: bool = False,
    today: date | None = None,
    actor: str = "cli",
) -> PublishReport:
    """Publish a county's standards for a year from JSON (`forms.standards.Standards`)."""
    import json

    from forms.standards import Standards

    try:
        standards = Standards.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError) as error:
        raise AdminError(f"cannot read {path.name}: {error}") from None
    except json.JSONDecodeError as error:
        raise AdminError(f"{path.name} is not JSON: line {error.lineno}: {error.msg}") from None
    except (ValueError, TypeError, AttributeError) as error:
        raise AdminError(f"{path.name} is refused: {error}") from None
    if standards.county_code != county:
        raise AdminError(
            f"{path.name} holds the standards of {standards.county_code}, not {county}"
        )
    try:
        return _publish_standards(session, county, standards, dry_run, today or date.today(), actor)
    except _DryRun as done:
        return done.report


def _publish_standards(
    session: Session, county: str, standards: Any, dry_run: bool, day: date, actor: str
) -> PublishReport:
    data = standards.to_json()
    year = standards.year
    with session.begin():
        if session.get(County, county) is None:
            raise AdminError(f"unknown county {county}")
        report = PublishReport(f"standards {county} {year}", False)
        row = session.get(StandardsRow, (county, year))
        if row is not None and row.data == data:
            report.changes.append("already published with these figures: nothing changes")
            return report
        if row is None:
            report.changes.append(f"new standards for {year}")
        else:
            for key in sorted((set(data) | set(row.data)) - {"county_code", "year"}):
                if data.get(key) != row.data.get(key):
                    report.changes.append(f"{key}: {row.data.get(key)} becomes {data.get(key)}")
            running = [c for c in _in_progress(session, county, day) if c.year == year]
            if running:
                camp = running[0]
                raise AdminError(
                    f"the {year} {camp.round} campaign is in progress until {camp.ends_on}: "
                    "surveys already screened with the published figures would disagree with "
                    "new ones; publish after it ends",
                    report.changes,
                )
        if dry_run:
            raise _DryRun(report)
        if row is None:
            session.add(StandardsRow(county_code=county, year=year, data=data))
        else:
            row.data = data
        session.flush()
        emit(session, [NewChange("standards", f"{county}@{year}", county)])
        audit(
            session,
            "standards.publish",
            entity_kind="standards",
            entity_id=f"{county}@{year}",
            detail={"actor": actor},
        )
        report.published = True
        return report
