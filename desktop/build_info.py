"""What a county build baked into the executable: the profile it ships and the key it trusts.

`packaging/build.py` generates a module `doorstep_build_info` inside the bundle (compiled into
its archive, not a loose file beside it). A developer's checkout has none, and then the app
accepts a profile signed by the key the profile itself names — any changed byte is still refused.
"""

from __future__ import annotations

import sys
from pathlib import Path


def trusted_signing_fingerprint() -> str | None:
    try:
        import doorstep_build_info
    except ImportError:
        return None
    return str(doorstep_build_info.SIGNING_KEY_FINGERPRINT)


def bundled_profile() -> Path | None:
    """The county profile shipped inside a frozen build, if this is one."""
    base = getattr(sys, "_MEIPASS", None)
    if base is None:
        return None
    path = Path(base) / "county-profile.toml"
    return path if path.exists() else None
