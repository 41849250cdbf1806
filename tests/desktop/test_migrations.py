"""A laptop upgraded mid-campaign keeps its data: a schema-v1 database migrates on unlock."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from desktop.store import migrations, profile
from desktop.store.models import Base, Survey
from tests.desktop.conftest import FAST_KDF, PASSPHRASE


def test_v1_database_migrates_on_unlock_and_keeps_its_data(
    profile_dir: Path, recovery_keypair: tuple[bytes, bytes]
) -> None:
    old = profile.create_profile(profile_dir, PASSPHRASE, recovery_keypair[1], FAST_KDF, schema=1)
    assert old.schema_version() == 1
    # Written as the first release wrote it: raw SQL against the v1 tables.
    with old.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO divisions VALUES ('421202101201', '演示村', 'village', NULL);")
        )
        conn.execute(
            text(
                "INSERT INTO households (id, village_code, address, head_name, categories, origin,"
                " revision, base_revision, device_updated_at) VALUES ('h1', '421202101201', '',"
                " '王建国', '[]', 'field', 1, 0, '2026-03-01T00:00:00Z')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO surveys (id, household_id, form_id, form_version, answers, status,"
                " revision, base_revision, cadre, device_created_at, device_updated_at) VALUES"
                " ('s1', 'h1', 'household-survey', 1, '{\"head_name\": \"王建国\"}', 'draft', 3,"
                " 0, 'cadre-001', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')"
            )
        )
    old.lock()

    new = profile.unlock(profile_dir, PASSPHRASE)
    try:
        assert new.schema_version() == migrations.LATEST
        with new.reading() as s:
            survey = s.get(Survey, "s1")
            assert survey is not None
            assert survey.answers == {"head_name": "王建国"}
            assert survey.revision == 3
            assert survey.readable_key is None
    finally:
        new.lock()


def test_migrated_schema_is_exactly_what_the_models_describe(
    profile_dir: Path, recovery_keypair: tuple[bytes, bytes]
) -> None:
    store = profile.create_profile(profile_dir, PASSPHRASE, recovery_keypair[1], FAST_KDF)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        store.lock()


def test_database_from_a_newer_release_is_refused(
    profile_dir: Path, recovery_keypair: tuple[bytes, bytes]
) -> None:
    store = profile.create_profile(profile_dir, PASSPHRASE, recovery_keypair[1], FAST_KDF)
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA user_version = {migrations.LATEST + 1}")
    store.lock()
    with pytest.raises(migrations.SchemaTooNewError, match="newer Doorstep"):
        profile.unlock(profile_dir, PASSPHRASE)
