"""Who has their team's studio open now, kept in the database so that the organiser's board sees every node's sockets;
each arrival or departure tells the event's organisers (the /live organisers' room) once it is committed."""

from datetime import datetime, timedelta

from flask import current_app

from ..auth.models import Person
from ..db_types import utcnow
from ..events.models import Team
from ..extensions import db
from ..realtime import LIVE, announce, organisers_room
from .models import Design, StudioPresence


def _expiry(now: datetime) -> datetime:
    return now - timedelta(seconds=current_app.config["WORKSHOP_PRESENCE_SECONDS"])


def arrived(sid: str, design_id: int, person_id: int) -> None:
    """A team member's socket joined their design (again: a rejoin only refreshes it). Rows of sockets gone silent
    (a node that died) are swept here, on a write path, never by the board's reads."""
    now = utcnow()
    db.session.execute(db.delete(StudioPresence).where(StudioPresence.seen_at < _expiry(now)))
    row = db.session.get(StudioPresence, (sid, design_id))
    if row is None:
        db.session.add(StudioPresence(sid=sid, design_id=design_id, person_id=person_id, seen_at=now))
    else:
        row.seen_at = now
    _tell_organisers([design_id])
    db.session.commit()


def still_here(sid: str, design_id: int, person_id: int) -> None:
    """The socket synced: it is alive (the sockets call this at most every WORKSHOP_PRESENCE_TOUCH_SECONDS). One
    small UPDATE; a row missing (the database was away when it joined, or it was swept after a long silence) is made
    again."""
    now = utcnow()
    touched = db.session.execute(
        db.update(StudioPresence)
        .where(StudioPresence.sid == sid, StudioPresence.design_id == design_id)
        .values(seen_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if touched:
        db.session.commit()
    else:
        arrived(sid, design_id, person_id)


def left(sid: str) -> None:
    """The socket closed: it no longer counts anywhere."""
    designs = list(db.session.execute(db.select(StudioPresence.design_id).where(StudioPresence.sid == sid)).scalars())
    if not designs:
        return
    db.session.execute(db.delete(StudioPresence).where(StudioPresence.sid == sid))
    _tell_organisers(designs)
    db.session.commit()


def names_by_design(design_ids: list[int], now: datetime | None = None) -> dict[int, list[str]]:
    """The names of the people who have each design open now, each once however many tabs they opened."""
    if not design_ids:
        return {}
    rows = db.session.execute(
        db.select(StudioPresence.design_id, Person.id, Person.name)
        .distinct()
        .join(Person, Person.id == StudioPresence.person_id)
        .where(StudioPresence.design_id.in_(design_ids), StudioPresence.seen_at >= _expiry(now or utcnow()))
    ).all()
    names: dict[int, list[str]] = {}
    for design_id, _person, name in rows:
        names.setdefault(design_id, []).append(name)
    return {design_id: sorted(found, key=str.casefold) for design_id, found in names.items()}


def _tell_organisers(design_ids: list[int]) -> None:
    for event_id, team_id in db.session.execute(
        db.select(Team.event_id, Team.public_id)
        .join(Design, Design.team_id == Team.id)
        .where(Design.id.in_(design_ids))
    ).all():
        tell_board(event_id, team_id)


def tell_board(event_id: int, team_public_id) -> None:
    """ "This team's line moved": the board fetches its figures again (the message carries no data, so a missed or
    late one leaves nothing wrong). Sent when the caller's transaction commits (see realtime.announce)."""
    announce("board", {"team": str(team_public_id)}, to=organisers_room(event_id), namespace=LIVE)
