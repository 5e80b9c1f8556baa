"""When the database cannot be written, every update still gets an answer, "not saved" rather than "ok", and the
work goes through once the database is back: a real fault on each database (SQLite locked by another writer,
PostgreSQL's connections cut by a TCP proxy)."""

import sqlite3
import time
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

from badgeathon.extensions import db
from badgeathon.workshop.models import Design

from ..conftest import app_with
from ..e2e.proxy import CuttableProxy
from .conftest import drain

ACK_SECONDS = 1.5


@pytest.fixture
def proxy(database_url):
    if not database_url.startswith("postgresql"):
        yield None
        return
    port = urlsplit(database_url).port or 5432
    proxy = CuttableProxy(port)
    yield proxy
    proxy.stop()


@pytest.fixture
def app(database_url, proxy):
    """The app, reaching PostgreSQL through a proxy the test can cut; answers after ACK_SECONDS at most."""
    url = database_url
    if proxy is not None:
        parts = urlsplit(database_url)
        url = parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}").geturl()
    yield from app_with(
        SQLALCHEMY_DATABASE_URI=url,
        WORKSHOP_ACK_SECONDS=ACK_SECONDS,
        SQLITE_BUSY_TIMEOUT_MS=200,
        SQLALCHEMY_ENGINE_OPTIONS={
            "pool_pre_ping": True,
            **({"connect_args": {"connect_timeout": 2}} if proxy is not None else {}),
        },
    )


@contextmanager
def database_away(app, proxy):
    """SQLite: another process holds the write lock. PostgreSQL: every connection is cut, new ones refused."""
    if proxy is not None:
        proxy.cut()
        try:
            yield
        finally:
            proxy.restore()
        return
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def text_on_disk(app, design_id: str, field: str) -> str:
    drain(app)
    with app.app_context():
        view = (
            db.session.execute(db.select(Design.view).filter_by(public_id=uuid.UUID(design_id))).scalar_one().to_json()
        )
        db.session.remove()
    return view[field]


def test_an_update_the_database_cannot_take_is_answered_not_saved_then_saved(app, proxy, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    assert alice.type("pitch", 0, "Avant. ")["ok"] is True

    with database_away(app, proxy):
        started = time.monotonic()
        answer = alice.type("pitch", len("Avant. "), "Pendant la coupure. ")
        waited = time.monotonic() - started
        assert answer["ok"] is False and answer["error"] == "not_saved", answer
        assert "message" in answer
        assert waited < ACK_SECONDS + 5

    deadline = time.monotonic() + 15
    while True:  # what the page does: sync again until the server says everything is on disk
        ack = alice.sync()
        if ack.get("saved") or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert ack["saved"] is True
    assert text_on_disk(app, design_phase, "pitch") == "Avant. Pendant la coupure. "


def test_every_update_gets_an_answer_while_the_database_is_away(app, proxy, design_phase, peer):
    """Even when the access check itself needs the database (it is renewed every few seconds)."""
    alice = peer(design=design_phase, name="Alice")
    answers = []
    app.config["WORKSHOP_ACCESS_SECONDS"] = 0
    try:
        with database_away(app, proxy):
            for n in range(5):
                answers.append(alice.type("name", 0, f"{n}"))
    finally:
        app.config["WORKSHOP_ACCESS_SECONDS"] = 5
    assert len(answers) == 5
    assert all(isinstance(answer, dict) and answer["ok"] is False for answer in answers), answers
    assert {answer["error"] for answer in answers} <= {"not_saved", "resync"}
    alice.sync()
    assert text_on_disk(app, design_phase, "name") == "43210"
