"""The /live Socket.IO namespace: who may listen to an event, and that a phase change reaches its listeners at once."""

from datetime import UTC, datetime

import pytest

from badgeathon.events import services
from badgeathon.extensions import db, limiter, socketio
from tests.conftest import sign_in_organiser, sign_in_participant

LIVE = "/live"


@pytest.fixture
def listeners(app):
    """Opens Socket.IO clients on /live and disconnects them when the test ends."""
    with app.app_context():
        limiter.reset()  # signing in through /join counts against the join rate limit
    opened = []

    def listen(auth=None, flask_client=None):
        client = socketio.test_client(app, namespace=LIVE, auth=auth, flask_test_client=flask_client)
        opened.append(client)
        return client

    yield listen
    for client in opened:
        if client.is_connected(LIVE):
            client.disconnect(namespace=LIVE)


@pytest.fixture
def other_event(app):
    """A second event, with its own screen token."""
    with app.test_request_context():
        event = services.create_event(
            services.EventDetails(
                "Autre Badgeathon",
                "Le Havre",
                datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
                360,
                2,
                ("Transition numérique",),
            )
        )
        ids = {"event_id": event.public_id, "screen_token": event.screen_token}
        db.session.remove()
    return ids


def phase_events(client):
    return [message["args"][0] for message in client.get_received(LIVE) if message["name"] == "phase"]


# --- who may listen ----------------------------------------------------------------------------------------------


def test_anonymous_listener_without_credentials_is_refused(listeners, world):
    assert not listeners().is_connected(LIVE)


def test_anonymous_listener_naming_an_event_is_refused(listeners, world):
    # Only organisers may pick an event by its id; anyone else would otherwise hear every event.
    assert not listeners(auth={"event": str(world.event_id)}).is_connected(LIVE)


def test_projector_with_a_wrong_screen_token_is_refused(listeners, world):
    assert not listeners(auth={"screen": "pas-le-bon-jeton"}).is_connected(LIVE)


def test_projector_with_its_screen_token_is_accepted(listeners, world):
    assert listeners(auth={"screen": world.screen_token}).is_connected(LIVE)


def test_signed_in_participant_is_accepted_for_their_event(app, listeners, world):
    browser = app.test_client()
    sign_in_participant(browser, world)

    assert listeners(flask_client=browser).is_connected(LIVE)


def test_signed_in_juror_is_accepted_for_their_event(as_role, listeners, world):
    assert listeners(flask_client=as_role("juror")).is_connected(LIVE)


def test_organiser_naming_an_event_is_accepted(app, listeners, world):
    browser = app.test_client()
    sign_in_organiser(browser, world)

    assert listeners(auth={"event": str(world.event_id)}, flask_client=browser).is_connected(LIVE)


def test_organiser_naming_no_event_is_refused(as_role, listeners, world):
    # An organiser belongs to no event: there is nothing to follow without naming one.
    assert not listeners(flask_client=as_role("organiser")).is_connected(LIVE)


@pytest.mark.parametrize("event", ["pas-un-uuid", "00000000-0000-0000-0000-000000000000"])
def test_organiser_naming_an_unknown_event_is_refused(as_role, listeners, world, event):
    assert not listeners(auth={"event": event}, flask_client=as_role("organiser")).is_connected(LIVE)


# --- phase changes reach the room --------------------------------------------------------------------------------


def test_projector_hears_the_new_phase_when_the_organiser_moves_it(as_role, listeners, world):
    screen = listeners(auth={"screen": world.screen_token})
    screen.get_received(LIVE)  # nothing from before the move

    response = as_role("organiser").post(f"/events/{world.event_id}/phase", data={"phase": "design"})

    assert response.status_code == 302
    assert phase_events(screen) == [{"phase": "design"}]


def test_participant_and_organiser_hear_the_phase_too(app, as_role, listeners, world):
    participant = app.test_client()
    sign_in_participant(participant, world)
    organiser = as_role("organiser")
    heard_by_participant = listeners(flask_client=participant)
    heard_by_organiser = listeners(auth={"event": str(world.event_id)}, flask_client=organiser)

    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})

    assert phase_events(heard_by_participant) == [{"phase": "design"}]
    assert phase_events(heard_by_organiser) == [{"phase": "design"}]


def test_listener_of_another_event_hears_nothing(as_role, listeners, world, other_event):
    elsewhere = listeners(auth={"screen": other_event["screen_token"]})
    here = listeners(auth={"screen": world.screen_token})
    assert elsewhere.is_connected(LIVE)

    as_role("organiser").post(f"/events/{world.event_id}/phase", data={"phase": "design"})

    assert phase_events(here) == [{"phase": "design"}]
    assert phase_events(elsewhere) == []


def test_a_refused_phase_jump_is_not_announced(as_role, listeners, world):
    screen = listeners(auth={"screen": world.screen_token})

    response = as_role("organiser").post(f"/events/{world.event_id}/phase", data={"phase": "results"})

    assert response.status_code == 409
    assert phase_events(screen) == []


def test_stepping_back_is_announced_like_a_step_forward(as_role, listeners, world):
    organiser = as_role("organiser")
    screen = listeners(auth={"screen": world.screen_token})

    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "preparation", "confirm": "yes"})

    assert phase_events(screen) == [{"phase": "design"}, {"phase": "preparation"}]


# --- the app factory ---------------------------------------------------------------------------------------------


def test_an_app_built_after_another_in_the_same_process_still_accepts_projectors(tmp_path):
    """Tests, workers and scripts may build several apps in one process: each must answer on /live."""
    from badgeathon import create_app
    from tests.config import TestConfig

    built = []
    for number in range(2):
        app = create_app(
            type(
                "TwoAppsConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / f'app{number}.db'}"}
            )
        )
        with app.app_context():
            db.create_all()
        built.append(app)
    latest = built[-1]
    with latest.test_request_context():
        token = services.create_event(
            services.EventDetails(
                "Deuxième app", "", datetime(2026, 12, 3, 8, 0, tzinfo=UTC), 360, 2, ("Transition numérique",)
            )
        ).screen_token
        db.session.remove()

    try:
        screen = socketio.test_client(latest, namespace=LIVE, auth={"screen": token})
        assert screen.is_connected(LIVE)
        screen.disconnect(namespace=LIVE)
    finally:
        for app in built:
            with app.app_context():
                db.engine.dispose()
