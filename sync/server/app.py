"""The FastAPI application factory.

`create_app(settings)` builds one app over one engine; `create_app_from_env()` is the factory
uvicorn workers call (`doorstep-server serve` passes settings through `DOORSTEP_*` variables).
The server keeps no state outside the database and the attachment store (a folder, or an S3
bucket every node shares), so any number of workers or machines can run side by side.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.middleware.gzip import GZipMiddleware

from forms import __version__
from sync.protocol import API_PREFIX

from .attachments.routes import router as attachments_router
from .attachments.storage import make_store
from .cases.routes import router as cases_router
from .changes.routes import router as changes_router
from .db import make_engine, make_read_sessionmaker, make_sessionmaker
from .deps import SIGNED_BODY_MODELS
from .enrollment.routes import router as enrollment_router
from .errors import install_error_handlers
from .ingest.routes import router as ingest_router
from .logs import RequestContextMiddleware, configure_logging
from .registry.routes import router as registry_router
from .reports.routes import router as reports_router
from .review.routes import router as review_router
from .settings import Settings
from .supervision.routes import router as supervision_router
from .system.routes import probes
from .system.routes import router as system_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        title="Doorstep central server",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    engine = make_engine(settings.database_url, settings.db_pool_size, settings.db_pgbouncer)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.read_sessionmaker = make_read_sessionmaker(engine)
    app.state.blob_store = make_store(settings)
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware)
    # Replies over ~1 KB (batch results, changes pages) go gzip-compressed to clients that ask
    # for it; a stored batch reply is compressed on the way out, so replays stay byte-identical.
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)
    api = APIRouter(prefix=API_PREFIX)
    for router in (
        system_router,
        enrollment_router,
        ingest_router,
        changes_router,
        attachments_router,
        review_router,
        reports_router,
        supervision_router,
        cases_router,
        registry_router,
    ):
        api.include_router(router)
    app.include_router(probes)
    app.include_router(api)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document plus the schemas of the signed JSON bodies routes read by hand."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for name, model in SIGNED_BODY_MODELS.items():
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
    app.openapi_schema = doc
    return doc


def create_app_from_env() -> FastAPI:
    return create_app(Settings())
