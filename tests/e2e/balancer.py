"""HAProxy in front of `doorstep-server serve` nodes, for the tests and bench/scale_out.py.

`haproxy_config` writes the configuration docs/deploy.md gives operators, cut down to loopback:
round-robin over the nodes, an active health check on /readyz every half second, the client's
address appended to X-Forwarded-For, and a request whose node refused the connection sent to
another. The balancer connects to the nodes from 127.0.0.2 (the whole 127/8 is loopback on
Linux), so a node can tell the balancer (a trusted proxy) from a client that calls it directly
from 127.0.0.1. `Balancer` runs it in the foreground and reads its stats socket to wait until
each node is up or down.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROXY_SOURCE = "127.0.0.2"  # the address nodes see the balancer connect from


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )


def haproxy_config(port: int, nodes: list[int], stats_socket: Path) -> str:
    servers = "\n".join(f"    server node{i + 1} 127.0.0.1:{p} check" for i, p in enumerate(nodes))
    return f"""global
    maxconn 4096
    stats socket {stats_socket} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    timeout http-request 30s
    option forwardfor
    option redispatch
    retries 3

frontend doorstep
    bind 127.0.0.1:{port}
    default_backend nodes

backend nodes
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2 source {PROXY_SOURCE}
{servers}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_pause = threading.Event()


@dataclass
class Balancer:
    nodes: list[int]
    folder: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def socket_path(self) -> Path:
        return self.folder / "haproxy.sock"

    def start(self) -> None:
        binary = haproxy_binary()
        if binary is None:
            raise RuntimeError("haproxy is not installed (Debian package: haproxy)")
        self.folder.mkdir(parents=True, exist_ok=True)
        cfg = self.folder / "haproxy.cfg"
        cfg.write_text(haproxy_config(self.port, self.nodes, self.socket_path), encoding="utf-8")
        check = subprocess.run([binary, "-c", "-f", str(cfg)], capture_output=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy refused its configuration: {check.stderr.decode()}")
        log = (self.folder / "haproxy.log").open("ab")
        self.process = subprocess.Popen(
            [binary, "-db", "-f", str(cfg)], stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.wait_until(lambda states: bool(states), "the balancer to start")

    def states(self) -> dict[str, str]:
        """Each node's state as HAProxy sees it: UP, DOWN, "UP 1/2"…; {} before it answers."""
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(2)
                s.connect(str(self.socket_path))
                s.sendall(b"show stat\n")
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
        except OSError:
            return {}
        out = {}
        for line in data.decode().splitlines():
            cols = line.split(",")
            if len(cols) > 17 and cols[0] == "nodes" and cols[1].startswith("node"):
                out[cols[1]] = cols[17]
        return out

    def wait_until(self, ok: object, what: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError("haproxy exited:\n" + (self.folder / "haproxy.log").read_text())
            if ok(self.states()):  # type: ignore[operator]
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}: {self.states()}")
            _pause.wait(0.05)

    def wait_node(self, index: int, state: str) -> None:
        name = f"node{index + 1}"
        self.wait_until(lambda s: s.get(name) == state, f"{name} to be {state}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
