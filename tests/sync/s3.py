"""A real S3 endpoint on loopback for the tests: moto's server (HTTP, the S3 wire protocol).

`moto_endpoint` starts one `ThreadedMotoServer` per test session on a free port; `bucket` makes
a fresh bucket per test and returns the server settings that point the attachment store at it.
The server reaches it through boto3 exactly as it would reach MinIO or a cloud's object store.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

S3_KEY = {"s3_access_key_id": "doorstep-test", "s3_secret_access_key": "doorstep-test-secret"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=S3_KEY["s3_access_key_id"],
        aws_secret_access_key=S3_KEY["s3_secret_access_key"],
    )


def s3_settings(endpoint: str, bucket: str) -> dict[str, str]:
    """Server settings (Settings keyword arguments) for the attachment store in `bucket`."""
    return {"storage": "s3", "s3_endpoint_url": endpoint, "s3_bucket": bucket, **S3_KEY}


def s3_env(endpoint: str, bucket: str) -> dict[str, str]:
    """The same settings as DOORSTEP_* variables, for `doorstep-server serve` processes."""
    return {f"DOORSTEP_{k.upper()}": v for k, v in s3_settings(endpoint, bucket).items()}


def object_keys(endpoint: str, bucket: str) -> list[str]:
    pages = s3_client(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return sorted(o["Key"] for page in pages for o in page.get("Contents", []))


def read_object(endpoint: str, bucket: str, key: str) -> bytes:
    data: bytes = s3_client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()
    return data


@pytest.fixture
def bucket(moto_endpoint: str) -> str:
    name = f"doorstep-{uuid.uuid4().hex[:12]}"
    s3_client(moto_endpoint).create_bucket(Bucket=name)
    return name
