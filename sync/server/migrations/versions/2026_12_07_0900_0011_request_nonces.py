"""spent request nonces, so a signed device request is accepted once on any node

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 09:00:00.000000

Every device request now carries a timestamp and a random nonce under its signature. The nonce
is inserted into `request_nonce` (primary key device and nonce) in the database all nodes share;
a second insert is a replay. Rows are pruned by `expires_at` once the window has passed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_nonce",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("nonce", sa.String(length=32), nullable=False),
        sa.Column("signed_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "nonce", name=op.f("pk_request_nonce")),
    )
    op.create_index("ix_request_nonce_expires_at", "request_nonce", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_request_nonce_expires_at", table_name="request_nonce")
    op.drop_table("request_nonce")
