"""What makes the window lock by itself: idle time in the app, and the laptop going to sleep.

`IdleLock` watches every key, click, wheel turn and pointer move in the application (one event
filter on the QApplication) and fires `idle` when none came for the configured time.

The operating system's "about to sleep" (lid closed, suspend) comes through a `SleepWatcher`:
on Linux logind's PrepareForSleep signal on the system bus (QtDBus), on Windows the
WM_POWERBROADCAST suspend and the session-lock notification seen by a native event filter. A
machine that offers neither (no system bus, another OS) simply lacks the feature; that is logged
once, and the idle lock still works. Each watcher only emits `about_to_sleep`, so a test emits
the real D-Bus signal on a private bus, or feeds the Windows filter a message, and checks that
the window locks.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)

log = logging.getLogger(__name__)

ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)

LOGIND_SERVICE = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_INTERFACE = "org.freedesktop.login1.Manager"
# SLOT("..."): the "1" marks a slot signature. PySide6 takes a str here at run time although
# its stubs say bytes (a bytes value is refused with ValueError), hence the ignores below.
_SLOT = "1_on_prepare_for_sleep(bool)"

# Windows messages (winuser.h, wtsapi32.h).
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0

_reported: set[str] = set()


def _log_once(key: str, message: str) -> None:
    if key not in _reported:
        _reported.add(key)
        log.info(message)


class IdleLock(QObject):
    """Fires `idle` after `minutes` without input anywhere in the application, while armed."""

    idle = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # Precise: a coarse timer may run 5 % late, which is 30 s on ten minutes.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.set_minutes(minutes)
        self.timer.timeout.connect(self.idle)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self.timer.setInterval(ms)
        if self.timer.isActive():
            self.timer.start()

    def arm(self) -> None:
        self.timer.start()

    def disarm(self) -> None:
        self.timer.stop()

    @property
    def armed(self) -> bool:
        return self.timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS and self.timer.isActive():
            self.timer.start()
        return False

    def uninstall(self) -> None:
        self.timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class SleepWatcher(QObject):
    """The interface: `about_to_sleep` when the OS says the machine is going to sleep or the
    session is being locked. `available` says whether anything is watched at all."""

    about_to_sleep = Signal()

    @property
    def available(self) -> bool:
        return False

    def close(self) -> None:
        """Stop watching (call when the window closes)."""


class LogindSleepWatcher(SleepWatcher):
    """logind's PrepareForSleep(true) on the system bus (or the bus given, for tests)."""

    def __init__(self, bus: object | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtDBus import QDBusConnection

        self._bus = bus if isinstance(bus, QDBusConnection) else QDBusConnection.systemBus()
        self._connected = self._bus.isConnected() and self._bus.connect(  # type: ignore[call-overload]
            LOGIND_SERVICE,
            LOGIND_PATH,
            LOGIND_INTERFACE,
            "PrepareForSleep",
            self,
            _SLOT,
        )
        if not self._connected:
            _log_once("logind", "no system bus or no logind: the app will not lock on suspend")

    @property
    def available(self) -> bool:
        return bool(self._connected)

    @Slot(bool)
    def _on_prepare_for_sleep(self, starting: bool) -> None:
        if starting:  # false comes on resume, when the window is locked already
            self.about_to_sleep.emit()

    def close(self) -> None:
        if self._connected:
            self._bus.disconnect(  # type: ignore[call-overload]
                LOGIND_SERVICE,
                LOGIND_PATH,
                LOGIND_INTERFACE,
                "PrepareForSleep",
                self,
                _SLOT,
            )
            self._connected = False


class _Msg(ctypes.Structure):
    """The head of a Windows MSG (hwnd, message, wParam, lParam), laid out as on Windows."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
    ]


class _WindowsFilter(QAbstractNativeEventFilter):
    def __init__(self, fire: SleepWatcher) -> None:
        super().__init__()
        self._fire = fire

    def nativeEventFilter(self, eventType: object, message: object) -> tuple[bool, int]:
        kind = bytes(eventType) if isinstance(eventType, bytes | bytearray) else str(eventType)
        if kind in (b"windows_generic_MSG", "windows_generic_MSG"):
            msg = _Msg.from_address(int(message))  # type: ignore[call-overload]
            if is_sleep_message(msg.message, msg.wParam):
                self._fire.about_to_sleep.emit()
        return False, 0


def is_sleep_message(message: int, wparam: int) -> bool:
    """Whether a Windows message means suspend or session lock."""
    return (message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND) or (
        message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK
    )


class WindowsSleepWatcher(SleepWatcher):
    """WM_POWERBROADCAST suspend (every top-level window gets it) and, once the window is
    registered for session notifications, WM_WTSSESSION_CHANGE lock (Win+L)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.filter = _WindowsFilter(self)
        app = QCoreApplication.instance()
        self._installed = app is not None
        if app is not None:
            app.installNativeEventFilter(self.filter)

    @property
    def available(self) -> bool:
        return self._installed

    def register_window(self, win_id: int) -> None:
        """Ask for session-lock notices for this window; without them only suspend is seen."""
        if sys.platform != "win32":
            return
        try:
            wtsapi = ctypes.WinDLL("wtsapi32")  # type: ignore[attr-defined,unused-ignore]
            wtsapi.WTSRegisterSessionNotification(ctypes.c_void_p(win_id), NOTIFY_FOR_THIS_SESSION)
        except OSError:
            _log_once("wts", "no session notifications: the app will lock on suspend only")

    def close(self) -> None:
        app = QCoreApplication.instance()
        if self._installed and app is not None:
            app.removeNativeEventFilter(self.filter)
        self._installed = False


def sleep_watcher(parent: QObject | None = None) -> SleepWatcher:
    """The watcher this machine supports; a plain one (never fires) where there is none."""
    if sys.platform == "win32":
        return WindowsSleepWatcher(parent)
    if sys.platform.startswith("linux"):
        try:
            import PySide6.QtDBus  # noqa: F401
        except ImportError:
            _log_once("qtdbus", "this Qt has no D-Bus module: the app will not lock on suspend")
            return SleepWatcher(parent)
        return LogindSleepWatcher(None, parent)
    _log_once("os", "locking on suspend is not supported on this system")
    return SleepWatcher(parent)
