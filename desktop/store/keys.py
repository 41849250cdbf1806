"""The key envelope of a profile: one random data key, stored only wrapped.

The SQLCipher database of a profile is keyed with a random 256-bit data key. That key lives on
disk only inside `keys.json`, wrapped twice: under a key derived from the user's passphrase, and
for the county's recovery public key, so county IT can recover a laptop whose passphrase is lost
with no secret living on the laptop. Changing the passphrase re-wraps the data key and never
re-encrypts the database.

Every wrap names its algorithm suite and carries its parameters, so a national-cipher (SM4/SM2)
suite can be added later beside these without breaking the file format.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

try:  # Argon2id arrived in cryptography 44; older builds fall back to scrypt.
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    HAS_ARGON2 = True
except ImportError:  # pragma: no cover - depends on the installed wheel
    HAS_ARGON2 = False

KEYFILE_FORMAT = 1
DATA_KEY_BYTES = 32

SUITE_ARGON2ID = "argon2id+aes-256-gcm"
SUITE_SCRYPT = "scrypt+aes-256-gcm"
SUITE_RECOVERY = "x25519+hkdf-sha256+aes-256-gcm"

# Sized so that unlocking takes about 0.3-0.5 s on a field laptop (measured by bench/store.py).
DEFAULT_ARGON2 = {"memory_kib": 64 * 1024, "iterations": 5, "lanes": 4}
DEFAULT_SCRYPT = {"n": 2**17, "r": 8, "p": 1}


class KeyEnvelopeError(Exception):
    """Base of the key envelope's errors; messages are meant for the person at the keyboard."""


class WrongPassphrase(KeyEnvelopeError):
    """`wait_s`: how long before the next try is allowed; `tries_left`: before only the county
    recovery opens the profile (None where no counter applies, e.g. a wrap opened directly)."""

    def __init__(self, wait_s: float = 0.0, tries_left: int | None = None) -> None:
        self.wait_s = wait_s
        self.tries_left = tries_left
        super().__init__("The passphrase is not correct.")


class WrongRecoveryKey(KeyEnvelopeError):
    def __init__(self) -> None:
        super().__init__("This recovery key does not belong to this profile's county.")


class KeyFileError(KeyEnvelopeError):
    """The key file is missing, damaged or of a format this version cannot read."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KdfParams:
    """How a passphrase becomes a key-encryption key; stored beside the wrap it opens."""

    suite: str
    salt: bytes
    params: dict[str, int]

    @classmethod
    def new(cls, params: dict[str, int] | None = None) -> KdfParams:
        if HAS_ARGON2:
            return cls(SUITE_ARGON2ID, secrets.token_bytes(16), dict(params or DEFAULT_ARGON2))
        return cls(SUITE_SCRYPT, secrets.token_bytes(16), dict(params or DEFAULT_SCRYPT))

    def derive(self, passphrase: str) -> bytes:
        secret = passphrase.encode("utf-8")
        if self.suite == SUITE_ARGON2ID:
            if not HAS_ARGON2:
                raise KeyFileError("This profile needs Argon2id, which this build lacks.")
            p = self.params
            kdf = Argon2id(
                salt=self.salt,
                length=32,
                iterations=p["iterations"],
                lanes=p["lanes"],
                memory_cost=p["memory_kib"],
            )
            return kdf.derive(secret)
        if self.suite == SUITE_SCRYPT:
            p = self.params
            return Scrypt(salt=self.salt, length=32, n=p["n"], r=p["r"], p=p["p"]).derive(secret)
        raise KeyFileError(f"Unknown passphrase suite {self.suite!r}: update Doorstep.")


def _aad(profile_id: str, suite: str, purpose: str) -> bytes:
    # Binding the wrap to its profile and purpose stops a wrap being swapped between files.
    return f"doorstep/keys/v{KEYFILE_FORMAT}/{profile_id}/{purpose}/{suite}".encode()


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "ciphertext": _b64(AESGCM(key).encrypt(nonce, plaintext, aad))}


def _open(key: bytes, wrap: dict[str, Any], aad: bytes) -> bytes:
    return AESGCM(key).decrypt(_unb64(wrap["nonce"]), _unb64(wrap["ciphertext"]), aad)


def _recovery_kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=b"doorstep-recovery"
    ).derive(shared)


def load_recovery_public_key(data: bytes) -> X25519PublicKey:
    """The county's recovery public key, as PEM or as the raw base64 the server prints."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(data)
        else:
            key = X25519PublicKey.from_public_bytes(base64.b64decode(data.strip(), validate=True))
    except ValueError as exc:
        raise KeyFileError("The county recovery key is not a public key.") from exc
    if not isinstance(key, X25519PublicKey):
        raise KeyFileError("The county recovery key must be an X25519 public key.")
    return key


def load_recovery_private_key(pem: bytes, password: bytes | None = None) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=password)
    except TypeError as exc:
        raise KeyFileError("The recovery key file is encrypted: its passphrase is needed.") from exc
    except ValueError as exc:
        raise KeyFileError(
            "The file is not a recovery private key (PEM), or its passphrase is wrong."
        ) from exc
    if not isinstance(key, X25519PrivateKey):
        raise KeyFileError("The recovery private key must be an X25519 key.")
    return key


def new_recovery_keypair() -> tuple[bytes, bytes]:
    """A county recovery keypair as (private PEM, public PEM); the private half goes offline."""
    private = X25519PrivateKey.generate()
    private_pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, public_pem


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class KeyFile:
    """The parsed `keys.json`: a profile id and the wraps of its data key."""

    profile_id: str
    passphrase_wrap: dict[str, Any]
    recovery_wrap: dict[str, Any]
    # Whether this profile keeps a wrong-passphrase counter (attempts.json): set for every
    # profile made or opened by a version that has one, so a missing counter file is then read
    # as "tampered", while a profile from an older release starts from zero.
    attempts_counter: bool = False

    # --- creating and re-wrapping

    @classmethod
    def create(
        cls,
        data_key: bytes,
        passphrase: str,
        recovery_public_pem: bytes,
        kdf_params: dict[str, int] | None = None,
        profile_id: str | None = None,
    ) -> KeyFile:
        profile_id = profile_id or secrets.token_hex(16)
        recovery = _wrap_for_recovery(profile_id, data_key, recovery_public_pem)
        return cls(
            profile_id,
            _wrap_with_passphrase(profile_id, data_key, passphrase, kdf_params),
            recovery,
            attempts_counter=True,
        )

    def rewrapped(
        self, data_key: bytes, passphrase: str, kdf_params: dict[str, int] | None = None
    ) -> KeyFile:
        wrap = _wrap_with_passphrase(self.profile_id, data_key, passphrase, kdf_params)
        return KeyFile(self.profile_id, wrap, self.recovery_wrap, self.attempts_counter)

    def with_attempts_counter(self) -> KeyFile:
        return KeyFile(self.profile_id, self.passphrase_wrap, self.recovery_wrap, True)

    def attempts_mac_key(self) -> bytes:
        """The key of the wrong-passphrase counter's MAC.

        It must be computable before unlock, so it can only come from what is on disk: the
        profile id and the recovery wrap (which never changes for a profile). That stops an
        edited, copied-in or deleted counter file from passing, not someone who reads this code
        and recomputes the MAC; docs/security.md says so. The key derivation's cost is what
        bounds guessing once the files are copied off the laptop.
        """
        w = self.recovery_wrap
        ikm = "|".join(
            (self.profile_id, str(w.get("ephemeral_public", "")), str(w.get("ciphertext", "")))
        ).encode("utf-8")
        return HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"doorstep-attempts/v1"
        ).derive(ikm)

    # --- opening

    def unwrap_with_passphrase(self, passphrase: str) -> bytes:
        w = self.passphrase_wrap
        kdf = KdfParams(w["suite"], _unb64(w["salt"]), dict(w["params"]))
        try:
            return _open(kdf.derive(passphrase), w, _aad(self.profile_id, kdf.suite, "passphrase"))
        except InvalidTag:
            raise WrongPassphrase() from None

    def unwrap_with_recovery_key(self, private_pem: bytes, password: bytes | None = None) -> bytes:
        w = self.recovery_wrap
        if w["suite"] != SUITE_RECOVERY:
            raise KeyFileError(f"Unknown recovery suite {w['suite']!r}: update Doorstep.")
        private = load_recovery_private_key(private_pem, password)
        ephemeral = _unb64(w["ephemeral_public"])
        recipient = _raw_public(private.public_key())
        if recipient != _unb64(w["recipient"]):
            raise WrongRecoveryKey()
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        try:
            return _open(
                _recovery_kek(shared, ephemeral, recipient),
                w,
                _aad(self.profile_id, SUITE_RECOVERY, "recovery"),
            )
        except InvalidTag:
            raise WrongRecoveryKey() from None

    # --- the file

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {
            "format": KEYFILE_FORMAT,
            "profile_id": self.profile_id,
            "wraps": {"passphrase": self.passphrase_wrap, "recovery": self.recovery_wrap},
        }
        if self.attempts_counter:
            doc["attempts_counter"] = True
        return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8") + b"\n"

    @classmethod
    def from_bytes(cls, raw: bytes) -> KeyFile:
        try:
            doc = json.loads(raw)
            if doc.get("format") != KEYFILE_FORMAT:
                raise KeyFileError(
                    f"Key file format {doc.get('format')!r} is not one this version reads."
                )
            return cls(
                doc["profile_id"],
                doc["wraps"]["passphrase"],
                doc["wraps"]["recovery"],
                doc.get("attempts_counter") is True,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFileError("The key file is damaged: restore it from a backup.") from exc

    @classmethod
    def read(cls, path: Path) -> KeyFile:
        try:
            return cls.from_bytes(path.read_bytes())
        except FileNotFoundError:
            raise KeyFileError(f"No key file at {path}: is this a Doorstep profile?") from None

    def write(self, path: Path) -> None:
        """Replace the key file atomically, so a crash leaves either the old or the new file."""
        write_atomic(path, self.to_bytes())


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a small file so that a crash leaves either the old or the new content."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _wrap_with_passphrase(
    profile_id: str, data_key: bytes, passphrase: str, kdf_params: dict[str, int] | None
) -> dict[str, Any]:
    kdf = KdfParams.new(kdf_params)
    sealed = _seal(kdf.derive(passphrase), data_key, _aad(profile_id, kdf.suite, "passphrase"))
    return {"suite": kdf.suite, "salt": _b64(kdf.salt), "params": kdf.params, **sealed}


def _wrap_for_recovery(profile_id: str, data_key: bytes, public_pem: bytes) -> dict[str, Any]:
    recipient_key = load_recovery_public_key(public_pem)
    recipient = _raw_public(recipient_key)
    ephemeral_private = X25519PrivateKey.generate()
    ephemeral = _raw_public(ephemeral_private.public_key())
    kek = _recovery_kek(ephemeral_private.exchange(recipient_key), ephemeral, recipient)
    sealed = _seal(kek, data_key, _aad(profile_id, SUITE_RECOVERY, "recovery"))
    return {
        "suite": SUITE_RECOVERY,
        "recipient": _b64(recipient),
        "ephemeral_public": _b64(ephemeral),
        **sealed,
    }


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)
