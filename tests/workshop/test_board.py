"""The organiser's live board: the pure rules (how long ago, stuck, progress), the figures read from the database on
both engines, studio sockets arriving and leaving, and who may see it."""

import uuid
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgeathon.events.models import Event, Team
from badgeathon.extensions import db, socketio
from badgeathon.workshop import board, board_service, online
from badgeathon.workshop.checklist import CODES, check
from badgeathon.workshop.models import Design, StudioPresence

from .conftest import NS, drain

NOW = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


# --- pure rules ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (None, board.Since(board.NEVER)),
        (timedelta(seconds=0), board.Since(board.NOW)),
        (timedelta(seconds=59), board.Since(board.NOW)),
        (timedelta(minutes=3, seconds=10), board.Since(board.MINUTES, 3)),
        (timedelta(minutes=59, seconds=59), board.Since(board.MINUTES, 59)),
        (timedelta(minutes=60), board.Since(board.HOURS, 1, 0)),
        (timedelta(hours=2, minutes=5), board.Since(board.HOURS, 2, 5)),
        (timedelta(seconds=-20), board.Since(board.NOW)),  # another node's clock a little ahead
    ],
)
def test_how_long_ago_is_told_in_whole_minutes_then_hours(ago, expected):
    assert board.since(None if ago is None else NOW - ago, NOW) == expected


def test_a_team_is_stuck_after_n_minutes_without_an_edit():
    started = NOW - timedelta(hours=1)
    assert not board.is_stuck(NOW - timedelta(minutes=14, seconds=59), started, NOW, 15)
    assert board.is_stuck(NOW - timedelta(minutes=15), started, NOW, 15)


def test_a_team_that_never_edited_is_stuck_counted_from_the_start_of_the_design_phase():
    assert not board.is_stuck(None, NOW - timedelta(minutes=5), NOW, 15)
    assert board.is_stuck(None, NOW - timedelta(minutes=20), NOW, 15)
    assert not board.is_stuck(None, None, NOW, 15)  # no design phase yet: nobody to chase


@given(st.integers(min_value=0, max_value=600), st.floats(min_value=0.5, max_value=120))
def test_stuck_exactly_when_idle_at_least_the_setting(idle_minutes, setting):
    assert board.is_stuck(NOW - timedelta(minutes=idle_minutes), None, NOW, setting) == (idle_minutes >= setting)


def test_progress_counts_required_and_expected_checks_not_advice():
    empty = board.progress({})
    assert (empty.passed, empty.total, empty.ready) == (1, len([f for f in check({}) if f.level != "advice"]), False)
    assert empty.total < len(CODES)
    written = board.progress(
        {
            "name": "Éco-gestes",
            "description": "Trier.",
            "criteria": {"level1": "Je trie."},
            "image": {"mime": "image/png", "width": 400, "height": 400, "bytes": 2000},
            "pitch": "Notes",
        }
    )  # the pitch is advice: it moves nothing
    assert written.passed == 1 + 4 + 3  # issuer, then name, description, criteria, image; format, square, size
    assert written.ready is False  # one level only: the export takes both (checklist.blockers)
    both = board.progress(
        {
            "name": "Éco-gestes",
            "description": "Trier.",
            "criteria": {"level1": "Je trie.", "level2": "J'analyse."},
            "image": {"mime": "image/png", "width": 400, "height": 400, "bytes": 2000},
        }
    )
    assert (both.passed, both.ready) == (1 + 4 + 3 + 2, True)  # and the levels differ


# --- the board's figures, from the database ----------------------------------------------------------------------


def test_the_board_shows_who_is_online_the_last_edit_and_the_checklist_of_each_team(app, world, design_phase, peer):
    alice = peer(design=design_phase, name="Alice Martin")
    peer(design=design_phase, name="Bruno Petit")
    alice.type("name", 0, "Éco-gestes")
    drain(app)
    with app.app_context():
        event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
        lines = {line.team_id: line for line in board_service.board_of(event)}
        ours, theirs = lines[world.team_id], lines[world.other_team_id]

        assert ours.online == ["Alice Martin", "Bruno Petit"]
        assert ours.members == 2
        assert ours.since.kind == board.NOW and ours.last_activity is not None
        assert ours.progress.passed == 3  # issuer, name, theme (the team's theme is set)
        assert not ours.stuck
        assert theirs.online == [] and theirs.members == 1
        assert theirs.last_activity is None and theirs.since.kind == board.NEVER
        # nobody in the other team ever typed: stuck once the design phase is older than the setting
        later = utcnow_plus(app.config["BOARD_STUCK_MINUTES"] + 1)
        assert {line.team_id: line.stuck for line in board_service.board_of(event, later)} == {
            world.team_id: True,
            world.other_team_id: True,
        }


def utcnow_plus(minutes: float) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def test_a_closed_socket_leaves_the_board_and_a_silent_one_expires(app, world, design_phase, peer):
    alice = peer(design=design_phase, name="Alice Martin")
    bruno = peer(design=design_phase, name="Bruno Petit")
    bruno.socket.disconnect(namespace=NS)
    with app.app_context():
        design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
        assert online.names_by_design([design.id]) == {design.id: ["Alice Martin"]}
        # a node that died keeps its rows: they count for no one after WORKSHOP_PRESENCE_SECONDS
        late = datetime.now(UTC) + timedelta(seconds=app.config["WORKSHOP_PRESENCE_SECONDS"] + 1)
        assert online.names_by_design([design.id], late) == {}
        db.session.remove()
    assert alice.socket.is_connected(NS)


def test_one_person_with_two_tabs_counts_once(app, world, design_phase, peer):
    first = peer(design=design_phase, name="Alice Martin")
    second = socketio.test_client(app, namespace=NS, flask_test_client=first.socket.flask_test_client)
    assert "error" not in second.emit("join", {"design": design_phase}, namespace=NS, callback=True)
    with app.app_context():
        design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
        assert db.session.execute(db.select(db.func.count()).select_from(StudioPresence)).scalar_one() == 2
        assert online.names_by_design([design.id]) == {design.id: ["Alice Martin"]}
        db.session.remove()
    second.disconnect(namespace=NS)


def test_an_organiser_looking_at_a_design_is_not_counted_online(app, world, design_phase, peer):
    peer(role="organiser", design=design_phase)
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(StudioPresence)).scalar_one() == 0


def test_arrivals_departures_and_checklist_moves_reach_the_organisers_room(app, world, design_phase, peer, as_role):
    organiser = socketio.test_client(
        app, namespace="/live", flask_test_client=as_role("organiser"), auth={"event": str(world.event_id)}
    )
    participant_live = socketio.test_client(app, namespace="/live", flask_test_client=as_role("participant"))
    alice = peer(design=design_phase, name="Alice Martin")
    alice.type("description", 0, "Trier ses déchets.")
    drain(app)
    alice.socket.disconnect(namespace=NS)

    heard = [message for message in organiser.get_received("/live") if message["name"] == "board"]
    assert len(heard) >= 3  # arrived, checklist moved, left
    assert {message["args"][0]["team"] for message in heard} == {str(world.team_id)}
    assert not [m for m in participant_live.get_received("/live") if m["name"] == "board"]


def test_the_board_reads_stored_views_without_touching_any_crdt(app, world, design_phase, peer, monkeypatch):
    peer(design=design_phase).type("name", 0, "Éco-gestes")
    drain(app)
    from badgeathon.workshop import document, store

    def forbidden(*args, **kwargs):
        raise AssertionError("the board decoded a CRDT")

    monkeypatch.setattr(document, "load", forbidden)
    monkeypatch.setattr(store.Store, "full_state", forbidden)
    with app.app_context():
        event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
        assert {line.name for line in board_service.board_of(event)} == {"Les Pionniers", "Les Voisins"}


# --- the page, and who may see it ------------------------------------------------------------------------------


def test_the_organiser_sees_the_board_in_french(app, world, design_phase, peer, as_role):
    peer(design=design_phase, name="Alice Martin").type("name", 0, "Éco")
    drain(app)
    page = as_role("organiser").get(f"/events/{world.event_id}/board")
    html = unescape(page.get_data(as_text=True))
    assert page.status_code == 200
    assert "1 / 1 en ligne" in html and "0 / 1 en ligne" in html and "Alice Martin" in html
    assert "à l'instant" in html and "pas encore de modification" in html
    assert f'href="/teams/{world.team_id}"' in html


def test_the_dashboard_has_the_board_during_the_design_phase_only(world, as_role, design_phase):
    organiser = as_role("organiser")
    assert f'data-board-url="/events/{world.event_id}/board"' in organiser.get(f"/events/{world.event_id}").get_data(
        as_text=True
    )
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "pitches"})
    assert "data-board-url" not in organiser.get(f"/events/{world.event_id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["participant", "juror"])
def test_nobody_but_an_organiser_sees_the_board(world, as_role, role):
    assert as_role(role).get(f"/events/{world.event_id}/board").status_code == 403


def test_the_board_of_an_unknown_event_is_not_found(as_role):
    assert as_role("organiser").get(f"/events/{uuid.uuid4()}/board").status_code == 404


def test_reading_the_board_writes_nothing(app, world, design_phase, as_role):
    with app.app_context():
        before = db.session.execute(db.select(Design.updated_at, Design.view_through)).all()
        teams_before = db.session.execute(db.select(db.func.count()).select_from(Team)).scalar_one()
    assert as_role("organiser").get(f"/events/{world.event_id}/board").status_code == 200
    with app.app_context():
        assert db.session.execute(db.select(Design.updated_at, Design.view_through)).all() == before
        assert db.session.execute(db.select(db.func.count()).select_from(Team)).scalar_one() == teams_before


def test_a_member_whose_row_went_missing_is_back_on_the_board_at_the_next_sync(app, world, design_phase, peer):
    alice = peer(design=design_phase, name="Alice Martin")
    with app.app_context():
        db.session.execute(db.delete(StudioPresence))  # the database was away when she joined, say
        db.session.commit()
    alice.sync()
    with app.app_context():
        design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
        assert online.names_by_design([design.id]) == {design.id: ["Alice Martin"]}


def test_a_socket_tells_the_board_it_is_alive_at_most_every_touch_interval(app, world, design_phase, peer, monkeypatch):
    """Syncs come every 20 s from every page (and more after a drop): the board hears of a socket at most every
    WORKSHOP_PRESENCE_TOUCH_SECONDS, the rest costs no query."""
    touched = []
    monkeypatch.setattr(online, "still_here", lambda *args: touched.append(args))
    app.config["WORKSHOP_PRESENCE_TOUCH_SECONDS"] = 60
    alice = peer(design=design_phase, name="Alice Martin")
    for _ in range(5):
        alice.sync()
    assert touched == []  # she joined just now: the join told the board
    app.config["WORKSHOP_PRESENCE_TOUCH_SECONDS"] = 0
    alice.sync()
    alice.sync()
    assert len(touched) == 2


def test_the_studio_still_syncs_when_the_board_cannot_write(app, world, design_phase, peer, monkeypatch):
    from sqlalchemy.exc import OperationalError

    alice = peer(design=design_phase, name="Alice Martin")

    def database_away(*args, **kwargs):
        raise OperationalError("UPDATE studio_presence", {}, Exception("server closed the connection"))

    monkeypatch.setattr(online, "still_here", database_away)
    ack = alice.sync()
    assert "error" not in ack and "sv" in ack


def test_the_progress_follows_each_refreshed_view(app, world, design_phase, peer):
    alice = peer(design=design_phase, name="Alice Martin")

    def ours():
        with app.app_context():
            event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
            return next(line for line in board_service.board_of(event) if line.team_id == world.team_id).progress

    before = ours()
    alice.type("description", 0, "Trier ses déchets.")
    drain(app)
    assert ours().passed == before.passed + 1
    alice.type("evidence", 0, "Une photo du poste trié.")
    drain(app)
    assert ours().passed == before.passed + 2


def test_a_board_served_by_another_node_sees_the_members_online_here(app, world, database_url, design_phase, peer):
    from tests.nodes import another_node, close_node

    peer(design=design_phase, name="Alice Martin")  # her socket is on this node
    other = another_node(database_url)
    try:
        with other.app_context():
            event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
            ours = next(line for line in board_service.board_of(event) if line.team_id == world.team_id)
            assert ours.online == ["Alice Martin"]
    finally:
        close_node(other)
