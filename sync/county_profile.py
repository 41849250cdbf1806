"""The county profile: what county IT ships with every laptop of a county, signed.

A TOML file naming the county, its server and the certificate to pin, the county's recovery
public key, the key that signs profiles, the default language, the townships and villages to
preload, and the forms and standards to bundle. The last section, `[signature]`, holds an
Ed25519 signature over every byte of the file before it, so a single changed byte — a rogue
server address, a swapped recovery key — is refused. A build embeds the fingerprint of the
county's signing key in the executable, so a profile re-signed with another key is refused too.

Signing happens on county IT's machine (`doorstep-server admin sign-profile`); the laptop only
verifies. This module is shared by both and imports neither side.
"""

from __future__ import annotations

import base64
import hashlib
import tomllib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

FORMAT = 1
SIGNATURE_HEADER = b"\n[signature]\n"
ALGORITHM = "ed25519"


class CountyProfileError(Exception):
    """The profile cannot be used; the message tells county IT what to do."""


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class CountyProfile:
    county_code: str
    county_name: str
    server_url: str
    server_ca_pem: bytes | None
    # base64 of the server's raw Ed25519 enrollment-reply key (`admin enroll-key`): a laptop
    # takes an enrollment reply only from the server holding it. None: the reply's own key.
    server_enroll_key: str | None
    recovery_public_pem: bytes
    signing_key_fingerprint: str
    default_language: str
    townships: tuple[Division, ...]
    villages: tuple[Division, ...]
    forms: tuple[tuple[str, int], ...]
    standards: tuple[tuple[str, int], ...]


def key_fingerprint(raw_public: bytes) -> str:
    return hashlib.sha256(raw_public).hexdigest()


def new_signing_key() -> tuple[bytes, bytes]:
    """A county's profile-signing keypair as (private PEM, raw public key in base64)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return pem, base64.b64encode(raw)


def _split(raw: bytes) -> tuple[bytes, bytes | None]:
    at = raw.rfind(SIGNATURE_HEADER)
    if at < 0:
        return raw, None
    return raw[: at + 1], raw[at + 1 :]


def sign(raw: bytes, private_pem: bytes) -> bytes:
    """The profile with its `[signature]` section (an older signature is replaced)."""
    body, _ = _split(raw)
    # The signed part ends with one blank line, exactly what _split returns when verifying.
    body = body.rstrip(b"\n") + b"\n\n"
    key = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CountyProfileError("The signing key must be an Ed25519 private key (PEM).")
    public = key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    declared = _parse(body).get("keys", {}).get("signing_public_key")
    if declared != base64.b64encode(public).decode():
        raise CountyProfileError(
            "This signing key is not the one the profile names in [keys] signing_public_key."
        )
    value = base64.b64encode(key.sign(body)).decode()
    return body + f'[signature]\nalgorithm = "{ALGORITHM}"\nvalue = "{value}"\n'.encode()


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CountyProfileError(
            f"The county profile is not valid TOML ({exc}); ask county IT for a fresh copy."
        ) from exc


def load(raw: bytes, trusted_fingerprint: str | None = None) -> CountyProfile:
    """Verify and read a signed profile.

    `trusted_fingerprint` is the signing key a build was made for; without it (a developer's
    checkout) the key the profile names is used, which still refuses any changed byte.
    """
    body, tail = _split(raw)
    if tail is None:
        raise CountyProfileError(
            "The county profile is not signed. County IT must sign it with "
            "`doorstep-server admin sign-profile` before it is installed."
        )
    doc = _parse(body)
    sig = _parse(tail).get("signature", {})
    try:
        public_raw = base64.b64decode(doc["keys"]["signing_public_key"], validate=True)
        signature = base64.b64decode(sig["value"], validate=True)
        if sig.get("algorithm") != ALGORITHM:
            raise CountyProfileError(f"Unknown signature algorithm {sig.get('algorithm')!r}.")
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, body)
    except (KeyError, ValueError, TypeError, InvalidSignature) as exc:
        raise CountyProfileError(
            "The county profile has been changed since county IT signed it. Do not use it: "
            "install the profile that came with this build, or ask county IT for a new one."
        ) from exc
    fingerprint = key_fingerprint(public_raw)
    if trusted_fingerprint is not None and fingerprint != trusted_fingerprint:
        raise CountyProfileError(
            "The county profile is signed by a key this build does not trust. Use the profile "
            "county IT built this installer with."
        )
    return _read(doc, fingerprint)


def _read(doc: dict[str, Any], fingerprint: str) -> CountyProfile:
    try:
        if doc.get("format") != FORMAT:
            raise CountyProfileError(f"Profile format {doc.get('format')!r} is not supported.")
        county, server, keys = doc["county"], doc["server"], doc["keys"]
        ca = server.get("ca_pem")
        enroll_key = server.get("enroll_public_key")
        if enroll_key is not None:
            _check_enroll_key(enroll_key)
        return CountyProfile(
            county_code=str(county["code"]),
            county_name=str(county["name"]),
            server_url=str(server["url"]),
            server_ca_pem=ca.encode("ascii") if ca else None,
            server_enroll_key=str(enroll_key) if enroll_key else None,
            recovery_public_pem=str(keys["recovery_public_pem"]).encode("ascii"),
            signing_key_fingerprint=fingerprint,
            default_language=str(county.get("default_language", "zh_CN")),
            townships=tuple(
                Division(str(t["code"]), str(t["name"]), str(county["code"]))
                for t in doc.get("townships", [])
            ),
            villages=tuple(
                Division(str(v["code"]), str(v["name"]), str(v["township"]))
                for v in doc.get("villages", [])
            ),
            forms=tuple((str(f), int(v)) for f, v in doc.get("bundle", {}).get("forms", [])),
            standards=tuple(
                (str(c), int(y)) for c, y in doc.get("bundle", {}).get("standards", [])
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CountyProfileError(
            f"The county profile lacks a required entry ({exc}); ask county IT for a new one."
        ) from exc


def _check_enroll_key(value: object) -> None:
    try:
        ok = isinstance(value, str) and len(base64.b64decode(value, validate=True)) == 32
    except ValueError:
        ok = False
    if not ok:
        raise CountyProfileError(
            "[server] enroll_public_key is not a server enrollment key: paste the line "
            "`doorstep-server admin enroll-key` prints on the county server."
        )
