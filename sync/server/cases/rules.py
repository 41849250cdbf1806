"""A county's case rules on the server: the newest published version, else the bundled one.

Publishing (`doorstep-server admin case-rules`) stores a new version beside the old ones and
puts it on the feed; a dry run reports what would change and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.caserules import CaseRules, CaseRulesError, load_case_rules, read_case_rules

from ..audit import audit
from ..changes.numbering import NewChange, emit
from ..models import CaseRulesRow, County


class RulesError(ValueError):
    """The rules cannot be published or found; the message says why."""


def rules_for(session: Session, county: str) -> CaseRules:
    row = session.scalars(
        select(CaseRulesRow)
        .where(CaseRulesRow.county_code == county)
        .order_by(CaseRulesRow.version.desc())
        .limit(1)
    ).first()
    if row is not None:
        return CaseRules.from_json(row.data)
    bundled = load_case_rules(county)
    if bundled is None:
        raise RulesError(f"no case rules for county {county}")
    return bundled


@dataclass
class RulesReport:
    subject: str
    published: bool = False
    changes: list[str] = field(default_factory=list)


def _describe(old: CaseRules | None, new: CaseRules) -> list[str]:
    if old is None:
        return [f"first case rules for the county: {', '.join(new.programmes)}"]
    lines: list[str] = []
    if old.stuck_days != new.stuck_days:
        lines.append(f"stuck after {old.stuck_days} days becomes {new.stuck_days}")
    for code in sorted(set(old.programmes) | set(new.programmes)):
        a, b = old.programme(code), new.programme(code)
        if a is None:
            lines.append(f"{code}: new programme")
            continue
        if b is None:
            lines.append(f"{code}: no longer run as cases")
            continue
        for key, before in a.to_json().items():
            after = b.to_json()[key]
            if before != after:
                lines.append(f"{code}.{key}: {before} becomes {after}")
    return lines or ["nothing changes"]


def publish_rules_file(
    session: Session, county: str, path: Path, *, dry_run: bool = False, actor: str = "cli"
) -> RulesReport:
    try:
        rules = read_case_rules(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(f"cannot read {path.name}: {error}") from None
    except CaseRulesError as error:
        raise RulesError(f"{path.name} is refused: {error}") from None
    if rules.county_code != county:
        raise RulesError(f"{path.name} holds the rules of {rules.county_code}, not {county}")
    with session.begin():
        if session.get(County, county) is None:
            raise RulesError(f"unknown county {county}")
        try:
            old: CaseRules | None = rules_for(session, county)  # published, else bundled
        except RulesError:
            old = None
        report = RulesReport(f"case rules {county} version {rules.version}")
        if old is not None and rules.version <= old.version:
            raise RulesError(
                f"version {rules.version} is not newer than the version in force ({old.version})"
            )
        report.changes = _describe(old, rules)
        if dry_run:
            return report  # nothing was added: the transaction commits no change
        session.add(
            CaseRulesRow(
                county_code=county, version=rules.version, data=rules.to_json(), published_by=actor
            )
        )
        session.flush()
        emit(session, [NewChange("case_rules", f"{county}@{rules.version}", county)])
        audit(
            session,
            "case_rules.publish",
            entity_kind="case_rules",
            entity_id=f"{county}@{rules.version}",
            detail={"actor": actor, "changes": report.changes},
        )
        report.published = True
        return report
