"""Shared fixtures: an app per test on SQLite and on PostgreSQL, clients signed in as each role, demo data."""

import os
import uuid
from dataclasses import dataclass
from datetime import UTC

import pytest
import sqlalchemy as sa

from badgeathon import create_app
from badgeathon.config import _sqlalchemy_url
from badgeathon.extensions import db
from tests.config import TestConfig

POSTGRES_URL = _sqlalchemy_url(os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_server(reachable: bool, what: str) -> None:
    """A server the suite needs: CI fails without it; a developer's machine skips, saying why."""
    if reachable:
        return
    message = f"{what} is not reachable"
    if IN_CI:
        pytest.fail(f"{message}: CI must run this part", pytrace=False)
    pytest.skip(f"{message}: start it to run this test (CI requires it)")


def postgres_reachable() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except sa.exc.OperationalError:
        return False


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping())
    except redis.exceptions.RedisError:
        return False


def reset_postgres() -> None:
    engine = sa.create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """argon2id with the smallest cost: the real parameters spend a quarter of a second per organiser sign-in, which
    hundreds of tests would pay for nothing (the hashes stay argon2id; the e2e servers keep the real cost)."""
    from argon2 import PasswordHasher

    from badgeathon.auth import services

    monkeypatch.setattr(services, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "postgresql":
        require_server(postgres_reachable(), f"PostgreSQL at {POSTGRES_URL}")
        reset_postgres()
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'test.db'}"


def app_with(**settings):
    """An app on the test settings plus `settings`, its tables made, dropped after (a generator for fixtures).
    No app context is held during requests: each request must get its own `g` (and so its own user)."""
    app = create_app(type("DatabaseTestConfig", (TestConfig,), settings))
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        settle_studio(stop=True)  # no background write may hold a lock the tables' drop needs (a deadlock on
        db.session.remove()  # PostgreSQL), nor outlive the app and write into a later test's tables
        db.drop_all()
        db.engine.dispose()


def settle_studio(timeout: float = 5.0, stop: bool = False) -> None:
    """Write what the studio queued, refresh its views, and wait for its after-commit loops to end (for good, with
    `stop`: the app is going away)."""
    import time

    from badgeathon.workshop import studio

    try:
        studio.drain()
    except Exception:  # a test that left its database unreachable: nothing more can be written anyway
        db.session.rollback()
    if stop:
        studio.after_commit().stop()
    deadline = time.monotonic() + timeout
    while studio.after_commit().running and time.monotonic() < deadline:
        time.sleep(0.01)


@pytest.fixture
def app(database_url):
    yield from app_with(SQLALCHEMY_DATABASE_URI=database_url)


@pytest.fixture
def ctx(app):
    """An app context for a test that reads or writes the database directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class World:
    """A small event: an organiser, two teams with a member each, a juror, and the ids to reach them."""

    event_id: uuid.UUID
    team_id: uuid.UUID
    other_team_id: uuid.UUID
    join_code: str
    screen_token: str
    invitation: str
    design_id: uuid.UUID
    version_id: uuid.UUID
    organiser_email: str = "orga@region.example"
    password: str = "un-mot-de-passe-solide"


@pytest.fixture
def world(app):
    from datetime import datetime

    from badgeathon.auth.services import create_organiser, invitation_token
    from badgeathon.events import joining, services
    from badgeathon.workshop import studio
    from badgeathon.workshop.versions import save_version

    with app.test_request_context():
        create_organiser("Orga", "orga@region.example", "un-mot-de-passe-solide")
        event = services.create_event(
            services.EventDetails(
                "Badgeathon test",
                "Caen",
                datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
                360,
                2,
                ("Transition écologique", "Transition numérique"),
            )
        )
        team = services.add_team(event, "Les Pionniers", event.themes[0].id)
        other = services.add_team(event, "Les Voisins", None)
        joining.join_team(other.join_code, "Voisin", "Ailleurs")
        juror = services.add_juror(event, "Jeanne Juré", "jeanne@region.example", "CEP Normandie")
        design = studio.design_for_team(team)
        version = save_version(design.id, "Départ", "manual")
        world = World(
            event.public_id,
            team.public_id,
            other.public_id,
            team.join_code,
            event.screen_token,
            invitation_token(juror),
            design.public_id,
            version.public_id,
        )
        db.session.remove()
    return world


def sign_in_organiser(client, world):
    return client.post("/login", data={"email": world.organiser_email, "password": world.password})


def sign_in_participant(client, world, name="Alice Martin"):
    return client.post(f"/join/{world.join_code}", data={"name": name, "organisation": "IRFA"})


def sign_in_juror(client, world):
    return client.post(f"/invitation/{world.invitation}")


SIGN_IN = {
    "organiser": sign_in_organiser,
    "participant": sign_in_participant,
    "juror": sign_in_juror,
    "anonymous": lambda client, world: None,
}


@pytest.fixture
def as_role(app, world):
    """as_role('juror') -> a test client signed in with that role."""

    def make(role):
        client = app.test_client()
        SIGN_IN[role](client, world)
        return client

    return make
