"""The checks on an uploaded badge image: PNG or SVG by content, Open Badge Factory's sizes, no bomb, SVG made safe."""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass
from io import BytesIO
from xml.etree.ElementTree import Element

import py_svg_hush
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from PIL import Image

from .render import SVG_NS, png_bytes
from .spec import IMAGE_MAX_BYTES, MAX_SIDE, MIN_SIDE, ImageError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class UploadedImage:
    """An accepted badge image: `data` is what to store (PNG re-encoded, SVG sanitised); `bytes` is its length."""

    mime: str
    width: int
    height: int
    bytes: int
    data: bytes


def _other_format(data: bytes) -> str | None:
    """The name of an image format we recognise but do not take (Open Badge Factory takes only PNG and SVG)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WebP"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis", b"heic", b"heix", b"mif1"):
        return "AVIF/HEIF"
    return None


def check_upload(data: bytes, filename: str = "") -> UploadedImage:
    """Accept a PNG or SVG badge image within Open Badge Factory's limits, judged by content, never by name."""
    data = bytes(data)
    if not data:
        raise ImageError("not_an_image", f"{filename!r} is empty")
    if len(data) > IMAGE_MAX_BYTES:
        raise ImageError("too_large", f"{len(data)} bytes, at most {IMAGE_MAX_BYTES}")
    if data.startswith(PNG_SIGNATURE):
        return _check_png(data)
    other = _other_format(data)
    if other:
        raise ImageError("unsupported_format", f"{filename!r} is a {other} image; only PNG and SVG are accepted")
    if data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return _check_svg(data)
    raise ImageError("not_an_image", f"{filename!r} is neither PNG nor SVG")


def _check_png(data: bytes) -> UploadedImage:
    # the header's size, read before Pillow decodes anything: a decompression bomb is refused unopened
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise ImageError("corrupt_image", "PNG without a header chunk")
    width, height = struct.unpack(">II", data[16:24])
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ImageError("too_many_pixels", f"{width}×{height}, at most {MAX_SIDE}×{MAX_SIDE}")
    try:
        with Image.open(BytesIO(data), formats=["PNG"]) as image:
            image.verify()
        with Image.open(BytesIO(data), formats=["PNG"]) as image:  # verify() leaves the image unusable
            image.load()
            decoded_size = image.size
            cleaned = png_bytes(image, icc_profile=image.info.get("icc_profile"))
    except Image.DecompressionBombError as error:
        raise ImageError("too_many_pixels", str(error)) from error
    except (OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise ImageError("corrupt_image", f"unreadable PNG: {error}") from error
    if decoded_size != (width, height):
        raise ImageError("corrupt_image", "PNG header and data disagree on the size")
    if width != height:
        raise ImageError("not_square", f"{width}×{height}")
    if width < MIN_SIDE:
        raise ImageError("too_small", f"{width}×{height}, at least {MIN_SIDE}×{MIN_SIDE}")
    if len(cleaned) > IMAGE_MAX_BYTES:  # re-encoding drops metadata and stray chunks but may not always shrink
        raise ImageError("too_large", f"{len(cleaned)} bytes once re-encoded, at most {IMAGE_MAX_BYTES}")
    return UploadedImage("image/png", width, height, len(cleaned), cleaned)


def _parse_svg(data: bytes) -> Element:
    """Parse with defusedxml and no DTD at all: a DOCTYPE is refused before any entity is declared or expanded."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise ImageError("svg_doctype", "DOCTYPE and ENTITY declarations are not allowed in an SVG badge") from error
    except ParseError as error:
        raise ImageError("bad_svg", f"not well-formed XML: {error}") from error


_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_SAFE_DATA = re.compile(r"data:image/(png|jpeg|jpg);base64,", re.IGNORECASE)


def _external_references(root: Element) -> list[str]:
    """Every reference that leaves the document: anything but "#fragment" or an embedded PNG/JPEG."""
    found = []
    for element in root.iter():
        values = list(element.attrib.items())
        if element.tag == f"{{{SVG_NS}}}style" and element.text:
            values.append(("style", element.text))
            if "@import" in element.text.lower():
                found.append("@import")
        for name, value in values:
            if name.rsplit("}", 1)[-1] == "href" and not (
                value.strip().startswith("#") or _SAFE_DATA.match(value.strip())
            ):
                found.append(value)
            found += [target for target in _URL.findall(value) if not target.startswith("#")]
    return found


_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z%]*)\s*")


def _length(value: str | None) -> float | None:
    """An absolute length in px, or None when absent or relative (%, em)."""
    match = _LENGTH.fullmatch(value or "")
    if not match or match.group(2) not in _UNITS:
        return None
    return float(match.group(1)) * _UNITS[match.group(2)]


def _svg_size(root: Element) -> tuple[int, int]:
    """The SVG's pixel size; refused unless its proportions are known and square."""
    width_attr, height_attr = root.get("width"), root.get("height")
    width, height = _length(width_attr), _length(height_attr)
    if width_attr is not None and height_attr is not None:
        same = math.isclose(width, height) if width is not None and height is not None else width_attr == height_attr
        if not same:
            raise ImageError("not_square", f"width {width_attr!r} and height {height_attr!r} differ")
    view_box = root.get("viewBox")
    if view_box is not None:
        try:
            _, _, box_width, box_height = (float(n) for n in view_box.replace(",", " ").split())
        except ValueError as error:
            raise ImageError("bad_svg", f"unreadable viewBox {view_box!r}") from error
        if box_width <= 0 or not math.isclose(box_width, box_height):
            raise ImageError("not_square", f"viewBox {view_box!r} is not square")
        side = width or height or box_width
    elif width is None or height is None:
        raise ImageError("not_square", "an SVG badge needs a square viewBox or equal width and height")
    else:
        side = width
    return max(1, round(side)), max(1, round(side))


def _check_svg(data: bytes) -> UploadedImage:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImageError("bad_svg", "an SVG badge must be UTF-8") from error
    root = _parse_svg(data)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise ImageError("bad_svg", f"the root element must be <svg> in the SVG namespace, not {root.tag!r}")
    try:
        cleaned = py_svg_hush.filter_svg(data, keep_data_url_mime_types={"image": ["png", "jpeg"]})
    except ValueError as error:
        raise ImageError("bad_svg", f"the sanitiser refused it: {error}") from error
    # svg-hush rewrites http://host/x.png to "/x.png" instead of dropping it: a relative link is still external
    root = _parse_svg(cleaned)
    external = _external_references(root)
    if external:
        raise ImageError("external_reference", f"links outside the image: {', '.join(sorted(set(external)))[:200]}")
    width, height = _svg_size(root)
    if len(cleaned) > IMAGE_MAX_BYTES:
        raise ImageError("too_large", f"{len(cleaned)} bytes once sanitised, at most {IMAGE_MAX_BYTES}")
    return UploadedImage("image/svg+xml", width, height, len(cleaned), cleaned)
