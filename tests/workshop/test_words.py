"""Every code, shape and pictogram the pure cores know has words for people."""
from badgeathon.openbadges.art.pictograms import PICTOGRAMS
from badgeathon.openbadges.art.spec import SHAPES
from badgeathon.workshop.checklist import CODES
from badgeathon.workshop.words import CHECKLIST_MESSAGES, PICTOGRAM_LABELS, SHAPE_LABELS


def test_every_checklist_code_has_a_sentence():
    assert set(CHECKLIST_MESSAGES) == set(CODES)


def test_every_shape_and_pictogram_has_a_label():
    assert set(SHAPE_LABELS) == set(SHAPES)
    assert set(PICTOGRAM_LABELS) == set(PICTOGRAMS)
