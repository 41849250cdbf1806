"""the economic-status check: department extracts, subjects, members, findings and flags

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-07 02:30:00.000000

Extract rows are keyed by (extract, line) and indexed by ID number, as are the surveyed
members, so matching a county is a hash join of two tables; findings and flags carry the
household's geography so scope is a plain filter. Flags are closed, not deleted, when they stop
holding, so the re-check task on a cadre's laptop can be withdrawn.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import sync.server.models.base

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_declared",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.PrimaryKeyConstraint(
            "household_id", "field", "value", name=op.f("pk_registry_declared")
        ),
    )
    op.create_table(
        "registry_extract",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("definition_version", sa.Integer(), nullable=False),
        sa.Column("extracted_on", sa.Date(), nullable=False),
        sa.Column(
            "imported_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_kept", sa.Integer(), nullable=False),
        sa.Column("rows_blank", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("ended_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_extract")),
    )
    with op.batch_alter_table("registry_extract", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registry_extract_county_source", ["county_code", "source"], unique=False
        )

    op.create_table(
        "registry_finding",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("extract_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.PrimaryKeyConstraint(
            "household_id", "extract_id", "line", "member_index", name=op.f("pk_registry_finding")
        ),
    )
    op.create_table(
        "registry_flag",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("declared_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("opened_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("explained_reason", sa.Text(), nullable=False),
        sa.Column("explained_by", sa.Uuid(), nullable=True),
        sa.Column(
            "explained_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("cadre_id", sa.Uuid(), nullable=True),
        sa.Column("village_code", sa.String(length=20), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_flag")),
        sa.UniqueConstraint("household_id", "rule", name=op.f("uq_registry_flag_household_id")),
    )
    with op.batch_alter_table("registry_flag", schema=None) as batch_op:
        batch_op.create_index(
            "ix_registry_flag_scope", ["county_code", "township_code", "active"], unique=False
        )

    op.create_table(
        "registry_member",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("member_index", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.PrimaryKeyConstraint("household_id", "member_index", name=op.f("pk_registry_member")),
    )
    with op.batch_alter_table("registry_member", schema=None) as batch_op:
        batch_op.create_index("ix_registry_member_id_number", ["id_number"], unique=False)

    op.create_table(
        "registry_row",
        sa.Column("extract_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("village_code", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("extract_id", "line", name=op.f("pk_registry_row")),
    )
    with op.batch_alter_table("registry_row", schema=None) as batch_op:
        batch_op.create_index("ix_registry_row_id_number", ["id_number"], unique=False)

    op.create_table(
        "registry_subject",
        sa.Column("household_id", sa.Uuid(), nullable=False),
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("campaign_id", sa.Uuid(), nullable=True),
        sa.Column("cadre_id", sa.Uuid(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("village_code", sa.String(length=20), nullable=False),
        sa.Column("township_code", sa.String(length=12), nullable=False),
        sa.Column("county_code", sa.String(length=12), nullable=False),
        sa.Column("updated_at", sync.server.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_registry_subject")),
    )
    with op.batch_alter_table("registry_subject", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registry_subject_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            "ix_registry_subject_county", ["county_code", "consent"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registry_subject_township_code"), ["township_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registry_subject_village_code"), ["village_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("registry_subject", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_subject_village_code"))
        batch_op.drop_index(batch_op.f("ix_registry_subject_township_code"))
        batch_op.drop_index("ix_registry_subject_county")
        batch_op.drop_index(batch_op.f("ix_registry_subject_campaign_id"))

    op.drop_table("registry_subject")
    with op.batch_alter_table("registry_row", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_row_id_number")

    op.drop_table("registry_row")
    with op.batch_alter_table("registry_member", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_member_id_number")

    op.drop_table("registry_member")
    with op.batch_alter_table("registry_flag", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_flag_scope")

    op.drop_table("registry_flag")
    op.drop_table("registry_finding")
    with op.batch_alter_table("registry_extract", schema=None) as batch_op:
        batch_op.drop_index("ix_registry_extract_county_source")

    op.drop_table("registry_extract")
    op.drop_table("registry_declared")
