"""Keeping Python 3.11 alive under PySide6 wheels that treat None as immortal.

PySide6 6.12's wheels are built for the stable ABI of Pythons where None is immortal (3.12 and
later), so every call into Qt that returns nothing, and every empty QVariant handed back, gives
Python a None it never took a reference for. On Python 3.11 None's count then falls by one per
call, and the process aborts ("deallocating None") once it reaches zero: after a few tens of
thousands of calls, which building the survey screen of a 2,000-question form makes in one go.
`pin_none()` raises None's count out of reach, which is what 3.12 does for every interpreter.
"""

from __future__ import annotations

import ctypes
import sys


def pin_none() -> None:
    """Make None's reference count unreachable by the leak (a no-op from Python 3.12 on)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the object's first field
    count.value = max(count.value, 1 << 60)
