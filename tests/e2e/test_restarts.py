"""Deploys and restarts under real gunicorn: a stop (SIGTERM) or a reload (SIGHUP) writes what the studio queued,
closes every socket cleanly so clients reconnect at once, is over in seconds and leaves no traceback in the log."""

import re
import secrets
import signal
import threading
import time
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
from playwright.sync_api import expect

from badgeathon.gunicorn_conf import workers_of

from ..conftest import POSTGRES_URL, postgres_reachable, require_server
from .conftest import start_server

pytestmark = pytest.mark.e2e

NS = "/workshop"
FIELD = "pitch"
CSRF = re.compile(
    r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"|<input[^>]*\bvalue="([^"]+)"[^>]*'
    r'\bname="csrf_token"'
)
DESIGN = re.compile(r'data-design="([0-9a-f-]{36})"')
STOP_BOUND = 5.0  # seconds: a stop, or the old worker of a reload, must be over within this
# A reload's new worker imports the app before it accepts anything (about 3 s on a busy test machine): clients
# wait for it in the listening socket's backlog, so coming back takes that long, whatever the old worker does.
BACK_BOUND = 8.0


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request, tmp_path):
    """SQLite, then PostgreSQL: a database of the test's own on the server (other runs reset the shared one)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'restarts.db'}"
        return
    require_server(postgres_reachable(), f"PostgreSQL at {POSTGRES_URL}")
    name = f"restarts_{secrets.token_hex(4)}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def team_code(server) -> str:
    return re.findall(r"\(code ([A-Z0-9]{6})\)", server.cli("demo"))[0]


def wait_until(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def assert_clean_log(log: Path) -> None:
    text = log.read_text()
    assert "Traceback" not in text, text
    assert "ConcurrentObjectUseError" not in text, text
    assert "SIGKILL" not in text, text


class Participant:
    """Someone in the studio over the real /workshop protocol: signs in with the team's code, joins the design,
    keeps a pycrdt document (made and used in the test's thread only) and types tokens into the pitch."""

    def __init__(self, url: str, code: str, name: str):
        from pycrdt import Doc

        self.url = url
        self.http = requests.Session()
        page = self.http.get(f"{url}/join/{code}", timeout=10)
        found = CSRF.search(page.text)
        assert page.status_code == 200 and found, f"join page: HTTP {page.status_code}"
        answer = self.http.post(
            f"{url}/join/{code}",
            timeout=10,
            allow_redirects=False,
            data={"csrf_token": found.group(1) or found.group(2), "name": name, "organisation": ""},
        )
        assert answer.status_code == 302, f"join: HTTP {answer.status_code}"
        self.design = DESIGN.search(self.http.get(url + answer.headers["Location"], timeout=10).text).group(1)
        self.doc = Doc()
        self.disconnected_at: float | None = None
        self.acked: list[str] = []  # tokens the server acknowledged as written
        self.lock = threading.Lock()
        self.sio = None
        self.connect()

    def connect(self) -> None:
        import socketio

        self.sio = socketio.Client(reconnection=False, handle_sigint=False, http_session=self.http)
        self.sio.on("disconnect", self.on_disconnect, namespace=NS)
        self.sio.connect(self.url, namespaces=[NS], transports=["websocket"], wait_timeout=10)
        ack = self.sio.call("join", {"design": self.design}, namespace=NS, timeout=10)
        assert isinstance(ack, dict) and "error" not in ack, ack
        ack = self.sio.call("sync", {"design": self.design, "sv": self.doc.get_state()}, namespace=NS, timeout=10)
        assert isinstance(ack, dict) and "error" not in ack, ack
        self.doc.apply_update(bytes(ack["update"]))

    def on_disconnect(self, reason=None):
        self.disconnected_at = time.monotonic()

    @property
    def text(self):
        from pycrdt import Map

        return self.doc.get("design", type=Map)[FIELD]

    def type(self, token: str, wait: bool = True) -> None:
        """Append a token to the pitch and send the Yjs update; with wait, until the server acknowledges it."""
        before = self.doc.get_state()
        self.text.insert(len(self.text), token)
        update = self.doc.get_update(before)
        message = {"design": self.design, "update": update}
        if wait:
            self.on_ack(token, self.sio.call("update", message, namespace=NS, timeout=10))
        else:
            self.sio.emit("update", message, namespace=NS, callback=lambda answer: self.on_ack(token, answer))

    def on_ack(self, token: str, answer) -> None:
        if isinstance(answer, dict) and answer.get("ok"):
            with self.lock:
                self.acked.append(token)

    def close(self) -> None:
        if self.sio is not None and self.sio.connected:
            self.sio.disconnect()


def server_text(url: str, code: str) -> str:
    """The pitch as the server hands it to a brand-new client (state vector of an empty document)."""
    from pycrdt import Doc, Map

    newcomer = Participant(url, code, "Nouvelle venue")
    try:
        ack = newcomer.sio.call("sync", {"design": newcomer.design, "sv": b"\x00"}, namespace=NS, timeout=10)
        doc = Doc()
        doc.apply_update(bytes(ack["update"]))
        return str(doc.get("design", type=Map)[FIELD])
    finally:
        newcomer.close()


def test_a_stop_writes_every_acknowledged_edit_closes_the_sockets_and_ends_within_seconds(database, tmp_path):
    server = start_server(tmp_path, database_url=database)
    restarted = None
    code = team_code(server)
    alice = Participant(server.url, code, "Alice")
    try:
        for index in range(5):
            alice.type(f"[a{index}]")
        assert len(alice.acked) == 5
        for index in range(5, 25):  # a burst still in the group commit's queue when the stop comes
            alice.type(f"[a{index}]", wait=False)

        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(45)
        except Exception:
            server.process.kill()
            raise
        stopped_in = time.monotonic() - started
        print(f"\nstop (SIGTERM) took {stopped_in:.2f} s")
        assert stopped_in <= STOP_BOUND, f"the server took {stopped_in:.1f} s to stop"
        assert alice.disconnected_at is not None, "the client was never told its socket closed"
        assert alice.disconnected_at - started <= STOP_BOUND
        assert_clean_log(server.log)

        restarted = start_server(tmp_path, database_url=database, prepare=False)
        text = server_text(restarted.url, code)
        with alice.lock:
            acked = list(alice.acked)
        assert len(acked) >= 5
        missing = [token for token in acked if token not in text]
        assert not missing, f"acknowledged but not written: {missing}"
    finally:
        alice.close()
        server.stop()
        if restarted is not None:
            restarted.stop()


def test_a_reload_replaces_the_worker_within_seconds_and_clients_come_back(database, tmp_path):
    server = start_server(tmp_path, database_url=database)
    code = team_code(server)
    alice = Participant(server.url, code, "Alice")
    try:
        for index in range(5):
            alice.type(f"[h{index}]")
        assert len(alice.acked) == 5
        (old_worker,) = workers_of(server.process.pid)

        started = time.monotonic()
        server.process.send_signal(signal.SIGHUP)
        assert wait_until(lambda: alice.disconnected_at is not None, 30), "the client was never disconnected"
        disconnected_in = alice.disconnected_at - started
        assert wait_until(lambda: old_worker not in workers_of(server.process.pid), 45)
        old_gone_in = time.monotonic() - started
        assert wait_until(lambda: len(workers_of(server.process.pid) - {old_worker}) == 1, 10)

        alice.connect()  # new connections are accepted: by the new worker
        alice.type("[after]")
        back_in = time.monotonic() - started
        print(
            f"\nreload (SIGHUP): client disconnected after {disconnected_in:.2f} s, old worker gone after "
            f"{old_gone_in:.2f} s, client back and saving after {back_in:.2f} s"
        )
        assert disconnected_in <= STOP_BOUND
        assert old_gone_in <= STOP_BOUND, f"the old worker took {old_gone_in:.1f} s to go"
        assert back_in <= BACK_BOUND, f"the client was back only after {back_in:.1f} s"
        assert "[after]" in alice.acked

        text = server_text(server.url, code)
        assert all(f"[h{index}]" in text for index in range(5)) and "[after]" in text, text
        assert server.process.poll() is None, "the master must keep running through a reload"
        assert_clean_log(server.log)
    finally:
        alice.close()
        server.stop()


def test_a_reload_brings_the_studio_page_back_online_by_itself(tmp_path, new_page):
    """A browser's socket.io client reconnects without a reload of the page, and what it types next is saved."""
    server = start_server(tmp_path)
    try:
        code = team_code(server)
        page = new_page()
        page.goto(f"{server.url}/join/{code}")
        page.get_by_label("Votre nom (visible par votre équipe)").fill("Alice")
        page.get_by_role("button", name="Rejoindre l'équipe").click()
        status = page.locator("[data-studio-status]")
        field = page.get_by_label("Nom du badge")
        expect(field).to_be_enabled(timeout=15000)
        field.click()
        field.press("Control+A")
        field.press("Delete")
        page.keyboard.type("Avant")
        expect(status).to_have_text(re.compile("tout est enregistré"), timeout=10000)

        started = time.monotonic()
        server.process.send_signal(signal.SIGHUP)
        expect(status).to_have_text(re.compile("Hors ligne"), timeout=STOP_BOUND * 1000)
        expect(status).to_have_text(re.compile("tout est enregistré"), timeout=BACK_BOUND * 1000)
        print(f"\nreload (SIGHUP): the page was back online after {time.monotonic() - started:.2f} s")
        page.keyboard.type(" et après")
        expect(status).to_have_text(re.compile("tout est enregistré"), timeout=10000)

        newcomer = new_page()
        newcomer.goto(f"{server.url}/join/{code}")
        newcomer.get_by_label("Votre nom (visible par votre équipe)").fill("Nadia")
        newcomer.get_by_role("button", name="Rejoindre l'équipe").click()
        expect(newcomer.get_by_label("Nom du badge")).to_have_value("Avant et après", timeout=10000)
        assert_clean_log(server.log)
    finally:
        server.stop()
