"""Sign-in cookies: SameSite=Lax and HttpOnly always, Secure exactly when the app is served over https."""

import pytest

from tests.conftest import app_with, sign_in_organiser, sign_in_participant


@pytest.fixture(params=["http", "https"])
def scheme(request):
    return request.param


@pytest.fixture
def app(scheme, tmp_path):
    """Overrides the shared `app` (and so `world`): the same site, served over http or over https."""
    yield from app_with(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'cookies.db'}",
        PUBLIC_BASE_URL=f"{scheme}://badgeathon.example.org",
    )


def set_cookies(response) -> dict[str, set[str]]:
    """Cookie name -> its attributes, lower-cased ("secure", "samesite=lax", "httponly", "path=/" …)."""
    cookies = {}
    for line in response.headers.getlist("Set-Cookie"):
        name, *attributes = [part.strip() for part in line.split(";")]
        cookies[name.split("=", 1)[0]] = {attribute.lower() for attribute in attributes}
    return cookies


def client_for(app, scheme):
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_PROTO"] = scheme  # TLS ends at the load balancer (plain http: redirected)
    return client


def test_joining_a_team_sets_both_cookies_secure_only_over_https(app, world, scheme):
    response = sign_in_participant(client_for(app, scheme), world)
    assert response.status_code == 302
    cookies = set_cookies(response)
    assert {"session", "remember_token"} <= cookies.keys()
    for name in ("session", "remember_token"):
        assert "samesite=lax" in cookies[name] and "httponly" in cookies[name], (name, cookies[name])
        assert ("secure" in cookies[name]) == (scheme == "https"), (name, cookies[name])


def test_an_organiser_session_cookie_is_secure_only_over_https(app, world, scheme):
    response = sign_in_organiser(client_for(app, scheme), world)
    assert response.status_code == 302
    session = set_cookies(response)["session"]
    assert "samesite=lax" in session and "httponly" in session
    assert ("secure" in session) == (scheme == "https")
