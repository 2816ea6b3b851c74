"""Photos from files and cards: the type and the pixel size read from the header, before
anything decodes the image, so that a hostile or huge image is refused cheaply."""

from __future__ import annotations

import struct

from app.errors import InvalidInput

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 4096 * 4096
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"GIF87a": "image/gif",
    b"GIF89a": "image/gif",
}


def photo_type(data: bytes) -> str | None:
    return next((mime for sig, mime in SIGNATURES.items() if data.startswith(sig)), None)


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length field
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None


def photo_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from the header of a JPEG, PNG or GIF; None if it cannot be read."""
    mime = photo_type(data)
    if mime == "image/png" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if mime == "image/gif" and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if mime == "image/jpeg":
        return _jpeg_size(data)
    return None


def check_photo(data: bytes) -> str:
    """The photo's MIME type, or InvalidInput saying why it is refused."""
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput(f"the photo is {len(data) / 1e6:.1f} MB; the limit is "
                           f"{MAX_PHOTO_BYTES // 2**20} MB", "photo")
    mime = photo_type(data)
    if mime is None:
        raise InvalidInput("the photo is not a JPEG, PNG or GIF image", "photo")
    size = photo_size(data)
    if size is None:
        raise InvalidInput("the photo's header is damaged", "photo")
    width, height = size
    if width * height > MAX_PHOTO_PIXELS:
        raise InvalidInput(f"the photo is too large ({width} × {height} pixels; the limit is "
                           "4096 × 4096)", "photo")
    return mime
