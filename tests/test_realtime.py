"""realtime.announce: a service's message goes out once its transaction commits, never for one that did not."""

import pytest
from sqlalchemy import event as sqlalchemy_event

from badgeathon.auth.models import Person
from badgeathon.events import moves, services
from badgeathon.events.phases import Phase
from badgeathon.extensions import db, socketio
from badgeathon.realtime import LIVE, announce, event_room


@pytest.fixture
def screen(app, world):
    """The event's projector, listening on /live."""
    client = socketio.test_client(app, namespace=LIVE, auth={"screen": world.screen_token})
    assert client.is_connected(LIVE)
    client.get_received(LIVE)
    yield client
    client.disconnect(namespace=LIVE)


def heard(client) -> list[tuple[str, dict]]:
    return [(message["name"], message["args"][0]) for message in client.get_received(LIVE)]


def _event(world):
    return services.event_by_public_id(world.event_id)


def test_a_message_waits_for_the_commit_then_goes_once(app, world, screen):
    with app.app_context():
        announce("phase", {"phase": "design"}, to=event_room(_event(world)), namespace=LIVE)  # the read began one

        assert heard(screen) == []
        db.session.commit()
        assert heard(screen) == [("phase", {"phase": "design"})]
        db.session.commit()
        db.session.remove()
    assert heard(screen) == []


def test_a_rolled_back_transaction_announces_nothing(app, world, screen):
    with app.app_context():
        announce("phase", {"phase": "design"}, to=event_room(_event(world)), namespace=LIVE)
        db.session.rollback()
        _event(world)
        db.session.commit()  # a later transaction does not carry it either
        db.session.remove()
    assert heard(screen) == []


def test_a_transaction_closed_without_a_commit_announces_nothing(app, world, screen):
    with app.app_context():
        announce("phase", {"phase": "design"}, to=event_room(_event(world)), namespace=LIVE)
        db.session.remove()  # what the end of a request that failed does
    assert heard(screen) == []


def test_a_savepoint_released_waits_for_the_outer_commit(app, world, screen):
    with app.app_context():
        room = event_room(_event(world))
        with db.session.begin_nested():
            announce("phase", {"phase": "design"}, to=room, namespace=LIVE)
        assert heard(screen) == []
        db.session.commit()
        db.session.remove()
    assert heard(screen) == [("phase", {"phase": "design"})]


def test_without_a_transaction_a_message_goes_at_once(app, world, screen):
    with app.app_context():
        room = event_room(_event(world))
        db.session.commit()
        announce("phase", {"phase": "design"}, to=room, namespace=LIVE)
        assert heard(screen) == [("phase", {"phase": "design"})]
        db.session.remove()


class CommitRefused(Exception):
    pass


def test_a_phase_move_whose_commit_fails_announces_nothing(app, world, screen):
    def refuse(session):
        raise CommitRefused()

    sqlalchemy_event.listen(db.session, "before_commit", refuse)
    try:
        with app.test_request_context():
            organiser = db.session.execute(db.select(Person).filter_by(email=world.organiser_email)).scalar_one()
            with pytest.raises(CommitRefused):
                moves.move_phase(_event(world), Phase.DESIGN, organiser)
            db.session.remove()
    finally:
        sqlalchemy_event.remove(db.session, "before_commit", refuse)

    assert heard(screen) == []
    with app.app_context():
        assert _event(world).phase == Phase.PREPARATION


def test_a_phase_move_is_announced_once_after_its_commit(app, world, screen):
    heard_before_commit = []

    def look(session):
        heard_before_commit.extend(heard(screen))

    sqlalchemy_event.listen(db.session, "before_commit", look)
    try:
        with app.test_request_context():
            organiser = db.session.execute(db.select(Person).filter_by(email=world.organiser_email)).scalar_one()
            moves.move_phase(_event(world), Phase.DESIGN, organiser)
            db.session.remove()
    finally:
        sqlalchemy_event.remove(db.session, "before_commit", look)

    assert heard_before_commit == []
    assert heard(screen) == [("phase", {"phase": "design"})]
