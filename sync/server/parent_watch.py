"""Stop the server when the process that started it is gone (`doorstep demo`).

The demo launcher starts `doorstep-server serve` as a child and must never leave it running:
not after a normal exit, and not after SIGKILL or a Qt abort, when the launcher runs no clean-up
of its own. So the server watches its parent. On POSIX the parent holds the write end of a pipe
whose read end the server inherits (`--parent-fd`): the kernel closes the write end however the
parent dies, and the blocked read returns at once — no polling, and unlike Linux's
PR_SET_PDEATHSIG it works on every POSIX system. On Windows the server waits on the parent's
process handle (`--parent-pid`). Either way the watcher then asks the server to shut down as a
SIGTERM would, and the command removes the demo's temporary folder once uvicorn has stopped.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable


def _wait_for_eof(fd: int) -> None:
    while True:
        try:
            if not os.read(fd, 4096):
                return
        except InterruptedError:
            continue
        except OSError:  # the descriptor is unusable: treat as gone, never serve orphaned
            return


def _wait_for_process(pid: int) -> None:  # pragma: no cover - Windows only
    import ctypes

    synchronize, infinite = 0x00100000, 0xFFFFFFFF
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:  # the parent is gone already
        return
    try:
        kernel32.WaitForSingleObject(handle, infinite)
    finally:
        kernel32.CloseHandle(handle)


def _stop_this_process() -> None:
    """Ask the running server to shut down gracefully, as an operator's Ctrl-C or SIGTERM does."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        signal.raise_signal(signal.SIGINT)
    else:
        os.kill(os.getpid(), signal.SIGTERM)


def watch_parent(
    parent_fd: int | None = None,
    parent_pid: int | None = None,
    on_gone: Callable[[], None] = _stop_this_process,
) -> threading.Event:
    """Start a daemon thread that calls `on_gone` once the parent has gone.

    Returns an event set at that moment, so the caller can tell a shutdown the parent's death
    caused from one it asked for.
    """
    gone = threading.Event()
    if parent_fd is None and parent_pid is None:
        return gone

    def watch() -> None:
        if parent_fd is not None:
            _wait_for_eof(parent_fd)
        elif parent_pid is not None:
            _wait_for_process(parent_pid)
        gone.set()
        on_gone()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    return gone
