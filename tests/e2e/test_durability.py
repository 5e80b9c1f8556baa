"""The studio's promise in Chromium: the page says "tout est enregistré" only for what the server has on disk, and
an edit typed at any moment reaches the server. The database cut for real by a TCP proxy in front of PostgreSQL; a
slow network that stretches the reconnection's sync."""

import re
import secrets
import time
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from badgeathon import create_app
from badgeathon.config import _sqlalchemy_url
from badgeathon.extensions import db
from badgeathon.workshop import document, store
from badgeathon.workshop.models import Design

from ..conftest import POSTGRES_URL, postgres_reachable, require_server, reset_postgres
from .conftest import screenshot, start_server
from .proxy import CuttableProxy
from .test_studio import NAME, clear, join, team_codes

pytestmark = pytest.mark.e2e

SAVED = re.compile("tout est enregistré")


def status(page):
    return page.locator("[data-studio-status]")


def never_saved_for(pages, seconds: float) -> None:
    """For a while, no page claims everything is saved."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for page in pages:
            assert not SAVED.search(status(page).inner_text()), status(page).inner_text()
        time.sleep(0.2)


def name_on_disk(database_url: str, design_id: str) -> str:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database_url),
            "SOCKETIO_ASYNC_MODE": "threading",
            "REDIS_URL": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            "SECRET_KEY": secrets.token_hex(32),
        }
    )
    with app.app_context():
        design = db.session.execute(db.select(Design.id).filter_by(public_id=uuid.UUID(design_id))).scalar_one()
        _, snapshot, rows, _ = store.Store(app).read_state(design)
        name = document.to_view(document.load(document.merge(snapshot, *rows))).name
        db.session.remove()
        db.engine.dispose()
    return name


@pytest.mark.postgres
def test_with_the_database_cut_the_page_says_not_saved_until_it_is(tmp_path, new_page, monkeypatch):
    require_server(postgres_reachable(), f"PostgreSQL at {POSTGRES_URL}")
    reset_postgres()
    parts = urlsplit(POSTGRES_URL.replace("+psycopg", ""))
    database = CuttableProxy(parts.port or 5432)
    through_proxy = parts._replace(netloc=f"{parts.username}@127.0.0.1:{database.port}").geturl()
    monkeypatch.setenv("WORKSHOP_ACK_SECONDS", "3")
    server = start_server(tmp_path, database_url=through_proxy)
    try:
        code = team_codes(server)[0]
        alice = join(new_page, server.url, code, "Alice")
        bruno = join(new_page, server.url, code, "Bruno")
        clear([alice, bruno], NAME)
        expect(status(alice)).to_have_text(SAVED, timeout=10000)
        design_id = alice.locator("[data-studio]").get_attribute("data-design")

        database.cut()
        typed = "Écrit pendant la coupure de la base"
        alice.get_by_label(NAME).click()
        alice.keyboard.type(typed)
        expect(status(alice)).to_have_attribute("data-state", "unsaved", timeout=15000)
        expect(status(alice)).to_have_text(re.compile("Non enregistré"))
        screenshot(alice, "studio-database-cut")
        expect(bruno.get_by_label(NAME)).to_have_value(typed, timeout=10000)  # relayed, not yet on disk
        never_saved_for([alice, bruno], 4)

        database.restore()
        expect(status(alice)).to_have_text(SAVED, timeout=30000)
        expect(status(bruno)).to_have_text(SAVED, timeout=30000)
        screenshot(alice, "studio-database-back")
        assert name_on_disk(through_proxy, design_id) == typed
        nadia = join(new_page, server.url, code, "Nadia")
        expect(nadia.get_by_label(NAME)).to_have_value(typed, timeout=10000)
    finally:
        server.stop()
        database.stop()


def test_an_edit_typed_while_the_page_syncs_after_a_cut_is_sent(tmp_path, new_page):
    """The page re-joins and syncs after a cut; what is typed during that sync must be sent too, at once (not at
    the next periodic resync), and the page must not say "saved" before it is."""
    server = start_server(tmp_path)
    wifi = CuttableProxy(int(server.url.rsplit(":", 1)[1]))
    try:
        code = team_codes(server)[0]
        alice = join(new_page, wifi.url, code, "Alice")
        bruno = join(new_page, server.url, code, "Bruno")
        clear([alice, bruno], NAME)
        expect(status(alice)).to_have_text(SAVED, timeout=10000)

        wifi.cut()
        expect(status(alice)).to_have_text(re.compile("Hors ligne"), timeout=15000)
        wifi.delay = 1.0  # back, but slow: the join and the sync each take a second or more
        wifi.restore()
        alice.wait_for_function("() => window.badgeathonStudio.socket.connected", timeout=20000)
        assert not SAVED.search(status(alice).inner_text())  # connected, still joining and syncing
        alice.get_by_label(NAME).click()
        alice.keyboard.type("Pendant la synchro")
        wifi.delay = 0.0

        expect(bruno.get_by_label(NAME)).to_have_value("Pendant la synchro", timeout=8000)  # well before 20 s
        expect(status(alice)).to_have_text(SAVED, timeout=10000)
    finally:
        wifi.stop()
        server.stop()
