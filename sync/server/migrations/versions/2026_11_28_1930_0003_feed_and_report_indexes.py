"""indexes for the changes feed and the reports at city scale

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 19:30:00.000000

bench/city.py (500,000 households, 1.05 million change rows) showed a cadre's changes page
walking the change table's primary key and filtering out hundreds of thousands of rows. The feed
now reads each way a row can be visible (the caller's own rows, its villages, townships,
counties, and the county-wide rows) as its own ordered index range.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COUNTY_WIDE = "village_code IS NULL AND township_code IS NULL AND user_id IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.create_index("ix_change_village_seq", ["village_code", "seq"], unique=False)
        batch_op.create_index("ix_change_township_seq", ["township_code", "seq"], unique=False)
        # Most rows have no user (only assignments do): index just those that have one.
        batch_op.create_index(
            "ix_change_user_seq",
            ["user_id", "seq"],
            unique=False,
            postgresql_where=sa.text("user_id IS NOT NULL"),
            sqlite_where=sa.text("user_id IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_change_county_wide",
            ["county_code", "seq"],
            unique=False,
            postgresql_where=sa.text(COUNTY_WIDE),
            sqlite_where=sa.text(COUNTY_WIDE),
        )


def downgrade() -> None:
    with op.batch_alter_table("change", schema=None) as batch_op:
        batch_op.drop_index("ix_change_county_wide")
        batch_op.drop_index("ix_change_user_seq")
        batch_op.drop_index("ix_change_township_seq")
        batch_op.drop_index("ix_change_village_seq")
