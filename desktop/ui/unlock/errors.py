"""Plain words for what can go wrong when opening or creating a profile."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.services.profiles import PassphraseRejected
from desktop.store.keys import WrongPassphrase
from desktop.store.migrations import SchemaTooNewError
from desktop.store.profile import NeedsRecovery, ProfileError, TooManyAttempts


def describe(exc: BaseException) -> str:
    if isinstance(exc, WrongPassphrase):
        return QCoreApplication.translate(
            "ProfileErrors",
            "That passphrase is not right. Check the keyboard language and Caps Lock.",
        )
    if isinstance(exc, NeedsRecovery):
        return QCoreApplication.translate(
            "ProfileErrors",
            "Too many wrong passphrases: this profile is now closed to passphrases. County IT "
            "can open it with the county recovery key and set a new passphrase.",
        )
    if isinstance(exc, TooManyAttempts):
        seconds = str(max(1, round(exc.wait_s)))
        return QCoreApplication.translate(
            "ProfileErrors", "Too many wrong passphrases. Wait %1 seconds and try again."
        ).replace("%1", seconds)
    if isinstance(exc, PassphraseRejected):
        return {
            "mismatch": QCoreApplication.translate("ProfileErrors", "The two passphrases are not the same."),
            "too_short": QCoreApplication.translate("ProfileErrors", "A passphrase needs at least 8 characters."),
            "too_weak": QCoreApplication.translate("ProfileErrors", "This passphrase is too easy to guess. Make it longer or mix "
                            "letters, digits and signs, or use a short Chinese phrase."),
        }.get(exc.code, QCoreApplication.translate("ProfileErrors", "This passphrase cannot be used."))  # fmt: skip
    if isinstance(exc, SchemaTooNewError):
        return QCoreApplication.translate(
            "ProfileErrors",
            "This profile was written by a newer version of Doorstep. Install that version (ask "
            "county IT); nothing in the profile was changed.",
        )
    if isinstance(exc, ProfileError):
        return QCoreApplication.translate(
            "ProfileErrors", "This profile cannot be opened. Ask county IT for help."
        )
    return QCoreApplication.translate(
        "ProfileErrors", "Something went wrong. Try again; if it happens again, ask county IT."
    )
