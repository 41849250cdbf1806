"""Typed application settings over QSettings, with a schema version for later upgrades.

Only preferences live here (language, auto-lock minutes, window geometry, the last profile's
folder name, whether photos wait for the office network and its address ranges); never a name, ID number or anything else from a household.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

SCHEMA_VERSION = 1
DEFAULT_AUTO_LOCK_MIN = 10


class AppSettings:
    """The registry of options; each property reads and writes one QSettings key."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._s = qsettings or QSettings("Doorstep", "doorstep")
        if int(str(self._s.value("schema_version", 0) or 0)) < SCHEMA_VERSION:
            self._s.setValue("schema_version", SCHEMA_VERSION)

    @property
    def qsettings(self) -> QSettings:
        return self._s

    @property
    def auto_lock_minutes(self) -> int:
        value = self._s.value("security/auto_lock_minutes", DEFAULT_AUTO_LOCK_MIN)
        try:
            return max(1, int(str(value)))
        except ValueError:
            return DEFAULT_AUTO_LOCK_MIN

    @auto_lock_minutes.setter
    def auto_lock_minutes(self, minutes: int) -> None:
        self._s.setValue("security/auto_lock_minutes", int(minutes))

    @property
    def language(self) -> str | None:
        value = self._s.value("ui/language")
        return str(value) if value in ("zh_CN", "en") else None

    @language.setter
    def language(self, lang: str) -> None:
        self._s.setValue("ui/language", lang)

    @property
    def photos_office_only(self) -> bool:
        """Send photos only on the township office network (answers go anywhere)."""
        return str(self._s.value("sync/photos_office_only", "false")).lower() in ("true", "1")

    @photos_office_only.setter
    def photos_office_only(self, on: bool) -> None:
        self._s.setValue("sync/photos_office_only", "true" if on else "false")

    @property
    def office_networks(self) -> str:
        """The office network's address ranges as county IT wrote them ("10.42.0.0/16, ...")."""
        value = self._s.value("sync/office_networks", "")
        return str(value) if value else ""

    @office_networks.setter
    def office_networks(self, text: str) -> None:
        self._s.setValue("sync/office_networks", text.strip())

    @property
    def last_profile(self) -> str | None:
        value = self._s.value("profiles/last")
        return str(value) if value else None

    @last_profile.setter
    def last_profile(self, folder_name: str) -> None:
        self._s.setValue("profiles/last", folder_name)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._s.value("ui/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._s.setValue("ui/geometry", value)

    def sync(self) -> None:
        self._s.sync()
