"""Redis down between two nodes: edits keep being saved, people keep signing in, and when Redis is back every node
tells its browsers to resync at once, so what the queue dropped reaches teammates on the other node."""

import re
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from ..conftest import POSTGRES_URL, REDIS_URL, postgres_reachable, redis_reachable, require_server, reset_postgres
from .conftest import start_server
from .proxy import CuttableProxy

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

NS = "/workshop"
CSRF = re.compile(
    r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"|<input[^>]*\bvalue="([^"]+)"[^>]*'
    r'\bname="csrf_token"'
)
DESIGN = re.compile(r'data-design="([0-9a-f-]{36})"')


@pytest.fixture(scope="module")
def redis_proxy():
    require_server(redis_reachable(), f"Redis at {REDIS_URL}")
    proxy = CuttableProxy(urlsplit(REDIS_URL).port or 6379)
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def nodes(tmp_path_factory, redis_proxy):
    """Two nodes sharing PostgreSQL and a Redis the test can cut (the queue and the rate-limit counters)."""
    require_server(postgres_reachable(), f"PostgreSQL at {POSTGRES_URL}")
    reset_postgres()
    tmp = tmp_path_factory.mktemp("redis-outage")
    redis_url = f"redis://127.0.0.1:{redis_proxy.port}/0"
    node_a = start_server(tmp, database_url=POSTGRES_URL, redis_url=redis_url)
    node_b = start_server(tmp, database_url=POSTGRES_URL, redis_url=redis_url, prepare=False)
    yield node_a, node_b
    node_a.stop()
    node_b.stop()
    reset_postgres()


def sign_in(url: str, code: str, name: str) -> tuple[requests.Session, str]:
    """Join the team by its code as a browser does; returns the signed-in session and the design's public id."""
    http = requests.Session()
    page = http.get(f"{url}/join/{code}", timeout=10)
    found = CSRF.search(page.text)
    assert page.status_code == 200 and found, f"join page: HTTP {page.status_code}"
    answer = http.post(
        f"{url}/join/{code}",
        timeout=10,
        allow_redirects=False,
        data={"csrf_token": found.group(1) or found.group(2), "name": name, "organisation": ""},
    )
    assert answer.status_code == 302, f"join: HTTP {answer.status_code}"
    team_page = http.get(url + answer.headers["Location"], timeout=10)
    return http, DESIGN.search(team_page.text).group(1)


class Teammate:
    """A participant's studio over the real /workshop protocol, with a pycrdt document of its own."""

    def __init__(self, url: str, code: str, name: str):
        import socketio
        from pycrdt import Doc

        self.http, self.design = sign_in(url, code, name)
        self.doc = Doc()
        self.lock = threading.Lock()  # socket events arrive on the client's thread
        self.resyncs: list[float] = []
        self.sio = socketio.Client(reconnection=False, handle_sigint=False, http_session=self.http)
        self.sio.on("update", self.on_update, namespace=NS)
        self.sio.on("resync", lambda message=None: self.resyncs.append(time.monotonic()), namespace=NS)
        self.sio.connect(url, namespaces=[NS], transports=["websocket"], wait_timeout=10)
        ack = self.sio.call("join", {"design": self.design}, namespace=NS, timeout=10)
        assert isinstance(ack, dict) and "error" not in ack, ack
        self.sync()

    @property
    def pitch(self) -> str:
        from pycrdt import Map

        with self.lock:
            return str(self.doc.get("design", type=Map)["pitch"])

    def on_update(self, message):
        with self.lock:
            self.doc.apply_update(bytes(message["update"]))

    def sync(self, state_vector: bytes | None = None) -> None:
        """Fetch what the server holds and we lack (everything with the empty state vector b"\\x00")."""
        with self.lock:
            state_vector = state_vector or self.doc.get_state()
        ack = self.sio.call("sync", {"design": self.design, "sv": state_vector}, namespace=NS, timeout=10)
        assert isinstance(ack, dict) and "error" not in ack, ack
        if ack.get("update"):
            with self.lock:
                self.doc.apply_update(bytes(ack["update"]))

    def type(self, words: str) -> dict:
        from pycrdt import Map

        with self.lock:
            before = self.doc.get_state()
            self.doc.get("design", type=Map)["pitch"].insert(0, words)
            update = self.doc.get_update(before)
        return self.sio.call("update", {"design": self.design, "update": update}, namespace=NS, timeout=10)

    def close(self) -> None:
        self.sio.disconnect()


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_teammate_on_node_b_gets_what_was_typed_on_node_a_while_redis_was_down(nodes, redis_proxy):
    node_a, node_b = nodes
    code = re.search(r"Team 'Tiers-lieux': \S+/join/(\w+)", node_a.cli("demo")).group(1)
    on_a = Teammate(node_a.url, code, "Sur le nœud A")
    on_b = Teammate(node_b.url, code, "Sur le nœud B")
    try:
        assert on_a.type("Avant la coupure. ").get("ok")
        assert wait_until(lambda: "Avant la coupure." in on_b.pitch, 5), "the queue relays nothing between nodes"

        redis_proxy.cut()
        time.sleep(1.5)  # long enough for every node to notice
        started = time.monotonic()
        ack = on_a.type("Pendant la coupure. ")
        assert isinstance(ack, dict) and ack.get("ok"), f"the edit was not saved: {ack!r}"  # the database is fine
        assert time.monotonic() - started < 5, "a relay that cannot reach Redis held the edit back"
        started = time.monotonic()
        sign_in(node_b.url, code, "Arrivée pendant la coupure")  # the rate limiter counts in memory
        assert time.monotonic() - started < 5
        time.sleep(1.5)
        assert "Pendant la coupure." not in on_b.pitch  # the queue is down: the relay was lost, as expected

        redis_proxy.restore()
        restored = time.monotonic()
        assert wait_until(lambda: any(at > restored for at in on_b.resyncs), 8), (
            "no resync reached the teammate on node B after Redis came back"
        )
        on_b.sync(b"\x00")
        assert "Pendant la coupure." in on_b.pitch
        assert "Avant la coupure." in on_b.pitch

        # And the queue relays again.
        assert on_a.type("Après la coupure. ").get("ok")
        assert wait_until(lambda: "Après la coupure." in on_b.pitch, 5)
    finally:
        on_a.close()
        on_b.close()
