"""The badge image drawn from its spec: PNG (shapes, transparency, French text, the font's gaps) and SVG."""

import re
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from badgeathon.openbadges.art.pictograms import PICTOGRAMS
from badgeathon.openbadges.art.render import not_drawn_in_png, render_png, render_svg
from badgeathon.openbadges.art.spec import IMAGE_MAX_BYTES, SHAPES, TITLE_MAX, ImageError, ImageSpec, contrast_ratio

from .conftest import SVG, opened, spec

# --- PNG rendering ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [400, 200])
@pytest.mark.parametrize("pictogram", ["feuille", "mains", "personnes"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_renders_a_square_rgba_png_within_the_limit(shape, pictogram, size):
    data = render_png(spec(shape=shape, pictogram=pictogram), size)
    image = opened(data)
    assert image.format == "PNG" and image.mode == "RGBA" and image.size == (size, size)
    assert len(data) <= IMAGE_MAX_BYTES
    assert image.getpixel((size // 2, size // 2))[3] == 255  # the middle of the badge is opaque


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
    accented, plain = (
        opened(render_png(spec(title=title), 400)) for title in ("Éco-gestes à l'œuvre", "Eco-gestes a l'oeuvre")
    )
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
    assert not_drawn_in_png("👩\u200d💻 ♻\ufe0f") == "👩💻♻"  # invisible joiners and selectors are not reported
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
    assert re.findall(r"https?://[^\"' ]*", document) == ["http://www.w3.org/2000/svg"]  # the namespace only
    assert "href" not in document and "url(" not in document


def test_svg_escapes_the_title_and_level():
    title, level = 'Les <b>"durs"</b> & co', "Je pratique <3 & 'toi'"
    document = render_svg(spec(title=title, level=level))
    root = ElementTree.fromstring(document)
    texts = " ".join(element.text for element in root.iter(f"{SVG}text"))
    assert 'Les <b>"durs"</b>' in texts and "& co" in texts and level in texts
    assert root.find(f"{SVG}title").text == f"{title} – {level}"
    assert root.get("aria-label") == f"{title} – {level}"
    assert "<b>" not in document and "&lt;b&gt;" in document and "&amp; co" in document


def test_svg_keeps_what_the_png_cannot_draw():
    root = ElementTree.fromstring(render_svg(spec(title="Vélo 🚲")))
    assert "Vélo 🚲" in [element.text for element in root.iter(f"{SVG}text")]
    line = next(element for element in root.iter(f"{SVG}text") if element.text == "Vélo 🚲")
    assert line.get("textLength") is None  # the PNG's width leaves the emoji out: no width imposed


def test_svg_text_uses_the_png_font_and_layout():
    document = render_svg(spec(title="Économie circulaire et transition juste", level="Je maîtrise"))
    root = ElementTree.fromstring(document)
    group = root.find(f"{SVG}g")
    assert group.get("font-family").startswith("'Source Sans Pro', 'Source Sans 3', 'DejaVu Sans'")
    lines = list(root.iter(f"{SVG}text"))
    assert [(e.text, e.get("font-weight")) for e in lines] == [
        ("Économie circulaire", "700"),
        ("et transition juste", "700"),
        ("Je maîtrise", "600"),
    ]
    for element in lines:  # a fallback font is squeezed to the width the PNG measured
        assert element.get("lengthAdjust") == "spacingAndGlyphs" and 0 < float(element.get("textLength")) < 300


def test_a_line_does_not_open_with_french_closing_punctuation():
    root = ElementTree.fromstring(render_svg(spec(title="Éco-gestes à l’œuvre : 1 000 € « ÉÇÀ »", shape="bouclier")))
    lines = [e.text for e in root.iter(f"{SVG}text")][:-1]
    assert len(lines) == 2 and not lines[1].startswith((":", ";", "!", "?", "»"))


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
    except ImageError:  # e.g. a non-character, or NFC making a 40-character title longer
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
