"""The studio's update log keeps every acknowledged edit: log numbers that never go backwards through compaction,
no acknowledgement for an update the server cannot integrate, no update that breaks the document's structure."""

import threading
import uuid

import pytest
from pycrdt import Array, Doc, Map, Text

from badgeathon.extensions import db
from badgeathon.workshop import document
from badgeathon.workshop.models import Design, DesignUpdate

from .conftest import NS, drain


def server_view(app, design_id: str) -> dict:
    drain(app)
    with app.app_context():
        view = (
            db.session.execute(db.select(Design.view).filter_by(public_id=uuid.UUID(design_id))).scalar_one().to_json()
        )
        db.session.remove()
    return view


def test_updates_after_a_compaction_are_never_ignored(app, design_phase, peer):
    """SQLite reused the ids of the rows compaction had deleted: the next updates fell below the snapshot's mark
    and were ignored forever, while acknowledged."""
    alice = peer(design=design_phase, name="Alice")
    threshold = app.config.get("WORKSHOP_COMPACT_AFTER", 200)
    typed = ""
    for cycle in range(4):  # several compactions, each followed by more typing
        for n in range(threshold + 1):
            word = f"{cycle}.{n} "
            assert alice.type("pitch", len(typed.encode()), word)["ok"] is True
            typed += word
        server_view(app, design_phase)  # the refresh folds the log into the snapshot
        word = f"après-{cycle} "
        assert alice.type("pitch", len(typed.encode()), word)["ok"] is True
        typed += word
        assert server_view(app, design_phase)["pitch"] == typed
        assert peer(design=design_phase, name=f"Témoin {cycle}").text("pitch") == typed


def test_log_numbers_are_dense_and_never_go_backwards(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    seen = []
    for _ in range(12):
        alice.type("name", 0, "x")
        drain(app)
        with app.app_context():
            design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
            numbers = (
                db.session.execute(
                    db.select(DesignUpdate.seq).filter_by(design_id=design.id).order_by(DesignUpdate.seq)
                )
                .scalars()
                .all()
            )
            assert numbers == list(range(design.snapshot_through + 1, design.log_head + 1))
            seen.append(design.log_head)
            db.session.remove()
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_an_update_the_server_cannot_integrate_is_not_acknowledged(app, design_phase, peer):
    """An edit typed while a sync was under way was sent by nobody; the next one was acknowledged although the
    server could not integrate it (its dependency was missing). The server answers "resync" instead."""
    alice = peer(design=design_phase, name="Alice")
    bruno = peer(design=design_phase, name="Bruno")
    alice.map["name"].insert(0, "Éco")  # never sent
    before = alice.doc.get_state()
    alice.map["name"].insert(len("Éco".encode()), "-gestes")
    answer = alice.send(alice.doc.get_update(before))

    assert answer["ok"] is False and answer["error"] == "resync"
    assert server_view(app, design_phase)["name"] == ""
    bruno.receive()
    assert bruno.text("name") == ""  # nothing half-applied was relayed
    alice.sync()  # what the browser does on "resync": send all the server lacks
    assert server_view(app, design_phase)["name"] == "Éco-gestes"


def test_a_resent_update_is_acknowledged_but_neither_logged_nor_relayed_again(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    bruno = peer(design=design_phase, name="Bruno")
    before = alice.doc.get_state()
    alice.map["pitch"].insert(0, "Une fois.")
    update = alice.doc.get_update(before)
    assert alice.send(update)["ok"] is True
    drain(app)
    with app.app_context():
        logged = db.session.execute(db.select(db.func.max(Design.log_head))).scalar_one()
    bruno.socket.get_received(NS)

    assert alice.send(update)["ok"] is True
    drain(app)
    with app.app_context():
        assert db.session.execute(db.select(db.func.max(Design.log_head))).scalar_one() == logged
    assert not [e for e in bruno.socket.get_received(NS) if e["name"] == "update"]


def forged(base_state: bytes, change) -> bytes:
    """An update a holder of the join code could forge with any Yjs library."""
    doc = Doc()
    doc.apply_update(base_state)
    before = doc.get_state()
    change(doc, doc.get("design", type=Map))
    return doc.get_update(before)


def replace(key, value):
    return lambda doc, design: design.__setitem__(key, value)


BREAKING = {
    "name as a plain string": replace("name", "Plus un texte partagé"),
    "tags as a text": replace("tags", Text("a,b")),
    "image as a number": replace("image", 42),
    "a field removed": lambda doc, design: design.pop("criteria_level1"),
    "a new field": replace("surprise", Text("x")),
    "theme as a map": replace("theme", Map()),
    "another root type": lambda doc, design: doc.get("autre", type=Text).insert(0, "x"),
    "an embed in a text": lambda doc, design: design["pitch"].insert_embed(0, {"x": 1}),
    "a tag that is no string": lambda doc, design: design["tags"].append(Map({"x": 1})),
    "an alignment that is no map of texts": lambda doc, design: design["alignments"].append(Text("x")),
    "an image field that is a shared type": lambda doc, design: design["image"].__setitem__("sha256", Array()),
}


@pytest.mark.parametrize("change", BREAKING.values(), ids=BREAKING.keys())
def test_an_update_that_changes_the_structure_is_refused(app, design_phase, peer, change):
    alice = peer(design=design_phase, name="Alice")
    bruno = peer(design=design_phase, name="Bruno")
    alice.type("name", 0, "Éco-gestes")
    bruno.receive()
    bruno.socket.get_received(NS)

    answer = alice.send(forged(alice.doc.get_update(), change))

    assert answer["ok"] is False and answer["error"] in ("bad_structure", "bad_update")
    assert not [e for e in bruno.socket.get_received(NS) if e["name"] == "update"]
    fresh = peer(design=design_phase, name="Témoin")
    view = document.to_view(fresh.doc).to_json()
    assert view["name"] == "Éco-gestes"
    assert set(fresh.map.keys()) == set(document.TEXT_FIELDS) | {"alignments", "tags", "theme", "image"}
    assert all(isinstance(fresh.map[field], Text) for field in document.TEXT_FIELDS)
    assert bruno.type("pitch", 0, "Toujours possible.")["ok"] is True  # the document still works


def test_the_browsers_own_edits_pass_the_structure_check(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    for change in (
        lambda doc, design: design["tags"].append("tri"),
        lambda doc, design: design["alignments"].append(document.new_alignment({"targetName": "ROME"})),
        lambda doc, design: design["alignments"][0]["targetUrl"].insert(0, "https://x.example"),
        lambda doc, design: design.__setitem__("theme", "Transition numérique"),
        lambda doc, design: design["tags"].delete(0, 1)
        if hasattr(design["tags"], "delete")
        else design["tags"].__delitem__(0),
        lambda doc, design: design["alignments"].__delitem__(0),
    ):
        before = alice.doc.get_state()
        change(alice.doc, alice.map)
        assert alice.send(alice.doc.get_update(before))["ok"] is True


def test_an_oversized_update_is_refused(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    answer = alice.type("pitch", 0, "x" * 900_000)
    assert answer["ok"] is False and answer["error"] == "too_large"
    assert server_view(app, design_phase)["pitch"] == ""


def test_a_design_cannot_grow_past_its_limit(app, design_phase, peer):
    app.config["WORKSHOP_MAX_DOCUMENT_BYTES"] = 20_000
    alice = peer(design=design_phase, name="Alice")
    answers = [alice.type("pitch", 0, "y" * 4000) for _ in range(8)]
    errors = [answer.get("error") for answer in answers]
    assert answers[0]["ok"] is True and "too_large" in errors
    assert not any(answer["ok"] for answer in answers[errors.index("too_large") :])  # later ones build on it
    assert len(server_view(app, design_phase)["pitch"]) <= 20_000


def test_sync_with_a_wrong_state_vector_or_no_argument_is_answered(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    assert alice.socket.emit("sync", namespace=NS, callback=True)["error"] == "bad_update"
    assert (
        alice.socket.emit("sync", {"design": design_phase, "sv": "texte"}, namespace=NS, callback=True)["error"]
        == "bad_update"
    )
    assert alice.socket.emit("update", namespace=NS, callback=True)["error"] == "bad_update"


def test_live_documents_left_idle_are_forgotten_and_come_back_whole(app, design_phase, peer, monkeypatch):
    """Expiry, many times over: with no idle time allowed, every use finds the live documents gone and loads them
    again from the database (and the queue), in the middle of typing and compactions."""
    from badgeathon.workshop import store

    app.config["WORKSHOP_LIVE_IDLE_SECONDS"] = 0
    loads = []
    load = store.Store._load
    monkeypatch.setattr(store.Store, "_load", lambda self, design_id: loads.append(design_id) or load(self, design_id))
    alice = peer(design=design_phase, name="Alice")
    bruno = peer(design=design_phase, name="Bruno")
    typed = ""
    for n in range(30):
        word = f"{n} "
        assert alice.type("pitch", len(typed.encode()), word)["ok"] is True
        typed += word
        bruno.receive()
        if n % 7 == 0:
            server_view(app, design_phase)
    with app.app_context():
        mine = [key for key in store.current().live if key[0] == threading.get_native_id()]
        assert len(mine) <= 1  # the design in use; nothing else is kept
    assert len(loads) >= 10, loads  # forgotten and loaded again, over and over
    assert bruno.text("pitch") == typed
    assert server_view(app, design_phase)["pitch"] == typed
    assert peer(design=design_phase, name="Témoin").text("pitch") == typed


def test_queued_updates_of_a_deleted_team_or_a_removed_author_never_block_the_others(app, design_phase, world):
    """The organiser deletes a team, or removes a member, while their last edits wait for the group commit: those of
    the deleted design go with it, the removed author's are kept unsigned, and every other design is written."""
    from badgeathon.auth.models import Person
    from badgeathon.events.models import Team
    from badgeathon.workshop import store, studio

    empty = Doc().get_update()  # a valid Yjs update that changes nothing
    with app.test_request_context():
        other = db.session.execute(db.select(Team).filter_by(public_id=world.other_team_id)).scalar_one()
        kept = studio.design_for_team(other).id
        voisin = db.session.execute(db.select(Person).filter_by(name="Voisin")).scalar_one()
        gone = db.session.execute(db.select(Design.id).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
        log_head = db.session.get(Design, kept).log_head
        db.session.execute(db.delete(DesignUpdate).where(DesignUpdate.design_id == gone))
        db.session.execute(db.delete(Design).where(Design.id == gone))
        db.session.delete(voisin)
        db.session.commit()
        store.current().append(store.Entry(gone, None, empty, b""))
        store.current().append(store.Entry(kept, voisin.id, empty, b""))
        db.session.remove()

    drain(app)

    with app.app_context():
        rows = (
            db.session.execute(
                db.select(DesignUpdate).where(DesignUpdate.design_id.in_([gone, kept])).order_by(DesignUpdate.seq)
            )
            .scalars()
            .all()
        )
        assert [(row.design_id, row.seq, row.person_id) for row in rows][-1:] == [(kept, log_head + 1, None)]
        assert all(row.design_id == kept for row in rows)
        assert not store.current().queue
        db.session.remove()


def test_a_live_document_reads_one_row_while_only_this_node_writes_and_catches_up_another_nodes(
    app, design_phase, peer
):
    """This node's own commits move its live document's log number, so a sync's catch-up reads only the design's
    row; rows another node wrote (a second Store on the same database) still reach it at the next sync."""
    from sqlalchemy import event

    from badgeathon.workshop import store

    alice = peer(design=design_phase, name="Alice")
    for n in range(5):
        assert alice.type("pitch", n, "a")["ok"] is True
    drain(app)
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        design_id = db.session.execute(db.select(Design.id).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            here = store.current()
            here.sync(design_id, b"\x00")
            assert [s for s in statements if "design_update" in s] == []  # nothing to read: we wrote it all
            assert len(statements) == 1

            other = store.Store(app)  # a second node on the same database
            doc = Doc()
            doc.apply_update(here.full_state(design_id)[0])
            before = doc.get_state()
            doc.get("design", type=Map)["pitch"].insert(0, "B")
            other.receive(design_id, None, doc.get_update(before))
            other.flush()
            statements.clear()
            missing, _, _ = here.sync(design_id, b"\x00")
            assert any("design_update" in s for s in statements)  # behind: it read the other node's row
            assert str(document.load(missing).get("design", type=Map)["pitch"]) == "Baaaaa"
        finally:
            event.remove(engine, "before_cursor_execute", count)
            db.session.remove()
