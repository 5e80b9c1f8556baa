"""Every route says who may ask; each role is let in or turned away accordingly, route by route."""

from datetime import UTC

import pytest

from badgeathon.auth.models import Role

ROLES = ("anonymous", "participant", "juror", "organiser")
SIGN_IN_CHANGERS = {"auth.invitation", "auth.logout", "auth.login_page", "events.join_team"}
SIGN_IN_PLEASE = "Connectez-vous ou rejoignez une équipe pour accéder à cette page."


def url_args(endpoint: str, world) -> dict:
    args = {
        "event_id": world.event_id,
        "team_id": world.team_id,
        "code": world.join_code,
        "design_id": world.design_id,
        "version_id": world.version_id,
        "sha256": "0" * 64,
        "fmt": "png",
        "criterion_id": world.version_id,
        "juror_id": world.version_id,
        "kind": "scores",
        "slug": "communiquer-niveau-1",
        "number": 1,
        "action": "pause",
        "person_id": world.version_id,
    }  # no such person: organisers get 404, others 403
    args["token"] = world.invitation if endpoint == "auth.invitation" else world.screen_token
    return args


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def allowed_roles(app, endpoint):
    return getattr(app.view_functions[endpoint], "allowed_roles", None)


def test_every_route_declares_who_may_use_it(app):
    undeclared = [rule.rule for rule, _ in routes(app) if allowed_roles(app, rule.endpoint) is None]
    assert undeclared == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_meant_for_it(app, world, as_role, role):
    from flask import url_for

    client = as_role(role)
    refused_wrongly, let_in_wrongly, server_errors = [], [], []
    for rule, method in routes(app):
        allowed = allowed_roles(app, rule.endpoint)
        with app.test_request_context():
            url = url_for(
                rule.endpoint, **{k: v for k, v in url_args(rule.endpoint, world).items() if k in rule.arguments}
            )
        response = client.open(url, method=method, data={})
        if response.status_code >= 500:
            server_errors.append((method, rule.rule, response.status_code))
        turned_away = response.status_code in (401, 403) or (
            response.status_code == 302
            and response.headers["Location"].split("?")[0] == "/"
            and SIGN_IN_PLEASE in client.get("/").get_data(as_text=True)
        )
        should_enter = allowed == "public" or (role != "anonymous" and Role(role) in allowed)
        if should_enter and turned_away:
            refused_wrongly.append((method, rule.rule, response.status_code))
        if not should_enter and not turned_away:
            let_in_wrongly.append((method, rule.rule, response.status_code))
        if rule.endpoint in SIGN_IN_CHANGERS:
            client = as_role(role)  # these change who is signed in: start the next route as the role again
    assert refused_wrongly == []
    assert let_in_wrongly == []
    assert server_errors == []


def test_a_participant_cannot_open_another_teams_page(as_role, world):
    response = as_role("participant").get(f"/teams/{world.other_team_id}")
    assert response.status_code == 404
    assert "n'existe pas ou ne vous est pas accessible" in response.get_data(as_text=True)


def test_a_participant_reaches_only_the_clock_of_their_own_event(app, as_role, world, ctx):
    from datetime import datetime

    from badgeathon.events import services

    other = services.create_event(
        services.EventDetails("Autre", "", datetime(2026, 12, 1, tzinfo=UTC), 360, 2, ("Transition numérique",))
    )
    client = as_role("participant")
    assert client.get(f"/events/{world.event_id}/clock.json").status_code == 200
    response = client.get(f"/events/{other.public_id}/clock.json")
    assert response.status_code == 404
    assert response.json["code"] == "not_found"


def test_anonymous_json_requests_get_401_with_a_code(client, world):
    response = client.get(f"/events/{world.event_id}/clock.json")
    assert response.status_code == 401
    assert response.json["code"] == "unauthenticated"


def test_anonymous_requests_asking_for_json_get_401_and_people_the_sign_in_page(client, world):
    url = f"/jury/events/{world.event_id}/ceremony"  # the same question as every other JSON answer: wants_json

    asking = client.get(url, headers={"Accept": "application/json"})
    person = client.get(url, headers={"Accept": "text/html,application/xhtml+xml"})

    assert (asking.status_code, asking.json["code"]) == (401, "unauthenticated")
    assert person.status_code == 302 and person.headers["Location"].startswith("/")
