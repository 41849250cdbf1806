"""Running the server: probes, OpenAPI, migrations that match the models, settings refusals."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from sync.server.models import Base
from sync.server.settings import Settings

BIN = Path(sys.executable).parent


def test_probes_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    assert client.get("/readyz").json() == {"status": "ready"}
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/enroll",
        "/api/v1/batches",
        "/api/v1/changes",
        "/api/v1/reviews",
        "/api/v1/handshake",
        "/api/v1/digest",
        "/api/v1/attachments/{sha256}",
    ):
        assert path in spec["paths"], path


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_postgresql_plans_every_statement_with_its_own_parameters(engine: Engine) -> None:
    """A prepared statement's generic plan made a late village's feed page 5-10 times slower."""
    if engine.dialect.name != "postgresql":
        assert engine.dialect.name == "sqlite"  # no plan cache to configure there
        return
    with engine.connect() as conn:
        for _ in range(7):  # past psycopg's prepare threshold: the statement is prepared now
            mode = conn.exec_driver_sql("SELECT current_setting('plan_cache_mode')").scalar()
            assert mode == "force_custom_plan"


def test_settings_refuse_a_missing_secret_outside_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOORSTEP_SECRET_KEY", raising=False)
    monkeypatch.delenv("DOORSTEP_DEMO", raising=False)
    with pytest.raises(ValueError, match="DOORSTEP_SECRET_KEY"):
        Settings()
    with pytest.raises(ValueError, match="at least 32"):
        Settings(secret_key="short")
    assert Settings(demo=True).secret_key


def test_migrate_and_readyz_on_a_fresh_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    out = subprocess.run(
        [str(BIN / "doorstep-server"), "migrate", "--database-url", url],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "migrations applied" in out.stdout
    from sync.server.app import create_app

    app = create_app(Settings(database_url=url, demo=True, attachment_dir=tmp_path / "a"))
    with TestClient(app) as c:
        assert c.get("/readyz").status_code == 200
    empty = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'empty.db'}",
            demo=True,
            attachment_dir=tmp_path / "b",
        )
    )
    with TestClient(empty) as c:
        r = c.get("/readyz")
        assert r.status_code == 503
        assert "migrate" in r.json()["status"]


def test_serve_refuses_without_secret(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [str(BIN / "doorstep-server"), "serve", "--database-url", f"sqlite:///{tmp_path}/x.db"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 2
    assert "DOORSTEP_SECRET_KEY" in out.stderr


def test_an_unexpected_error_is_a_plain_500_with_nothing_quoted(
    settings: Settings, engine: Engine, capfd: pytest.CaptureFixture[str]
) -> None:
    from fastapi import APIRouter

    from sync.server.app import create_app

    app = create_app(settings)
    router = APIRouter()

    @router.get("/boom")
    def boom() -> None:
        raise RuntimeError("测试甲某 110101199003074518")

    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.json()["error"] == "internal"
    out = capfd.readouterr()
    assert "测试甲某" not in out.err + out.out + r.text
    assert "RuntimeError" in out.err
