"""The organiser's live board of an event, read from stored data only: each team's people online, last edit and
checklist progress. A GET: it never writes, and never decodes a CRDT (the design's stored view serves)."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from ..auth.models import Person
from ..db_types import utcnow
from ..events.models import Event, PhaseChange
from ..events.phases import Phase
from ..extensions import db
from . import board, online
from .models import Design

# The app keeps each view's checklist progress by (design, view_through): a view changes only with view_through (a
# rebuild keeps its content), so the board checks only the views refreshed since its last look. Node-local: a cache.
CACHE_MAX = 2000


@dataclass(frozen=True)
class TeamLine:
    """One team on the board."""

    team_id: object  # the team's public id (its page shows its design)
    name: str
    members: int  # its roster, joined or not yet
    online: list[str]  # names of the members with the studio open now
    last_activity: datetime | None
    since: board.Since
    progress: board.Progress
    stuck: bool


def design_started(event: Event) -> datetime | None:
    """When the event last entered its design phase."""
    return db.session.execute(
        db.select(db.func.max(PhaseChange.at)).where(
            PhaseChange.event_id == event.id, PhaseChange.to_phase == Phase.DESIGN
        )
    ).scalar_one()


def board_of(event: Event, now: datetime | None = None) -> list[TeamLine]:
    """The board's lines, in the teams' order: a few queries for the whole event, whatever its number of teams."""
    now = now or utcnow()
    teams = list(event.teams)
    designs = {
        row.team_id: row
        for row in db.session.execute(
            db.select(Design.id, Design.team_id, Design.log_head, Design.updated_at, Design.view_through).where(
                Design.team_id.in_([team.id for team in teams])
            )
        )
    }
    progress = _progress_of([(row.id, row.view_through) for row in designs.values()])
    names = online.names_by_design([row.id for row in designs.values()], now)
    members = dict(
        db.session.execute(
            db.select(Person.team_id, db.func.count())
            .where(Person.team_id.in_([team.id for team in teams]))
            .group_by(Person.team_id)
        ).all()
    )
    started = design_started(event) if event.phase == Phase.DESIGN else None
    stuck_minutes = current_app.config["BOARD_STUCK_MINUTES"]
    nothing_done = board.progress({})
    lines = []
    for team in teams:
        design = designs.get(team.id)
        design_id = design.id if design is not None else None
        last = design.updated_at if design is not None and design.log_head > 0 else None
        lines.append(
            TeamLine(
                team.public_id,
                team.name,
                members.get(team.id, 0),
                names.get(design_id, []),
                last,
                board.since(last, now),
                progress.get(design_id, nothing_done),
                board.is_stuck(last, started, now, stuck_minutes),
            )
        )
    return lines


def _progress_of(keys: list[tuple[int, int]]) -> dict[int, board.Progress]:
    """Progress per design id; only the views not seen at their current refresh are read and checked."""
    cache = current_app.extensions.setdefault("board_progress", {})
    found = {design_id: cache[(design_id, through)] for design_id, through in keys if (design_id, through) in cache}
    missing = [design_id for design_id, _ in keys if design_id not in found]
    if missing:
        if len(cache) > CACHE_MAX:
            cache.clear()
        for design_id, through, view in db.session.execute(  # maybe refreshed since: keyed as read
            db.select(Design.id, Design.view_through, Design.view).where(Design.id.in_(missing))
        ):
            found[design_id] = cache[(design_id, through)] = board.progress(view)
    return found
