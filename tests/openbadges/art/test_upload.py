"""The checks on an uploaded badge image: PNG re-encoded, SVG sanitised, bombs, formats and sizes refused."""

import random
import resource
import struct
import zlib
from io import BytesIO
from xml.etree import ElementTree

import pytest
from PIL import Image

from badgeathon.openbadges.art.render import render_png, render_svg
from badgeathon.openbadges.art.spec import IMAGE_MAX_BYTES, ImageError
from badgeathon.openbadges.art.upload import UploadedImage, check_upload

from .conftest import SVG, opened, spec


def png(size=(200, 200), mode="RGBA", colour=(10, 120, 200, 255)) -> bytes:
    out = BytesIO()
    Image.new(mode, size, colour if mode == "RGBA" else colour[:3]).save(out, "PNG")
    return out.getvalue()


def svg(body: str = "", attributes: str = 'viewBox="0 0 100 100"') -> bytes:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {attributes}>'
        f'<circle cx="50" cy="50" r="40" fill="#17365D"/>{body}</svg>'
    ).encode()


def refusal(data: bytes, filename: str = "badge") -> str:
    with pytest.raises(ImageError) as raised:
        check_upload(data, filename)
    return raised.value.reason


# --- uploads: PNG ----------------------------------------------------------------------------------------------------


def test_check_upload_accepts_a_rendered_png():
    data = render_png(spec(), 400)
    accepted = check_upload(data, "badge.png")
    assert isinstance(accepted, UploadedImage)
    assert (accepted.mime, accepted.width, accepted.height) == ("image/png", 400, 400)
    assert accepted.bytes == len(accepted.data) <= IMAGE_MAX_BYTES
    assert opened(accepted.data).size == (400, 400)


def test_check_upload_judges_by_content_not_by_name():
    assert check_upload(render_png(spec(), 200), "badge.svg").mime == "image/png"
    assert check_upload(render_svg(spec()).encode(), "badge.png").mime == "image/svg+xml"


def test_an_uploaded_png_is_re_encoded_without_its_metadata_or_trailing_bytes():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    out = BytesIO()
    Image.new("P", (120, 120)).save(out, "PNG", pnginfo=info, transparency=0)
    accepted = check_upload(out.getvalue() + b"<html>polyglot</html>", "x.png")
    assert b"script" not in accepted.data and b"polyglot" not in accepted.data
    assert opened(accepted.data).info.get("transparency") == 0


def test_check_upload_refuses_a_jpeg():
    out = BytesIO()
    Image.new("RGB", (200, 200), (200, 10, 10)).save(out, "JPEG")
    assert refusal(out.getvalue(), "badge.jpg") == "unsupported_format"
    assert refusal(out.getvalue(), "badge.png") == "unsupported_format"


def test_check_upload_refuses_a_gif():
    out = BytesIO()
    Image.new("RGB", (200, 200)).save(out, "GIF")
    assert refusal(out.getvalue(), "badge.gif") == "unsupported_format"


def test_check_upload_refuses_a_text_file_named_png():
    assert refusal(b"Ceci n'est pas une image.\n", "badge.png") == "not_an_image"
    assert refusal(b"", "badge.png") == "not_an_image"


def test_check_upload_refuses_a_non_square_png():
    assert refusal(png((300, 200)), "badge.png") == "not_square"


def test_check_upload_refuses_a_too_small_png():
    assert refusal(png((89, 89)), "badge.png") == "too_small"
    assert check_upload(png((90, 90)), "badge.png").width == 90


def test_the_size_limit_is_open_badge_factorys_250_kb_shared_with_the_checklist():
    from badgeathon.workshop import checklist

    assert IMAGE_MAX_BYTES == 250 * 1024
    assert checklist.IMAGE_MAX_BYTES is IMAGE_MAX_BYTES


def test_check_upload_refuses_a_file_over_250_kb():
    noise = random.Random(7).randbytes(400 * 400 * 3)
    out = BytesIO()
    Image.frombytes("RGB", (400, 400), noise).save(out, "PNG")
    assert len(out.getvalue()) > IMAGE_MAX_BYTES
    assert refusal(out.getvalue(), "badge.png") == "too_large"
    assert refusal(svg("<!--" + "x" * IMAGE_MAX_BYTES + "-->"), "badge.svg") == "too_large"


def crafted_png(width: int, height: int) -> bytes:
    """A valid 1-bit grey PNG of any size, written row by row: never held in memory whole."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    compressor, stream = zlib.compressobj(9), []
    rows = (b"\x00" + bytes((width + 7) // 8)) * 500
    for _ in range(height // 500):
        stream.append(compressor.compress(rows))
    stream.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(stream)) + chunk(b"IEND", b"")


def test_check_upload_refuses_a_decompression_bomb_without_decoding_it():
    bomb = crafted_png(20_000, 20_000)  # 400 million pixels in a few dozen kB
    assert len(bomb) < IMAGE_MAX_BYTES
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert refusal(bomb, "badge.png") == "too_many_pixels"
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 50_000


def test_check_upload_refuses_a_png_just_over_the_pixel_cap():
    assert refusal(crafted_png(4097, 4097), "badge.png") == "too_many_pixels"


def test_check_upload_refuses_a_png_whose_data_is_cut_short():
    data = render_png(spec(), 200)
    assert refusal(data[: len(data) // 2], "badge.png") == "corrupt_image"
    assert refusal(data[:20], "badge.png") == "corrupt_image"


# --- uploads: SVG ----------------------------------------------------------------------------------------------------


def test_check_upload_accepts_a_rendered_svg():
    accepted = check_upload(render_svg(spec(title="Les <durs> & co")).encode(), "badge.svg")
    assert (accepted.mime, accepted.width, accepted.height) == ("image/svg+xml", 400, 400)
    assert accepted.bytes == len(accepted.data) <= IMAGE_MAX_BYTES
    assert "Les <durs> & co" in [e.text for e in ElementTree.fromstring(accepted.data).iter(f"{SVG}text")]


def test_check_upload_accepts_an_svg_with_a_byte_order_mark():
    assert check_upload(b"\xef\xbb\xbf" + svg(), "badge.svg").width == 100


def test_scripts_and_event_handlers_are_cleaned_out_of_an_svg():
    dirty = svg(
        '<script>alert(1)</script><rect width="10" height="10" onclick="alert(2)"/>'
        '<a href="javascript:alert(3)"><text>x</text></a>',
        attributes='viewBox="0 0 100 100" onload="alert(4)"',
    )
    accepted = check_upload(dirty, "badge.svg")
    cleaned = accepted.data.lower()
    assert b"script" not in cleaned and b"onload" not in cleaned and b"onclick" not in cleaned
    assert b"<circle" in cleaned


@pytest.mark.parametrize(
    "body",
    [
        '<image href="http://evil.example/x.png" width="10" height="10"/>',
        '<image xlink:href="https://evil.example/x.png" width="10" height="10"/>',
        '<image href="//evil.example/x.png"/>',
        '<image href="x.png"/>',
        '<use href="other.svg#shape"/>',
        '<rect width="10" height="10" fill="url(http://evil.example/p.svg#g)"/>',
        '<rect width="10" height="10" style="fill: url(\'https://evil.example/p.svg#g\')"/>',
        "<style>rect { fill: url(http://evil.example/p.svg#g) }</style>",
    ],
)
def test_check_upload_refuses_an_svg_with_an_external_reference(body):
    assert refusal(svg(body), "badge.svg") == "external_reference"


def test_check_upload_keeps_internal_references_and_embedded_png():
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    body = (
        f'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        f'<rect width="10" height="10" fill="url(#g)"/><use href="#g"/>'
        f'<image href="data:image/png;base64,{pixel}" width="10" height="10"/>'
    )
    cleaned = check_upload(svg(body), "badge.svg").data
    assert b"data:image/png;base64," in cleaned and b"url(#g)" in cleaned


def test_an_embedded_svg_image_is_dropped_not_kept():
    cleaned = check_upload(svg('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>'), "badge.svg").data
    assert b"data:image/svg" not in cleaned


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text>&d;</text></svg>',
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text>&xxe;</text></svg>',
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"/>',
        b'<!DOCTYPE svg [<!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote;]>'
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"/>',
    ],
)
def test_check_upload_refuses_an_svg_with_a_doctype(document):
    assert refusal(document, "badge.svg") == "svg_doctype"


@pytest.mark.parametrize(
    "attributes",
    [
        'viewBox="0 0 100 50"',
        'width="100" height="50"',
        'width="100" height="100" viewBox="0 0 200 100"',
        'width="2in" height="100"',
        "",
    ],
)
def test_check_upload_refuses_a_non_square_svg(attributes):
    assert refusal(svg(attributes=attributes), "badge.svg") == "not_square"


@pytest.mark.parametrize(
    "attributes, side",
    [
        ('width="120" height="120"', 120),
        ('width="1in" height="96px"', 96),
        ('width="100%" height="100%" viewBox="0 0 64 64"', 64),
        ('viewBox="0,0,500,500"', 500),
    ],
)
def test_check_upload_accepts_a_square_svg(attributes, side):
    accepted = check_upload(svg(attributes=attributes), "badge.svg")
    assert accepted.width == accepted.height == side


@pytest.mark.parametrize(
    "document",
    [
        b"<svg viewBox='0 0 10 10'></svg>",  # no SVG namespace
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',  # not an svg root
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g></svg>',  # not well-formed
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">&xxe;</svg>',  # an entity never declared
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>\xff</text></svg>',  # not UTF-8
    ],
)
def test_check_upload_refuses_what_is_not_a_well_formed_svg(document):
    assert refusal(document, "badge.svg") == "bad_svg"
