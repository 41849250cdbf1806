"""A TCP proxy for the tests: faults (cuts, delays, duplicated requests) and link shaping.

Each accepted connection gets a plan from `plan_for(connection number)`: cut after N bytes
client→server or server→client, hold each forwarded chunk back for a while, or replay the first
request on a second upstream connection (a duplicated request; its answer is thrown away). With
`bandwidth` and `latency` set it shapes the link instead (used by bench/sync_link.py; chunks queue for the bandwidth and then travel for the latency). It also
counts the bytes that crossed it in each direction, HTTP included, and the requests it saw.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    cut_up: int | None = None  # close after this many client→server bytes
    cut_down: int | None = None  # close after this many server→client bytes
    delay: float = 0.0  # hold each chunk back this long
    duplicate: bool = False  # replay the first request on another connection


def random_plan(rng: random.Random, fault_rate: float) -> Plan:
    if rng.random() >= fault_rate:
        return Plan()
    kind = rng.choice(["up", "down", "down", "delay", "dup"])
    if kind == "up":
        return Plan(cut_up=rng.randrange(0, 6000))
    if kind == "down":
        return Plan(cut_down=rng.randrange(0, 3000))
    if kind == "delay":
        return Plan(delay=rng.uniform(0.001, 0.02))
    return Plan(duplicate=True)


class Proxy:
    def __init__(
        self,
        upstream_port: int,
        plan_for: Callable[[int], Plan] | None = None,
        bandwidth: float | None = None,  # bytes per second, each direction
        latency: float = 0.0,  # one-way seconds
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.plan_for = plan_for or (lambda _n: Plan())
        self.bandwidth = bandwidth
        self.latency = latency
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = int(self.listener.getsockname()[1])
        self.bytes_up = 0
        self.bytes_down = 0
        self.requests = 0
        self.connections = 0
        self.cuts = 0
        self.duplicates = 0
        self.enabled = True
        # Requests still allowed through before the link drops (None: no limit). A campaign's
        # short online window: the signal goes in the middle of whatever request comes next.
        self.budget: int | None = None
        # Request number (from 1) -> a status this proxy answers itself and then closes, as a
        # gateway in front of the server does while the server restarts (502, 504).
        self.gateway_for: Callable[[int], int | None] = lambda _n: None
        self.window_cuts = 0
        # How the window closes on a request: before it reaches the server, or after (the server
        # acts on it and its answer is lost: the case where a laptop cannot know what arrived).
        self.window_rng = random.Random(0)
        self.on_request: Callable[[bytes], None] | None = None
        self._lock = threading.Lock()
        self._pause = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self.listener.close()

    def reset_counts(self) -> None:
        with self._lock:
            self.bytes_up = self.bytes_down = self.requests = 0

    # --- machinery ------------------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                n = self.connections
            plan = self.plan_for(n) if self.enabled else Plan()
            threading.Thread(target=self._serve, args=(client, plan), daemon=True).start()

    def _serve(self, client: socket.socket, plan: Plan) -> None:
        try:
            server = socket.create_connection(self.upstream, timeout=30)
        except OSError:
            client.close()
            return
        first_request = bytearray()
        answered = threading.Event()
        done = threading.Event()
        reply_lost = threading.Event()

        def close_both() -> None:
            done.set()
            for s in (client, server):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    s.close()

        def pump(src: socket.socket, dst: socket.socket, up: bool) -> None:
            limit = plan.cut_up if up else plan.cut_down
            moved = 0
            link = _Link(dst, self.bandwidth, self.latency) if self.shaped else None
            try:
                while not done.is_set():
                    data = src.recv(16384)
                    if not data:
                        break
                    if up:
                        if self.on_request and data.startswith((b"POST ", b"PUT ", b"GET ")):
                            self.on_request(data)
                        if data.startswith((b"POST ", b"PUT ", b"GET ")):
                            with self._lock:
                                self.requests += 1
                                gone = self.budget is not None and self.budget <= 0
                                if self.budget is not None:
                                    self.budget -= 1
                                if gone:
                                    self.window_cuts += 1
                                    if self.budget == -1 and self.window_rng.random() < 0.5:
                                        gone = False  # it goes through; the answer will not
                                        reply_lost.set()
                                status = self.gateway_for(self.requests)
                            if gone:
                                break
                            if status is not None:
                                _gateway_reply(src, status)
                                break
                        if plan.duplicate and not answered.is_set():
                            first_request.extend(data)
                    else:
                        answered.set()
                        if reply_lost.is_set():
                            break
                    if limit is not None and moved + len(data) >= limit:
                        dst.sendall(data[: max(0, limit - moved)])
                        with self._lock:
                            self.cuts += 1
                        break
                    if plan.delay:
                        self._pause.wait(plan.delay)
                    if link is not None:
                        link.send(data)
                    else:
                        dst.sendall(data)
                    moved += len(data)
                    with self._lock:
                        if up:
                            self.bytes_up += len(data)
                        else:
                            self.bytes_down += len(data)
            except OSError:
                pass
            finally:
                if link is not None:
                    link.drain()
                close_both()
                if up is False and plan.duplicate and first_request:
                    self._replay(bytes(first_request))

        t = threading.Thread(target=pump, args=(client, server, True), daemon=True)
        t.start()
        pump(server, client, False)
        t.join(timeout=30)

    @property
    def shaped(self) -> bool:
        return bool(self.bandwidth or self.latency)

    def _replay(self, request: bytes) -> None:
        with self._lock:
            self.duplicates += 1
        try:
            with socket.create_connection(self.upstream, timeout=30) as s:
                s.sendall(request)
                s.shutdown(socket.SHUT_WR)
                while s.recv(16384):
                    pass
        except OSError:
            pass


def _gateway_reply(client: socket.socket, status: int) -> None:
    body = b"<html><body><h1>Gateway error</h1></body></html>"
    head = (
        f"HTTP/1.1 {status} Gateway\r\nContent-Type: text/html\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with contextlib.suppress(OSError):
        client.sendall(head + body)


class _Link:
    """One direction of a shaped link: bytes leave at `bandwidth` and arrive `latency` later.

    Chunks queue behind each other for the bandwidth but travel in parallel for the latency, as
    on a real link, so a reply of many chunks costs one latency, not one per chunk.
    """

    def __init__(self, dst: socket.socket, bandwidth: float | None, latency: float) -> None:
        import queue

        self.dst = dst
        self.bandwidth = bandwidth
        self.latency = latency
        self.free_at = 0.0
        self.queue: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        self.pause = threading.Event()
        self.thread = threading.Thread(target=self._deliver, daemon=True)
        self.thread.start()

    def send(self, data: bytes) -> None:
        import time

        now = time.monotonic()
        start = max(now, self.free_at)
        self.free_at = start + (len(data) / self.bandwidth if self.bandwidth else 0.0)
        self.queue.put((self.free_at + self.latency, data))

    def drain(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=120)

    def _deliver(self) -> None:
        import time

        while True:
            item = self.queue.get()
            if item is None:
                return
            at, data = item
            wait = at - time.monotonic()
            if wait > 0:
                self.pause.wait(wait)
            try:
                self.dst.sendall(data)
            except OSError:
                return
