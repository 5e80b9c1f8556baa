"""The built-in pictograms: each labelled, inside its 100×100 box, all different."""

from badgeathon.openbadges.art.pictograms import ACCENT, BACKGROUND, PICTOGRAMS, Circle, Polygon, Rect
from badgeathon.openbadges.art.render import render_png

from .conftest import opened, spec

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
                assert shape.cx - shape.r >= 0 and shape.cx + shape.r <= 100
                assert shape.cy - shape.r >= 0 and shape.cy + shape.r <= 100
            else:
                assert isinstance(shape, Rect)
                assert shape.x >= 0 and shape.x + shape.width <= 100 and shape.y >= 0 and shape.y + shape.height <= 100


def test_every_pictogram_looks_different():
    drawn = {key: opened(render_png(spec(pictogram=key, title="", level=""), 200)).tobytes() for key in PICTOGRAMS}
    assert len(set(drawn.values())) == len(PICTOGRAMS)
