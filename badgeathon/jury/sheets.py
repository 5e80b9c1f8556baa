"""What jurors and organisers read of the scoring: a juror's sheet for one badge (only their own scores and notes),
each juror's progress (counts only), the running order, and whether scoring is open. Reads only."""

import uuid
from dataclasses import dataclass
from functools import cache

from sqlalchemy.orm import aliased, joinedload

from ..auth.models import Person
from ..errors import NotFound
from ..events.models import Event, Team
from ..events.phases import Phase
from ..events.pitches import running_order
from ..extensions import db
from . import rubric
from .models import Criterion, FinalSheet, Note, Recusal, Score
from .recusal_service import RecusalState, automatic_by, override_by, recusal_state, recusals, recused_by

SCORING_PHASES = (Phase.PITCHES, Phase.SCORING)


@dataclass(frozen=True)
class Progress:
    juror_id: int
    name: str
    scored: int  # badges with every criterion scored
    to_score: int  # badges the juror is not recused for
    final: bool

    def as_dict(self) -> dict:
        return {
            "juror": self.juror_id,
            "name": self.name,
            "scored": self.scored,
            "to_score": self.to_score,
            "final": self.final,
        }


def scoring_open(event: Event) -> bool:
    return event.phase in SCORING_PHASES


def pitch_order(event: Event) -> list[Team]:
    """The running order of the pitches, which is also the order of the scoring screen."""
    return running_order(event.teams)


# The hot path's statements are built once, with these parameters: building a statement of subqueries costs more
# than running it, and a statement object kept keeps its cache key (SQLAlchemy's compiled cache does the rest).
JUROR, STRUCTURE, EVENT = (
    db.bindparam("juror_id"),
    db.bindparam("structure_id", type_=db.Integer),
    db.bindparam("event_id"),
)


def juror_parameters(juror: Person) -> dict:
    return {"juror_id": juror.id, "structure_id": juror.organisation_id, "event_id": juror.event_id}


def progress_columns() -> list:
    """SQL for one juror's progress (see Progress): the rubric's size, the badges to score and the complete sheets
    among them, and the final mark. Aliases, so that a statement that also reads a team or a criterion keeps them
    apart."""
    criteria, teams = aliased(Criterion), aliased(Team)
    size = db.select(db.func.count(criteria.id)).where(criteria.event_id == EVENT).scalar_subquery()
    complete = (
        db.select(Score.team_id)
        .where(Score.juror_id == JUROR)
        .group_by(Score.team_id)
        .having(db.func.count(Score.id) >= size)
        .subquery()
    )  # no criteria: no score, no complete sheet
    return [
        size.label("criteria"),
        db.select(db.func.count(teams.id))
        .where(teams.event_id == EVENT, db.not_(recused_by(JUROR, STRUCTURE, teams.id)))
        .scalar_subquery()
        .label("to_score"),
        db.select(db.func.count())
        .select_from(complete)
        .where(db.not_(recused_by(JUROR, STRUCTURE, complete.c.team_id)))
        .scalar_subquery()
        .label("scored"),
        db.exists().where(FinalSheet.juror_id == JUROR).label("final"),
    ]


@cache
def _progress_statement():
    return db.select(*progress_columns())


def team_of(event: Event, public_id: uuid.UUID, *options) -> Team:
    team = db.session.execute(
        db.select(Team).where(Team.public_id == public_id, Team.event_id == event.id).options(*options)
    ).scalar_one_or_none()
    if team is None:
        raise NotFound()
    return team


def is_final(juror: Person) -> bool:
    return db.session.get(FinalSheet, juror.id) is not None


@dataclass(frozen=True)
class Sheet:
    """What the scoring screen shows a juror for one badge: only their own scores and notes."""

    event: Event
    team: Team
    position: int  # in the running order, from 0
    teams: list  # (id, public_id, name) in the running order
    previous: object | None  # the nearest badge before this one that the juror may score (a row of `teams`)
    following: object | None  # the nearest one after it: "badge suivant"
    criteria: list[Criterion]
    scores: dict[str, int]  # criterion public id -> value
    note: Note | None
    recusal: RecusalState
    final: bool
    open: bool
    progress: Progress


@cache
def _running_order_statement():
    """The running order (see pitch_order) as light rows, only names and links, each with the juror's recusal, how
    many of its criteria the juror scored, and the juror's final mark."""
    return (
        db.select(
            Team.id,
            Team.public_id,
            Team.name,
            automatic_by(STRUCTURE, Team.id).label("automatic"),
            override_by(JUROR, Team.id, Recusal.recused).label("override"),
            override_by(JUROR, Team.id, Recusal.reason).label("reason"),
            db.select(db.func.count(Score.id))
            .where(Score.juror_id == JUROR, Score.team_id == Team.id)
            .scalar_subquery()
            .label("scored"),
            db.exists().where(FinalSheet.juror_id == JUROR).label("final"),
        )
        .where(Team.event_id == EVENT)
        .order_by(Team.pitch_position.is_(None), Team.pitch_position, Team.name)
    )


def sheet(juror: Person, team_public_id: uuid.UUID) -> Sheet:
    """The juror's sheet for one badge: 5 statements."""
    event = db.session.get(Event, juror.event_id, options=[joinedload(Event.criteria)])
    criteria = rubric.criteria_of(event)
    team = team_of(event, team_public_id, joinedload(Team.design))
    teams = db.session.execute(_running_order_statement(), juror_parameters(juror)).all()
    by_id = {c.id: c for c in criteria}
    scores = {
        str(by_id[criterion_id].public_id): value
        for criterion_id, value in db.session.execute(
            db.select(Score.criterion_id, Score.value).where(Score.juror_id == juror.id, Score.team_id == team.id)
        )
    }
    note = db.session.execute(
        db.select(Note).where(Note.juror_id == juror.id, Note.team_id == team.id)
    ).scalar_one_or_none()
    position = [row.id for row in teams].index(team.id)
    states = [recusal_state(row.automatic, row.override, row.reason) for row in teams]
    # skipped by "précédent" and "suivant"
    recused = {row.id for row, state in zip(teams, states, strict=True) if state.recused}
    to_score = [row for row in teams if row.id not in recused]
    final = bool(teams[position].final)
    progress = Progress(
        juror.id, juror.name, sum(1 for row in to_score if row.scored >= max(len(criteria), 1)), len(to_score), final
    )  # as progress_of counts it
    return Sheet(
        event=event,
        team=team,
        position=position,
        teams=teams,
        previous=next((row for row in reversed(teams[:position]) if row.id not in recused), None),
        following=next((row for row in teams[position + 1 :] if row.id not in recused), None),
        criteria=criteria,
        scores=scores,
        note=note,
        recusal=states[position],
        final=final,
        open=scoring_open(event),
        progress=progress,
    )


def progress(event: Event) -> list[Progress]:
    """Each juror's progress (counts only: no score leaves this function)."""
    states = recusals(event)
    criteria = len(event.criteria)
    complete = _complete_sheets(event, criteria)
    finals = set(db.session.execute(db.select(FinalSheet.juror_id).where(FinalSheet.event_id == event.id)).scalars())
    return [
        Progress(
            juror.id,
            juror.name,
            sum(1 for team_id in complete.get(juror.id, ()) if not states[juror.id, team_id].recused),
            sum(1 for team in event.teams if not states[juror.id, team.id].recused),
            juror.id in finals,
        )
        for juror in event.jurors
    ]


def progress_of(juror: Person) -> Progress:
    """One juror's progress, in one statement."""
    row = db.session.execute(_progress_statement(), juror_parameters(juror)).one()
    return Progress(juror.id, juror.name, row.scored, row.to_score, bool(row.final))


def _complete_sheets(event: Event, criteria: int) -> dict[int, set[int]]:
    """Per juror, the badges (team ids) that have all their criteria scored."""
    complete: dict[int, set[int]] = {}
    for juror_id, team_id in db.session.execute(
        db.select(Score.juror_id, Score.team_id)
        .where(Score.event_id == event.id)
        .group_by(Score.juror_id, Score.team_id)
        .having(db.func.count(Score.id) >= max(criteria, 1))
    ):
        complete.setdefault(juror_id, set()).add(team_id)
    return complete
