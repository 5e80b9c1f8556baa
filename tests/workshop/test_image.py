"""The badge image: spec validation, PNG and SVG rendering, and the checks on uploaded images (PNG, SVG, bombs)."""
import random
import re
import resource
import struct
import zlib
from io import BytesIO
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from PIL import Image

from badgeathon.workshop.image import (
    IMAGE_MAX_BYTES,
    LEVEL_MAX,
    SHAPES,
    TITLE_MAX,
    ImageError,
    ImageSpec,
    UploadedImage,
    check_upload,
    contrast_ratio,
    not_drawn_in_png,
    render_png,
    render_svg,
)
from badgeathon.workshop.pictograms import ACCENT, BACKGROUND, PICTOGRAMS, Circle, Polygon, Rect

SVG = "{http://www.w3.org/2000/svg}"


def spec(**changes) -> ImageSpec:
    values = {"shape": "cercle", "background": "#17365D", "accent": "#F2B52E", "pictogram": "feuille",
              "title": "Badge numérique", "level": "Je pratique"}
    return ImageSpec.from_dict({**values, **changes})


def opened(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image


def png(size=(200, 200), mode="RGBA", colour=(10, 120, 200, 255)) -> bytes:
    out = BytesIO()
    Image.new(mode, size, colour if mode == "RGBA" else colour[:3]).save(out, "PNG")
    return out.getvalue()


def svg(body: str = "", attributes: str = 'viewBox="0 0 100 100"') -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" {attributes}>'
            f'<circle cx="50" cy="50" r="40" fill="#17365D"/>{body}</svg>').encode()


def refusal(data: bytes, filename: str = "badge") -> str:
    with pytest.raises(ImageError) as raised:
        check_upload(data, filename)
    return raised.value.reason


# --- pictograms ---------------------------------------------------------------------------------------------------

def test_every_pictogram_has_a_french_label_and_shapes_inside_its_box():
    assert len(PICTOGRAMS) >= 8
    for key, pictogram in PICTOGRAMS.items():
        assert pictogram.key == key and pictogram.label and pictogram.shapes
        for shape in pictogram.shapes:
            assert shape.fill in (ACCENT, BACKGROUND)
            if isinstance(shape, Polygon):
                assert len(shape.points) >= 3
                assert all(0 <= x <= 100 and 0 <= y <= 100 for x, y in shape.points)
            elif isinstance(shape, Circle):
                assert 0 <= shape.cx - shape.r and shape.cx + shape.r <= 100
                assert 0 <= shape.cy - shape.r and shape.cy + shape.r <= 100
            else:
                assert isinstance(shape, Rect)
                assert 0 <= shape.x and shape.x + shape.width <= 100 and 0 <= shape.y and shape.y + shape.height <= 100


def test_every_pictogram_looks_different():
    drawn = {key: opened(render_png(spec(pictogram=key, title="", level=""), 200)).tobytes() for key in PICTOGRAMS}
    assert len(set(drawn.values())) == len(PICTOGRAMS)


# --- PNG rendering ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", [400, 200])
@pytest.mark.parametrize("pictogram", ["feuille", "mains", "personnes"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_renders_a_square_rgba_png_within_the_limit(shape, pictogram, size):
    data = render_png(spec(shape=shape, pictogram=pictogram), size)
    image = opened(data)
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (size, size)
    assert len(data) <= IMAGE_MAX_BYTES
    assert image.getpixel((size // 2, size // 2))[3] == 255          # the middle of the badge is opaque


@pytest.mark.parametrize("shape", ["cercle", "hexagone", "bouclier", "carre"])
def test_outside_the_shape_is_transparent(shape):
    image = opened(render_png(spec(shape=shape), 400))
    for corner in [(1, 1), (398, 1), (1, 398), (398, 398)]:
        assert image.getpixel(corner)[3] == 0, corner


def test_the_title_is_drawn():
    short, long = (opened(render_png(spec(title=title), 400)) for title in ("A", "Badge numérique"))
    assert short.tobytes() != long.tobytes()
    assert opened(render_png(spec(title=""), 400)).tobytes() != short.tobytes()


def test_accented_titles_are_drawn_with_their_accents():
    accented, plain = (opened(render_png(spec(title=title), 400)) for title in ("Éco-gestes à l'œuvre",
                                                                                "Eco-gestes a l'oeuvre"))
    assert accented.tobytes() != plain.tobytes()
    assert not_drawn_in_png("Éco-gestes à l'œuvre") == ""
    # only the accent differs: the same width, so any difference is the accent itself
    one, other = (opened(render_png(spec(title=title, level=""), 400)) for title in ("Élève", "Elève"))
    assert one.tobytes() != other.tobytes()


def test_the_font_draws_every_french_letter_and_sign():
    french = "àâäçéèêëîïôöùûüÿæœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ€«»‹›’‘“”–—…\u00a0\u202f"
    assert not_drawn_in_png(french) == ""
    assert not_drawn_in_png("Élève à l’œuvre, ça maîtrise\u202f: 1\u00a0000\u00a0€ « oui »") == ""


def test_characters_the_png_cannot_draw_are_reported_and_left_out():
    assert not_drawn_in_png("Vélo 🚲 et 漢字 🚲") == "🚲漢字"
    assert not_drawn_in_png("😀") == "😀" and not_drawn_in_png("漢") == "漢"
    assert not_drawn_in_png("👩\u200d💻 ♻\ufe0f") == "👩💻♻"     # invisible joiners and selectors are not reported
    with_emoji, without = (opened(render_png(spec(title=title), 200)) for title in ("Vélo 🚲", "Vélo"))
    assert with_emoji.tobytes() == without.tobytes()
    inside, plain = (opened(render_png(spec(title=title), 200)) for title in ("Vélo 🚲 vert", "Vélo vert"))
    assert inside.tobytes() == plain.tobytes()


def test_a_non_breaking_hyphen_is_drawn_as_a_hyphen():
    assert not_drawn_in_png("Éco\u2011gestes") == ""
    hyphen, non_breaking = (opened(render_png(spec(title=title), 200)) for title in ("Éco-gestes", "Éco\u2011gestes"))
    assert hyphen.tobytes() == non_breaking.tobytes()


def test_a_combining_mark_with_no_letter_under_it_is_left_out():
    stray, plain = (opened(render_png(spec(title=title), 200)) for title in ("\u0301Vélo", "Vélo"))
    assert stray.tobytes() == plain.tobytes()


def test_the_level_is_drawn_on_a_ribbon():
    with_level, without = (opened(render_png(spec(level=level), 400)) for level in ("Je maîtrise", ""))
    assert with_level.tobytes() != without.tobytes()
    # the ribbon's tails reach beyond the circle, at the height of the ribbon
    assert with_level.getpixel((26, 290))[3] == 255 and without.getpixel((26, 290))[3] == 0


def test_a_title_too_long_for_one_line_still_fits():
    for title in ("W" * TITLE_MAX, "Économie circulaire et transition juste", "a " * 20):
        data = render_png(spec(title=title.strip(), shape="bouclier"), 200)
        assert opened(data).size == (200, 200)


def test_text_colour_reads_on_the_background():
    assert spec(background="#000000").text_colour == "#FFFFFF"
    assert spec(background="#FFFFFF").text_colour == "#1B1B1B"
    for background in ("#17365D", "#F2B52E", "#808080", "#FF0000", "#00FF00", "#777777"):
        chosen, other = spec(background=background).text_colour, {"#FFFFFF", "#1B1B1B"}
        other.discard(chosen)
        assert contrast_ratio(chosen, background) >= contrast_ratio(other.pop(), background)
    assert spec(accent="#FFFF00").ribbon_text_colour == "#1B1B1B"


def test_render_png_refuses_a_silly_size():
    for size in (0, 10, 5000, 200.0):
        with pytest.raises(ImageError):
            render_png(spec(), size)


# --- SVG rendering ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_svg_is_a_self_contained_square_document(shape):
    document = render_svg(spec(shape=shape, pictogram="engrenage"))
    root = ElementTree.fromstring(document)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 400 400" and root.get("width") == root.get("height") == "400"
    assert re.findall(r"https?://[^\"' ]*", document) == ["http://www.w3.org/2000/svg"]   # the namespace only
    assert "href" not in document and "url(" not in document


def test_svg_escapes_the_title_and_level():
    title, level = 'Les <b>"durs"</b> & co', "Je pratique <3 & 'toi'"
    document = render_svg(spec(title=title, level=level))
    root = ElementTree.fromstring(document)
    texts = " ".join(element.text for element in root.iter(f"{SVG}text"))
    assert "Les <b>\"durs\"</b>" in texts and "& co" in texts and level in texts
    assert root.find(f"{SVG}title").text == f"{title} – {level}"
    assert root.get("aria-label") == f"{title} – {level}"
    assert "<b>" not in document and "&lt;b&gt;" in document and "&amp; co" in document


def test_svg_keeps_what_the_png_cannot_draw():
    root = ElementTree.fromstring(render_svg(spec(title="Vélo 🚲")))
    assert "Vélo 🚲" in [element.text for element in root.iter(f"{SVG}text")]
    line = next(element for element in root.iter(f"{SVG}text") if element.text == "Vélo 🚲")
    assert line.get("textLength") is None          # the PNG's width leaves the emoji out: no width imposed


def test_svg_text_uses_the_png_font_and_layout():
    document = render_svg(spec(title="Économie circulaire et transition juste", level="Je maîtrise"))
    root = ElementTree.fromstring(document)
    group = root.find(f"{SVG}g")
    assert group.get("font-family").startswith("'Source Sans Pro', 'Source Sans 3', 'DejaVu Sans'")
    lines = list(root.iter(f"{SVG}text"))
    assert [(e.text, e.get("font-weight")) for e in lines] == [
        ("Économie circulaire", "700"), ("et transition juste", "700"), ("Je maîtrise", "600")]
    for element in lines:       # a fallback font is squeezed to the width the PNG measured
        assert element.get("lengthAdjust") == "spacingAndGlyphs" and 0 < float(element.get("textLength")) < 300


def test_a_line_does_not_open_with_french_closing_punctuation():
    root = ElementTree.fromstring(render_svg(spec(title="Éco-gestes à l’œuvre : 1 000 € « ÉÇÀ »",
                                                  shape="bouclier")))
    lines = [e.text for e in root.iter(f"{SVG}text")][:-1]
    assert len(lines) == 2 and not lines[1].startswith((":", ";", "!", "?", "»"))


# --- the spec ------------------------------------------------------------------------------------------------------

def test_spec_round_trips_through_a_dict():
    original = spec(shape="hexagone", pictogram="puce", title="Culture numérique", level="Je maîtrise")
    assert ImageSpec.from_dict(original.to_dict()) == original
    assert set(original.to_dict()) == {"shape", "background", "accent", "pictogram", "title", "level"}


def test_spec_fills_missing_fields_with_defaults():
    assert ImageSpec.from_dict({}) == ImageSpec()


def test_spec_normalises_colours_and_text():
    cleaned = spec(background="#abcdef", title="  Badge \n  nume\u0301rique\t", level="Je\u00a0maîtrise\u00a0!")
    assert cleaned.background == "#ABCDEF"
    assert cleaned.title == "Badge numérique"         # NFC, runs of spaces collapsed
    assert cleaned.level == "Je\u00a0maîtrise\u00a0!"  # French no-break spaces kept
    assert spec(title="x" * TITLE_MAX).title == "x" * TITLE_MAX
    assert spec(level="x" * LEVEL_MAX).level == "x" * LEVEL_MAX


@pytest.mark.parametrize("changes, reason, field", [
    ({"background": "red"}, "bad_colour", "background"),
    ({"background": "#12345"}, "bad_colour", "background"),
    ({"background": "#1234567"}, "bad_colour", "background"),
    ({"accent": "#GG0000"}, "bad_colour", "accent"),
    ({"accent": 0xFF0000}, "bad_colour", "accent"),
    ({"accent": None}, "bad_colour", "accent"),
    ({"shape": "triangle"}, "unknown_shape", "shape"),
    ({"shape": None}, "unknown_shape", "shape"),
    ({"pictogram": "licorne"}, "unknown_pictogram", "pictogram"),
    ({"pictogram": ["feuille"]}, "unknown_pictogram", "pictogram"),
    ({"title": "x" * (TITLE_MAX + 1)}, "title_too_long", "title"),
    ({"title": 42}, "bad_text", "title"),
    ({"title": "nul\x00"}, "bad_text", "title"),
    ({"title": "bip\x07"}, "bad_text", "title"),
    ({"title": "half \ud800 surrogate"}, "bad_text", "title"),
    ({"title": "not \uffff a character"}, "bad_text", "title"),
    ({"level": "x" * (LEVEL_MAX + 1)}, "level_too_long", "level"),
    ({"level": None}, "bad_text", "level"),
    ({"colour": "#000000"}, "unknown_field", "colour"),
])
def test_from_dict_refuses_each_bad_field(changes, reason, field):
    with pytest.raises(ImageError) as raised:
        spec(**changes)
    assert raised.value.reason == reason and raised.value.field == field
    assert isinstance(raised.value, ValueError)


def test_from_dict_refuses_what_is_not_an_object():
    for data in (None, [], "cercle"):
        with pytest.raises(ImageError) as raised:
            ImageSpec.from_dict(data)
        assert raised.value.reason == "not_a_mapping"


# --- random specs ------------------------------------------------------------------------------------------------

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")
letters = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")),
    st.sampled_from("éèêëàâçîïôûùüÿœæÉÈÊÀÇÎÔŒ ’«»–…€"),
    st.sampled_from(["🚲", "😀", "🌍", "👩‍💻", "🇫🇷", "♻️"]),
)
texts = st.lists(letters, max_size=TITLE_MAX).map("".join)


@st.composite
def specs(draw):
    values = {
        "shape": draw(st.sampled_from(sorted(SHAPES))),
        "background": draw(colours),
        "accent": draw(colours),
        "pictogram": draw(st.sampled_from(sorted(PICTOGRAMS))),
        "title": draw(texts),
        "level": draw(st.one_of(st.sampled_from(["", "Je pratique", "Je maîtrise"]), texts.map(lambda t: t[:30]))),
    }
    try:
        return ImageSpec.from_dict(values)
    except ImageError:          # e.g. a non-character, or NFC making a 40-character title longer
        assume(False)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs(), st.sampled_from([400, 200]))
def test_any_valid_spec_renders_within_the_limit(badge, size):
    data = render_png(badge, size)
    assert len(data) <= IMAGE_MAX_BYTES
    assert opened(data).size == (size, size)


@settings(max_examples=60, deadline=None)
@given(specs())
def test_any_valid_spec_makes_well_formed_svg(badge):
    root = ElementTree.fromstring(render_svg(badge))
    assert root.get("viewBox") == "0 0 400 400"


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
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(stream))
            + chunk(b"IEND", b""))


def test_check_upload_refuses_a_decompression_bomb_without_decoding_it():
    bomb = crafted_png(20_000, 20_000)     # 400 million pixels in a few dozen kB
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
    dirty = svg('<script>alert(1)</script><rect width="10" height="10" onclick="alert(2)"/>'
                '<a href="javascript:alert(3)"><text>x</text></a>',
                attributes='viewBox="0 0 100 100" onload="alert(4)"')
    accepted = check_upload(dirty, "badge.svg")
    cleaned = accepted.data.lower()
    assert b"script" not in cleaned and b"onload" not in cleaned and b"onclick" not in cleaned
    assert b"<circle" in cleaned


@pytest.mark.parametrize("body", [
    '<image href="http://evil.example/x.png" width="10" height="10"/>',
    '<image xlink:href="https://evil.example/x.png" width="10" height="10"/>',
    '<image href="//evil.example/x.png"/>',
    '<image href="x.png"/>',
    '<use href="other.svg#shape"/>',
    '<rect width="10" height="10" fill="url(http://evil.example/p.svg#g)"/>',
    '<rect width="10" height="10" style="fill: url(\'https://evil.example/p.svg#g\')"/>',
    '<style>rect { fill: url(http://evil.example/p.svg#g) }</style>',
])
def test_check_upload_refuses_an_svg_with_an_external_reference(body):
    assert refusal(svg(body), "badge.svg") == "external_reference"


def test_check_upload_keeps_internal_references_and_embedded_png():
    pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    body = (f'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
            f'<rect width="10" height="10" fill="url(#g)"/><use href="#g"/>'
            f'<image href="data:image/png;base64,{pixel}" width="10" height="10"/>')
    cleaned = check_upload(svg(body), "badge.svg").data
    assert b"data:image/png;base64," in cleaned and b'url(#g)' in cleaned


def test_an_embedded_svg_image_is_dropped_not_kept():
    cleaned = check_upload(svg('<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>'), "badge.svg").data
    assert b"data:image/svg" not in cleaned


@pytest.mark.parametrize("document", [
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text>&d;</text></svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><text>&xxe;</text></svg>',
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"/>',
])
def test_check_upload_refuses_an_svg_with_a_doctype(document):
    assert refusal(document, "badge.svg") == "svg_doctype"


@pytest.mark.parametrize("attributes", [
    'viewBox="0 0 100 50"',
    'width="100" height="50"',
    'width="100" height="100" viewBox="0 0 200 100"',
    'width="2in" height="100"',
    "",
])
def test_check_upload_refuses_a_non_square_svg(attributes):
    assert refusal(svg(attributes=attributes), "badge.svg") == "not_square"


@pytest.mark.parametrize("attributes, side", [
    ('width="120" height="120"', 120),
    ('width="1in" height="96px"', 96),
    ('width="100%" height="100%" viewBox="0 0 64 64"', 64),
    ('viewBox="0,0,500,500"', 500),
])
def test_check_upload_accepts_a_square_svg(attributes, side):
    accepted = check_upload(svg(attributes=attributes), "badge.svg")
    assert accepted.width == accepted.height == side


@pytest.mark.parametrize("document", [
    b"<svg viewBox='0 0 10 10'></svg>",                                            # no SVG namespace
    b'<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',                   # not an svg root
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g></svg>',        # not well-formed
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>\xff</text></svg>',   # not UTF-8
])
def test_check_upload_refuses_what_is_not_a_well_formed_svg(document):
    assert refusal(document, "badge.svg") == "bad_svg"
