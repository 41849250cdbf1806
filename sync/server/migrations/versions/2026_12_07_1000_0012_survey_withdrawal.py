"""a survey can be withdrawn as recorded in error: when, and why

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 10:00:00.000000

`doorstep-server admin withdraw-survey` sets the survey's `state` to "withdrawn" (a value, not a
new column) and records the time and the reason here. The row stays, so the audit trail and a
data-subject answer still find it; every queue, report and check leaves it out.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models.base

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (nullable, no default): no table rebuild on SQLite, no rewrite on
    # PostgreSQL, however many surveys the county holds.
    op.add_column(
        "survey",
        sa.Column(
            "withdrawn_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=True
        ),
    )
    op.add_column("survey", sa.Column("withdrawn_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("survey") as batch:
        batch.drop_column("withdrawn_reason")
        batch.drop_column("withdrawn_at")
