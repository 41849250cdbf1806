"""A man in the middle for the signing tests: an HTTP/1.1 relay on loopback that sees every
request whole and can record it, change it, or swallow it before it reaches the server.

The laptop's real client points at `url` instead of the server. Each request is read in full
(head and a Content-Length body), kept in `seen`, and handed to `tamper`, which returns the
request to forward (changed or not) or None to drop the connection without an answer (a link
that dies, and the attacker keeps the copy). `send` plays the attacker: it sends a captured or
doctored request to the server as it stands.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass(frozen=True)
class Exchange:
    """One request as it crossed the relay, and the status the server gave it (0: none)."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    status: int = 0

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def with_header(self, name: str, value: str) -> Exchange:
        kept = tuple((k, v) for k, v in self.headers if k.lower() != name.lower())
        return replace(self, headers=(*kept, (name, value)))


@dataclass(frozen=True)
class Reply:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def send(base_url: str, request: Exchange) -> Reply:
    """Send `request` to the server exactly as given (headers, target and body)."""
    parts = urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.putrequest(request.method, request.target, skip_accept_encoding=True)
        for k, v in request.headers:
            if k.lower() not in HOP_BY_HOP:
                conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(request.body)))
        conn.endheaders(request.body)
        r = conn.getresponse()
        return Reply(r.status, tuple(r.getheaders()), r.read())
    finally:
        conn.close()


class Mitm:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.seen: list[Exchange] = []
        self.tamper: Callable[[Exchange], Exchange | None] = lambda x: x
        self._lock = threading.Lock()
        relay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return  # the test output is not the place for an access log

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                got = Exchange(self.command, self.path, tuple(self.headers.items()), body)
                forward = relay.tamper(got)
                if forward is None:
                    relay._record(got)
                    self.close_connection = True
                    return
                reply = send(relay.upstream, forward)
                relay._record(replace(forward, status=reply.status))
                self.send_response(reply.status)
                for k, v in reply.headers:
                    if k.lower() not in HOP_BY_HOP and k.lower() not in ("server", "date"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = do_PUT = _relay  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = int(self.server.server_address[1])
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _record(self, exchange: Exchange) -> None:
        with self._lock:
            self.seen.append(exchange)

    def requests_to(self, method: str, path: str) -> list[Exchange]:
        with self._lock:
            return [x for x in self.seen if x.method == method and x.target == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
