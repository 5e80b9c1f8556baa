"""A roster's lines without a team are teamed up by default: new teams that mix structures, or existing teams for a
few late arrivals (never a team of one); through the real routes and database, and the pure placing rule."""

import html
import re

import pytest

from badgeathon.auth.models import Person, Role
from badgeathon.events.formation import place_in_teams
from badgeathon.events.models import Team
from badgeathon.extensions import db
from tests.events.test_routes import csv_upload, database, the_event

STRUCTURES = ("IRFA", "AFPA", "CEP Normandie", "Mission locale")
WORLD_TEAMS = {"Les Pionniers", "Les Voisins"}


@pytest.fixture
def organiser(as_role):
    return as_role("organiser")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def roster(count: int, start: int = 1, header: str = "Nom;E-mail;Structure") -> str:
    lines = [
        f"Personne {n};personne{n}@exemple.fr;{STRUCTURES[n % len(STRUCTURES)]}" for n in range(start, start + count)
    ]
    return "\n".join([header, *lines])


def imported_teams(session, world) -> dict[str, list[Person]]:
    teams: dict[str, list[Person]] = {}
    for person in the_event(session, world).participants:
        if person.email and person.email.endswith("@exemple.fr"):
            teams.setdefault(person.team.name if person.team else None, []).append(person)
    return teams


def test_thirteen_lines_without_a_team_column_are_formed_into_three_mixed_teams(app, organiser, world):
    response = organiser.post(
        f"/events/{world.event_id}/roster", data=csv_upload(roster(13), auto_form="y", team_size="5")
    )

    assert response.status_code == 200
    text = page(response)
    assert "refusée :" not in text
    assert text.count('class="report-summary"') == 1
    assert " ".join(re.search(r"report-summary[^>]*>(.*?)</p>", text, re.S).group(1).split()).startswith(
        "13 lignes importées, aucune refusée."
    )
    assert "Les personnes sans équipe forment 3 nouvelles équipes" in text
    with database(app) as session:
        teams = imported_teams(session, world)
        assert None not in teams
        assert sorted(len(members) for members in teams.values()) == [4, 4, 5]
        assert WORLD_TEAMS.isdisjoint(teams)
        assert all(len({m.organisation.name for m in members}) >= 3 for members in teams.values())


def test_the_import_page_forms_teams_by_default(organiser, world):
    text = page(organiser.get(f"/events/{world.event_id}/roster"))

    checkbox = re.search(r'<input[^>]*name="auto_form"[^>]*>', text).group(0)
    assert "checked" in checkbox


def test_lines_with_a_team_keep_it_and_the_others_are_teamed_up(app, organiser, world):
    text = "\n".join(
        ["Nom;E-mail;Structure;Équipe", "Léa;lea@exemple.fr;IRFA;Les Pionniers", *roster(6, start=2).splitlines()[1:]]
    )
    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(text, auto_form="y", team_size="3"))

    assert response.status_code == 200
    with database(app) as session:
        teams = imported_teams(session, world)
        assert [p.name for p in teams["Les Pionniers"]] == ["Léa"]
        assert sorted(len(m) for name, m in teams.items() if name not in WORLD_TEAMS) == [3, 3]


def test_late_arrivals_join_existing_teams_rather_than_a_team_of_one(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster(13), auto_form="y", team_size="5"))
    with database(app) as session:
        teams_before = {team.name for team in the_event(session, world).teams}

    response = organiser.post(
        f"/events/{world.event_id}/roster", data=csv_upload(roster(2, start=20), auto_form="y", team_size="5")
    )

    assert "2 personnes sans équipe rejoignent les équipes existantes." in page(response)
    with database(app) as session:
        event = the_event(session, world)
        assert {team.name for team in event.teams} == teams_before
        late = [p for p in event.participants if p.email in ("personne20@exemple.fr", "personne21@exemple.fr")]
        assert all(p.team is not None for p in late)
        # the smallest team first: the world's Pionniers (nobody), then a tie with Voisins (one member) that the
        # order breaks, neither holding the second arrival's structure
        assert [p.team.name for p in sorted(late, key=lambda p: p.email)] == ["Les Pionniers", "Les Pionniers"]


def test_without_forming_the_lines_without_a_team_wait_on_the_dashboard(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/roster", data=csv_upload(roster(4), team_size="5"))

    assert "4 personnes restent sans équipe" in page(response)
    with database(app) as session:
        assert len(the_event(session, world).unassigned) == 4
        assert {team.name for team in the_event(session, world).teams} == WORLD_TEAMS


def test_forming_teams_for_one_late_participant_puts_them_in_an_existing_team(app, organiser, world):
    with database(app) as session:
        session.add(Person(role=Role.PARTICIPANT, name="Tardif", event=the_event(session, world)))
        session.commit()

    response = organiser.post(f"/events/{world.event_id}/form-teams", data={"form-team_size": "4"})

    assert response.status_code == 302
    assert "1 personne rejoint une équipe existante." in page(organiser.get(f"/events/{world.event_id}"))
    with database(app) as session:
        tardif = session.execute(db.select(Person).filter_by(name="Tardif")).scalar_one()
        assert tardif.team.name == "Les Pionniers"
        assert session.execute(db.select(db.func.count()).select_from(Team)).scalar() == 2


# --- the pure rule --------------------------------------------------------------------------------------------


def test_place_in_teams_fills_the_smallest_team_first():
    placed = place_in_teams([("léa", "A"), ("noé", "B")], [("t1", ["A", "B"]), ("t2", ["C"])])
    assert placed == [("léa", "t2"), ("noé", "t2")]


def test_place_in_teams_prefers_a_team_without_the_same_structure_among_equals():
    placed = place_in_teams([("léa", "IRFA")], [("t1", ["irfa "]), ("t2", ["AFPA"])])
    assert placed == [("léa", "t2")]


def test_place_in_teams_without_teams_places_nobody():
    assert place_in_teams([("léa", "A")], []) == []
