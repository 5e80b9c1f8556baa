"""Attack replay: after a few mistyped join codes from one address, valid codes were refused too, so one person's
typos behind a venue's shared address blocked the whole room. Only unknown codes count, the budget fits a room,
and guessing still stops (docs/SECURITY.md has the arithmetic)."""

import html

from limits import parse_many


def test_a_room_of_sixty_behind_one_address_joins_despite_everyones_typos(app, world):
    room = [app.test_client() for _ in range(60)]  # one venue address: the test client's
    typos = [person.post("/join", data={"code": "AAAAAA"}) for person in room]
    joined = [person.post(f"/join/{world.join_code}", data={"name": f"Personne {n}"}) for n, person in enumerate(room)]

    assert {answer.status_code for answer in typos} == {404}
    assert {answer.status_code for answer in joined} == {302}


def test_a_forgotten_name_is_not_counted_as_a_guess(app, world):
    app.config["JOIN_RATE_LIMIT"] = "2 per minute"
    client = app.test_client()
    forgotten = [client.post(f"/join/{world.join_code}", data={"name": ""}) for _ in range(5)]

    assert {answer.status_code for answer in forgotten} == {422}
    assert client.post(f"/join/{world.join_code}", data={"name": "Alice"}).status_code == 302


def test_guessing_stops_at_the_per_minute_budget(app, world):
    per_minute = next(
        limit.amount for limit in parse_many(app.config["JOIN_RATE_LIMIT"]) if limit.GRANULARITY.name == "minute"
    )
    client = app.test_client()
    guesses = [client.post("/join", data={"code": f"{n:06d}"}) for n in range(per_minute)]

    refused = client.post("/join", data={"code": "ZZZZZZ"})

    assert {answer.status_code for answer in guesses} == {404}
    assert refused.status_code == 429
    assert "Trop d'essais" in html.unescape(refused.get_data(as_text=True))


def test_the_default_budget_makes_guessing_a_code_take_decades():
    """The arithmetic of docs/SECURITY.md, from the real settings: code space ÷ guesses allowed per day."""
    from badgeathon.config import Config
    from badgeathon.events.models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH

    per_day = next(limit.amount for limit in parse_many(Config.JOIN_RATE_LIMIT) if limit.GRANULARITY.name == "day")
    per_minute = next(
        limit.amount for limit in parse_many(Config.JOIN_RATE_LIMIT) if limit.GRANULARITY.name == "minute"
    )
    codes = len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH
    open_codes = 100  # every team of several events at once
    days_per_address = codes / open_codes / per_day

    assert per_minute >= 60 * 1.5  # a room of 60, each mistyping once or twice in the same minute
    assert days_per_address / 365 > 20


def test_behind_a_trusted_proxy_each_visitor_has_their_own_budget(app, world):
    from badgeathon import create_app
    from tests.config import TestConfig

    proxied = create_app(
        type(
            "ProxiedConfig",
            (TestConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "TRUSTED_PROXY_HOPS": 1,
                "JOIN_RATE_LIMIT": "2 per minute",
            },
        )
    )
    client = proxied.test_client()

    def guess(address):
        return client.post("/join", data={"code": "AAAAAA"}, headers={"X-Forwarded-For": address}).status_code

    assert [guess("203.0.113.7") for _ in range(3)] == [404, 404, 429]
    assert guess("198.51.100.4") == 404  # another visitor, same proxy
    with proxied.app_context():
        from badgeathon.extensions import db

        db.engine.dispose()


def test_organiser_password_guessing_stops_at_twenty_a_minute(app, world):
    client = app.test_client()
    wrong = [
        client.post("/login", data={"email": world.organiser_email, "password": f"essai-{n:04d}"}) for n in range(20)
    ]

    refused = client.post("/login", data={"email": world.organiser_email, "password": world.password})

    assert {answer.status_code for answer in wrong} == {422}
    assert refused.status_code == 429
