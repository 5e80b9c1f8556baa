"""Badge baking: the BadgeClass URL written into, and read back from, a PNG's uncompressed iTXt "openbadges" chunk."""

import struct
import zlib
from io import BytesIO

from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = "openbadges"


def require_png(data: bytes) -> None:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")


def bake(png: bytes, url: str) -> bytes:
    """The same picture with the URL baked in, byte for byte otherwise: the chunk goes in right after the header
    (no decoding, no re-encoding); an earlier "openbadges" chunk is replaced, every other chunk kept."""
    require_png(png)
    chunks = list(_chunks(png))
    if not chunks or chunks[0][0] != b"IHDR":
        raise ValueError("a PNG starts with its IHDR chunk")
    itxt = KEYWORD.encode("latin-1") + b"\x00\x00\x00" + b"\x00" + b"\x00" + url.encode("utf-8")
    kept = [chunk for chunk in chunks if not (chunk[0] == b"iTXt" and chunk[1].startswith(KEYWORD.encode() + b"\x00"))]
    out = [PNG_SIGNATURE, _chunk(*kept[0]), _chunk(b"iTXt", itxt)]
    out += [_chunk(kind, data) for kind, data in kept[1:]]
    return b"".join(out)


def _chunks(png: bytes):
    """(type, data) of each chunk, CRCs checked."""
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(png):
        length = struct.unpack(">I", png[position : position + 4])[0]
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        crc = png[position + 8 + length : position + 12 + length]
        if len(data) != length or len(crc) != 4 or struct.unpack(">I", crc)[0] != zlib.crc32(kind + data):
            raise ValueError("a damaged PNG chunk")
        yield kind, data
        position += 12 + length


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def baked_url(png: bytes) -> str | None:
    """The URL baked into the PNG, or None."""
    require_png(png)
    with Image.open(BytesIO(png)) as image:
        value = image.text.get(KEYWORD)
    return str(value) if value is not None else None
