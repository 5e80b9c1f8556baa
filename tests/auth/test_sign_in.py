"""Signing in and out through the real routes: organiser passwords, safe redirects, CSRF, rate limits, jurors'
invitation links, the language switch and the `create-organiser` command."""

import html
import re
from datetime import timedelta

import pytest

from badgeathon.auth.models import Person, Role
from badgeathon.extensions import db, limiter
from tests.conftest import sign_in_organiser

WRONG_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


@pytest.fixture(autouse=True)
def fresh_rate_limits(app):
    """Every test starts with no request counted against the limits."""
    with app.app_context():
        limiter.reset()


def page(response) -> str:
    """The response body as a person reads it (HTML entities such as &#39; decoded)."""
    return html.unescape(response.get_data(as_text=True))


def is_signed_in_as_organiser(client) -> bool:
    response = client.get("/events")
    if response.status_code == 200:
        return True
    assert response.status_code == 302 and response.headers["Location"].startswith("/?")
    return False


def person_with_email(app, email):
    with app.app_context():
        return db.session.execute(db.select(Person).filter_by(email=email)).scalar_one_or_none()


# --- organiser password -------------------------------------------------------------------------------------------


def test_organiser_with_the_right_password_is_signed_in_and_sent_to_the_events(client, world):
    response = sign_in_organiser(client, world)

    assert response.status_code == 302
    assert response.headers["Location"] == "/events"
    assert is_signed_in_as_organiser(client)


def test_organiser_e_mail_is_matched_whatever_its_case(client, world):
    response = client.post("/login", data={"email": "ORGA@Region.Example", "password": world.password})

    assert response.status_code == 302
    assert is_signed_in_as_organiser(client)


def test_wrong_password_is_refused_with_a_french_message_and_nobody_signed_in(client, world):
    response = client.post("/login", data={"email": world.organiser_email, "password": "pas-le-bon-mot-de-passe"})

    assert response.status_code == 422
    assert WRONG_CREDENTIALS in page(response)
    assert not is_signed_in_as_organiser(client)


def test_unknown_e_mail_gets_the_same_message_as_a_wrong_password(client, world):
    response = client.post("/login", data={"email": "inconnu@region.example", "password": world.password})

    assert response.status_code == 422
    assert WRONG_CREDENTIALS in page(response)
    assert not is_signed_in_as_organiser(client)


def test_a_juror_cannot_sign_in_on_the_organiser_form(client, world):
    # Jurors have no password: the organiser form must not let anyone in with a juror's e-mail.
    response = client.post("/login", data={"email": "jeanne@region.example", "password": world.password})

    assert response.status_code == 422
    assert WRONG_CREDENTIALS in page(response)


def test_login_form_with_missing_fields_is_refused_with_french_messages(client, world):
    response = client.post("/login", data={"email": "", "password": ""})

    assert response.status_code == 422
    assert "Indiquez votre adresse e-mail." in page(response)
    assert "Indiquez votre mot de passe." in page(response)


# --- where to go after signing in ---------------------------------------------------------------------------------


def test_next_path_on_this_site_is_followed_after_signing_in(client, world):
    response = client.post(
        "/login?next=/organisations", data={"email": world.organiser_email, "password": world.password}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/organisations"


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "https://evil.example", "https://evil.example/events", "evil.example", "javascript:alert(1)"],
)
def test_next_pointing_to_another_site_is_ignored(client, world, target):
    response = client.post(
        "/login", query_string={"next": target}, data={"email": world.organiser_email, "password": world.password}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/events"


def test_organiser_turned_away_from_a_page_comes_back_to_it_after_signing_in(client, world):
    turned_away = client.get("/organisations")
    assert turned_away.status_code == 302
    home = client.get(turned_away.headers["Location"])
    sign_in_link = re.search(r'href="(/login[^"]*)"', home.get_data(as_text=True))
    assert sign_in_link is not None

    response = client.post(
        html.unescape(sign_in_link.group(1)), data={"email": world.organiser_email, "password": world.password}
    )

    assert response.status_code == 302
    assert response.headers["Location"].split("?")[0] == "/organisations"


# --- CSRF -------------------------------------------------------------------------------------------------------


def test_login_without_csrf_token_is_refused_when_csrf_is_on(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post("/login", data={"email": world.organiser_email, "password": world.password})

    assert response.status_code == 400
    assert "Le formulaire a expiré" in page(response)
    assert not is_signed_in_as_organiser(client)


def test_login_with_the_pages_csrf_token_is_accepted_when_csrf_is_on(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True
    form = client.get("/login")
    token = re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"|'
        r'name="csrf_token" value="([^"]+)"',
        form.get_data(as_text=True),
    )
    assert token is not None

    response = client.post(
        "/login",
        data={
            "email": world.organiser_email,
            "password": world.password,
            "csrf_token": token.group(1) or token.group(2),
        },
    )

    assert response.status_code == 302
    assert is_signed_in_as_organiser(client)


# --- rate limit ---------------------------------------------------------------------------------------------------


def test_join_code_guessing_is_stopped_after_the_configured_number_of_wrong_codes(app, client, world):
    app.config["JOIN_RATE_LIMIT"] = "3 per minute"

    tries = [client.post("/join", data={"code": guess}) for guess in ("AAAAAA", "BBBBBB", "CCCCCC")]
    fourth = client.post("/join", data={"code": world.join_code})

    assert [response.status_code for response in tries] == [404, 404, 404]
    assert fourth.status_code == 429
    assert "Trop d'essais" in page(fourth)


def test_a_whole_room_behind_one_address_can_type_the_right_code(app, client, world):
    app.config["JOIN_RATE_LIMIT"] = "3 per minute"

    tries = [client.post("/join", data={"code": world.join_code}) for _ in range(20)]

    assert {response.status_code for response in tries} == {302}


def test_guessing_join_links_is_stopped_too(app, client, world):
    app.config["JOIN_RATE_LIMIT"] = "2 per minute"

    guesses = [client.get(f"/join/{guess}") for guess in ("AAAAAA", "BBBBBB")]
    third = client.get(f"/join/{world.join_code}")

    assert [response.status_code for response in guesses] == [404, 404]
    assert third.status_code == 429


def test_rate_limit_answers_json_clients_in_json(app, client, world):
    app.config["JOIN_RATE_LIMIT"] = "1 per minute"
    client.post("/join", data={"code": "AAAAAA"})

    response = client.post("/join", data={"code": world.join_code}, headers={"Accept": "application/json"})

    assert response.status_code == 429
    assert response.json["code"] == "too_many_requests"
    assert "Trop d'essais" in response.json["message"]


# --- jurors' invitation links -------------------------------------------------------------------------------------


def test_opening_an_invitation_link_asks_before_signing_in(app, client, world):
    response = client.get(f"/invitation/{world.invitation}")

    assert response.status_code == 200
    assert "Jeanne Juré" in page(response) and "Rejoindre le jury" in page(response)
    assert client.get("/jury/").status_code == 302  # not signed in by the link alone
    assert person_with_email(app, "jeanne@region.example").joined_at is None  # a GET writes nothing


def test_valid_invitation_link_signs_the_juror_in(client, world):
    response = client.post(f"/invitation/{world.invitation}")

    assert response.status_code == 302
    assert response.headers["Location"] == "/jury/"
    assert client.get("/jury/").status_code == 200


def test_invitation_link_records_when_the_juror_first_came(app, client, world):
    client.post(f"/invitation/{world.invitation}")

    assert person_with_email(app, "jeanne@region.example").joined_at is not None


def test_tampered_invitation_link_is_refused_as_not_valid(client, world):
    # The payload's first character carries 6 whole bits (the signature's last one may only carry padding).
    first = world.invitation[0]
    tampered = ("A" if first != "A" else "B") + world.invitation[1:]

    response = client.get(f"/invitation/{tampered}")

    assert response.status_code == 404
    assert "Ce lien d'invitation n'est pas valide" in page(response)
    assert client.get("/jury/").status_code == 302  # still not signed in


def test_expired_invitation_link_is_refused_as_gone(app, client, world):
    app.config["INVITATION_MAX_AGE"] = timedelta(seconds=-1)

    response = client.get(f"/invitation/{world.invitation}")

    assert response.status_code == 410
    assert "Cette invitation a expiré" in page(response)
    assert client.get("/jury/").status_code == 302


# --- signing out and the language -----------------------------------------------------------------------------


def test_logout_signs_the_organiser_out(client, world):
    sign_in_organiser(client, world)
    assert is_signed_in_as_organiser(client)

    response = client.post("/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert not is_signed_in_as_organiser(client)


def test_home_page_is_in_french_by_default(client):
    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)


def test_language_switch_sets_english_for_the_session(client):
    response = client.post("/language", data={"lang": "en"})

    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in home
    assert "Join a team" in home and "Rejoindre une équipe" not in home


def test_language_switch_goes_back_to_the_page_it_was_used_on(client):
    response = client.post("/language", data={"lang": "en", "next": "/join"})

    assert response.headers["Location"] == "/join"


def test_language_switch_ignores_an_unknown_language(client):
    client.post("/language", data={"lang": "en"})

    response = client.post("/language", data={"lang": "xx"})

    assert response.status_code == 302
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_language_switch_with_only_an_unknown_language_stays_in_french(client):
    client.post("/language", data={"lang": "de"})

    assert '<html lang="fr">' in client.get("/").get_data(as_text=True)


# --- the create-organiser command ---------------------------------------------------------------------------------


def create_organiser(app, email, password="un-long-mot-de-passe"):
    return app.test_cli_runner().invoke(
        args=["create-organiser", "--name", "Nouvelle Orga", "--email", email, "--password", password]
    )


def test_create_organiser_command_creates_an_organiser_who_can_sign_in(app, client):
    result = create_organiser(app, "Nouvelle@Region.example")

    assert result.exit_code == 0, result.output
    assert "Organiser nouvelle@region.example created." in result.output
    person = person_with_email(app, "nouvelle@region.example")
    assert person is not None and person.role == Role.ORGANISER and person.name == "Nouvelle Orga"
    response = client.post("/login", data={"email": "nouvelle@region.example", "password": "un-long-mot-de-passe"})
    assert response.status_code == 302


def test_create_organiser_command_refuses_a_too_short_password(app):
    result = create_organiser(app, "court@region.example", password="court")

    assert result.exit_code != 0
    assert "Le mot de passe doit faire au moins 10 caractères." in result.output
    assert person_with_email(app, "court@region.example") is None


def test_create_organiser_command_refuses_an_e_mail_already_used(app, world):
    result = create_organiser(app, "ORGA@region.example")

    assert result.exit_code != 0
    assert "Un compte organisateur existe déjà pour orga@region.example." in result.output
    with app.app_context():
        count = db.session.execute(
            db.select(db.func.count()).select_from(Person).filter_by(email="orga@region.example")
        ).scalar()
    assert count == 1
