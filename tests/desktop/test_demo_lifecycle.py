"""`doorstep demo` leaves nothing behind, however it ends, and says what Qt lacks before starting.

The real command runs offscreen with its own TMPDIR; once it has printed its server's address it
is stopped with SIGTERM, SIGINT or SIGKILL. Afterwards no server process of it is alive, its port
is closed and its temporary folder is gone: after SIGKILL nothing in the app could clean up, so
that is the server noticing its parent died (sync/server/parent_watch.py).
"""

from __future__ import annotations

import os
import queue
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import pytest

from desktop.qt_probe import explain

BIN = Path(sys.executable).parent


def _wait_for(condition: Callable[[], bool], timeout_s: float, what: str) -> None:
    deadline = time.monotonic() + timeout_s
    selector = selectors.DefaultSelector()  # a pause that is not time.sleep: nothing to read
    r, w = os.pipe()
    selector.register(r, selectors.EVENT_READ)
    try:
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            selector.select(timeout=0.1)
    finally:
        selector.close()
        os.close(r)
        os.close(w)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has stopped; only its exit status waits to be collected


def _listens(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class _Lines:
    """The lines a process prints, read by a thread so waiting for one has a deadline."""

    def __init__(self, stream: IO[str]) -> None:
        self._queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self._queue.put(line)
        self._queue.put("")

    def wait_for(self, pattern: str, timeout_s: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if not line:
                break
            self.seen.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r}; got {self.seen!r}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])  # fmt: skip
def test_killed_demo_leaves_no_server_and_no_folder(tmp_path: Path, sig: signal.Signals) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([str(BIN / "doorstep"), "demo"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    try:
        assert proc.stdout is not None
        lines = _Lines(proc.stdout)
        port = int(lines.wait_for(r"server http://127\.0\.0\.1:(\d+)", 120)[1])
        lines.wait_for(r"Demo passphrase", 10)
        servers = [pid for pid in _children(proc.pid) if _alive(pid)]
        assert len(servers) == 1, servers
        (folder,) = tmp.glob("doorstep-demo-*")
        assert (folder / "server.db").exists()
        assert _listens(port)

        proc.send_signal(sig)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:  # it ended itself, through its clean-up
        assert code in (0, 128 + sig), proc.stderr.read() if proc.stderr else ""
    _wait_for(lambda: not _alive(servers[0]), 30, "the demo server to stop")
    _wait_for(lambda: not folder.exists(), 30, "the demo folder to be removed")
    assert not _listens(port)
    assert list(tmp.iterdir()) == []


def test_demo_says_what_qt_lacks_before_starting_anything(tmp_path: Path) -> None:
    """No display here: with the xcb platform forced, Qt cannot start; the demo says why and
    what to install, and starts no server and makes no folder."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":97"}
    started = time.monotonic()
    out = subprocess.run([str(BIN / "doorstep"), "demo"], capture_output=True, text=True,
                         env=env, timeout=60, check=False)  # fmt: skip
    assert out.returncode == 3
    assert time.monotonic() - started < 30
    assert out.stderr.startswith("Qt cannot start: ")
    assert "Traceback" not in out.stderr
    # Either a library of the xcb set is missing on this machine (and the apt line names it),
    # or they are all there and there is no display at :97.
    assert ("sudo apt-get install lib" in out.stderr) or ("no display" in out.stderr)
    assert "Doorstep demo: server" not in out.stdout
    assert list(tmp.iterdir()) == []


# What Qt 6.8 prints with QT_DEBUG_PLUGINS=1 when libqxcb.so cannot load: note the misleading
# xcb-cursor line, printed whichever library is missing.
QT_OUTPUT = """\
qt.core.library: "/v/PySide6/Qt/plugins/platforms/libqxcb.so" cannot load: Cannot load library \
/v/PySide6/Qt/plugins/platforms/libqxcb.so: libxcb-icccm.so.4: cannot open shared object file: \
No such file or directory
qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform \
plugin.
qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "" even though it was found.
"""


def test_the_message_names_every_missing_library_and_one_apt_line() -> None:
    cache = {"libxcb-cursor.so.0", "libX11.so.6", "libxcb-render-util.so.0"}
    problem = explain(QT_OUTPUT, cache)
    assert problem.missing_libraries[0] == "libxcb-icccm.so.4"  # the one the loader named
    assert "libxcb-keysyms.so.1" in problem.missing_libraries  # and the others not in the cache
    assert "libxcb-cursor.so.0" not in problem.missing_libraries  # present, whatever Qt says
    assert problem.packages[0] == "libxcb-icccm4"
    lines = problem.message().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Install with: sudo apt-get install libxcb-icccm4 ")
    assert "libxcb-cursor0" not in lines[1]


def test_no_display_is_said_as_such() -> None:
    problem = explain("qt.qpa.xcb: could not connect to display :97\n", set())
    assert problem.missing_libraries == ()
    assert problem.message().startswith("Qt cannot start: no display to connect to (:97)")


def test_a_signal_while_the_window_is_built_quits_the_event_loop(qapp: Any) -> None:
    """The app's own handling (desktop/app.py): SIGTERM before the loop runs is not lost."""
    from PySide6.QtCore import QTimer

    from desktop.app import _quit_on_signals

    with _quit_on_signals() as watch:
        os.kill(os.getpid(), signal.SIGTERM)  # handled: this test process goes on
        watch(qapp)
        QTimer.singleShot(20_000, lambda: qapp.exit(99))  # the deadline, should it not quit
        assert qapp.exec() == 0
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
