"""Two organisers on two app nodes clicking at the same instant: one phase move, one deadline change, never a 500."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from badgeathon.auth import services as auth
from badgeathon.auth.models import Person
from badgeathon.events import moves, services, signals
from badgeathon.events.models import Event, PhaseChange
from badgeathon.events.phases import Phase
from badgeathon.extensions import db, socketio
from tests.conftest import sign_in_organiser
from tests.nodes import another_node, at_once, close_node, post_at_once, status

# forward to the results and back to the preparation: every move there is, ten rounds
WALK = [
    Phase.DESIGN,
    Phase.PITCHES,
    Phase.SCORING,
    Phase.DELIBERATION,
    Phase.RESULTS,
    Phase.DELIBERATION,
    Phase.SCORING,
    Phase.PITCHES,
    Phase.DESIGN,
    Phase.PREPARATION,
]


@pytest.fixture
def nodes(app, database_url):
    """Two app nodes on the same database: the test's app and another one."""
    other = another_node(database_url)
    yield app, other
    close_node(other)


@dataclass
class Day:
    """The ids a test needs (and what `sign_in_organiser` reads)."""

    event_id: uuid.UUID
    organiser_email: str = "orga@region.example"
    password: str = "un-mot-de-passe-solide"


@pytest.fixture
def day(app):
    """An organiser and an event with two teams (no design: the studio's side of a move is tested elsewhere)."""
    with app.test_request_context():
        auth.create_organiser("Orga", Day.organiser_email, Day.password)
        event = services.create_event(
            services.EventDetails(
                "Badgeathon test",
                "Caen",
                datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
                360,
                2,
                ("Transition écologique", "Transition numérique"),
            )
        )
        services.add_team(event, "Les Pionniers", event.themes[0].id)
        services.add_team(event, "Les Voisins", None)
        day = Day(event.public_id)
        db.session.remove()
    return day


@pytest.fixture
def heard(monkeypatch):
    """What the other packages and the screens hear: `phase_moved` and `deadline_moved` signals, socket emits."""
    heard = {"phase_moved": [], "deadline_moved": [], "emits": []}

    def on_phase_moved(event, **_kwargs):
        heard["phase_moved"].append(event.phase)

    def on_deadline_moved(event, **_kwargs):
        heard["deadline_moved"].append(event.design_deadline)

    signals.phase_moved.connect(on_phase_moved)
    signals.deadline_moved.connect(on_deadline_moved)
    monkeypatch.setattr(socketio, "emit", lambda *args, **kwargs: heard["emits"].append(args[1]))
    yield heard
    signals.phase_moved.disconnect(on_phase_moved)
    signals.deadline_moved.disconnect(on_deadline_moved)


def phase_changes(app, day) -> list[tuple[Phase, Phase]]:
    with app.app_context():
        event = services.event_by_public_id(day.event_id)
        rows = db.session.execute(db.select(PhaseChange).filter_by(event_id=event.id).order_by(PhaseChange.id))
        found = [(change.from_phase, change.to_phase) for change in rows.scalars()]
        db.session.remove()
    return found


def organiser_of(day):
    return db.session.execute(db.select(Person).filter_by(email=day.organiser_email)).scalar_one()


def test_two_organisers_moving_to_the_same_phase_at_once_make_one_move(nodes, day, heard):
    clients = []
    for node in nodes:
        client = node.test_client()
        assert sign_in_organiser(client, day).status_code == 302
        clients.append(client)
    path = f"/events/{day.event_id}/phase"
    expected, current = [], Phase.PREPARATION
    for target in WALK:
        # the walk back is confirmed, as on the confirmation page (a step forward needs no confirmation)
        responses = post_at_once(*((client, path, {"phase": target.value, "confirm": "yes"}) for client in clients))
        assert [status(r) for r in responses] == [302, 302], f"moving to {target}"
        expected.append((current, target))
        current = target
        assert phase_changes(nodes[0], day) == expected, f"moving to {target}"
    assert heard["phase_moved"] == WALK  # the studio and the jury hear each move once
    assert [emit["phase"] for emit in heard["emits"]] == [str(target) for target in WALK]  # the screens too


def test_opposite_moves_at_once_one_wins_and_the_other_is_refused_in_french(nodes, day, heard):
    """From the pitches, one organiser goes on to the scoring while another steps back to the design."""

    def move(node, target):
        def action(start):
            with node.test_request_context():
                event = services.event_by_public_id(day.event_id)  # both nodes see the pitches
                by = organiser_of(day)
                start()
                try:
                    return moves.move_phase(event, target, by).phase
                finally:
                    db.session.remove()

        return action

    for _round in range(5):
        with nodes[0].test_request_context():
            event = services.event_by_public_id(day.event_id)
            while event.phase != Phase.PITCHES:
                step = {Phase.PREPARATION: Phase.DESIGN, Phase.DESIGN: Phase.PITCHES, Phase.SCORING: Phase.PITCHES}
                moves.move_phase(event, step[event.phase], organiser_of(day))
            db.session.remove()
        heard["phase_moved"].clear()
        heard["emits"].clear()
        before = len(phase_changes(nodes[0], day))

        results = at_once(move(nodes[0], Phase.SCORING), move(nodes[1], Phase.DESIGN))
        won = [Phase(result) for result in results if not isinstance(result, Exception)]
        refused = [result for result in results if isinstance(result, Exception)]
        assert len(won) == 1 and len(refused) == 1, results
        assert isinstance(refused[0], moves.PhaseMovedMeanwhile) and refused[0].status == 409, repr(refused[0])
        assert "vient de passer" in str(refused[0].message)
        assert phase_changes(nodes[0], day)[before:] == [(Phase.PITCHES, won[0])]
        with nodes[1].app_context():
            assert services.event_by_public_id(day.event_id).phase == won[0]
            db.session.remove()
        assert heard["phase_moved"] == won and [emit["phase"] for emit in heard["emits"]] == [str(won[0])]


def test_two_deadline_extensions_at_once_are_never_half_applied(nodes, day, heard):
    """Both add 10 minutes having read the same deadline: both are applied, or the second is refused — with the
    signal and the screens' message only for what was applied."""
    with nodes[0].test_request_context():
        moves.move_phase(services.event_by_public_id(day.event_id), Phase.DESIGN, organiser_of(day))
        db.session.remove()
    heard["emits"].clear()
    for _round in range(5):
        with nodes[0].app_context():
            deadline = services.event_by_public_id(day.event_id).design_deadline
            db.session.remove()

        def extend(node):
            def action(start):
                with node.test_request_context():
                    event = services.event_by_public_id(day.event_id)
                    _ = event.design_deadline  # loaded: both nodes saw the same deadline
                    start()
                    try:
                        return moves.extend_deadline(event, 10).design_deadline
                    finally:
                        db.session.remove()

            return action

        results = at_once(extend(nodes[0]), extend(nodes[1]))
        applied = [result for result in results if not isinstance(result, Exception)]
        refused = [result for result in results if isinstance(result, Exception)]
        for error in refused:
            assert isinstance(error, moves.DeadlineMovedMeanwhile) and error.status == 409, repr(error)
            assert "vient d'être déplacée" in str(error.message)
        with nodes[1].app_context():
            now = services.event_by_public_id(day.event_id).design_deadline
            db.session.remove()
        assert applied and now == deadline + timedelta(minutes=10 * len(applied)), (deadline, now, results)
        assert max(applied) == now
        assert len(heard["deadline_moved"]) == len(applied)
        heard["deadline_moved"].clear()


def test_the_deadline_page_answers_409_in_french_to_the_second_of_two_clicks(nodes, day, heard):
    clients = []
    for node in nodes:
        client = node.test_client()
        assert sign_in_organiser(client, day).status_code == 302
        clients.append(client)
    assert clients[0].post(f"/events/{day.event_id}/phase", data={"phase": "design"}).status_code == 302
    deadline = deadline_of(nodes[1], day)
    applied = 0
    for _round in range(5):
        responses = post_at_once(
            *((client, f"/events/{day.event_id}/deadline", {"deadline-minutes": "5"}) for client in clients)
        )
        statuses = sorted((status(r) for r in responses), key=str)
        assert statuses in ([302, 302], [302, 409]), statuses
        applied += statuses.count(302)
        for response in responses:
            if response.status_code == 409:
                assert "vient d'être déplacée" in response.get_data(as_text=True)
    assert deadline_of(nodes[1], day) == deadline + timedelta(minutes=5 * applied)
    assert len(heard["deadline_moved"]) == applied


def deadline_of(app, day):
    with app.app_context():
        deadline = db.session.execute(db.select(Event.design_deadline).filter_by(public_id=day.event_id)).scalar_one()
        db.session.remove()
    return deadline
