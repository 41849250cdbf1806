"""Sealed batch files for carrying sync on a USB stick where no network reaches.

Responsible for the two file formats and nothing else: the *transfer file* a laptop writes (its
sealed batches, byte for byte as they would go over HTTP, encrypted to the server's X25519 key
and signed by the device's Ed25519 key) and the *receipt* the server writes back (the stored
`BatchResult` of each batch, signed by the server). A transfer file carries no plaintext but the
format line, the device id, an ephemeral public key and a nonce. The server applies the batches
through the same ingest as HTTP, so the batch receipts make a second import change nothing, and
a laptop applying a receipt twice acknowledges nothing twice.

    transfer file = b"DOORSTEP-USB 1\\n" | u32 header length | header JSON | ciphertext | sig(64)
    receipt       = b"DOORSTEP-RECEIPT 1\\n" | u32 body length | body JSON | sig(64)

The server's USB public key is one string: base64(X25519 public) "." base64(Ed25519 public).
"""

from __future__ import annotations

import hashlib
import os
import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.protocol import BatchResult, b64decode, b64encode, canonical_json

FILE_MAGIC = b"DOORSTEP-USB 1\n"
RECEIPT_MAGIC = b"DOORSTEP-RECEIPT 1\n"
_SIGN_FILE = b"doorstep-usb-file-v1\n"
_SIGN_RECEIPT = b"doorstep-usb-receipt-v1\n"
_HKDF_INFO = b"doorstep-usb-v1"


class TransferError(Exception):
    """A transfer file or receipt cannot be used; the message says why in plain words."""


def _raw(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class ServerUsbKeys:
    """The server's USB keypairs: X25519 to open transfer files, Ed25519 to sign receipts."""

    box: X25519PrivateKey
    sign: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> ServerUsbKeys:
        return cls(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())

    def public_string(self) -> str:
        return (
            b64encode(_raw(self.box.public_key())) + "." + b64encode(_raw(self.sign.public_key()))
        )


@dataclass(frozen=True)
class ServerUsbPublic:
    box: X25519PublicKey
    sign: Ed25519PublicKey

    @classmethod
    def parse(cls, text: str) -> ServerUsbPublic:
        try:
            box, sign = text.strip().split(".")
            return cls(
                X25519PublicKey.from_public_bytes(b64decode(box)),
                Ed25519PublicKey.from_public_bytes(b64decode(sign)),
            )
        except ValueError as exc:
            raise TransferError(
                "The server's USB key is not valid; copy it again from "
                "`doorstep-server admin usb-key`."
            ) from exc


@dataclass(frozen=True)
class TransferBatch:
    batch_id: str
    body: bytes


@dataclass(frozen=True)
class TransferFile:
    device_id: uuid.UUID
    created_at: str
    batches: list[TransferBatch]
    sha256: str


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO + ephemeral + recipient
    ).derive(shared)


def _frame(magic: bytes, head: bytes) -> bytes:
    return magic + struct.pack(">I", len(head)) + head


def _unframe(magic: bytes, data: bytes, what: str) -> tuple[bytes, bytes]:
    if not data.startswith(magic) or len(data) < len(magic) + 4 + 64:
        raise TransferError(f"This is not a Doorstep {what}.")
    (n,) = struct.unpack(">I", data[len(magic) : len(magic) + 4])
    start = len(magic) + 4
    if start + n + 64 > len(data):
        raise TransferError(f"The {what} is cut off or damaged.")
    return data[start : start + n], data[start + n :]


def write_transfer(
    batches: list[TransferBatch],
    device_id: uuid.UUID,
    device_key: Ed25519PrivateKey,
    server: ServerUsbPublic,
) -> bytes:
    """The bytes of a transfer file holding `batches`, sealed to the server, signed by us."""
    ephemeral = X25519PrivateKey.generate()
    eph_raw = _raw(ephemeral.public_key())
    key = _kek(ephemeral.exchange(server.box), eph_raw, _raw(server.box))
    nonce = os.urandom(12)
    header = canonical_json(
        {
            "format": 1,
            "device_id": str(device_id),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "ephemeral": b64encode(eph_raw),
            "nonce": b64encode(nonce),
        }
    )
    plain = canonical_json(
        {"batches": [{"batch_id": b.batch_id, "body": b64encode(b.body)} for b in batches]}
    )
    ciphertext = AESGCM(key).encrypt(nonce, plain, header)
    framed = _frame(FILE_MAGIC, header) + ciphertext
    return framed + device_key.sign(_SIGN_FILE + framed)


def transfer_device(data: bytes) -> uuid.UUID:
    """The device that claims to have written a transfer file (checked by `open_transfer`)."""
    head, _ = _unframe(FILE_MAGIC, data, "transfer file")
    try:
        return uuid.UUID(_json(head)["device_id"])
    except (KeyError, ValueError) as exc:
        raise TransferError("The transfer file's header is damaged.") from exc


def _json(raw: bytes) -> Any:
    import json

    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TransferError("The file is damaged (its header is not readable).") from exc


def open_transfer(data: bytes, device_public_key: bytes, server: ServerUsbKeys) -> TransferFile:
    head, rest = _unframe(FILE_MAGIC, data, "transfer file")
    ciphertext, signature = rest[:-64], rest[-64:]
    framed = data[: len(data) - 64]
    try:
        Ed25519PublicKey.from_public_bytes(device_public_key).verify(signature, _SIGN_FILE + framed)
    except (InvalidSignature, ValueError) as exc:
        raise TransferError(
            "The transfer file was changed after the laptop wrote it, or it was not written by "
            "this device. Nothing was imported."
        ) from exc
    h = _json(head)
    try:
        eph = b64decode(h["ephemeral"])
        nonce = b64decode(h["nonce"])
        key = _kek(
            server.box.exchange(X25519PublicKey.from_public_bytes(eph)),
            eph,
            _raw(server.box.public_key()),
        )
        plain = AESGCM(key).decrypt(nonce, ciphertext, head)
    except (KeyError, ValueError, InvalidTag) as exc:
        raise TransferError(
            "The transfer file was sealed for another server's key. Nothing was imported."
        ) from exc
    body = _json(plain)
    return TransferFile(
        device_id=uuid.UUID(h["device_id"]),
        created_at=str(h.get("created_at", "")),
        batches=[TransferBatch(b["batch_id"], b64decode(b["body"])) for b in body["batches"]],
        sha256=hashlib.sha256(data).hexdigest(),
    )


# --- receipts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    batch_id: str
    status: int
    error: str
    message: str


@dataclass(frozen=True)
class Receipt:
    device_id: uuid.UUID
    file_sha256: str
    results: list[BatchResult]
    refused: list[Refusal]


def write_receipt(receipt: Receipt, server: ServerUsbKeys) -> bytes:
    body = canonical_json(
        {
            "device_id": str(receipt.device_id),
            "file_sha256": receipt.file_sha256,
            "issued_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "results": [r.model_dump(mode="json") for r in receipt.results],
            "refused": [r.__dict__ for r in receipt.refused],
        }
    )
    framed = _frame(RECEIPT_MAGIC, body)
    return framed + server.sign.sign(_SIGN_RECEIPT + framed)


def open_receipt(data: bytes, server: ServerUsbPublic, device_id: uuid.UUID) -> Receipt:
    body, signature = _unframe(RECEIPT_MAGIC, data, "receipt")
    if len(signature) != 64:
        raise TransferError("The receipt is damaged.")
    try:
        server.sign.verify(signature, _SIGN_RECEIPT + data[: len(data) - 64])
    except InvalidSignature as exc:
        raise TransferError(
            "The receipt was not signed by this county's server, or it was changed. "
            "Nothing was acknowledged."
        ) from exc
    raw = _json(body)
    if raw.get("device_id") != str(device_id):
        raise TransferError("This receipt belongs to another laptop.")
    return Receipt(
        device_id=device_id,
        file_sha256=str(raw["file_sha256"]),
        results=[BatchResult.model_validate(r) for r in raw["results"]],
        refused=[Refusal(**r) for r in raw["refused"]],
    )
