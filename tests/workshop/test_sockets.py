"""The /workshop namespace: who may join a design, the sync protocol, relaying and logging updates."""

import uuid

from badgeathon.extensions import db, socketio
from badgeathon.workshop import yupdate
from badgeathon.workshop.models import Design, DesignUpdate

from .conftest import NS, drain


def test_a_member_joins_their_design_syncs_and_gets_its_whole_structure(design_phase, peer):
    alice = peer(design=design_phase)
    assert set(alice.map.keys()) >= {"name", "criteria_level1", "criteria_level2", "alignments", "tags", "theme"}


def test_what_one_member_types_reaches_a_teammate_and_the_database(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice Martin")
    bruno = peer(design=design_phase, name="Bruno Petit")

    ack = alice.type("name", 0, "Éco-gestes")
    bruno.receive()

    assert ack["ok"] is True
    assert yupdate.covers(yupdate.state_vector(ack["sv"]), yupdate.state_vector(alice.doc.get_state()))
    assert bruno.text("name") == "Éco-gestes"
    drain(app)
    with app.app_context():
        design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
        assert design.view.name == "Éco-gestes"
        assert db.session.execute(db.select(db.func.count()).select_from(DesignUpdate)).scalar_one() >= 1


def test_a_late_comer_syncs_everything_already_typed(app, design_phase, peer):
    alice = peer(design=design_phase)
    alice.type("criteria_level1", 0, "Je trie mes déchets au poste de travail.")
    drain(app)
    carole = peer(design=design_phase, name="Carole")
    assert carole.text("criteria_level1") == "Je trie mes déchets au poste de travail."


def test_edits_made_offline_merge_when_the_connection_comes_back(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    bruno = peer(design=design_phase, name="Bruno")
    alice.socket.disconnect(namespace=NS)
    alice.map["pitch"].insert(0, "Hors ligne : ")  # typed with no connection
    bruno.type("pitch", 0, "En ligne.")

    alice.socket.connect(namespace=NS)
    alice.join()
    alice.sync()
    bruno.receive()

    assert alice.text("pitch") == bruno.text("pitch")
    assert "Hors ligne : " in alice.text("pitch") and "En ligne." in alice.text("pitch")


def test_another_team_can_neither_join_nor_write_the_design(app, design_phase, peer):
    stranger = peer(role="other-team", name="Voisine", design=design_phase, join=False)
    assert stranger.join()["error"] == "not_found"
    assert (
        stranger.socket.emit("sync", {"design": design_phase, "sv": b"\x00"}, namespace=NS, callback=True)["error"]
        == "not_found"
    )
    assert (
        stranger.socket.emit("update", {"design": design_phase, "update": b"\x00\x00"}, namespace=NS, callback=True)[
            "error"
        ]
        == "not_found"
    )


def test_nobody_signed_out_may_connect(app):
    client = socketio.test_client(app, namespace=NS)
    assert not client.is_connected(NS)


def test_the_organiser_reads_but_does_not_write(design_phase, peer):
    organiser = peer(role="organiser", design=design_phase)
    assert organiser.join()["readonly"] is True
    assert organiser.type("name", 0, "X")["error"] == "design_locked"


def logged(app) -> int:
    drain(app)
    with app.app_context():
        return db.session.execute(db.select(db.func.count()).select_from(DesignUpdate)).scalar_one()


def test_garbage_is_refused_and_not_logged(app, design_phase, peer):
    alice = peer(design=design_phase)
    before = logged(app)
    assert alice.send(b"\x01\x02garbage")["error"] == "bad_update"
    assert alice.send(b"")["error"] == "bad_update"
    assert logged(app) == before


def test_after_the_deadline_the_design_is_locked(app, design_phase, peer, world):
    from datetime import timedelta

    from badgeathon.db_types import utcnow
    from badgeathon.events.models import Event

    alice = peer(design=design_phase)
    with app.app_context():
        event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
        event.design_deadline = utcnow() - timedelta(seconds=1)
        db.session.commit()
    app.config["WORKSHOP_ACCESS_SECONDS"] = 0
    try:
        assert alice.type("name", 0, "Trop tard")["error"] == "design_locked"
    finally:
        app.config["WORKSHOP_ACCESS_SECONDS"] = 5


def test_a_server_that_lost_recent_history_gets_it_back_from_a_browser_without_duplicates(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    alice.type("pitch", 0, "Gardé. ")
    drain(app)
    with app.app_context():
        kept = db.session.execute(db.select(Design.log_head).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
    alice.type("pitch", len("Gardé. ".encode()), "Perdu côté serveur.")  # pycrdt counts UTF-8 bytes
    drain(app)
    with app.app_context():  # a backup restored (and the server restarted): the last update is gone
        db.session.execute(db.delete(DesignUpdate).where(DesignUpdate.seq > kept))
        db.session.execute(db.update(Design).values(log_head=kept))
        db.session.commit()
    app.extensions.pop("workshop_store")
    assert peer(design=design_phase, name="Témoin").text("pitch") == "Gardé. "

    alice.socket.disconnect(namespace=NS)
    alice.socket.connect(namespace=NS)
    alice.join()
    alice.sync()  # the browser sends what the server lacks
    drain(app)
    assert peer(design=design_phase, name="Nouvelle").text("pitch") == "Gardé. Perdu côté serveur."


def test_a_rebuilt_design_gets_a_new_epoch_so_browsers_do_not_merge_old_state(app, design_phase, peer):
    alice = peer(design=design_phase)
    alice.type("name", 0, "Éco-gestes")
    drain(app)
    old_epoch = alice.join()["epoch"]
    result = app.test_cli_runner().invoke(args=["studio", "rebuild", design_phase])
    assert result.exit_code == 0, result.output
    fresh = peer(design=design_phase, name="Nouvelle")
    assert fresh.join()["epoch"] != old_epoch
    assert fresh.text("name") == "Éco-gestes"


def test_jurors_read_designs_from_the_pitches_on_never_before(app, design_phase, world, as_role):
    juror = as_role("juror")
    client = socketio.test_client(app, namespace=NS, flask_test_client=juror)
    assert client.emit("join", {"design": design_phase}, namespace=NS, callback=True)["error"] == "not_found"
    as_role("organiser").post(f"/events/{world.event_id}/phase", data={"phase": "pitches"})
    assert client.emit("join", {"design": design_phase}, namespace=NS, callback=True)["readonly"] is True
