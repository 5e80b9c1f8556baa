"""Which known structure a participant means by what they typed: accents, case and punctuation aside, the same name or
the start of exactly one known name; nothing on a mere likeness."""

from hypothesis import given, settings
from hypothesis import strategies as st

from badgeathon.events.structures import known_structure, words

KNOWN = [
    "AFPA Normandie",
    "Ateliers du Bocage",
    "École de la 2e chance",
    "France Travail Caen",
    "Transdev Caen",
    "Chambre d'agriculture",
]


def test_the_start_of_one_known_name_is_that_structure():
    assert known_structure("Afpa", KNOWN) == "AFPA Normandie"
    assert known_structure("france  travail", KNOWN) == "France Travail Caen"


def test_accents_case_and_punctuation_do_not_count():
    assert known_structure("ecole de la 2E chance", KNOWN) == "École de la 2e chance"
    assert known_structure("Chambre d’Agriculture", KNOWN) == "Chambre d'agriculture"
    assert known_structure("AFPA-Normandie", KNOWN) == "AFPA Normandie"


def test_a_word_from_the_middle_or_the_end_of_a_name_is_no_match():
    assert known_structure("Normandie", KNOWN) is None
    assert known_structure("Caen", KNOWN) is None
    assert known_structure("Bocage", KNOWN) is None


def test_the_start_of_several_names_is_for_the_organiser_to_settle():
    assert known_structure("AFPA", KNOWN + ["AFPA Bretagne"]) is None


def test_a_known_name_typed_in_full_wins_over_longer_names_it_starts():
    assert known_structure("afpa", ["AFPA Normandie", "AFPA"]) == "AFPA"


def test_a_new_structure_or_an_empty_one_is_no_match():
    assert known_structure("Les Copains d'abord", KNOWN) is None
    assert known_structure("  ", KNOWN) is None
    assert known_structure("", []) is None
    assert known_structure("…", KNOWN) is None


def test_a_name_typed_longer_than_the_known_one_is_no_match():
    # "AFPA Normandie Rouen" may be another centre: the organiser says so, not a guess
    assert known_structure("AFPA Normandie Rouen", KNOWN) is None


@settings(deadline=None)  # cheap, but a loaded machine can stall any one example past the default 200 ms
@given(st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=8, unique_by=words), st.data())
def test_every_known_name_typed_in_lower_case_is_itself(known, data):
    name = data.draw(st.sampled_from([name for name in known if words(name)] or [None]))
    if name is None:
        return
    assert known_structure(name.lower(), known) == name
