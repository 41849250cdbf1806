"""`doorstep`: the desktop app's command line, logging, QApplication and translations.

With no subcommand it opens the window (`--data-dir`, `--profile county.json`, `--lang`).
Subcommands for county IT (recover, check) run without Qt so they work over SSH on a laptop with
no display; Qt is imported only when a window is opened. `doorstep demo` starts a loopback
server with a demo county and opens the app against it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop import cli
from forms import __version__

LANGS = ("zh_CN", "en")


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("doorstep", "Doorstep")) / "profiles"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="doorstep",
        description="Doorstep (入户通): household surveys for township cadres, offline first.",
    )
    parser.add_argument("--version", action="version", version=f"doorstep {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None, help="folder of the profiles")
    parser.add_argument(
        "--profile", type=Path, default=None, help="signed county profile (TOML); a build ships one"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check Qt, SQLCipher, the county profile, the forms and an encrypted store; "
        "print one line per check",
    )
    parser.add_argument("--lang", choices=LANGS, default=None, help="zh_CN (default) or en")
    # For bench/bundle.py: measure a cold start to the first window, then exit.
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli.add_commands(sub)
    demo = sub.add_parser(
        "demo",
        help="start a loopback server with a demo county and open the app against it",
        description="Start `doorstep-server serve` on loopback with a temporary database and a "
        "demo county, households and an enrollment code, then open the app.",
    )
    demo.add_argument("--no-window", action="store_true", help="set up, print, and stop")
    demo.set_defaults(handler=_demo)
    return parser


def _demo(args: argparse.Namespace) -> int:
    from desktop.demo import main as demo_main

    return int(demo_main(args))


def run_gui(
    data_dir: Path | None,
    county_profile: Path | None,
    lang: str | None,
    kdf_params: dict[str, int] | None = None,
    quit_when_shown: bool = False,
) -> int:
    """Open the window; returns the exit status of the event loop."""
    from desktop.build_info import bundled_profile
    from desktop.services.profiles import CountyProfile, CountyProfileError

    county = None
    county_profile = county_profile or bundled_profile()
    if county_profile is not None:
        try:
            county = CountyProfile.read(county_profile)
        except CountyProfileError as exc:
            given = "--profile" if county_profile != bundled_profile() else "the build"
            print(f"doorstep: {exc} (given by {given}: {county_profile})", file=sys.stderr)
            return 2
    return open_window(data_dir, county, lang, None, kdf_params, quit_when_shown)


def open_window(
    data_dir: Path | None,
    county: Any,
    lang: str | None,
    store: Any = None,
    kdf_params: dict[str, int] | None = None,
    quit_when_shown: bool = False,
) -> int:
    """The QApplication and main window; `store` opens it already unlocked (the demo)."""
    # Before any Qt object exists: a signal from here on quits the event loop (see below).
    with _quit_on_signals() as watch:
        from PySide6.QtWidgets import QApplication

        from desktop.ui.assets import install_assets
        from desktop.ui.i18n import DEFAULT_LANGUAGE, install_translators
        from desktop.ui.main_window import MainWindow
        from desktop.ui.none_refcount import pin_none
        from desktop.ui.settings import AppSettings

        pin_none()
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        install_assets(app)
        app.setApplicationName("Doorstep")
        app.setOrganizationName("Doorstep")
        settings = AppSettings()
        county_language = getattr(county, "default_language", None)
        language = lang or settings.language or county_language or DEFAULT_LANGUAGE
        install_translators(language)
        window = MainWindow(data_dir or default_data_dir(), county, language, settings, kdf_params)
        window.show()
        if store is not None:
            window.adopt_store(store)
        if quit_when_shown:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, app.quit)
        watch(app)
        return app.exec()


@contextlib.contextmanager
def _quit_on_signals() -> Iterator[Callable[[Any], None]]:
    """SIGTERM and SIGINT close the app as its window's close does (the store locks, the demo
    stops its server), instead of killing it mid-write; yields `watch(app)` to call once the
    QApplication exists.

    Python runs signal handlers only between bytecodes, the event loop runs in C++, and an
    exception raised inside a Qt callback is printed and dropped. So the Python handler does
    nothing; the C-level handler writes a byte to a socket (`signal.set_wakeup_fd`), which a
    QSocketNotifier watches. A signal that comes while the window is still being built leaves its
    byte waiting, and the loop quits as soon as it runs.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield lambda app: None
        return
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    watched = (signal.SIGTERM, signal.SIGINT)
    old = {sig: signal.signal(sig, lambda *_: None) for sig in watched}
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifiers = []

    def watch(app: Any) -> None:
        from PySide6.QtCore import QSocketNotifier

        notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

        def on_signal() -> None:
            with contextlib.suppress(OSError):
                reader.recv(64)
            app.quit()

        notifier.activated.connect(on_signal)
        notifiers.append(notifier)

    try:
        yield watch
    finally:
        signal.set_wakeup_fd(old_fd)
        for sig, handler in old.items():
            signal.signal(sig, handler)
        for notifier in notifiers:
            notifier.setEnabled(False)
        reader.close()
        writer.close()


def _qt_check() -> str:
    """Qt starts on this machine's display (or offscreen) and lays out a window."""
    if not getattr(sys, "frozen", False):  # a bundle has no interpreter to ask in a child
        from desktop.qt_probe import qt_start_problem

        problem = qt_start_problem()  # Qt aborts this process when it cannot start: ask first
        if problem is not None:
            raise RuntimeError(problem.message().replace("\n", "; "))
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("入户通")
    label.show()
    app.processEvents()
    label.close()
    return f"Qt {qVersion()} on {QApplication.platformName()}"


def self_test(county_profile: Path | None) -> int:
    from desktop.services import selftest

    lines = selftest.run(county_profile, _qt_check)
    for line in lines:
        print(f"{'ok  ' if line.ok else 'FAIL'} {line.name}: {line.detail}")
    return 0 if all(line.ok for line in lines) else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # Warnings only: messages never carry personal data, and nothing is logged to a file.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.self_test:
        return self_test(args.profile)
    if args.command is None:
        return run_gui(args.data_dir, args.profile, args.lang, quit_when_shown=args.quit_when_shown)
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
