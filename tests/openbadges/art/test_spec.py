"""The badge image's spec: defaults, normalised colours and text, and each bad field refused."""

import pytest

from badgeathon.openbadges.art.spec import LEVEL_MAX, TITLE_MAX, ImageError, ImageSpec

from .conftest import spec

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
    assert cleaned.title == "Badge numérique"  # NFC, runs of spaces collapsed
    assert cleaned.level == "Je\u00a0maîtrise\u00a0!"  # French no-break spaces kept
    assert spec(title="x" * TITLE_MAX).title == "x" * TITLE_MAX
    assert spec(level="x" * LEVEL_MAX).level == "x" * LEVEL_MAX


@pytest.mark.parametrize(
    "changes, reason, field",
    [
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
    ],
)
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
