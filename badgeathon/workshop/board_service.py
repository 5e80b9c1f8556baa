"""The organiser's live board of an event, read from stored data only: each team's people online, last edit and
checklist progress. A GET: it never writes, and never decodes a CRDT (the design's stored view serves)."""
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from ..db_types import utcnow
from ..events.models import Event, PhaseChange
from ..events.phases import Phase
from ..extensions import db
from . import board, online
from .models import Design


@dataclass(frozen=True)
class TeamLine:
    """One team on the board."""

    team_id: object          # the team's public id (its page shows its design)
    name: str
    members: int             # its roster, joined or not yet
    online: list[str]        # names of the members with the studio open now
    last_activity: datetime | None
    since: board.Since
    progress: board.Progress
    stuck: bool


def design_started(event: Event) -> datetime | None:
    """When the event last entered its design phase."""
    return db.session.execute(
        db.select(db.func.max(PhaseChange.at)).where(PhaseChange.event_id == event.id,
                                                     PhaseChange.to_phase == Phase.DESIGN)).scalar_one()


def board_of(event: Event, now: datetime | None = None) -> list[TeamLine]:
    """The board's lines, in the teams' order: a few queries for the whole event, whatever its number of teams."""
    now = now or utcnow()
    teams = list(event.teams)
    designs = {row.team_id: row for row in db.session.execute(
        db.select(Design.id, Design.team_id, Design.log_head, Design.updated_at, Design.view)
        .where(Design.team_id.in_([team.id for team in teams])))}
    names = online.names_by_design([row.id for row in designs.values()], now)
    started = design_started(event) if event.phase == Phase.DESIGN else None
    stuck_minutes = current_app.config["BOARD_STUCK_MINUTES"]
    lines = []
    for team in teams:
        design = designs.get(team.id)
        last = design.updated_at if design is not None and design.log_head > 0 else None
        lines.append(TeamLine(
            team.public_id, team.name, len(team.members), names.get(design.id, []) if design else [], last,
            board.since(last, now), board.progress(design.view if design is not None else {}),
            board.is_stuck(last, started, now, stuck_minutes)))
    return lines
