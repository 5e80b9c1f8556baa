"""Security headers on every kind of response, and cookies that follow PUBLIC_BASE_URL (Secure only over https)."""

import pytest

from tests.conftest import app_with


def csp_of(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {name: value for name, _, value in (part.strip().partition(" ") for part in policy.split(";"))}


def assert_secured(response):
    csp = csp_of(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert "unsafe" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'" and response.headers["X-Frame-Options"] == "DENY"
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"
    assert csp["connect-src"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http here: no HSTS


@pytest.mark.parametrize(
    "path, status, mime",
    [
        ("/", 200, "text/html"),  # an HTML page
        ("/static/css/app.css", 200, "text/css"),  # a static file
        ("/nowhere", 404, "text/html"),  # the error page
        ("/login", 200, "text/html"),  # a form
    ],
)
def test_every_kind_of_response_has_the_security_headers(client, path, status, mime):
    response = client.get(path)
    assert response.status_code == status and response.mimetype == mime
    assert_secured(response)


def test_json_error_and_signed_in_pages_have_them_too(as_role, world):
    organiser = as_role("organiser")
    assert_secured(organiser.get(f"/events/{world.event_id}"))
    clock = organiser.get(f"/events/{world.event_id}/clock.json")
    assert clock.status_code == 200 and clock.mimetype == "application/json"
    assert_secured(clock)
    missing = organiser.get("/nowhere", headers={"Accept": "application/json"})
    assert missing.status_code == 404 and missing.json["code"] == "not_found"
    assert_secured(missing)


def test_images_may_come_from_data_and_blob_urls_only_besides_the_site(client):
    """The export page shows baked badges as data: URLs; the image designer previews from blob: URLs."""
    assert csp_of(client.get("/"))["img-src"].split() == ["'self'", "data:", "blob:"]


def test_the_app_is_not_forced_to_https_over_http(client):
    response = client.get("/login")
    assert response.status_code == 200 and "Strict-Transport-Security" not in response.headers


@pytest.fixture
def https_app(tmp_path):
    yield from app_with(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'https.db'}", PUBLIC_BASE_URL="https://badgeathon.example.org"
    )


def test_behind_https_plain_http_is_redirected_and_browsers_are_told_to_stay(https_app):
    client = https_app.test_client()
    plain = client.get("/login")
    assert plain.status_code == 302 and plain.location == "https://localhost/login"
    secure = client.get("/login", base_url="https://badgeathon.example.org")
    assert secure.status_code == 200 and secure.headers["Strict-Transport-Security"].startswith("max-age=")
    behind_proxy = client.get("/login", headers={"X-Forwarded-Proto": "https"})  # TLS ends at the load balancer
    assert behind_proxy.status_code == 200 and "Strict-Transport-Security" in behind_proxy.headers
    assert csp_of(secure)["frame-ancestors"] == "'none'"


def test_a_response_with_its_own_policy_keeps_it(client, app):
    """An uploaded SVG is served sandboxed (workshop/routes.py): the site-wide policy must not replace it."""

    @app.get("/test-own-policy")
    def own_policy():
        return (
            "<svg/>",
            200,
            {"Content-Type": "image/svg+xml", "Content-Security-Policy": "default-src 'none'; sandbox"},
        )

    response = client.get("/test-own-policy")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Frame-Options"] == "DENY"
