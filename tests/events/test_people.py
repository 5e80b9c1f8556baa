"""Managing an event's people through the real routes and database: rename a team, move or remove a member, delete
a team, a juror or the event after a confirmation page that says what goes, close joining; organisers only."""

import html
import uuid

import pytest

from badgeathon.auth.models import Person, Role
from badgeathon.events.models import Event, Team
from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from badgeathon.jury.models import AuditEntry, Criterion, Decision, Score
from badgeathon.workshop.models import Design, DesignVersion
from tests.events.test_routes import count, database, the_event


@pytest.fixture
def organiser(as_role):
    return as_role("organiser")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def person_named(session, name) -> Person:
    return session.execute(db.select(Person).filter_by(name=name)).scalar_one()


def team_named(session, name) -> Team | None:
    return session.execute(db.select(Team).filter_by(name=name)).scalar_one_or_none()


def give_a_score(app, world, team_name="Les Pionniers") -> None:
    """The juror marks one criterion of the team's badge (rows written directly: scoring has its own tests)."""
    with database(app) as session:
        event = the_event(session, world)
        criterion = event.criteria[0]  # the rubric made with the event
        session.add(
            Score(
                event_id=event.id,
                juror_id=event.jurors[0].id,
                team_id=team_named(session, team_name).id,
                criterion_id=criterion.id,
                value=4,
            )
        )
        session.commit()


def move_to(app, world, phase) -> None:
    with database(app) as session:
        the_event(session, world).phase = phase
        session.commit()


# --- renaming a team and moving a member -------------------------------------------------------------------------


def test_organiser_renames_a_team_and_its_code_stays(app, organiser, world):
    response = organiser.post(
        f"/events/{world.event_id}/teams/{world.team_id}/name", data={"name": "  Les  Bâtisseurs "}
    )

    assert response.status_code == 302
    with database(app) as session:
        team = session.execute(db.select(Team).filter_by(public_id=world.team_id)).scalar_one()
        assert (team.name, team.join_code) == ("Les Bâtisseurs", world.join_code)
    dashboard = page(organiser.get(f"/events/{world.event_id}"))
    assert "« Les Pionniers » s'appelle maintenant « Les Bâtisseurs »." in dashboard


def test_renaming_a_team_to_another_teams_name_is_refused(app, organiser, world):
    response = organiser.post(f"/events/{world.event_id}/teams/{world.team_id}/name", data={"name": "les voisins"})

    assert response.status_code == 409
    assert "Une équipe s'appelle déjà « les voisins »" in page(response)
    with database(app) as session:
        assert team_named(session, "Les Pionniers") is not None


def test_organiser_moves_a_member_to_another_team_then_out_of_any(app, organiser, world):
    with database(app) as session:
        voisin = person_named(session, "Voisin").public_id

    organiser.post(f"/events/{world.event_id}/members/{voisin}/team", data={"team": str(world.team_id)})
    with database(app) as session:
        assert person_named(session, "Voisin").team.public_id == world.team_id

    organiser.post(f"/events/{world.event_id}/members/{voisin}/team", data={"team": ""})
    with database(app) as session:
        assert person_named(session, "Voisin").team is None
        assert [p.name for p in the_event(session, world).unassigned] == ["Voisin"]


def test_moving_a_member_to_a_team_of_another_event_is_refused(app, organiser, world):
    with database(app) as session:
        voisin = person_named(session, "Voisin").public_id

    response = organiser.post(f"/events/{world.event_id}/members/{voisin}/team", data={"team": str(uuid.uuid4())})

    assert response.status_code == 302  # not one of the choices: sent back with a message, nothing changed
    with database(app) as session:
        assert person_named(session, "Voisin").team.public_id == world.other_team_id


def test_moving_a_member_logs_the_recusal_it_adds(app, organiser, world):
    """The juror comes from CEP Normandie: a member of that structure arriving in a team recuses her from it."""
    with database(app) as session:
        event = the_event(session, world)
        from badgeathon.events.models import Organisation

        cep = session.execute(db.select(Organisation).filter_by(name="CEP Normandie")).scalar_one()
        session.add(Person(role=Role.PARTICIPANT, name="Camille", event=event, organisation=cep))
        session.commit()
        camille = person_named(session, "Camille").public_id

    organiser.post(f"/events/{world.event_id}/members/{camille}/team", data={"team": str(world.team_id)})

    with database(app) as session:
        entry = session.execute(db.select(AuditEntry).filter_by(action="recusal_rule")).scalar_one()
        assert entry.subject == "Jeanne Juré · Les Pionniers"
        assert entry.after["recused"] is True


# --- removing a member --------------------------------------------------------------------------------------------


def test_removing_a_member_asks_first_and_says_what_goes(app, organiser, world):
    with database(app) as session:
        voisin = person_named(session, "Voisin").public_id

    response = organiser.get(f"/events/{world.event_id}/members/{voisin}/remove")

    assert response.status_code == 200
    text = page(response)
    assert "Retirer Voisin de l'événement ?" in text
    assert "Son nom disparaît de son équipe." in text
    assert "reste, sans son nom" in text
    with database(app) as session:
        assert count(session, Person, name="Voisin") == 1  # a GET never writes


def test_a_post_without_the_confirmation_asks_again_and_removes_nothing(app, organiser, world):
    with database(app) as session:
        voisin = person_named(session, "Voisin").public_id

    response = organiser.post(f"/events/{world.event_id}/members/{voisin}/remove", data={})

    assert response.status_code == 200
    assert "Retirer de l'événement" in page(response)
    with database(app) as session:
        assert count(session, Person, name="Voisin") == 1


def test_removing_a_member_deletes_them_and_logs_it(app, organiser, world):
    with database(app) as session:
        voisin = person_named(session, "Voisin").public_id

    response = organiser.post(f"/events/{world.event_id}/members/{voisin}/remove", data={"confirm": "yes"})

    assert response.status_code == 302
    with database(app) as session:
        assert count(session, Person, name="Voisin") == 0
        assert team_named(session, "Les Voisins").members == []
        entry = session.execute(db.select(AuditEntry).filter_by(action="member_removed")).scalar_one()
        assert (entry.subject, entry.actor.name) == ("Voisin", "Orga")


# --- deleting a team ----------------------------------------------------------------------------------------------


def test_deleting_a_team_says_it_removes_its_badge_versions_and_marks(app, organiser, world):
    give_a_score(app, world)

    text = page(organiser.get(f"/events/{world.event_id}/teams/{world.team_id}/delete"))

    assert "Supprimer l'équipe « Les Pionniers » ?" in text
    assert "Son badge en cours et sa version enregistrée." in text
    assert "1 note attribuée par le jury." in text
    assert "Elle n'a aucun membre." in text


def test_deleting_a_team_removes_its_badge_and_marks_and_keeps_its_members(app, organiser, world):
    give_a_score(app, world, "Les Voisins")
    organiser.post(
        f"/events/{world.event_id}/members/{_public_id(app, 'Voisin')}/team", data={"team": str(world.other_team_id)}
    )

    response = organiser.post(f"/events/{world.event_id}/teams/{world.other_team_id}/delete", data={"confirm": "yes"})

    assert response.status_code == 302
    with database(app) as session:
        assert team_named(session, "Les Voisins") is None
        assert count(session, Score) == 0
        assert person_named(session, "Voisin").team is None  # still in the event, without a team
        assert session.execute(db.select(AuditEntry).filter_by(action="team_deleted")).scalar_one().before == {
            "scores": 1
        }


def test_deleting_a_team_with_a_badge_removes_the_design_and_its_versions(app, organiser, world):
    organiser.post(f"/events/{world.event_id}/teams/{world.team_id}/delete", data={"confirm": "yes"})

    with database(app) as session:
        assert team_named(session, "Les Pionniers") is None
        voisins = team_named(session, "Les Voisins")
        assert voisins is not None
        assert [design.team_id for design in session.execute(db.select(Design)).scalars()] == [voisins.id]  # theirs
        assert count(session, DesignVersion) == 0


def test_a_confirmed_winner_cannot_be_deleted(app, organiser, world):
    with database(app) as session:
        event = the_event(session, world)
        session.add(Decision(event_id=event.id, team_ids=[team_named(session, "Les Pionniers").id]))
        session.commit()

    text = page(organiser.get(f"/events/{world.event_id}/teams/{world.team_id}/delete"))
    assert "fait partie des lauréats confirmés" in text
    assert "Supprimer l'équipe</button>" not in text

    response = organiser.post(f"/events/{world.event_id}/teams/{world.team_id}/delete", data={"confirm": "yes"})
    assert response.status_code == 409
    with database(app) as session:
        assert team_named(session, "Les Pionniers") is not None


def _public_id(app, name):
    with database(app) as session:
        return person_named(session, name).public_id


# --- deleting a juror ---------------------------------------------------------------------------------------------


def test_deleting_a_juror_says_what_goes_then_removes_their_marks_and_invitation(app, organiser, world, client):
    give_a_score(app, world)
    juror = _public_id(app, "Jeanne Juré")

    text = page(organiser.get(f"/events/{world.event_id}/jurors/{juror}/delete"))
    assert "Supprimer Jeanne Juré du jury ?" in text
    assert "1 note attribuée par le jury." in text

    response = organiser.post(f"/events/{world.event_id}/jurors/{juror}/delete", data={"confirm": "yes"})

    assert response.status_code == 302
    with database(app) as session:
        assert count(session, Person, role=Role.JUROR) == 0
        assert count(session, Score) == 0
        assert session.execute(db.select(AuditEntry).filter_by(action="juror_deleted")).scalar_one().subject == (
            "Jeanne Juré"
        )
    assert client.get(f"/invitation/{world.invitation}").status_code == 404


# --- deleting the event -------------------------------------------------------------------------------------------


def test_deleting_the_event_needs_its_name_typed(app, organiser, world):
    text = page(organiser.get(f"/events/{world.event_id}/delete"))
    assert "Supprimer l'événement « Badgeathon test » ?" in text
    assert "2 équipes et leurs codes." in text
    assert "1 juré et son lien d'invitation." in text

    response = organiser.post(f"/events/{world.event_id}/delete", data={"confirm": "yes", "name": "Badgeathon"})

    assert response.status_code == 422
    assert "Ce n'est pas le nom de l'événement" in page(response)
    with database(app) as session:
        assert count(session, Event) == 1


def test_deleting_the_event_removes_everything_in_it(app, organiser, world):
    give_a_score(app, world)

    response = organiser.post(f"/events/{world.event_id}/delete", data={"confirm": "yes", "name": "badgeathon  TEST"})

    assert response.status_code == 302
    assert response.headers["Location"] == "/events"
    with database(app) as session:
        assert count(session, Event) == 0
        assert count(session, Team) == 0
        assert count(session, Design) == 0
        assert count(session, DesignVersion) == 0
        assert count(session, Score) == 0
        assert count(session, Criterion) == 0
        assert [p.role for p in session.execute(db.select(Person)).scalars()] == [Role.ORGANISER]


def test_an_event_under_way_cannot_be_deleted(app, organiser, world):
    move_to(app, world, Phase.DESIGN)

    text = page(organiser.get(f"/events/{world.event_id}/delete"))
    assert "Un événement en cours ne peut pas être supprimé" in text

    organiser.post(f"/events/{world.event_id}/delete", data={"confirm": "yes", "name": "Badgeathon test"})
    with database(app) as session:
        assert count(session, Event) == 1


def test_the_delete_event_service_refuses_an_event_under_way(app, world, ctx):
    from badgeathon.errors import Conflict
    from badgeathon.events import people

    event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
    event.phase = Phase.PITCHES
    db.session.commit()
    organiser = db.session.execute(db.select(Person).filter_by(role=Role.ORGANISER)).scalar_one()
    with app.test_request_context(), pytest.raises(Conflict):
        people.delete_event(event, "Badgeathon test", organiser)
    assert db.session.execute(db.select(db.func.count()).select_from(Event)).scalar() == 1


# --- joining open or closed ---------------------------------------------------------------------------------------


def test_closed_joining_refuses_a_join_code_in_the_form(app, organiser, world, client):
    response = organiser.post(f"/events/{world.event_id}/joining", data={"open": "no"})
    assert response.status_code == 302
    with database(app) as session:
        assert the_event(session, world).joining_open is False

    typed = client.post("/join", data={"code": world.join_code})
    assert typed.status_code == 403
    assert "Les inscriptions aux équipes sont closes" in page(typed)
    assert 'aria-invalid="true"' in page(typed)

    joined = client.post(f"/join/{world.join_code}", data={"name": "Tardif", "organisation": ""})
    assert joined.status_code == 403
    with database(app) as session:
        assert count(session, Person, name="Tardif") == 0


def test_reopened_joining_lets_people_join_again(app, organiser, world, client):
    organiser.post(f"/events/{world.event_id}/joining", data={"open": "no"})
    organiser.post(f"/events/{world.event_id}/joining", data={"open": "yes"})

    response = client.post(f"/join/{world.join_code}", data={"name": "Tardif", "organisation": ""})

    assert response.status_code == 302
    with database(app) as session:
        assert person_named(session, "Tardif").team.public_id == world.team_id


def test_the_join_service_refuses_a_closed_event(app, world, ctx):
    from badgeathon.events import joining, people

    event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
    people.set_joining(event, False)
    with app.test_request_context(), pytest.raises(people.JoiningClosed):
        joining.join_team(world.join_code, "Tardif", "")


# --- who may ---------------------------------------------------------------------------------------------------

MANAGING = [
    ("post", "/events/{event}/teams/{team}/name", {"name": "Pris"}),
    ("post", "/events/{event}/members/{voisin}/team", {"team": ""}),
    ("get", "/events/{event}/members/{voisin}/remove", None),
    ("post", "/events/{event}/members/{voisin}/remove", {"confirm": "yes"}),
    ("get", "/events/{event}/teams/{team}/delete", None),
    ("post", "/events/{event}/teams/{team}/delete", {"confirm": "yes"}),
    ("get", "/events/{event}/jurors/{juror}/delete", None),
    ("post", "/events/{event}/jurors/{juror}/delete", {"confirm": "yes"}),
    ("get", "/events/{event}/delete", None),
    ("post", "/events/{event}/delete", {"confirm": "yes", "name": "Badgeathon test"}),
    ("post", "/events/{event}/joining", {"open": "no"}),
]


@pytest.mark.parametrize("role", ["participant", "juror"])
def test_only_organisers_manage_people(app, world, as_role, role):
    client = as_role(role)
    ids = {
        "event": world.event_id,
        "team": world.team_id,
        "voisin": _public_id(app, "Voisin"),
        "juror": _public_id(app, "Jeanne Juré"),
    }

    statuses = {
        path: getattr(client, method)(path.format(**ids), data=data).status_code for method, path, data in MANAGING
    }

    assert set(statuses.values()) == {403}
    with database(app) as session:
        event = the_event(session, world)
        assert (len(event.teams), len(event.jurors), event.joining_open) == (2, 1, True)
        assert team_named(session, "Les Pionniers") is not None
