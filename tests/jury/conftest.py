"""Jury fixtures: a small event built with the services (three teams whose members come from named structures,
three jurors, the default rubric), clients signed in through the real routes, and helpers to move it along."""

import html
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from badgeathon import create_app
from badgeathon.auth import services as auth
from badgeathon.auth.models import Person
from badgeathon.events import joining, moves
from badgeathon.events import services as events
from badgeathon.events.models import Event, Team
from badgeathon.events.phases import ORDER, Phase
from badgeathon.extensions import db, limiter
from badgeathon.jury import recusal_service, rubric, scoring
from badgeathon.jury.models import Score
from tests.config import TestConfig
from tests.conftest import POSTGRES_URL, postgres_reachable, require_server, reset_postgres, settle_studio

PASSWORD = "un-mot-de-passe-solide"
ORGANISER_EMAIL = "orga@region.example"

# team -> (its member, the member's structure); in the running order (teams are ordered by name)
TEAMS = {
    "Les Pionniers": ("Alice Martin", "IRFA Normandie"),
    "Les Voisins": ("Victor Hugo", "Ateliers du Bocage"),
    "Les Zélés": ("Zoé Lemaître", "Transdev Caen"),
}
# key -> (name, e-mail, structure); Basile comes from Alice's structure (typed his way): recused for Les Pionniers
JURORS = {
    "ada": ("Ada Lovelace", "ada@region.example", "CEP Normandie"),
    "basile": ("Basile Martin", "basile@region.example", "irfa  normandie"),
    "chloe": ("Chloé Durand", "chloe@region.example", "France Travail Caen"),
}


@dataclass
class Jury:
    """The ids the tests need to reach the event, its teams, jurors and rubric."""

    event_id: uuid.UUID
    screen_token: str
    teams: dict[str, uuid.UUID]
    codes: dict[str, str]
    jurors: dict[str, uuid.UUID]
    invitations: dict[str, str]
    criteria: list[uuid.UUID]


# --- the app, on SQLite and PostgreSQL -----------------------------------------------------------------------------

_postgres = {}  # "reachable", and "schema" once this session made the tables


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """As in tests/conftest.py, without dropping PostgreSQL's schema before each test (see `app`)."""
    if request.param == "postgresql":
        if "reachable" not in _postgres:
            _postgres["reachable"] = postgres_reachable()
        require_server(_postgres["reachable"], f"PostgreSQL at {POSTGRES_URL}")
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app(database_url):
    """A fresh app on an empty database, as in tests/conftest.py; but on PostgreSQL the tables are made once per
    session and emptied before each test: making them is most of a jury test's time there. The organiser still
    signs in through the real form (tests/conftest.py makes the password hasher cheap)."""
    app = create_app(type("DatabaseTestConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url}))
    postgres = database_url == POSTGRES_URL
    with app.app_context():
        if not postgres:
            db.create_all()
        elif _postgres.get("schema") and sa.inspect(db.engine).has_table(Score.__tablename__):
            with db.engine.begin() as connection:
                for table in reversed(db.metadata.sorted_tables):
                    connection.execute(table.delete())
        else:  # first test of the session, or another package's fixture dropped the tables since
            reset_postgres()
            db.create_all()
            _postgres["schema"] = True
        limiter.reset()
    yield app
    with app.app_context():
        settle_studio(stop=True)  # as tests/conftest.py: no studio loop of this app outlives it
        db.session.remove()
        if not postgres:
            db.drop_all()
        db.engine.dispose()


@contextmanager
def database(app):
    """A short request context to call the services or read what the requests stored (requests never share it)."""
    with app.test_request_context():
        yield db.session
        db.session.remove()


def build_jury(
    app, *, name="Badgeathon Caen", audience_vote=False, winners=2, organiser=True, teams=TEAMS, jurors=JURORS
) -> Jury:
    with database(app):
        if organiser:
            auth.create_organiser("Orga", ORGANISER_EMAIL, PASSWORD)
        event = events.create_event(
            events.EventDetails(
                name,
                "Caen",
                datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
                360,
                winners,
                ("Transition écologique", "Transition numérique"),
                audience_vote=audience_vote,
            )
        )
        made = {}
        for _member, structure in teams.values():  # known structures: a joiner's typed one is matched to them
            events.organisation_named(structure)
        for team_name, (member, structure) in teams.items():
            team = events.add_team(event, team_name, None)
            joining.join_team(team.join_code, member, structure)
            made[team_name] = team
        people = {key: events.add_juror(event, *details) for key, details in jurors.items()}
        criteria = rubric.criteria_of(event)
        db.session.commit()
        return Jury(
            event.public_id,
            event.screen_token,
            {n: t.public_id for n, t in made.items()},
            {n: t.join_code for n, t in made.items()},
            {k: p.public_id for k, p in people.items()},
            {k: auth.invitation_token(p) for k, p in people.items()},
            [c.public_id for c in criteria],
        )


@pytest.fixture
def jury(app) -> Jury:
    return build_jury(app)


# --- reading the database -----------------------------------------------------------------------------------------


def the_event(jury: Jury) -> Event:
    return db.session.execute(db.select(Event).filter_by(public_id=jury.event_id)).scalar_one()


def juror(jury: Jury, key: str) -> Person:
    return db.session.execute(db.select(Person).filter_by(public_id=jury.jurors[key])).scalar_one()


def team(jury: Jury, name: str) -> Team:
    return db.session.execute(db.select(Team).filter_by(public_id=jury.teams[name])).scalar_one()


def organiser() -> Person:
    return db.session.execute(db.select(Person).filter_by(email=ORGANISER_EMAIL)).scalar_one()


def count(model, **filters) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model).filter_by(**filters)).scalar()


# --- moving the event along ---------------------------------------------------------------------------------------


def move_to(app, jury: Jury, target: Phase) -> None:
    """Walk the event one phase at a time to `target`, as the organiser does."""
    with database(app):
        event, by = the_event(jury), organiser()
        while event.phase != target:
            step = 1 if ORDER.index(target) > ORDER.index(event.phase) else -1
            moves.move_phase(event, ORDER[ORDER.index(event.phase) + step], by)


def score(app, jury: Jury, key: str, team_name: str, values) -> None:
    """A juror's whole sheet for one badge: one value for every criterion, or a list in rubric order."""
    values = values if isinstance(values, list) else [values] * len(jury.criteria)
    with database(app):
        person = juror(jury, key)
        for criterion, value in zip(jury.criteria, values, strict=False):  # a shorter list: the first criteria only
            scoring.save_score(person, jury.teams[team_name], criterion, value)


def note(app, jury: Jury, key: str, team_name: str, comment: str, feedback: str = "") -> None:
    with database(app):
        scoring.save_note(juror(jury, key), jury.teams[team_name], comment, feedback)


def recuse(app, jury: Jury, key: str, team_name: str, recused: bool | None, reason: str = "") -> None:
    with database(app):
        scoring.set_recusal(the_event(jury), organiser(), jury.jurors[key], jury.teams[team_name], recused, reason)


# Ada and Chloé agree: Les Voisins first, Les Zélés second, Les Pionniers last (Basile is recused for Les Pionniers).
CLEAR_RANKING = ["Les Voisins", "Les Zélés", "Les Pionniers"]


def score_everything(app, jury: Jury) -> None:
    """Every juror's whole sheet for every badge they may score, so the ranking is CLEAR_RANKING. Written in one
    go, straight to the table (saving a score through the service is what test_scoring checks)."""
    with database(app) as session:
        event = the_event(jury)
        for key, marks in {"ada": (5, 3, 1), "basile": (4, 2, None), "chloe": (4, 3, 2)}.items():
            person = juror(jury, key)
            for team_name, value in zip(CLEAR_RANKING, marks, strict=True):
                if value is None:
                    assert recusal_service.recusal_for(person, team(jury, team_name)).recused
                    continue
                session.add_all(
                    Score(
                        event_id=event.id,
                        juror_id=person.id,
                        team_id=team(jury, team_name).id,
                        criterion_id=criterion.id,
                        value=value,
                    )
                    for criterion in event.criteria
                )
        session.commit()


@pytest.fixture
def locked(app, jury) -> Jury:
    """The pitches, every juror's scores, then the move to deliberation that locks scoring."""
    move_to(app, jury, Phase.PITCHES)
    score_everything(app, jury)
    move_to(app, jury, Phase.DELIBERATION)
    return jury


# --- signed-in clients --------------------------------------------------------------------------------------------


def juror_client(app, jury: Jury, key: str):
    """A juror's browser, signed in with their invitation link."""
    client = app.test_client()
    response = client.post(f"/invitation/{jury.invitations[key]}")
    assert response.status_code == 302, response.status_code
    return client


def organiser_client(app):
    client = app.test_client()
    response = client.post("/login", data={"email": ORGANISER_EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


def participant_client(app, jury: Jury, team_name: str, name: str, organisation: str = ""):
    """A participant's browser, joined to a team with its code."""
    client = app.test_client()
    response = client.post(f"/join/{jury.codes[team_name]}", data={"name": name, "organisation": organisation})
    assert response.status_code == 302, response.status_code
    return client


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def deliberation_table(response) -> list[tuple[str, str]]:
    """(rank, team) of each line of the deliberation page's table."""
    return re.findall(
        r"<tr[^>]*>\s*<td>(\d+|—)[^<]*(?:<span[^>]*>[^<]*</span>)?</td>"
        r'\s*<th scope="row"><a [^>]*><span>([^<]+)<',
        page(response),
    )


def post_score(client, jury: Jury, team_name: str, criterion: int | uuid.UUID, value):
    criterion_id = jury.criteria[criterion] if isinstance(criterion, int) else criterion
    return client.post(
        f"/jury/scoring/{jury.teams[team_name]}/scores", json={"criterion": str(criterion_id), "value": value}
    )


def post_note(client, jury: Jury, team_name: str, comment: str, feedback: str = ""):
    return client.post(f"/jury/scoring/{jury.teams[team_name]}/note", json={"comment": comment, "feedback": feedback})
