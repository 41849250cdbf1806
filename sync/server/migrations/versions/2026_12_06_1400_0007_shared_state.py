"""shared state for nodes behind a load balancer: upload parts and limit counters

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-06 14:00:00.000000

An upload in progress was a partial file on the node that received it; its chunks are now
objects in the attachment store (local folder or S3 bucket) listed in `upload_part`, so the next
chunk may land on any node. Enrollment's failed attempts were rows per attempt in
`enroll_attempt`; the general `limit_counter` (one row per scope and key, updated under its row
lock) replaces it, and serves other limits and lockouts too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models.base

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "upload_part",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("offset", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column(
            "received_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("sha256", "offset", name=op.f("pk_upload_part")),
    )
    op.create_table(
        "limit_counter",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column(
            "window_start", sync.server.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("expires_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_limit_counter")),
    )
    op.create_index("ix_limit_counter_expires_at", "limit_counter", ["expires_at"], unique=False)
    with op.batch_alter_table("enroll_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enroll_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_enroll_attempt_client"))
    op.drop_table("enroll_attempt")


def downgrade() -> None:
    op.create_table(
        "enroll_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enroll_attempt")),
    )
    with op.batch_alter_table("enroll_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enroll_attempt_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_enroll_attempt_client"), ["client"], unique=False)
    op.drop_index("ix_limit_counter_expires_at", table_name="limit_counter")
    op.drop_table("limit_counter")
    op.drop_table("upload_part")
