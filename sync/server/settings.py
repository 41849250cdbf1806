"""Server settings from `DOORSTEP_*` environment variables (and the command line, which sets them).

Unsafe defaults are refused outside demo mode: a production server must be given its own
secret key, since the key signs the changes-feed cursors.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEMO_SECRET = "doorstep-demo-secret-not-for-production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOORSTEP_", extra="ignore")

    database_url: str = "sqlite:///./doorstep-server.db"
    secret_key: str = ""
    demo: bool = False
    attachment_dir: Path = Path("./doorstep-attachments")
    # Where attachment bytes go: "local" (attachment_dir; one node, the embedded default) or
    # "s3" (a bucket every node shares: MinIO, Ceph RGW, OSS, COS, AWS).
    storage: Literal["local", "s3"] = "local"
    s3_bucket: str = ""
    s3_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_prefix: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: str = ""
    s3_addressing_style: Literal["path", "virtual", "auto"] = "path"
    # Peers whose X-Forwarded-For is believed (the load balancers): addresses or networks,
    # comma-separated in DOORSTEP_TRUSTED_PROXIES. Anyone else's header is ignored.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    min_app_version: str = "0.1.0"
    max_batch_bytes: int = Field(default=8 * 1024 * 1024, ge=1024)
    # a department extract sent to POST /registry/imports (a million-row CSV is ~50 MB)
    max_registry_bytes: int = Field(default=256 * 1024 * 1024, ge=1024)
    max_batch_inflated_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    max_batch_records: int = Field(default=2000, ge=1)
    max_attachment_bytes: int = Field(default=20 * 1024 * 1024, ge=1024)
    max_chunk_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    enroll_attempts_per_10min: int = Field(default=20, ge=1)
    ingest_concurrency: int = Field(default=2, ge=1)  # batches applied at once per worker
    changes_page_max: int = Field(default=1000, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    # The database is reached through PgBouncer in transaction mode: prepare no statements.
    db_pgbouncer: bool = False
    log_level: str = "INFO"
    # The server writes its log to standard error only. Where the service manager or logrotate
    # puts those lines in files, this names that folder, so `admin retention` can delete the
    # files older than the policy; unset, retention says it has no log folder to look at.
    log_dir: Path | None = None

    @field_validator("log_dir", mode="before")
    @classmethod
    def _no_empty_log_dir(cls, value: object) -> object:
        # An empty DOORSTEP_LOG_DIR would otherwise read as ".", the current folder.
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: object) -> object:
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list):
            for v in value:
                try:
                    ipaddress.ip_network(str(v), strict=False)
                except ValueError as exc:
                    raise ValueError(
                        f"DOORSTEP_TRUSTED_PROXIES: {v!r} is not an address or network"
                    ) from exc
        return value

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        if self.storage == "s3" and not self.s3_bucket:
            raise ValueError("DOORSTEP_STORAGE=s3 needs DOORSTEP_S3_BUCKET (the bucket's name)")
        if not self.secret_key:
            if not self.demo:
                raise ValueError(
                    "DOORSTEP_SECRET_KEY is not set: give the server a secret of at least 32 "
                    "characters, or run it in demo mode (DOORSTEP_DEMO=1)"
                )
            self.secret_key = DEMO_SECRET
        elif len(self.secret_key) < 32 and not self.demo:
            raise ValueError("DOORSTEP_SECRET_KEY must be at least 32 characters long")
        return self
