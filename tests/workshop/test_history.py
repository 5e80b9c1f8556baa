"""Word-by-word comparison of two versions of a design."""

from badgeathon.workshop.history import Piece, compare, word_diff
from badgeathon.workshop.view import DesignView


def test_a_word_diff_marks_what_went_and_what_came():
    assert word_diff("Je trie mes déchets", "Je trie et réduis mes déchets") == (
        Piece("same", "Je trie "),
        Piece("added", "et réduis "),
        Piece("same", "mes déchets"),
    )


def test_compare_lists_only_the_fields_that_differ_in_form_order():
    before = {"name": "Éco-gestes", "criteria": {"level1": "Je trie", "level2": ""}, "tags": ["tri"]}
    after = {"name": "Éco-gestes", "criteria": {"level1": "Je trie", "level2": "J'analyse"}, "tags": ["tri", "eau"]}
    changes = compare(DesignView.from_json(before), DesignView.from_json(after))
    assert [change.field for change in changes] == ["criteria_level2", "tags"]
    assert changes[1].before == "tri" and changes[1].after == "tri, eau"


def test_identical_views_have_no_change():
    view = {"name": "A", "alignments": [{"targetName": "ESCO", "targetUrl": "https://esco"}]}
    assert compare(DesignView.from_json(view), DesignView.from_json(dict(view))) == []
