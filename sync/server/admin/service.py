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
    County,
    Device,
    EnrollmentCode,
    ServerMeta,
    Township,
    User,
    UserScope,
    Village,
    utcnow,
)
from .campaigns import (  # re-exported through __all__: the CLI and tests use service.*
    CATEGORIES,
    ROUNDS,
    assign,
    assign_rechecks,
    create_campaign,
    ensure_standards,
    import_households,
    import_xlsform,
    publish_form,
    withdraw,
)
from .common import AdminError, user_by_name
from .tables import Row, TableError, read_table, require_columns

__all__ = [
    "AdminError",
    "CATEGORIES",
    "CODE_ALPHABET",
    "KeypairResult",
    "ROLES",
    "ROUNDS",
    "assign",
    "assign_rechecks",
    "county_keypair",
    "create_campaign",
    "create_county",
    "create_enrollment_code",
    "create_user",
    "division_level",
    "ensure_standards",
    "import_households",
    "import_xlsform",
    "list_devices",
    "normalize_code",
    "publish_form",
    "revoke_device",
    "rotate_instance_id",
    "today",
    "user_by_name",
    "withdraw",
]

ROLES = ("cadre", "supervisor", "county_admin")


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
        user = user_by_name(session, username)
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
