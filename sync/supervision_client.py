"""Supervisors' calls to the server beyond sync: reports as JSON, xlsx exports streamed to a file
with progress and cancel, spot checks, a household's audit history, and who the caller is.

Built on `SyncClient` (same pinned certificate, token, request signing and refusal handling);
these calls are made only when a person asks, so they are tried once and never retried behind
their back. An export is written to a temporary file next to the target and renamed into place
only when complete, so a cancelled or cut download never leaves a partial spreadsheet.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import requests

from sync.client import BadReply, Cancelled, SyncClient, TransportError, _refusal
from sync.protocol import API_PREFIX

Progress = Callable[[int, int | None], None]  # bytes so far, total if known
CHUNK = 64 * 1024


class SupervisionClient(SyncClient):
    def get_json(self, path: str, **query: Any) -> Any:
        return self._json("GET", path, b"", query)

    def post_json(self, path: str, body: dict[str, Any]) -> Any:
        return self._json("POST", path, json.dumps(body).encode("utf-8"), {})

    def _json(self, method: str, path: str, body: bytes, query: dict[str, Any]) -> Any:
        q = urlencode({k: v for k, v in query.items() if v is not None})
        target = API_PREFIX + path + (f"?{q}" if q else "")
        headers = self._headers(method, target, body, True, "application/json" if body else None)
        try:
            r = self.session.request(
                method,
                self.base + target,
                data=body or None,
                headers=headers,
                timeout=(self.config.connect_timeout, self.config.read_timeout),
            )
        except requests.exceptions.SSLError as exc:
            raise TransportError("The server's certificate does not match the pinned one.") from exc
        except requests.RequestException as exc:
            raise TransportError(
                f"The server could not be reached ({type(exc).__name__})."
            ) from exc
        self._count(r, len(body))
        if r.status_code >= 400:
            raise _refusal(r.status_code, r.content)
        if "json" not in r.headers.get("Content-Type", "").lower():
            raise BadReply("Something other than the Doorstep server answered.")
        return r.json()

    def get_bytes(self, path: str, max_bytes: int) -> bytes:
        """A small binary reply (an attachment) kept in memory, refused beyond `max_bytes`."""
        target = API_PREFIX + path
        headers = self._headers("GET", target, b"", True, None)
        try:
            with self.session.get(
                self.base + target,
                headers=headers,
                stream=True,
                timeout=(self.config.connect_timeout, self.config.read_timeout),
            ) as r:
                if r.status_code >= 400:
                    raise _refusal(r.status_code, r.content)
                data = bytearray()
                for chunk in r.iter_content(CHUNK):
                    data += chunk
                    if len(data) > max_bytes:
                        raise BadReply("The reply is larger than any attachment may be.")
        except requests.exceptions.SSLError as exc:
            raise TransportError("The server's certificate does not match the pinned one.") from exc
        except requests.RequestException as exc:
            raise TransportError(
                f"The server could not be reached ({type(exc).__name__})."
            ) from exc
        self.traffic.bytes_down += len(data)
        return bytes(data)

    def download(
        self,
        path: str,
        out: Path,
        progress: Progress | None = None,
        should_stop: Callable[[], bool] | None = None,
        **query: Any,
    ) -> int:
        """Stream a report to `out` (atomically); returns the bytes written."""
        q = urlencode({k: v for k, v in query.items() if v is not None})
        target = API_PREFIX + path + (f"?{q}" if q else "")
        headers = self._headers("GET", target, b"", True, None)
        stop = should_stop or (lambda: False)
        part = out.with_name(out.name + ".part")
        written = 0
        try:
            with self.session.get(
                self.base + target,
                headers=headers,
                stream=True,
                timeout=(self.config.connect_timeout, self.config.read_timeout),
            ) as r:
                if r.status_code >= 400:
                    raise _refusal(r.status_code, r.content)
                raw_total = r.headers.get("Content-Length")
                total = int(raw_total) if raw_total and raw_total.isdigit() else None
                # With gzip on the wire, Content-Length counts compressed bytes: progress and
                # the completeness check follow the wire, the file gets the decoded bytes.
                encoded = bool(r.headers.get("Content-Encoding"))
                with part.open("wb") as f:
                    for chunk in r.iter_content(CHUNK):
                        if stop():
                            raise Cancelled("The export was cancelled.")
                        f.write(chunk)
                        written += len(chunk)
                        if progress is not None:
                            progress(int(r.raw.tell()) if encoded else written, total)
                received = int(r.raw.tell()) if encoded else written
                if total is not None and received != total:
                    raise TransportError("The export was cut off; try again.")
            os.replace(part, out)
        except requests.RequestException as exc:
            raise TransportError(
                f"The server could not be reached ({type(exc).__name__})."
            ) from exc
        finally:
            if part.exists():
                part.unlink()
        self.traffic.bytes_down += written
        return written
