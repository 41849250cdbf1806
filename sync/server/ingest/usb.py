"""Importing a laptop's USB transfer file on the server, and the server's USB keys.

Responsible for the server's half of `sync.sneakernet`: keeping the server's USB keypairs (in
`server_meta`, generated on first use; the public half is printed by
`doorstep-server admin usb-key` and given to laptops), checking that a transfer file was signed
by an enrolled, unrevoked device, opening it, and handing each batch's exact bytes to the same
`ingest` the HTTP route uses. So the batch receipts give a USB import the same exactly-once
effect as HTTP: importing a file twice, or a batch that already came over the network, returns
the stored results and changes nothing. The receipt is signed with the server's USB key.
"""

from __future__ import annotations

import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from sync.protocol import BatchResult, b64decode, b64encode
from sync.sneakernet import (
    Receipt,
    Refusal,
    ServerUsbKeys,
    TransferError,
    open_transfer,
    transfer_device,
    write_receipt,
)

from ..errors import ApiError
from ..models import Device, ServerMeta, User
from ..scope import Caller, load_scope
from ..settings import Settings
from .service import ingest

_BOX, _SIGN = "usb_box_key", "usb_sign_key"


def _raw_private(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def usb_keys(factory: sessionmaker[Session]) -> ServerUsbKeys:
    """The server's USB keys, made once and kept in the database with everything else."""
    with factory() as s, s.begin():
        found = s.execute(
            select(ServerMeta.key, ServerMeta.value).where(ServerMeta.key.in_([_BOX, _SIGN]))
        ).all()
        rows = {str(k): str(v) for k, v in found}
        if _BOX in rows and _SIGN in rows:
            return ServerUsbKeys(
                X25519PrivateKey.from_private_bytes(b64decode(rows[_BOX])),
                Ed25519PrivateKey.from_private_bytes(b64decode(rows[_SIGN])),
            )
        keys = ServerUsbKeys.generate()
        s.merge(ServerMeta(key=_BOX, value=b64encode(_raw_private(keys.box))))
        s.merge(ServerMeta(key=_SIGN, value=b64encode(_raw_private(keys.sign))))
        return keys


def _caller(session: Session, device_id: uuid.UUID) -> Caller:
    with session.begin():
        row = session.execute(
            select(Device, User).join(User, User.id == Device.user_id).where(Device.id == device_id)
        ).first()
        if row is None:
            raise TransferError("The file comes from a laptop this server has never enrolled.")
        device, user = row
        if device.revoked_at is not None:
            raise TransferError("The file comes from a laptop whose enrollment was revoked.")
        if user.disabled:
            raise TransferError("The file comes from a disabled user's laptop.")
        scope = load_scope(session, user)
    return Caller(
        user_id=user.id,
        device_id=device.id,
        role=user.role,
        county_code=user.county_code,
        scope=scope,
        public_key=device.public_key,
        request_id=f"usb-{uuid.uuid4().hex[:12]}",
    )


def import_transfer(
    factory: sessionmaker[Session], settings: Settings, data: bytes
) -> tuple[bytes, Receipt]:
    """Apply every batch in a transfer file; returns the signed receipt and what it says."""
    keys = usb_keys(factory)
    device_id = transfer_device(data)
    with factory() as s:
        caller = _caller(s, device_id)
    bundle = open_transfer(data, caller.public_key, keys)
    results: list[BatchResult] = []
    refused: list[Refusal] = []
    for batch in bundle.batches:
        try:
            outcome = ingest(factory, settings, caller, batch.body)
        except ApiError as exc:
            refused.append(Refusal(batch.batch_id, exc.status, exc.error, exc.message))
            continue
        results.append(BatchResult.model_validate(outcome.result))
    receipt = Receipt(device_id, bundle.sha256, results, refused)
    return write_receipt(receipt, keys), receipt
