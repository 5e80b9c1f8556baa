"""Every code, field, shape and pictogram the pure cores know has words for people."""

from badgeathon.openbadges.art.pictograms import PICTOGRAMS
from badgeathon.openbadges.art.spec import SHAPES
from badgeathon.workshop.checklist import CODES, LIMIT_CODES
from badgeathon.workshop.view import FIELDS, MAX_ALIGNMENTS, MAX_TAGS
from badgeathon.workshop.words import CHECKLIST_MESSAGES, FIELD_LABELS, LIMIT_MESSAGES, PICTOGRAM_LABELS, SHAPE_LABELS


def test_every_checklist_code_has_a_sentence():
    assert set(CHECKLIST_MESSAGES) == set(CODES)


def test_every_shape_and_pictogram_has_a_label():
    assert set(SHAPE_LABELS) == set(SHAPES)
    assert set(PICTOGRAM_LABELS) == set(PICTOGRAMS)


def test_every_field_of_the_view_has_a_label_in_the_forms_order():
    assert list(FIELD_LABELS) == list(FIELDS)


def test_every_limit_the_checklist_tells_has_a_sentence_with_its_number():
    assert set(LIMIT_MESSAGES) == set(LIMIT_CODES)
    assert str(MAX_TAGS) in str(LIMIT_MESSAGES["tags_over_limit"])
    assert str(MAX_ALIGNMENTS) in str(LIMIT_MESSAGES["alignments_over_limit"])
