"""Redis down or hung: people still join and sign in (the rate limits count in memory meanwhile), and a route's
relay through the queue neither fails nor holds the request."""

import socket
import threading
import time

import pytest

from badgeathon.extensions import limiter

from .conftest import app_with, sign_in_organiser, sign_in_participant


def refusing_port() -> int:
    """A local port nothing listens on: a Redis that is down refuses connections."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HungRedis:
    """A Redis that accepts connections and never answers (a frozen server, a half-dead network)."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.held.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'test.db'}"  # the database plays no part here


@pytest.fixture
def redis_url(request):
    """Redis down (refusing connections), or with `indirect` "hung": accepting them and never answering."""
    if getattr(request, "param", "down") == "hung":
        hung = HungRedis()
        request.addfinalizer(hung.close)
        return f"redis://127.0.0.1:{hung.port}/0"
    return f"redis://127.0.0.1:{refusing_port()}/0"


@pytest.fixture
def app(database_url, redis_url):
    """An app whose Redis (message queue and rate-limit counters) is unreachable from the start."""
    yield from app_with(
        SQLALCHEMY_DATABASE_URI=database_url,
        REDIS_URL=redis_url,
        RATELIMIT_STORAGE_URI=redis_url,
        JOIN_RATE_LIMIT="3 per minute",
        REDIS_HEALTH_SECONDS=30,
    )  # the queue's listener outlives the test: let it try Redis rarely
    limiter._storage_dead = False  # one limiter serves every app of the process: the next one starts afresh


def within(seconds: float, request):
    """Run `request` and return its response, failing if it takes longer than `seconds` (it may hang for ever)."""
    outcome = {}
    worker = threading.Thread(target=lambda: outcome.setdefault("response", request()), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    assert "response" in outcome, f"no answer after {seconds} s"
    return outcome["response"], time.monotonic() - started


def test_a_participant_joins_while_redis_is_down(client, world):
    assert sign_in_participant(client, world).status_code == 302


def test_the_organiser_signs_in_while_redis_is_down(client, world):
    assert sign_in_organiser(client, world).status_code == 302


def test_wrong_join_codes_are_still_limited_in_memory(client, world):
    for _ in range(3):
        assert client.post("/join/NOPE0000", data={"name": "Devin"}).status_code == 404
    assert client.post("/join/NOPE0000", data={"name": "Devin"}).status_code == 429
    assert sign_in_participant(client, world).status_code == 429  # this address has used up its attempts


def test_wrong_passwords_are_still_limited_in_memory(client, world):
    wrong = {"email": world.organiser_email, "password": "pas-le-bon-mot-de-passe"}
    for _ in range(20):
        assert client.post("/login", data=wrong).status_code == 422
    assert client.post("/login", data=wrong).status_code == 429


def test_a_phase_moved_while_the_queue_is_down_answers_at_once(client, world):
    """Its emit on /live reaches this node's pages and fails for the others, without an error."""
    sign_in_organiser(client, world)
    response, took = within(10, lambda: client.post(f"/events/{world.event_id}/phase", data={"phase": "design"}))
    assert response.status_code == 302
    assert took < 3


@pytest.mark.parametrize("redis_url", ["hung"], indirect=True)
def test_a_hung_redis_holds_no_request_for_long(client, world):
    response, took = within(15, lambda: sign_in_organiser(client, world))
    assert response.status_code == 302 and took < 5
    response, took = within(15, lambda: client.post(f"/events/{world.event_id}/phase", data={"phase": "design"}))
    assert response.status_code == 302 and took < 5
    response, took = within(15, lambda: sign_in_participant(client, world))
    assert response.status_code == 302 and took < 5
