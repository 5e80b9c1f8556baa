"""A team's page at the results: whether its badge won, the jury's feedback for it (never a juror's name nor their
private comment, never another team's), its catalogue page once exported; nothing before the ceremony ends."""

import pytest

from badgeathon.events.phases import Phase
from badgeathon.jury import deliberation
from tests.jury.conftest import (
    database,
    move_to,
    note,
    organiser,
    page,
    participant_client,
    score_everything,
    the_event,
)
from tests.ruleset.test_export import BIKE, GARDEN, do_export, set_design

WINNERS = ["Les Voisins", "Les Zélés"]  # the clear ranking's top two
WON = "Votre badge est lauréat"
LOST = "Votre badge n'a pas été retenu cette fois"
JURY_VIEW = "Voici ce que le jury verra"
CATALOGUE = "Voir votre badge dans le catalogue"


@pytest.fixture
def results(app, jury):
    """Notes written while scoring, winners confirmed at the deliberation, then the results phase (no reveal yet)."""
    move_to(app, jury, Phase.PITCHES)
    score_everything(app, jury)
    note(app, jury, "ada", "Les Voisins", "Entre nous : le meilleur pitch.", "Un badge clair et utile, bravo.")
    note(app, jury, "chloe", "Les Voisins", "", "Les preuves attendues sont concrètes.")
    note(app, jury, "ada", "Les Pionniers", "Trop vague, à notre avis.", "Précisez le niveau 2 : il reste flou.")
    note(app, jury, "chloe", "Les Pionniers", "Comment privé.", "")
    move_to(app, jury, Phase.DELIBERATION)
    with database(app):
        deliberation.confirm_winners(the_event(jury), organiser(), [jury.teams[name] for name in WINNERS], "")
    move_to(app, jury, Phase.RESULTS)
    return jury


def reveal_all(app, jury):
    with database(app):
        event = the_event(jury)
        for _ in deliberation.ceremony_steps(event):
            deliberation.reveal(event, organiser(), +1)


def team_page(app, jury, team_name, member="Nouvelle Recrue"):
    client = participant_client(app, jury, team_name, member)
    response = client.get(f"/teams/{jury.teams[team_name]}")
    assert response.status_code == 200
    return page(response)


def test_a_winning_team_learns_it_won_and_reads_the_jurys_feedback_without_names(app, results):
    reveal_all(app, results)
    text = team_page(app, results, "Les Voisins")
    assert WON in text and LOST not in text and JURY_VIEW not in text
    assert "Un badge clair et utile, bravo." in text and "Les preuves attendues sont concrètes." in text
    assert "Entre nous" not in text  # the jury's private comment
    assert "Ada Lovelace" not in text and "Chloé Durand" not in text  # no juror's name
    assert "Précisez le niveau 2" not in text  # another team's feedback
    assert CATALOGUE not in text  # not exported yet


def test_a_team_that_did_not_win_is_told_kindly_and_reads_its_own_feedback(app, results):
    reveal_all(app, results)
    text = team_page(app, results, "Les Pionniers")
    assert LOST in text and WON not in text and JURY_VIEW not in text
    assert "Précisez le niveau 2 : il reste flou." in text
    assert "Trop vague" not in text and "Comment privé" not in text and "bravo" not in text
    assert CATALOGUE not in text


def test_nothing_is_told_before_the_ceremony_has_revealed_every_winner(app, results):
    with database(app):
        deliberation.reveal(the_event(results), organiser(), +1)  # the second place only
    for team_name in ("Les Voisins", "Les Zélés", "Les Pionniers"):
        text = team_page(app, results, team_name, member=f"Recrue {team_name}")
        assert WON not in text and LOST not in text and "bravo" not in text
        assert "les vôtres s'afficheront ici d'eux-mêmes, une fois tous les lauréats dévoilés" in text
        assert 'data-team-results data-ready="false"' in text  # the block the page swaps in live


def test_an_exported_winner_links_to_its_badge_in_the_catalogue(app, results):
    set_design(app, results, "Les Voisins", BIKE)
    set_design(app, results, "Les Zélés", GARDEN)
    do_export(app, results)
    reveal_all(app, results)
    text = team_page(app, results, "Les Voisins")
    assert CATALOGUE in text
    assert 'href="/badges/reparer-un-velo-en-atelier-solidaire"' in text
    assert CATALOGUE not in team_page(app, results, "Les Pionniers", member="Autre Recrue")
