"""Versions: saved by hand and automatically, compared, restored as a new edit; the final version at the deadline."""

import contextlib
import uuid
from datetime import timedelta

from badgeathon.db_types import utcnow
from badgeathon.extensions import db
from badgeathon.workshop.models import Design, DesignVersion

from .conftest import NS, drain


def versions(app, design_id):
    with app.app_context():
        design = db.session.execute(db.select(Design).filter_by(public_id=uuid.UUID(design_id))).scalar_one()
        found = [(v.kind, v.label, v.view.to_json()) for v in design.versions]
        db.session.remove()
    return found


def test_a_member_saves_a_named_version_and_sees_it_in_the_history(app, design_phase, peer):
    alice = peer(design=design_phase)
    alice.type("name", 0, "Éco-gestes")
    drain(app)
    response = alice.socket.flask_test_client.post(f"/designs/{design_phase}/versions", data={"label": "Avant pitch"})
    assert response.status_code == 302
    [(kind, label, view)] = [v for v in versions(app, design_phase) if v[1] == "Avant pitch"]
    assert label == "Avant pitch" and view["name"] == "Éco-gestes"
    page = alice.socket.flask_test_client.get(f"/designs/{design_phase}/history").get_data(as_text=True)
    assert "Avant pitch" in page


def test_restoring_a_version_is_a_new_edit_that_every_browser_receives(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    bruno = peer(design=design_phase, name="Bruno")
    alice.type("pitch", 0, "Version A.")
    drain(app)
    web = alice.socket.flask_test_client
    web.post(f"/designs/{design_phase}/versions", data={"label": "A"})
    alice.type("pitch", len("Version A."), " Puis B.")
    drain(app)
    with app.app_context():
        version_id = db.session.execute(db.select(DesignVersion.public_id).filter_by(label="A")).scalar_one()

    compared = web.get(f"/designs/{design_phase}/versions/{version_id}").get_data(as_text=True)
    assert "<ins> Puis B.</ins>" in compared or "<ins>Puis B.</ins>" in compared

    assert web.post(f"/designs/{design_phase}/versions/{version_id}/restore").status_code == 302
    bruno.receive()
    alice.receive()
    assert bruno.text("pitch") == "Version A." == alice.text("pitch")
    kinds = [kind for kind, _, _ in versions(app, design_phase)]
    assert "restore" in kinds  # the state before the restore is kept
    restored_from = [view for kind, _, view in versions(app, design_phase) if kind == "restore"][0]
    assert restored_from["pitch"] == "Version A. Puis B."


def test_a_restore_writes_its_before_version_in_the_edits_own_transaction(app, design_phase, peer, monkeypatch):
    """A group commit that fails leaves neither the "before" version nor the edit; once it is written, both are."""
    from badgeathon.workshop import store
    from badgeathon.workshop.versions import current_view

    alice = peer(design=design_phase, name="Alice")
    alice.type("pitch", 0, "Version A.")
    drain(app)
    web = alice.socket.flask_test_client
    web.post(f"/designs/{design_phase}/versions", data={"label": "A"})
    alice.type("pitch", len("Version A."), " Puis B.")
    drain(app)
    with app.app_context():
        version_id = db.session.execute(db.select(DesignVersion.public_id).filter_by(label="A")).scalar_one()

    def database_away(self, batch):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(store.Store, "_write", database_away)
    with contextlib.suppress(RuntimeError):  # the test client may raise what the route did
        web.post(f"/designs/{design_phase}/versions/{version_id}/restore")
    assert "restore" not in [kind for kind, _, _ in versions(app, design_phase)]
    monkeypatch.undo()
    drain(app)
    [before] = [view for kind, _, view in versions(app, design_phase) if kind == "restore"]
    assert before["pitch"] == "Version A. Puis B."
    with app.app_context():
        design = db.session.execute(db.select(Design.id).filter_by(public_id=uuid.UUID(design_phase)))
        assert current_view(design.scalar_one()).pitch == "Version A."
        db.session.remove()


def test_another_team_cannot_see_the_history(app, design_phase, peer, as_role, world):
    stranger = peer(role="other-team", name="Voisine", design=design_phase, join=False)
    assert stranger.socket.flask_test_client.get(f"/designs/{design_phase}/history").status_code == 404


def test_leaving_the_design_phase_saves_a_final_version_and_locks_the_design(app, design_phase, peer, as_role, world):
    alice = peer(design=design_phase)
    alice.type("name", 0, "Final")
    drain(app)
    as_role("organiser").post(f"/events/{world.event_id}/phase", data={"phase": "pitches"})
    finals = [view for kind, _, view in versions(app, design_phase) if kind == "deadline"]
    assert len(finals) == 1 and finals[0]["name"] == "Final"

    app.config["WORKSHOP_ACCESS_SECONDS"] = 0
    try:
        assert alice.type("name", 0, "X")["error"] == "design_locked"
    finally:
        app.config["WORKSHOP_ACCESS_SECONDS"] = 5


def test_extending_the_deadline_reopens_a_design_locked_by_it(app, design_phase, peer, as_role, world):
    from badgeathon.events.models import Event

    alice = peer(design=design_phase)
    with app.app_context():
        event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
        event.design_deadline = utcnow() - timedelta(seconds=1)
        db.session.commit()
    alice.socket.flask_test_client.get(f"/teams/{world.team_id}")  # a page only reads: nothing is locked by it
    assert [kind for kind, _, _ in versions(app, design_phase)].count("deadline") == 0
    alice.socket.disconnect(namespace=NS)
    alice.socket.connect(namespace=NS)
    assert alice.join()["readonly"] is True  # the first studio back after the deadline locks
    assert [kind for kind, _, _ in versions(app, design_phase)].count("deadline") == 1
    response = as_role("organiser").post(f"/events/{world.event_id}/deadline", data={"deadline-minutes": "15"})
    assert response.status_code == 302
    alice.socket.disconnect(namespace=NS)
    alice.socket.connect(namespace=NS)
    assert alice.join()["readonly"] is False


def past_deadline(app, world) -> None:
    from badgeathon.events.models import Event

    with app.app_context():
        event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
        event.design_deadline = utcnow() - timedelta(seconds=1)
        db.session.commit()
        db.session.remove()


def test_a_sockets_access_recheck_after_the_deadline_refuses_writes_and_writes_nothing(app, design_phase, peer, world):
    """The recheck only reads: the team can no longer write, and the lock is written by the next join."""
    from badgeathon.workshop.models import Design
    from tests.commits import counting_commits

    alice = peer(design=design_phase)
    drain(app)
    past_deadline(app, world)
    app.config["WORKSHOP_ACCESS_SECONDS"] = 0
    try:
        with counting_commits() as commits:
            assert alice.type("name", 0, "Trop tard")["error"] == "design_locked"
        assert commits.count == 0
    finally:
        app.config["WORKSHOP_ACCESS_SECONDS"] = 5
    with app.app_context():
        assert (
            db.session.execute(db.select(Design.locked_at).filter_by(public_id=uuid.UUID(design_phase))).scalar_one()
            is None
        )
        db.session.remove()
    alice.socket.disconnect(namespace=NS)
    alice.socket.connect(namespace=NS)
    assert alice.join()["readonly"] is True
    assert [kind for kind, _, _ in versions(app, design_phase)].count("deadline") == 1


def test_a_stranger_joining_after_the_deadline_is_refused_before_anything_is_locked(app, design_phase, peer, world):
    stranger = peer(role="other-team", name="Voisine", design=design_phase, join=False)
    past_deadline(app, world)
    assert stranger.join()["error"] == "not_found"
    assert [kind for kind, _, _ in versions(app, design_phase)].count("deadline") == 0


def test_two_nodes_reaching_the_deadline_at_once_keep_one_final_version(app, database_url, design_phase, world):
    """Two nodes that both see the deadline pass (a page on each) lock the designs once: one "Version finale"."""
    from badgeathon.events.models import Event
    from badgeathon.workshop import studio
    from tests.nodes import another_node, at_once, close_node

    other = another_node(database_url)

    def lock_on(node):
        def action(start):
            with node.app_context():
                event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
                _ = [team.design for team in event.teams]  # loaded before the race, as a page would have
                start()
                studio.lock_designs(event)
                db.session.remove()

        return action

    try:
        for _ in range(5):
            results = at_once(lock_on(app), lock_on(other))
            assert results == [None, None], results
            with app.app_context():
                finals = db.session.execute(
                    db.select(DesignVersion.design_id, db.func.count())
                    .filter_by(kind="deadline")
                    .group_by(DesignVersion.design_id)
                ).all()
                assert finals and all(count == 1 for _, count in finals), finals
                db.session.execute(db.delete(DesignVersion).filter_by(kind="deadline"))
                db.session.execute(db.update(Design).values(locked_at=None))
                db.session.commit()
                db.session.remove()
    finally:
        close_node(other)
