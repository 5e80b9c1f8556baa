"""Two organisers on two app nodes pressing the same pitch button at the same instant (or a clicker's double press):
one team forward, not two; one pause, and the time spoken counted once."""

from datetime import UTC, datetime

import pytest

from badgeathon.auth import services as auth
from badgeathon.auth.models import Person
from badgeathon.events import moves, pitching, services
from badgeathon.events.phases import Phase
from badgeathon.extensions import db
from tests.nodes import another_node, at_once, close_node


@pytest.fixture
def nodes(app, database_url):
    other = another_node(database_url)
    yield app, other
    close_node(other)


@pytest.fixture
def event_id(app):
    """An event at the pitches with three teams, the first one on screen."""
    with app.test_request_context():
        organiser = auth.create_organiser("Orga", "orga@region.example", "un-mot-de-passe-solide")
        event = services.create_event(
            services.EventDetails(
                "Badgeathon test", "Caen", datetime(2026, 11, 24, 8, 0, tzinfo=UTC), 360, 2, ("Transition écologique",)
            )
        )
        for name in ("Les Aînés", "Les Benjamins", "Les Cadets"):
            services.add_team(event, name, None)
        for phase in (Phase.DESIGN, Phase.PITCHES):
            moves.move_phase(event, phase, db.session.get(Person, organiser.id))
        public_id = event.public_id
        db.session.remove()
    return public_id


def press(node, event_id, control):
    """One organiser's press on `node`: it reads the desk as its page showed it, then presses with the others."""

    def action(start):
        with node.test_request_context():
            event = services.event_by_public_id(event_id)
            seen = event.pitch_team.public_id
            start()
            try:
                return control(event, seen)
            finally:
                db.session.remove()

    return action


def on_screen(node, event_id):
    with node.app_context():
        event = services.event_by_public_id(event_id)
        shown = (event.pitch_team.name, event.pitch_started_at is not None, event.pitch_elapsed_seconds)
        db.session.remove()
    return shown


def test_next_pressed_twice_at_once_moves_one_team_forward(nodes, event_id):
    for expected in ("Les Benjamins", "Les Cadets"):
        results = at_once(
            press(nodes[0], event_id, pitching.next_pitch), press(nodes[1], event_id, pitching.next_pitch)
        )
        assert sorted(results) == [False, True], results
        assert on_screen(nodes[1], event_id) == (expected, False, 0)


def test_start_then_pause_pressed_twice_at_once_count_once(nodes, event_id):
    results = at_once(press(nodes[0], event_id, pitching.start_pitch), press(nodes[1], event_id, pitching.start_pitch))
    assert sorted(results) == [False, True], results
    assert on_screen(nodes[0], event_id)[:2] == ("Les Aînés", True)
    results = at_once(press(nodes[0], event_id, pitching.pause_pitch), press(nodes[1], event_id, pitching.pause_pitch))
    assert sorted(results) == [False, True], results
    name, running, spoken = on_screen(nodes[1], event_id)
    assert (name, running) == ("Les Aînés", False) and 1 <= spoken <= 30
