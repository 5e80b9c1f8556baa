"""Attack replay: a cross-site `<img src="/invitation/<attacker's token>">` must not turn a signed-in organiser into
the attacker's juror (login CSRF). Opening the link only shows whose invitation it is; joining is a POST."""

from ..conftest import sign_in_organiser


def is_organiser(client) -> bool:
    return client.get("/events").status_code == 200


def test_opening_an_invitation_link_changes_nobody(app, world):
    victim = app.test_client()
    sign_in_organiser(victim, world)

    opened = victim.get(f"/invitation/{world.invitation}")  # what an <img> or a link prefetch does

    assert opened.status_code == 200
    assert "Rejoindre le jury" in opened.get_data(as_text=True)
    assert is_organiser(victim)
    assert victim.get("/jury/").status_code == 403


def test_joining_from_another_site_is_refused_without_the_pages_csrf_token(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    victim = app.test_client()
    victim.post(
        "/login",
        data={"email": world.organiser_email, "password": world.password, "csrf_token": _token(victim, "/login")},
    )
    assert is_organiser(victim)

    forged = victim.post(f"/invitation/{world.invitation}")  # an auto-submitted form on the attacker's page

    assert forged.status_code == 400
    assert is_organiser(victim)


def test_the_juror_joins_with_the_pages_button(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    juror = app.test_client()
    link = f"/invitation/{world.invitation}"

    joined = juror.post(link, data={"csrf_token": _token(juror, link)})

    assert joined.status_code == 302 and joined.headers["Location"] == "/jury/"
    assert juror.get("/jury/").status_code == 200


def _token(client, path: str) -> str:
    import re

    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)
