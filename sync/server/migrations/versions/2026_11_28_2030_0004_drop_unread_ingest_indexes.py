"""drop indexes that every batch writes and no query reads

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 20:30:00.000000

Each ingested record writes a record_version row and an audit_event row; every index on them is
work PostgreSQL does per record. These four are read by nothing:

- record_version.device_id: the one query naming it (ingest's already-seen versions) also names
  record_id, which ix_record_version_record (record_id, revision) finds first;
- record_version.batch_id: no query filters on it;
- audit_event.at: the household history filters by entity_id and only sorts by at; spot checks
  filter by action and entity_id and sort by id;
- audit_event.user_id: no query filters on it.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_version_device_id"))
        batch_op.drop_index(batch_op.f("ix_record_version_batch_id"))
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_event_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("record_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_version_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_record_version_device_id"), ["device_id"], unique=False
        )
