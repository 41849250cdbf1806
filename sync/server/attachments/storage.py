"""Where attachment bytes live: a local folder (the embedded default) or an S3-compatible bucket.

Both stores hold the same keys: a finished attachment under `<sha[:2]>/<sha>`, and the chunks of
an upload in progress under `partial/<sha>/<part id>`. What has been received of an upload is
kept in the database (`upload_part`), never in a node's memory or on its disk alone, so with the
S3 store a resumed upload may land on any node. `DOORSTEP_STORAGE=s3` selects the bucket, read
through boto3 (MinIO, Ceph RGW, OSS, COS and AWS all speak it); credentials come from the
`DOORSTEP_S3_*` settings or else boto3's usual chain (`AWS_*` variables, instance roles).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from ..errors import ApiError
from ..settings import Settings


def final_key(sha: str) -> str:
    return f"{sha[:2]}/{sha}"


def part_prefix(sha: str) -> str:
    return f"partial/{sha}/"


class BlobStore(Protocol):
    def put(self, key: str, data: bytes) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> None: ...


class LocalStore:
    """Files under one folder, written whole and renamed into place (never half a file)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.root / key

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        shutil.rmtree(self._path(prefix.rstrip("/")), ignore_errors=True)


class S3Store:
    """One bucket (and an optional key prefix) through boto3's S3 client."""

    def __init__(self, settings: Settings) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = settings.s3_bucket
        self.prefix = settings.s3_prefix
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url or None,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id or None,
            aws_secret_access_key=settings.s3_secret_access_key or None,
            config=Config(
                s3={"addressing_style": settings.s3_addressing_style},
                retries={"max_attempts": 5, "mode": "standard"},
                connect_timeout=10,
                read_timeout=60,
            ),
        )

    def put(self, key: str, data: bytes) -> None:
        with _unavailable():
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data)

    def get(self, key: str) -> bytes:
        with _unavailable():
            reply = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
            data: bytes = reply["Body"].read()
        return data

    def delete(self, key: str) -> None:
        with _unavailable():
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def delete_prefix(self, prefix: str) -> None:
        with _unavailable():
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix + prefix
            )
            for page in pages:
                keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
                if keys:
                    self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys})


@contextlib.contextmanager
def _unavailable() -> Iterator[None]:
    """An object store that cannot be reached (or refuses the key) is a 503 the laptop retries
    later, never a 500: what it sent so far is kept (the parts it lists are in the database)."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except (BotoCoreError, ClientError) as exc:
        raise ApiError(
            503,
            "storage_unavailable",
            "The attachment store cannot be reached now; send the attachment again later.",
            headers={"Retry-After": "30"},
        ) from exc


def make_store(settings: Settings) -> BlobStore:
    if settings.storage == "s3":
        return S3Store(settings)
    return LocalStore(settings.attachment_dir)
