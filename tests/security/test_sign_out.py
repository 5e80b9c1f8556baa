"""Attack replay: signing out signs out — the "remember me" cookie goes, a cookie copied before sign-out stops
working (session or remember), a sign-in ends after its lifetime, and an open studio socket is refused."""

from datetime import timedelta

from badgeathon.auth.models import Person
from badgeathon.extensions import db

from ..conftest import sign_in_juror, sign_in_organiser, sign_in_participant
from ..workshop import conftest as studio_fixtures
from ..workshop.conftest import NS, Peer, drain

design_phase = studio_fixtures.design_phase  # the studio's fixture, here too


def is_participant(client) -> bool:
    """/team sends a signed-in participant to their team's studio, anyone else to the sign-in page."""
    response = client.get("/team")
    assert response.status_code == 302
    return response.headers["Location"].startswith("/teams/")


def is_organiser(client) -> bool:
    return client.get("/events").status_code == 200


def is_juror(client) -> bool:
    return client.get("/jury/").status_code == 200


def with_cookie(app, name: str, value: str):
    """Another browser that holds a copy of one cookie."""
    thief = app.test_client()
    thief.set_cookie(name, value)
    return thief


def test_signing_out_deletes_the_remember_me_cookie(app, world):
    laptop = app.test_client()
    sign_in_participant(laptop, world)
    assert laptop.get_cookie("remember_token") is not None

    laptop.post("/logout")

    assert laptop.get_cookie("remember_token") is None
    assert not is_participant(laptop)


def test_a_remember_me_cookie_copied_before_sign_out_no_longer_works(app, world):
    laptop = app.test_client()
    sign_in_participant(laptop, world)
    copied = laptop.get_cookie("remember_token").value
    assert is_participant(with_cookie(app, "remember_token", copied))

    laptop.post("/logout")

    assert not is_participant(with_cookie(app, "remember_token", copied))


def test_an_organiser_session_cookie_copied_before_sign_out_no_longer_works(app, world):
    desk = app.test_client()
    sign_in_organiser(desk, world)
    copied = desk.get_cookie("session").value
    assert is_organiser(with_cookie(app, "session", copied))

    desk.post("/logout")

    assert not is_organiser(with_cookie(app, "session", copied))
    assert not is_organiser(desk)


def test_signing_out_on_one_device_signs_out_the_others(app, world):
    tablet, phone = app.test_client(), app.test_client()
    sign_in_juror(tablet, world)
    sign_in_juror(phone, world)  # a second device keeps the first one signed in
    assert is_juror(tablet) and is_juror(phone)

    phone.post("/logout")

    assert not is_juror(tablet)
    assert not is_juror(phone)


def test_a_sign_in_ends_after_its_lifetime_even_with_a_remember_me_cookie(app, world):
    laptop = app.test_client()
    sign_in_participant(laptop, world, name="Zoé Durable")
    copied = laptop.get_cookie("remember_token").value
    with app.app_context():
        person = db.session.execute(db.select(Person).filter_by(name="Zoé Durable")).scalar_one()
        person.session_opened_at -= app.config["SIGN_IN_LIFETIME"] + timedelta(minutes=1)
        db.session.commit()

    assert not is_participant(laptop)
    assert not is_participant(with_cookie(app, "remember_token", copied))

    sign_in_participant(laptop, world, name="Zoé Durable")  # signing in again opens a new sign-in
    assert is_participant(laptop)


def test_an_open_studio_socket_is_refused_after_sign_out(app, world, design_phase):
    app.config["WORKSHOP_ACCESS_SECONDS"] = 0  # checked on every event here; a few seconds in production
    laptop = app.test_client()
    sign_in_participant(laptop, world)
    alice = Peer(app, laptop, design_phase)
    assert "error" not in alice.join()
    alice.sync()
    assert alice.type("name", 0, "Avant")["ok"] is True

    laptop.post("/logout")

    answer = alice.type("name", 5, " après")
    assert answer["ok"] is False and answer["error"] == "signed_out", answer
    assert alice.sync()["error"] == "signed_out"
    drain(app)
    reader = app.test_client()
    sign_in_organiser(reader, world)
    assert reader.get(f"/designs/{design_phase}/view.json").get_json()["name"] == "Avant"


def test_a_copied_cookie_cannot_open_a_studio_socket_after_sign_out(app, world, design_phase):
    from badgeathon.extensions import socketio

    laptop = app.test_client()
    sign_in_participant(laptop, world)
    copied = laptop.get_cookie("remember_token").value
    laptop.post("/logout")

    thief = with_cookie(app, "remember_token", copied)
    socket = socketio.test_client(app, namespace=NS, flask_test_client=thief)
    assert not socket.is_connected(NS)
