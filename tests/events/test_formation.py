"""Forming teams that mix structures: sizes, placement of everyone, spreading each organisation, determinism."""

import math
import os
import subprocess
import sys
from collections import Counter, defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgeathon.events.formation import form_teams


def organisation_key(organisation: str) -> str:
    # The module treats "Lycée A" and " lycée a" as one structure: so do these tests.
    return organisation.strip().casefold()


# --- examples -----------------------------------------------------------------------------------------------------


def test_empty_roster_gives_no_team():
    assert form_teams([], 4) == []


@pytest.mark.parametrize("team_size", [0, -1, -5])
def test_team_size_below_one_is_refused(team_size):
    with pytest.raises(ValueError):
        form_teams([("léa", "Région")], team_size)


def test_team_size_below_one_is_refused_even_for_an_empty_roster():
    with pytest.raises(ValueError):
        form_teams([], 0)


def test_ten_people_in_teams_of_four_make_three_balanced_teams():
    people = [(f"p{i}", f"Structure {i}") for i in range(10)]

    teams = form_teams(people, 4)

    assert sorted(len(team) for team in teams) == [3, 3, 4]


def test_largest_organisation_is_dealt_first_like_cards():
    people = [("ana", "CCI"), ("bob", "Lycée"), ("cam", "CCI"), ("dan", "Mairie"), ("eve", "Lycée"), ("fay", "CCI")]

    teams = form_teams(people, 2)

    # CCI (3) then Lycée (2) then Mairie (1), dealt round three teams.
    assert teams == [["ana", "bob"], ["cam", "eve"], ["fay", "dan"]]


def test_organisations_of_equal_size_are_ordered_by_name():
    people = [("zoé", "Mairie"), ("yan", "CCI"), ("xia", "Mairie"), ("wil", "CCI")]

    assert form_teams(people, 2) == [["yan", "zoé"], ["wil", "xia"]]


def test_spelling_variants_of_one_organisation_are_spread_as_one():
    # Counted as two structures, "CCI" and "cci " would both land in the first team.
    people = [("ana", "CCI"), ("bob", "Lycée"), ("cam", "Mairie"), ("dan", "cci "), ("eve", "Lycée")]

    teams = form_teams(people, 3)

    assert teams == [["ana", "bob", "cam"], ["dan", "eve"]]


def test_people_of_one_organisation_are_never_together_while_there_are_teams_left():
    people = [(f"région{i}", "Région Normandie") for i in range(4)] + [(f"autre{i}", f"S{i}") for i in range(8)]

    teams = form_teams(people, 3)

    assert len(teams) == 4
    assert all(sum(person.startswith("région") for person in team) == 1 for team in teams)


def test_team_size_one_gives_one_team_per_person():
    people = [("léa", "A"), ("noé", "A"), ("zoé", "B")]

    teams = form_teams(people, 1)

    assert sorted(teams) == [["léa"], ["noé"], ["zoé"]]


def test_team_size_larger_than_the_roster_gives_a_single_team():
    people = [("léa", "A"), ("noé", "B"), ("zoé", "A")]

    teams = form_teams(people, 10)

    assert len(teams) == 1
    assert sorted(teams[0]) == ["léa", "noé", "zoé"]


def test_people_may_be_any_hashable_such_as_database_ids():
    teams = form_teams([(11, "A"), (12, "B"), (13, "A")], 2)

    assert sorted(person for team in teams for person in team) == [11, 12, 13]


def test_result_does_not_depend_on_the_hash_seed():
    # Organisations are grouped in a dict: the order must come from sorting, not from string hashing.
    script = (
        "from badgeathon.events.formation import form_teams;"
        "people = [(f'p{i}', ['Région', 'CCI', 'Lycée', 'Mairie', 'Université', 'Pôle emploi'][i % 6]) "
        "for i in range(23)];"
        "print(form_teams(people, 4))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "12345")
    }

    assert len(outputs) == 1


# --- properties ---------------------------------------------------------------------------------------------------

ORGANISATIONS = st.sampled_from(
    [
        "Région Normandie",
        "région normandie ",
        "CCI Caen",
        "Lycée Malherbe",
        "Université de Rouen",
        "Mairie du Havre",
        "",
        "Pôle emploi",
    ]
)
ROSTERS = st.lists(ORGANISATIONS, max_size=60).map(lambda orgs: [(f"p{i}", org) for i, org in enumerate(orgs)])
SIZES = st.integers(min_value=1, max_value=9)


@given(people=ROSTERS, team_size=SIZES)
def test_every_person_is_placed_exactly_once(people, team_size):
    teams = form_teams(people, team_size)

    placed = Counter(person for team in teams for person in team)
    assert placed == Counter(person for person, _ in people)


@given(people=ROSTERS, team_size=SIZES)
def test_number_of_teams_is_roster_size_divided_by_team_size_rounded_up(people, team_size):
    assert len(form_teams(people, team_size)) == math.ceil(len(people) / team_size)


@given(people=ROSTERS.filter(bool), team_size=SIZES)
def test_team_sizes_differ_by_at_most_one_and_never_exceed_team_size(people, team_size):
    sizes = [len(team) for team in form_teams(people, team_size)]

    assert max(sizes) - min(sizes) <= 1
    assert max(sizes) <= team_size
    assert min(sizes) >= 1


@given(people=ROSTERS, team_size=SIZES)
def test_an_organisation_of_g_people_spreads_over_min_g_and_teams_teams(people, team_size):
    teams = form_teams(people, team_size)
    organisation_of = {person: organisation_key(org) for person, org in people}

    teams_of = defaultdict(set)
    for index, team in enumerate(teams):
        for person in team:
            teams_of[organisation_of[person]].add(index)
    headcount = Counter(organisation_of.values())

    for organisation, count in headcount.items():
        assert len(teams_of[organisation]) == min(count, len(teams)), organisation


@given(people=ROSTERS, team_size=SIZES)
def test_same_input_gives_the_same_teams(people, team_size):
    assert form_teams(list(people), team_size) == form_teams(list(people), team_size)


@given(people=ROSTERS, team_size=SIZES, data=st.data())
def test_interleaving_of_organisations_in_the_roster_does_not_change_the_teams(people, team_size, data):
    # Shuffle the roster but keep each organisation's people in their original relative order.
    shuffled = data.draw(st.permutations(people))
    order = defaultdict(list)
    for person, organisation in people:
        order[organisation_key(organisation)].append((person, organisation))
    regrouped = [order[organisation_key(organisation)].pop(0) for _, organisation in shuffled]

    assert form_teams(regrouped, team_size) == form_teams(people, team_size)


@given(people=ROSTERS, team_size=SIZES)
def test_forming_teams_does_not_modify_the_roster(people, team_size):
    copy = list(people)

    form_teams(people, team_size)

    assert people == copy
