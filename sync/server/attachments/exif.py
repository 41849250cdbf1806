"""Removing EXIF (and with it the GPS location) from photos before they are served.

JPEG: APP1 segments (EXIF and XMP, where cameras put the location) are dropped and everything
else is copied byte for byte; PNG: `eXIf` chunks are dropped. Other files pass unchanged.
"""

from __future__ import annotations

import struct


def strip_location(data: bytes) -> bytes:
    if data[:2] == b"\xff\xd8":
        return _strip_jpeg(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return _strip_png(data)
    return data


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(b"\xff\xd8")
    i = 2
    n = len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return data  # not a JPEG we understand: serve nothing rather than guess? keep as is
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0xDA or marker == 0xD9:  # start of scan / end of image: copy the rest
            out += data[i:]
            return bytes(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[i : i + 2]
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        segment = data[i : i + 2 + length]
        if marker != 0xE1:  # APP1 holds EXIF (with GPS) and XMP
            out += segment
        i += 2 + length
    out += data[i:]
    return bytes(out)


def _strip_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    i = 8
    while i + 12 <= len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        ctype = data[i + 4 : i + 8]
        chunk = data[i : i + 12 + length]
        if ctype != b"eXIf":
            out += chunk
        i += 12 + length
    out += data[i:]
    return bytes(out)
