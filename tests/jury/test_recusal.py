"""Recusal follows the teams' structures, and never unseen: a roster line keeps its structure whatever its participant
types, a typed structure is a known one or waits for the organiser, and every recusal a join or a structure adds or
lifts is logged and shown on the organiser's jury page."""

import pytest

from badgeathon.auth.models import Person
from badgeathon.errors import NotFound
from badgeathon.events import joining
from badgeathon.events import services as events
from badgeathon.events.models import Organisation
from badgeathon.extensions import db
from badgeathon.jury import recusal_service
from badgeathon.jury.models import AuditEntry, Recusal

from .conftest import (
    JURORS,
    build_jury,
    count,
    database,
    juror,
    organiser,
    organiser_client,
    page,
    participant_client,
    recuse,
    team,
    the_event,
)

RULE_CHANGE = "recusal_rule"  # the audit log's action for a recusal the rule turned over
# Camille's roster line says AFPA Normandie, Aline's structure: Aline is recused for Les Zélés.
ROSTER = "Nom;E-mail;Structure;Équipe\nCamille Martin;camille@exemple.fr;AFPA Normandie;Les Zélés\n".encode()


@pytest.fixture
def afpa(app):
    jury = build_jury(app, jurors={**JURORS, "aline": ("Aline Roux", "aline@region.example", "AFPA Normandie")})
    with database(app):
        events.import_roster(the_event(jury), ROSTER, auto_form=False, team_size=5)
    return jury


def recused(app, jury, team_name: str, key: str = "aline") -> bool:
    with database(app):
        return recusal_service.recusal_for(juror(jury, key), team(jury, team_name)).recused


def structure(app, name: str) -> str | None:
    with database(app):
        person = db.session.execute(db.select(Person).filter_by(name=name)).scalar_one()
        return person.organisation.name if person.organisation else None


def claim(app, name: str) -> str | None:
    """The structure a participant named that waits for the organiser."""
    with database(app):
        return db.session.execute(db.select(Person.organisation_claim).filter_by(name=name)).scalar_one()


def rule_log(app) -> list[tuple]:
    with database(app):
        return [
            (entry.actor.name, entry.subject, entry.before, entry.after)
            for entry in db.session.execute(
                db.select(AuditEntry).filter_by(action=RULE_CHANGE).order_by(AuditEntry.id)
            ).scalars()
        ]


def join(app, jury, team_name: str, name: str, structure: str) -> None:
    with database(app):
        joining.join_team(jury.codes[team_name], name, structure)


def settle(app, jury, name: str, choice) -> None:
    with database(app):
        person = db.session.execute(db.select(Person).filter_by(name=name)).scalar_one()
        if isinstance(choice, str) and choice not in (joining.KEEP_STRUCTURE, joining.NEW_STRUCTURE):
            choice = db.session.execute(db.select(Organisation.id).filter_by(name=choice)).scalar_one()
        joining.settle_structure(the_event(jury), person.public_id, choice, organiser())


def to_confirm(app, jury) -> list[tuple[str, str]]:
    with database(app):
        return [(p.name, p.organisation_claim) for p in joining.structures_to_confirm(the_event(jury))]


# --- joining ------------------------------------------------------------------------------------------------------


def test_a_roster_line_keeps_its_structure_when_its_participant_types_it_their_way(app, afpa):
    assert recused(app, afpa, "Les Zélés")

    participant_client(app, afpa, "Les Zélés", "camille  martin", "Afpa")

    assert structure(app, "Camille Martin") == "AFPA Normandie"
    assert claim(app, "Camille Martin") is None
    assert recused(app, afpa, "Les Zélés")
    assert rule_log(app) == []
    with database(app):
        assert count(Organisation, key="afpa") == 0


def test_a_roster_line_keeps_its_structure_and_another_one_typed_waits_for_the_organiser(app, afpa):
    join(app, afpa, "Les Zélés", "Camille Martin", "Pôle emploi Rouen")

    assert structure(app, "Camille Martin") == "AFPA Normandie"
    assert claim(app, "Camille Martin") == "Pôle emploi Rouen"
    assert recused(app, afpa, "Les Zélés")
    assert to_confirm(app, afpa) == [("Camille Martin", "Pôle emploi Rouen")]
    assert rule_log(app) == []


def test_a_newcomer_typing_the_start_of_a_known_structure_gets_it_and_the_recusal_it_adds_is_logged(app, afpa):
    assert not recused(app, afpa, "Les Voisins")

    join(app, afpa, "Les Voisins", "Nina Petit", "afpa")

    assert structure(app, "Nina Petit") == "AFPA Normandie"
    assert claim(app, "Nina Petit") is None
    assert recused(app, afpa, "Les Voisins")
    assert rule_log(app) == [
        (
            "Nina Petit",
            "Aline Roux · Les Voisins",
            {"recused": False, "member": "Nina Petit", "structure": None},
            {"recused": True, "member": "Nina Petit", "joined": True, "structure": "AFPA Normandie"},
        )
    ]


def test_an_unknown_structure_is_not_made_but_waits_for_the_organiser(app, afpa):
    join(app, afpa, "Les Voisins", "Paul Neuf", "Les Copains d'abord")

    assert structure(app, "Paul Neuf") is None
    assert claim(app, "Paul Neuf") == "Les Copains d'abord"
    assert to_confirm(app, afpa) == [("Paul Neuf", "Les Copains d'abord")]
    with database(app):
        assert count(Organisation, name="Les Copains d'abord") == 0


def test_a_structure_that_starts_several_known_ones_waits_for_the_organiser(app, afpa):
    with database(app):
        events.add_organisation("AFPA Bretagne", "training")

    join(app, afpa, "Les Voisins", "Nina Petit", "Afpa")

    assert structure(app, "Nina Petit") is None
    assert claim(app, "Nina Petit") == "Afpa"
    assert not recused(app, afpa, "Les Voisins")
    assert rule_log(app) == []


def test_the_organisers_word_on_a_pair_stands_over_a_join(app, afpa):
    recuse(app, afpa, "aline", "Les Voisins", False, "Ne connaît pas l'équipe")

    join(app, afpa, "Les Voisins", "Nina Petit", "AFPA Normandie")
    join(app, afpa, "Les Pionniers", "Léo Roy", "AFPA Normandie")

    assert not recused(app, afpa, "Les Voisins")
    assert recused(app, afpa, "Les Pionniers")
    assert [subject for _, subject, _, _ in rule_log(app)] == ["Aline Roux · Les Pionniers"]


# --- the organiser settles a claimed structure --------------------------------------------------------------------


def test_settling_a_structure_logs_the_recusal_it_adds(app, afpa):
    join(app, afpa, "Les Voisins", "Paul Neuf", "Afpa Caen")
    assert not recused(app, afpa, "Les Voisins")

    settle(app, afpa, "Paul Neuf", "AFPA Normandie")

    assert structure(app, "Paul Neuf") == "AFPA Normandie"
    assert claim(app, "Paul Neuf") is None
    assert recused(app, afpa, "Les Voisins")
    assert to_confirm(app, afpa) == []
    assert rule_log(app) == [
        (
            "Orga",
            "Aline Roux · Les Voisins",
            {"recused": False, "member": "Paul Neuf", "structure": None},
            {"recused": True, "member": "Paul Neuf", "joined": False, "structure": "AFPA Normandie"},
        )
    ]


def test_giving_a_roster_line_the_structure_its_participant_named_logs_the_recusal_it_lifts(app, afpa):
    join(app, afpa, "Les Zélés", "Camille Martin", "Pôle emploi Rouen")

    settle(app, afpa, "Camille Martin", joining.NEW_STRUCTURE)

    assert structure(app, "Camille Martin") == "Pôle emploi Rouen"
    assert claim(app, "Camille Martin") is None
    assert not recused(app, afpa, "Les Zélés")
    assert rule_log(app) == [
        (
            "Orga",
            "Aline Roux · Les Zélés",
            {"recused": True, "member": "Camille Martin", "structure": "AFPA Normandie"},
            {"recused": False, "member": "Camille Martin", "joined": False, "structure": "Pôle emploi Rouen"},
        )
    ]


def test_keeping_the_structure_clears_the_claim_and_changes_no_recusal(app, afpa):
    join(app, afpa, "Les Zélés", "Camille Martin", "Pôle emploi Rouen")

    settle(app, afpa, "Camille Martin", joining.KEEP_STRUCTURE)

    assert structure(app, "Camille Martin") == "AFPA Normandie"
    assert claim(app, "Camille Martin") is None
    assert recused(app, afpa, "Les Zélés")
    assert rule_log(app) == []
    with pytest.raises(NotFound):  # settled already (a second tab, another organiser)
        settle(app, afpa, "Camille Martin", joining.NEW_STRUCTURE)
    assert structure(app, "Camille Martin") == "AFPA Normandie"
    assert claim(app, "Camille Martin") is None


# --- the organiser's jury page ------------------------------------------------------------------------------------


def test_the_jury_page_shows_each_change_and_each_structure_to_confirm_and_settles_one(app, afpa):
    join(app, afpa, "Les Voisins", "Nina Petit", "afpa")
    join(app, afpa, "Les Voisins", "Paul Neuf", "Les Copains d'abord")
    client = organiser_client(app)

    shown = page(client.get(f"/jury/events/{afpa.event_id}"))

    assert "Récusations changées par l'arrivée ou la structure d'un participant" in shown
    assert "Aline Roux · Les Voisins" in shown and "Nina Petit a rejoint l'équipe (AFPA Normandie)." in shown
    assert "Structures à confirmer (1)" in shown and "« Les Copains d'abord »" in shown
    with database(app):
        paul = db.session.execute(db.select(Person).filter_by(name="Paul Neuf")).scalar_one().public_id
    prefix = f"s-{paul}-"
    response = client.post(
        f"/jury/events/{afpa.event_id}/structures",
        data={"prefix": prefix, f"{prefix}person": str(paul), f"{prefix}choice": joining.NEW_STRUCTURE},
    )

    assert response.status_code == 302
    assert structure(app, "Paul Neuf") == "Les Copains d'abord"
    assert claim(app, "Paul Neuf") is None
    shown = page(client.get(f"/jury/events/{afpa.event_id}"))
    assert "Structure de Paul Neuf : Les Copains d'abord." in shown
    assert "Structures à confirmer" not in shown
    assert "Récusation par la règle automatique" in page(client.get(f"/jury/events/{afpa.event_id}/audit"))


# --- the rule, pure -----------------------------------------------------------------------------------------------


def test_a_recusal_turns_only_for_a_juror_whose_structure_enters_or_leaves_the_team():
    from badgeathon.jury import recusal

    jurors = {"aline": "afpa", "basile": "irfa", "chloe": None}

    assert recusal.turned(jurors, {"irfa"}, {"irfa", "afpa"}) == [("aline", True)]
    assert recusal.turned(jurors, {"irfa", "afpa"}, {"irfa"}) == [("aline", False)]
    assert recusal.turned(jurors, {"irfa"}, {"irfa"}) == []
    assert recusal.turned(jurors, {"irfa"}, {"afpa"}) == [("aline", True), ("basile", False)]
    assert recusal.turned(jurors, {"irfa"}, {"afpa"}, {"aline": False, "basile": True}) == []


def test_the_database_and_the_pure_rule_say_the_same_for_every_pair(app, afpa):
    # Aline (AFPA) is recused for Les Zélés by the rule; the organiser recuses her for Les Voisins and frees Basile.
    recuse(app, afpa, "aline", "Les Voisins", True, "Ancienne collègue")
    recuse(app, afpa, "basile", "Les Pionniers", False, "Ne connaît pas l'équipe")
    with database(app):
        event = the_event(afpa)
        from badgeathon.jury import recusal

        overrides = {(r.juror_id, r.team_id): r.recused for r in db.session.execute(db.select(Recusal)).scalars()}
        states = recusal_service.recusals(event)
        pure = {
            (j.id, t.id): recusal.is_recused(
                j.organisation_id, {m.organisation_id for m in t.members} - {None}, overrides.get((j.id, t.id))
            )
            for j in event.jurors
            for t in event.teams
        }
        assert {pair: state.recused for pair, state in states.items()} == pure
        assert sum(pure.values()) >= 2 and (juror(afpa, "basile").id, team(afpa, "Les Pionniers").id) in pure
        for j in event.jurors:  # one juror's view (the scoring screen's and the save's SQL) agrees with the event's
            assert recusal_service.recused_teams(j) == {t.id for t in event.teams if pure[j.id, t.id]}
            for t in event.teams:
                assert recusal_service.recusal_for(j, t) == states[j.id, t.id]
