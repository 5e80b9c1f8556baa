"""A GET never writes: every GET route of the role matrix, asked by each role, leaves the database as it was."""

import re
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from badgeathon.extensions import db
from tests.auth.test_role_matrix import ROLES, routes, url_args

READS = re.compile(
    r"\s*(SELECT|PRAGMA|BEGIN|SAVEPOINT|RELEASE|ROLLBACK|COMMIT|SET|SHOW"
    r"|WITH\s+\w+\s+AS\s*\(\s*SELECT)\b",
    re.IGNORECASE,
)


class Writes:
    """What the database was asked to change: ORM flushes with something in them, and Core statements that are no
    read (many writes here never flush: they are plain INSERT / UPDATE / DELETE statements)."""

    def __init__(self):
        self.seen: list[str] = []

    def flush(self, session, flush_context, instances):
        if session.new or session.dirty or session.deleted:
            changed = [
                type(obj).__name__
                for obj in (*session.new, *session.dirty, *session.deleted)
                if session.is_modified(obj) or obj in session.new or obj in session.deleted
            ]
            if changed:
                self.seen.append(f"flush {sorted(set(changed))}")

    def statement(self, conn, cursor, statement, parameters, context, executemany):
        if not READS.match(statement) or re.match(r"\s*SELECT\b.*\bFOR UPDATE\b", statement, re.I | re.S):
            if READS.match(statement):  # a row lock: a read that means to write
                self.seen.append(f"lock {statement.split()[:8]}")
            else:
                self.seen.append(" ".join(statement.split()[:6]))


@contextmanager
def counting_writes(app):
    writes = Writes()
    with app.app_context():
        engine = db.engine
    sa.event.listen(Session, "before_flush", writes.flush)
    sa.event.listen(engine, "before_cursor_execute", writes.statement)
    try:
        yield writes
    finally:
        sa.event.remove(engine, "before_cursor_execute", writes.statement)
        sa.event.remove(Session, "before_flush", writes.flush)


def settle(app):
    """Let the studio write what sign-in and setup queued, so that only the GETs' own writes are counted."""
    from tests.conftest import settle_studio

    with app.app_context():
        settle_studio()
        db.session.remove()


def gets_that_write(app, world, client) -> list[tuple]:
    """Every GET route, asked by `client`: those that wrote, with what they wrote."""
    from flask import url_for

    settle(app)
    writers = []
    for rule, method in routes(app):
        if method != "GET":
            continue
        args = url_args(rule.endpoint, world)
        # a team's page is asked for both teams: nobody opened the second one's studio yet
        for team_id in (world.team_id, world.other_team_id) if "team_id" in rule.arguments else (None,):
            with app.test_request_context():
                url = url_for(
                    rule.endpoint, **{k: v for k, v in {**args, "team_id": team_id}.items() if k in rule.arguments}
                )
            with counting_writes(app) as writes:
                response = client.get(url)
                settle(app)
            if writes.seen:
                writers.append((url, response.status_code, writes.seen[:3]))
    return writers


@pytest.mark.parametrize("role", ROLES)
def test_no_get_writes_to_the_database(app, world, as_role, role):
    writers = gets_that_write(app, world, as_role(role))
    assert not writers, "GETs that wrote:\n" + "\n".join(map(str, writers))


def past_the_deadline_with_an_edit_not_in_the_view(app, world) -> None:
    """The design phase, its deadline passed with nobody moving the phase (the lock is due), and the team's design
    holding an edit its stored view does not show yet: what pages used to write on sight."""
    from datetime import timedelta

    from pycrdt import Map

    from badgeathon.db_types import utcnow
    from badgeathon.events.models import Event, Team
    from badgeathon.events.phases import Phase
    from badgeathon.workshop import document, store, studio
    from badgeathon.workshop.models import Design

    with app.app_context():
        team = db.session.execute(db.select(Team).filter_by(public_id=world.team_id)).scalar_one()
        design_id = studio.design_for_team(team).id
        doc = document.load(studio.full_state(design_id)[0])
        before = doc.get_state()
        doc.get(document.ROOT, type=Map)["pitch"].insert(0, "Pas encore dans la vue")
        store.current().receive(design_id, None, doc.get_update(before))
        store.current().flush()
        settle(app)
        db.session.execute(db.update(Design).where(Design.id == design_id).values(view_through=0))
        db.session.execute(
            db.update(Event)
            .where(Event.public_id == world.event_id)
            .values(phase=Phase.DESIGN, design_deadline=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
        db.session.remove()


@pytest.mark.parametrize("role", ROLES)
def test_no_get_writes_after_the_deadline_with_edits_not_yet_in_the_view(app, world, as_role, role):
    client = as_role(role)
    past_the_deadline_with_an_edit_not_in_the_view(app, world)
    writers = gets_that_write(app, world, client)
    assert not writers, "GETs that wrote:\n" + "\n".join(map(str, writers))
