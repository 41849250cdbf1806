"""Administration use cases, shared by `doorstep-server admin …` and the tests.

Every function takes a session, validates everything before it writes anything (a file with a
bad row imports nothing), records an audit event and publishes changes for the feed. Error
messages name row numbers and columns, never the personal data in them.
"""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..audit import audit
from ..changes.numbering import NewChange, emit
from ..deps import hash_token
from ..models import (
    Assignment,
    Campaign,
    County,
    Device,
    EnrollmentCode,
    FormDefinition,
    Household,
    ServerMeta,
    StandardsRow,
    Township,
    User,
    UserScope,
    Village,
    utcnow,
)
from .tables import Row, TableError, read_table, require_columns

ROLES = ("cadre", "supervisor", "county_admin")
ROUNDS = ("start", "mid", "end")
# The benefit categories of the household survey (its `benefits` choice list).
CATEGORIES = frozenset(
    {
        "dibao_urban",
        "dibao_rural",
        "tekun_central",
        "tekun_home",
        "orphan",
        "unsupported_child",
        "veteran",
        "left_behind",
        "registered_poor",
        "disability_living",
        "disability_nursing",
        "disaster",
        "temporary",
        "medical",
    }
)


class AdminError(ValueError):
    """A refusal with the list of problems (row numbers and what is wrong)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        return "\n".join([self.args[0], *(f"  {p}" for p in self.problems)])


# --- divisions ----------------------------------------------------------------------------------


def create_county(
    session: Session,
    code: str,
    name: str,
    townships_file: Path,
    villages_file: Path,
    actor: str = "cli",
) -> tuple[int, int]:
    """Create a county with its townships and villages; returns (townships, villages)."""
    try:
        towns = read_table(townships_file)
        require_columns(townships_file, towns, ["code", "name"])
        vills = read_table(villages_file)
        require_columns(villages_file, vills, ["code", "name", "township_code"])
    except TableError as exc:
        raise AdminError(str(exc)) from exc
    problems: list[str] = []
    town_codes: set[str] = set()
    for r in towns:
        tc = r.get("code")
        if not tc.isdigit():
            problems.append(f"{townships_file.name} row {r.number}: code must be digits")
        if not r.get("name"):
            problems.append(f"{townships_file.name} row {r.number}: name is empty")
        if r.get("county_code") and r.get("county_code") != code:
            continue  # a city-wide file: keep only this county's townships
        if tc in town_codes:
            problems.append(f"{townships_file.name} row {r.number}: code appears twice")
        town_codes.add(tc)
    village_rows: list[Row] = []
    seen: set[str] = set()
    for r in vills:
        vc = r.get("code")
        if not vc.isdigit():
            problems.append(f"{villages_file.name} row {r.number}: code must be digits")
        if not r.get("name"):
            problems.append(f"{villages_file.name} row {r.number}: name is empty")
        if r.get("township_code") not in town_codes:
            problems.append(f"{villages_file.name} row {r.number}: unknown township_code")
        if vc in seen:
            problems.append(f"{villages_file.name} row {r.number}: code appears twice")
        seen.add(vc)
        village_rows.append(r)
    with session.begin():
        if session.get(County, code) is not None:
            problems.append(f"county {code} already exists")
        if problems:
            raise AdminError("Nothing was imported:", problems)
        session.add(County(code=code, name=name))
        session.flush()
        session.add_all(
            Township(code=r.get("code"), county_code=code, name=r.get("name"))
            for r in towns
            if r.get("code") in town_codes
        )
        session.flush()
        session.add_all(
            Village(
                code=r.get("code"),
                township_code=r.get("township_code"),
                county_code=code,
                name=r.get("name"),
            )
            for r in village_rows
        )
        audit(
            session,
            "county.create",
            entity_kind="county",
            entity_id=code,
            detail={"actor": actor, "townships": len(town_codes), "villages": len(village_rows)},
        )
        emit(session, [NewChange("county", code, code)])
    return len(town_codes), len(village_rows)


def division_level(session: Session, code: str) -> tuple[str, str] | None:
    """('village'|'township'|'county', county code) for a division code, or None."""
    if (v := session.get(Village, code)) is not None:
        return "village", v.county_code
    if (t := session.get(Township, code)) is not None:
        return "township", t.county_code
    if session.get(County, code) is not None:
        return "county", code
    return None


# --- users and devices --------------------------------------------------------------------------


def create_user(
    session: Session,
    username: str,
    role: str,
    county: str,
    scope: list[str],
    display_name: str = "",
    actor: str = "cli",
) -> uuid.UUID:
    if role not in ROLES:
        raise AdminError(f"role must be one of {', '.join(ROLES)}")
    if not scope:
        raise AdminError("give at least one division code as the user's scope")
    with session.begin():
        if session.get(County, county) is None:
            raise AdminError(f"unknown county {county}")
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            raise AdminError(f"user {username} already exists")
        levels = []
        for code in scope:
            found = division_level(session, code)
            if found is None or found[1] != county:
                raise AdminError(f"{code} is not a division of county {county}")
            levels.append((found[0], code))
        kinds = {lvl for lvl, _ in levels}
        allowed = {
            "cadre": {"village"},
            "supervisor": {"township", "county"},
            "county_admin": {"county"},
        }[role]
        if not kinds <= allowed:
            raise AdminError(f"a {role}'s scope must be {' or '.join(sorted(allowed))} codes")
        user = User(username=username, role=role, county_code=county, display_name=display_name)
        session.add(user)
        session.flush()
        session.add_all(UserScope(user_id=user.id, level=lvl, code=c) for lvl, c in levels)
        audit(
            session,
            "user.create",
            entity_kind="user",
            entity_id=user.id,
            detail={"actor": actor, "role": role, "scope": scope},
        )
        return user.id


def _user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AdminError(f"no user named {username}")
    return user


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read over the phone


def normalize_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def create_enrollment_code(
    session: Session, username: str, hours: float = 72, actor: str = "cli"
) -> tuple[str, datetime]:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    shown = "-".join(raw[i : i + 4] for i in range(0, 12, 4))
    expires = utcnow() + timedelta(hours=hours)
    with session.begin():
        user = _user_by_name(session, username)
        session.add(EnrollmentCode(code_hash=hash_token(raw), user_id=user.id, expires_at=expires))
        audit(
            session,
            "enrollment_code.create",
            entity_kind="user",
            entity_id=user.id,
            detail={"actor": actor, "expires_at": expires.isoformat()},
        )
    return shown, expires


def revoke_device(session: Session, device_id: uuid.UUID, actor: str = "cli") -> None:
    with session.begin():
        device = session.get(Device, device_id, with_for_update=True)
        if device is None:
            raise AdminError(f"no device {device_id}")
        if device.revoked_at is None:
            device.revoked_at = utcnow()
        user = session.get(User, device.user_id)
        assert user is not None
        audit(
            session,
            "device.revoke",
            entity_kind="device",
            entity_id=device_id,
            detail={"actor": actor},
        )
        emit(session, [NewChange("revocation", str(device_id), user.county_code)])


def list_devices(session: Session) -> list[dict[str, Any]]:
    with session.begin():
        rows = session.execute(
            select(Device, User.username).join(User, User.id == Device.user_id)
        ).all()
        return [
            {
                "device_id": str(d.id),
                "user": name,
                "label": d.label,
                "enrolled_at": d.enrolled_at.isoformat(),
                "revoked": d.revoked_at is not None,
            }
            for d, name in rows
        ]


# --- campaigns, forms, standards ------------------------------------------------------------------


def publish_form(session: Session, county: str, definition: dict[str, Any]) -> tuple[str, int]:
    from forms.registry import form_from_json

    form = form_from_json(definition)  # refuses a broken definition before anything is stored
    clean = form.to_json()
    form_id, version = str(clean["id"]), int(clean["version"])
    if session.get(FormDefinition, (form_id, version)) is None:
        session.add(
            FormDefinition(form_id=form_id, version=version, county_code=county, definition=clean)
        )
        session.flush()
        emit(session, [NewChange("form", f"{form_id}@{version}", county)])
    return form_id, version


def create_campaign(
    session: Session,
    county: str,
    year: int,
    round_: str,
    starts_on: date,
    ends_on: date | None = None,
    form_id: str = "household-survey",
    form_version: int = 1,
    actor: str = "cli",
) -> uuid.UUID:
    if round_ not in ROUNDS:
        raise AdminError(f"round must be one of {', '.join(ROUNDS)}")
    ends_on = ends_on or starts_on + timedelta(days=20)
    if ends_on < starts_on:
        raise AdminError("the campaign ends before it starts")
    from forms.registry import load_form

    try:
        form = load_form(form_id, form_version)
    except Exception as exc:
        raise AdminError(f"unknown form {form_id} version {form_version}") from exc
    with session.begin():
        if session.get(County, county) is None:
            raise AdminError(f"unknown county {county}")
        publish_form(session, county, form.to_json())
        ensure_standards(session, county, year)
        camp = Campaign(
            county_code=county,
            year=year,
            round=round_,
            starts_on=starts_on,
            ends_on=ends_on,
            form_id=form_id,
            form_version=form_version,
        )
        session.add(camp)
        session.flush()
        audit(
            session,
            "campaign.create",
            entity_kind="campaign",
            entity_id=camp.id,
            detail={"actor": actor, "year": year, "round": round_},
        )
        emit(session, [NewChange("campaign", str(camp.id), county)])
        return camp.id


def ensure_standards(session: Session, county: str, year: int) -> None:
    if session.get(StandardsRow, (county, year)) is not None:
        return
    try:
        from forms.standards import load_standards

        data = load_standards(county, year).to_json()
    except Exception:
        return  # no standards for this county and year yet: screening is skipped
    session.add(StandardsRow(county_code=county, year=year, data=data))
    session.flush()
    emit(session, [NewChange("standards", f"{county}@{year}", county)])


def import_xlsform(
    session: Session, county: str, path: Path, actor: str = "cli"
) -> tuple[str, int, list[str]]:
    from forms.xlsform import convert_xlsform

    try:
        converted = convert_xlsform(path)
    except Exception as exc:
        raise AdminError(f"{path.name}: cannot be converted: {exc}") from exc
    with session.begin():
        if session.get(County, county) is None:
            raise AdminError(f"unknown county {county}")
        try:
            form_id, version = publish_form(session, county, converted.definition)
        except AdminError:
            raise
        except Exception as exc:
            raise AdminError(f"{path.name}: the converted form is not valid: {exc}") from exc
        audit(
            session,
            "form.import",
            entity_kind="form",
            entity_id=f"{form_id}@{version}",
            detail={"actor": actor},
        )
    return form_id, version, list(converted.unsupported)


# --- households -------------------------------------------------------------------------------------


def import_households(session: Session, county: str, path: Path, actor: str = "cli") -> int:
    """Import a registry spreadsheet of current beneficiaries: all rows or none."""
    from forms.idnumber import is_valid_id_number

    try:
        rows = read_table(path)
        require_columns(path, rows, ["village_code", "head_name", "head_id_number"])
    except TableError as exc:
        raise AdminError(str(exc)) from exc
    problems: list[str] = []
    seen_ids: dict[str, int] = {}
    with session.begin():
        villages = {
            v.code: v for v in session.scalars(select(Village).where(Village.county_code == county))
        }
        if not villages:
            raise AdminError(f"county {county} has no villages (create it first)")
        parsed: list[tuple[Row, Village, list[str]]] = []
        for r in rows:
            where = f"row {r.number}"
            village = villages.get(r.get("village_code"))
            if village is None:
                problems.append(f"{where}: village_code is not a village of county {county}")
            if not r.get("head_name"):
                problems.append(f"{where}: head_name is empty")
            idn = r.get("head_id_number").upper()
            if not is_valid_id_number(idn):
                problems.append(f"{where}: head_id_number is not a valid resident ID number")
            elif idn in seen_ids:
                problems.append(f"{where}: head_id_number repeats row {seen_ids[idn]}")
            else:
                seen_ids[idn] = r.number
            hukou = r.get("hukou_type").lower()
            if hukou not in ("", "urban", "rural"):
                problems.append(f"{where}: hukou_type must be urban or rural")
            cats = [
                c.strip() for c in r.get("categories").replace("、", ",").split(",") if c.strip()
            ]
            unknown = [c for c in cats if c not in CATEGORIES]
            if unknown:
                problems.append(f"{where}: unknown categories {', '.join(unknown)}")
            if village is not None:
                parsed.append((r, village, cats))
        if problems:
            raise AdminError(
                f"{path.name}: nothing was imported, {len(problems)} problem(s):", problems
            )
        households = []
        for r, village, cats in parsed:
            households.append(
                Household(
                    id=uuid.uuid4(),
                    revision=1,
                    village_code=village.code,
                    township_code=village.township_code,
                    county_code=county,
                    address=r.get("address"),
                    head_name=r.get("head_name"),
                    head_id_number=r.get("head_id_number").upper(),
                    phone=r.get("phone"),
                    hukou_type=r.get("hukou_type").lower(),
                    categories=cats,
                    source="registry",
                )
            )
        session.add_all(households)
        session.flush()
        emit(
            session,
            [
                NewChange("household", str(h.id), county, h.township_code, h.village_code)
                for h in households
            ],
        )
        audit(
            session,
            "household.import",
            entity_kind="county",
            entity_id=county,
            detail={"actor": actor, "rows": len(households), "file": path.suffix},
        )
    return len(households)


# --- assignments ------------------------------------------------------------------------------------


def assign(
    session: Session,
    campaign_id: uuid.UUID,
    username: str,
    villages: list[str],
    households: list[uuid.UUID] | None = None,
    actor: str = "cli",
) -> list[uuid.UUID]:
    with session.begin():
        camp = session.get(Campaign, campaign_id)
        if camp is None:
            raise AdminError(f"no campaign {campaign_id}")
        user = _user_by_name(session, username)
        if user.role != "cadre":
            raise AdminError("only cadres are assigned villages or households")
        cadre_villages = set(
            session.scalars(
                select(UserScope.code).where(
                    UserScope.user_id == user.id, UserScope.level == "village"
                )
            )
        )
        made: list[Assignment] = []
        for code in villages:
            if code not in cadre_villages:
                raise AdminError(f"village {code} is outside {username}'s scope")
            made.append(Assignment(campaign_id=campaign_id, user_id=user.id, village_code=code))
        for hid in households or []:
            h = session.get(Household, hid)
            if h is None or h.village_code not in cadre_villages:
                raise AdminError(f"household {hid} is unknown or outside {username}'s scope")
            made.append(
                Assignment(
                    campaign_id=campaign_id,
                    user_id=user.id,
                    village_code=h.village_code,
                    household_id=hid,
                )
            )
        session.add_all(made)
        session.flush()
        emit(
            session,
            [NewChange("assignment", str(a.id), camp.county_code, user_id=user.id) for a in made],
        )
        audit(
            session,
            "assignment.create",
            entity_kind="campaign",
            entity_id=campaign_id,
            detail={"actor": actor, "user_id": str(user.id), "count": len(made)},
        )
        return [a.id for a in made]


# --- keys and server identity ---------------------------------------------------------------------


@dataclass(frozen=True)
class KeypairResult:
    public_key_b64: str
    private_key_path: Path


def county_keypair(
    session: Session, county: str, out: Path, passphrase: bytes | None = None, actor: str = "cli"
) -> KeypairResult:
    """Make the county's X25519 recovery keypair. The private key goes to `out` only."""
    import base64

    if out.exists():
        raise AdminError(f"{out} exists already: refusing to overwrite a recovery key")
    key = X25519PrivateKey.generate()
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    with session.begin():
        cty = session.get(County, county, with_for_update=True)
        if cty is None:
            raise AdminError(f"unknown county {county}")
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        cty.recovery_public_key = public
        audit(
            session,
            "county.keypair",
            entity_kind="county",
            entity_id=county,
            detail={"actor": actor},
        )
        emit(session, [NewChange("county", county, county)])
    return KeypairResult(base64.b64encode(public).decode(), out)


def rotate_instance_id(session: Session, actor: str = "cli") -> str:
    """After restoring a backup: every outstanding cursor is answered 410 and clients re-pull."""
    new = uuid.uuid4().hex
    with session.begin():
        session.execute(update(ServerMeta).where(ServerMeta.key == "instance_id").values(value=new))
        audit(session, "server.rotate_instance", detail={"actor": actor})
    return new


def today() -> date:
    return datetime.now(UTC).date()
