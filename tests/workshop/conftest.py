"""Studio fixtures: the world's event in its design phase, and Socket.IO clients speaking the real protocol."""

import pytest
from pycrdt import Doc, Map

from badgeathon.extensions import db, socketio
from badgeathon.workshop import studio

from ..conftest import sign_in_organiser, sign_in_participant

NS = "/workshop"


@pytest.fixture
def design_phase(app, world, as_role):
    """Move the world's event into its design phase (the studio is open) and return the team's design id."""
    organiser = as_role("organiser")
    organiser.post(f"/events/{world.event_id}/phase", data={"phase": "design"})
    with app.app_context():
        from badgeathon.events.models import Team

        team = db.session.execute(db.select(Team).filter_by(public_id=world.team_id)).scalar_one()
        design = studio.design_for_team(team)
        public_id = str(design.public_id)
        db.session.remove()
    return public_id


class Peer:
    """A browser of the studio: a Socket.IO client and its own CRDT document (pycrdt speaks Yjs' format)."""

    def __init__(self, app, flask_client, design):
        self.design = design
        self.socket = socketio.test_client(app, namespace=NS, flask_test_client=flask_client)
        self.doc = Doc()

    @property
    def map(self) -> Map:
        return self.doc.get("design", type=Map)

    def join(self):
        return self.socket.emit("join", {"design": self.design}, namespace=NS, callback=True)

    def sync(self):
        ack = self.socket.emit("sync", {"design": self.design, "sv": self.doc.get_state()}, namespace=NS, callback=True)
        if "update" in ack:
            self.doc.apply_update(ack["update"])
            mine = self.doc.get_update(ack["sv"])
            if len(mine) > 2:
                self.send(mine)
        return ack

    def send(self, update):
        return self.socket.emit("update", {"design": self.design, "update": update}, namespace=NS, callback=True)

    def type(self, field, index, text):
        before = self.doc.get_state()
        self.map[field].insert(index, text)
        return self.send(self.doc.get_update(before))

    def receive(self):
        """Apply every update the server relayed to this peer."""
        for event in self.socket.get_received(NS):
            if event["name"] == "update":
                self.doc.apply_update(event["args"][0]["update"])

    def text(self, field) -> str:
        return str(self.map[field])


@pytest.fixture
def peer(app, world):
    """peer(role="participant", name=...) -> a joined, synced studio browser."""
    made = []

    def make(role="participant", name="Alice Martin", design=None, join=True):
        client = app.test_client()
        if role == "participant":
            sign_in_participant(client, world, name=name)
        elif role == "organiser":
            sign_in_organiser(client, world)
        elif role == "other-team":
            client.post("/join/" + other_team_code(app, world), data={"name": name})
        one = Peer(app, client, design)
        made.append(one)
        if join:
            ack = one.join()
            assert "error" not in ack, ack
            one.sync()
        return one

    yield make
    for one in made:
        if one.socket.is_connected(NS):
            one.socket.disconnect(namespace=NS)


def other_team_code(app, world) -> str:
    from badgeathon.events.models import Team

    with app.app_context():
        code = db.session.execute(db.select(Team.join_code).filter_by(public_id=world.other_team_id)).scalar_one()
        db.session.remove()
    return code


def drain(app) -> None:
    """Write every queued update and refresh the views now."""
    with app.app_context():
        studio.drain()
        db.session.remove()
