"""Scoring use cases: a juror's sheet for one badge, saving a score or a note, recusal (and logging what the rule's
own changes do), marking one's scoring final, and each juror's progress. A juror only ever reads their own scores."""
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from ..auth.models import Person, Role
from ..db_types import utcnow
from ..errors import BadgeathonError, Conflict, NotFound
from ..events import signals
from ..events.models import Event, Organisation, Team
from ..events.phases import Phase
from ..events.pitches import running_order
from ..extensions import db, socketio
from ..realtime import LIVE, organisers_room
from . import audit, recusal, rubric
from .models import AuditEntry, Criterion, FinalSheet, Note, Recusal, Score

SCORING_PHASES = (Phase.PITCHES, Phase.SCORING)
NOTE_LIMIT = 4000
FEEDBACK_LIMIT = 600


class ScoringClosed(Conflict):
    code = "scoring_closed"
    default_message = _l("La notation n'est pas ouverte : elle s'ouvre aux pitchs et se ferme à la délibération.")


class ScoringFinal(Conflict):
    code = "scoring_final"
    default_message = _l("Vous avez déclaré votre notation définitive : elle ne peut plus changer.")


class Recused(Conflict):
    code = "recused"
    status = 403
    default_message = _l("Vous êtes récusé·e pour ce badge : vous ne pouvez pas le noter.")


@dataclass(frozen=True)
class RecusalState:
    recused: bool
    automatic: bool           # what the rule says: the juror's structure is a team member's
    override: bool | None     # the organiser's word, if any
    reason: str = ""


@dataclass(frozen=True)
class Progress:
    juror_id: int
    name: str
    scored: int     # badges with every criterion scored
    to_score: int   # badges the juror is not recused for
    final: bool

    def as_dict(self) -> dict:
        return {"juror": self.juror_id, "name": self.name, "scored": self.scored, "to_score": self.to_score,
                "final": self.final}


def scoring_open(event: Event) -> bool:
    return event.phase in SCORING_PHASES


def pitch_order(event: Event) -> list[Team]:
    """The running order of the pitches, which is also the order of the scoring screen."""
    return running_order(event.teams)


def recusals(event: Event) -> dict[tuple[int, int], RecusalState]:
    """Every juror × team pair of the event with its recusal state, in one statement."""
    juror = aliased(Person)  # the members the automatic rule looks at are Person too
    return {(row.juror_id, row.team_id): _recusal_state(row.automatic, row.override, row.reason)
            for row in db.session.execute(db.select(
                juror.id.label("juror_id"), Team.id.label("team_id"),
                _automatic_by(juror.organisation_id, Team.id).label("automatic"),
                _override_by(juror.id, Team.id, Recusal.recused).label("override"),
                _override_by(juror.id, Team.id, Recusal.reason).label("reason"))
                .select_from(juror).join(Team, Team.event_id == juror.event_id)  # every juror × every team
                .where(juror.event_id == event.id, juror.role == Role.JUROR))}


def recusal_for(juror: Person, team: Team) -> RecusalState:
    juror_id, structure_id = _juror_values(juror)
    automatic, override, reason = db.session.execute(db.select(
        _automatic_by(structure_id, team.id), _override_by(juror_id, team.id, Recusal.recused),
        _override_by(juror_id, team.id, Recusal.reason))).one()
    return _recusal_state(automatic, override, reason)


def _recusal_state(automatic, override, reason) -> RecusalState:
    """A pair's state from its SQL row (`_automatic_by`, `_override_by`): the same rule as `_recused_by`."""
    automatic, override = bool(automatic), None if override is None else bool(override)
    return RecusalState(recusal.decided(automatic, override), automatic, override,
                        (reason or "") if override is not None else "")


def recused_teams(juror: Person) -> set[int]:
    """The ids of the teams this juror is recused for."""
    return set(db.session.execute(
        db.select(Team.id).where(Team.event_id == juror.event_id, _recused_by(*_juror_values(juror), Team.id))
    ).scalars())


def _juror_values(juror: Person) -> tuple:
    """The juror's id and structure as SQL values (a missing structure too: it is never a team member's)."""
    return db.literal(juror.id), db.literal(juror.organisation_id, db.Integer)


def _automatic_by(structure_id, team_id) -> ColumnElement[bool]:
    """SQL for the automatic rule: a member of the team comes from the juror's structure (a NULL one: never)."""
    return db.exists().where(Person.team_id == team_id, Person.organisation_id == structure_id)


def _override_by(juror_id, team_id, column):
    """SQL for the organiser's word on this juror and team (`column` of their Recusal), NULL if none."""
    return db.select(column).where(Recusal.juror_id == juror_id, Recusal.team_id == team_id).scalar_subquery()


def _recused_by(juror_id, structure_id, team_id) -> ColumnElement[bool]:
    """SQL for "this juror is recused for this team": the organiser's word if any, else the automatic rule
    (recusal.is_recused in SQL; `_recusal_state` reads the same two columns for a state). The juror's id and
    structure may be bound parameters, so that a statement built once serves every juror."""
    return db.func.coalesce(_override_by(juror_id, team_id, Recusal.recused), _automatic_by(structure_id, team_id))


# The hot path's statements are built once, with these parameters: building a statement of subqueries costs more
# than running it, and a statement object kept keeps its cache key (SQLAlchemy's compiled cache does the rest).
_JUROR, _STRUCTURE, _EVENT = db.bindparam("juror_id"), db.bindparam("structure_id", type_=db.Integer), \
    db.bindparam("event_id")


def _juror_parameters(juror: Person) -> dict:
    return {"juror_id": juror.id, "structure_id": juror.organisation_id, "event_id": juror.event_id}


def _progress_columns() -> list:
    """SQL for one juror's progress (see Progress): the rubric's size, the badges to score and the complete sheets
    among them, and the final mark. Aliases, so that a statement that also reads a team or a criterion keeps them
    apart."""
    criteria, teams = aliased(Criterion), aliased(Team)
    size = db.select(db.func.count(criteria.id)).where(criteria.event_id == _EVENT).scalar_subquery()
    complete = (db.select(Score.team_id).where(Score.juror_id == _JUROR).group_by(Score.team_id)
                .having(db.func.count(Score.id) >= size).subquery())  # no criteria: no score, no complete sheet
    return [
        size.label("criteria"),
        db.select(db.func.count(teams.id)).where(teams.event_id == _EVENT,
                                                 db.not_(_recused_by(_JUROR, _STRUCTURE, teams.id)))
        .scalar_subquery().label("to_score"),
        db.select(db.func.count()).select_from(complete)
        .where(db.not_(_recused_by(_JUROR, _STRUCTURE, complete.c.team_id))).scalar_subquery().label("scored"),
        db.exists().where(FinalSheet.juror_id == _JUROR).label("final"),
    ]


@cache
def _progress_statement():
    return db.select(*_progress_columns())


@cache
def _score_writes() -> tuple:
    """A save's insert, update and delete of the juror's score (plain statements on the table, built once)."""
    score = Score.__table__
    mine = (score.c.juror_id == db.bindparam("the_juror"), score.c.team_id == db.bindparam("the_team"),
            score.c.criterion_id == db.bindparam("the_criterion"))
    return (score.insert(),
            score.update().where(*mine).values(value=db.bindparam("new_value"), updated_at=db.bindparam("now")),
            score.delete().where(*mine))


@cache
def _save_statement():
    """Every fact a save's rules need, and the juror's progress before it, in one statement."""
    return (
        db.select(Event.phase, Team.id.label("team_id"), Team.name.label("team"), Criterion.id.label("criterion_id"),
                  Criterion.name.label("criterion"), Criterion.scale_min, Criterion.scale_max,
                  _recused_by(_JUROR, _STRUCTURE, Team.id).label("recused"),
                  db.select(Score.value).where(Score.juror_id == _JUROR, Score.team_id == Team.id,
                                               Score.criterion_id == Criterion.id).scalar_subquery().label("before"),
                  db.select(db.func.count(Score.id)).where(Score.juror_id == _JUROR, Score.team_id == Team.id)
                  .scalar_subquery().label("sheet"),  # the scores this badge's sheet holds
                  *_progress_columns())
        .select_from(Team).join(Event, Event.id == Team.event_id).join(Criterion, Criterion.event_id == Event.id)
        .where(Event.id == _EVENT, Team.public_id == db.bindparam("team"),
               Criterion.public_id == db.bindparam("criterion")))


def team_of(event: Event, public_id: uuid.UUID, *options) -> Team:
    team = db.session.execute(db.select(Team).where(Team.public_id == public_id, Team.event_id == event.id)
                              .options(*options)).scalar_one_or_none()
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
    position: int                  # in the running order, from 0
    teams: list            # (id, public_id, name) in the running order
    previous: object | None        # the nearest badge before this one that the juror may score (a row of `teams`)
    following: object | None       # the nearest one after it: "badge suivant"
    criteria: list[Criterion]
    scores: dict[str, int]         # criterion public id -> value
    note: Note | None
    recusal: RecusalState
    final: bool
    open: bool
    progress: Progress


@cache
def _running_order_statement():
    """The running order (see pitch_order) as light rows, only names and links, each with the juror's recusal, how
    many of its criteria the juror scored, and the juror's final mark."""
    return (db.select(Team.id, Team.public_id, Team.name, _automatic_by(_STRUCTURE, Team.id).label("automatic"),
                      _override_by(_JUROR, Team.id, Recusal.recused).label("override"),
                      _override_by(_JUROR, Team.id, Recusal.reason).label("reason"),
                      db.select(db.func.count(Score.id)).where(Score.juror_id == _JUROR, Score.team_id == Team.id)
                      .scalar_subquery().label("scored"),
                      db.exists().where(FinalSheet.juror_id == _JUROR).label("final"))
            .where(Team.event_id == _EVENT)
            .order_by(Team.pitch_position.is_(None), Team.pitch_position, Team.name))


def sheet(juror: Person, team_public_id: uuid.UUID) -> Sheet:
    """The juror's sheet for one badge: 5 statements."""
    event = db.session.get(Event, juror.event_id, options=[joinedload(Event.criteria)])
    criteria = rubric.criteria_of(event)
    team = team_of(event, team_public_id, joinedload(Team.design))
    teams = db.session.execute(_running_order_statement(), _juror_parameters(juror)).all()
    by_id = {c.id: c for c in criteria}
    scores = {str(by_id[criterion_id].public_id): value for criterion_id, value in db.session.execute(
        db.select(Score.criterion_id, Score.value).where(Score.juror_id == juror.id, Score.team_id == team.id))}
    note = db.session.execute(
        db.select(Note).where(Note.juror_id == juror.id, Note.team_id == team.id)).scalar_one_or_none()
    position = [row.id for row in teams].index(team.id)
    states = [_recusal_state(row.automatic, row.override, row.reason) for row in teams]
    recused = {row.id for row, state in zip(teams, states, strict=True)  # skipped by "précédent" and "suivant"
               if state.recused}
    to_score = [row for row in teams if row.id not in recused]
    final = bool(teams[position].final)
    progress = Progress(juror.id, juror.name, sum(1 for row in to_score if row.scored >= max(len(criteria), 1)),
                        len(to_score), final)  # as progress_of counts it
    return Sheet(event=event, team=team, position=position, teams=teams,
                 previous=next((row for row in reversed(teams[:position]) if row.id not in recused), None),
                 following=next((row for row in teams[position + 1:] if row.id not in recused), None),
                 criteria=criteria, scores=scores, note=note, recusal=states[position],
                 final=final, open=scoring_open(event), progress=progress)


def _check_can_score(juror: Person, team: Team) -> None:
    _gate(juror.event.phase, is_final(juror), team.id in recused_teams(juror))


def _gate(phase: Phase, final: bool, recused: bool) -> None:
    """What a juror's score or note must pass, in this order: scoring is open, the juror's scoring is not final, the
    juror is not recused for the badge (save_score reads the facts in its one statement, the others ask for them)."""
    if phase not in SCORING_PHASES:
        raise ScoringClosed()
    if final:
        raise ScoringFinal()
    if recused:
        raise Recused()


def save_score(juror: Person, team_public_id: uuid.UUID, criterion_public_id: uuid.UUID,
               value: int | None) -> Progress:
    """Record (or clear, with None) one juror's score for one criterion of one badge; logged with before/after.
    Answers the juror's progress once the save is committed: what it was, as read with the facts, moved by this
    save (the badge's sheet is complete or not; a badge one may score is never recused).
    The hot path of the jury: one statement reads every fact the rules need, then one write and its log line."""
    juror_id, event_id, name = juror.id, juror.event_id, juror.name  # read once: the commit expires the juror
    connection = db.session.connection()  # plain statements: the session's connection, without the ORM's path
    facts = connection.execute(_save_statement(), {**_juror_parameters(juror), "team": team_public_id,
                                                    "criterion": criterion_public_id}).one_or_none()
    if facts is None:
        raise NotFound()
    if value is not None and not facts.scale_min <= value <= facts.scale_max:
        raise BadgeathonError(_l("La note va de %(min)s à %(max)s.", min=facts.scale_min, max=facts.scale_max))
    progress = Progress(juror_id, name, facts.scored, facts.to_score, bool(facts.final))
    if facts.before == value:  # a resend after a dropped connection: already there, even if scoring has closed since
        return progress
    _gate(facts.phase, facts.final, facts.recused)
    mine = {"the_juror": juror_id, "the_team": facts.team_id, "the_criterion": facts.criterion_id}
    insert, update, delete = _score_writes()
    try:
        if value is None:
            connection.execute(delete, mine)
        elif facts.before is None:
            connection.execute(insert, {"event_id": event_id, "juror_id": juror_id, "team_id": facts.team_id,
                                        "criterion_id": facts.criterion_id, "value": value, "updated_at": utcnow()})
        else:
            connection.execute(update, {**mine, "new_value": value, "now": utcnow()})
        audit.record(event_id, juror, "score", f"{facts.team} · {facts.criterion}",
                     before={"value": facts.before}, after={"value": value})
        db.session.commit()
    except IntegrityError as error:  # the same score saved at the same moment from another tab: that one stands
        db.session.rollback()
        raise Conflict(_l("Cette note vient d'être enregistrée depuis un autre onglet : rechargez la page.")) from error
    _announce(juror_id, event_id)
    sheet = facts.sheet + (value is not None) - (facts.before is not None)
    complete_before, complete_after = facts.sheet >= facts.criteria, sheet >= facts.criteria
    return replace(progress, scored=progress.scored - complete_before + complete_after)


def save_note(juror: Person, team_public_id: uuid.UUID, comment: str, feedback: str) -> None:
    """The juror's private comment and public feedback on one badge (allowed while they may score it)."""
    team = team_of(juror.event, team_public_id)
    _check_can_score(juror, team)
    if len(comment) > NOTE_LIMIT or len(feedback) > FEEDBACK_LIMIT:
        raise BadgeathonError(_l("Commentaire trop long."))
    note = db.session.execute(
        db.select(Note).where(Note.juror_id == juror.id, Note.team_id == team.id)).scalar_one_or_none()
    if note is None:
        note = Note(event_id=juror.event_id, juror_id=juror.id, team_id=team.id)
        db.session.add(note)
    note.comment, note.feedback, note.updated_at = comment, feedback, utcnow()
    db.session.commit()


def mark_final(juror: Person) -> None:
    """The juror declares their scoring final: from now on nothing of theirs changes."""
    if not scoring_open(juror.event):
        raise ScoringClosed()
    if not is_final(juror):
        db.session.add(FinalSheet(juror_id=juror.id, event_id=juror.event_id))
        audit.record(juror.event_id, juror, "scoring_final", juror.name)
        db.session.commit()
    _announce(juror.id, juror.event_id)


def set_recusal(event: Event, by: Person, juror_public_id: uuid.UUID, team_public_id: uuid.UUID,
                recused: bool | None, reason: str = "") -> RecusalState:
    """The organiser recuses a juror, lifts a recusal, or (None) goes back to the automatic rule; logged."""
    juror = next((j for j in event.jurors if j.public_id == juror_public_id), None)
    if juror is None:
        raise NotFound()
    team = team_of(event, team_public_id)
    before = recusal_for(juror, team)
    override = db.session.execute(
        db.select(Recusal).where(Recusal.juror_id == juror.id, Recusal.team_id == team.id)).scalar_one_or_none()
    if recused is None:
        if override is not None:
            db.session.delete(override)
    else:
        if override is None:
            override = Recusal(event_id=event.id, juror_id=juror.id, team_id=team.id, recused=recused)
            db.session.add(override)
        override.recused, override.reason, override.by_id, override.at = recused, reason.strip(), by.id, utcnow()
    db.session.flush()
    after = recusal_for(juror, team)
    audit.record(event.id, by, "recusal", f"{juror.name} · {team.name}",
                 before={"recused": before.recused}, after={"recused": after.recused, "reason": reason.strip()})
    db.session.commit()
    _announce(juror.id, juror.event_id)
    return after


# --- the rule's own changes: a participant joins, or their structure changes -----------------------------------

RULE_CHANGE = "recusal_rule"  # the audit log's action for them


@signals.member_changed.connect
def _log_recusals_turned(person: Person, team_before=None, organisation_before=None, by=None, **_) -> None:
    """Log every recusal a participant's arrival in a team, or change of structure, adds or lifts, so that none
    happens unseen (in the sender's transaction: it commits). The organiser's word on a pair still stands over it."""
    event = person.event
    jurors = {juror.id: juror for juror in event.jurors if juror.organisation_id is not None}
    teams = {team_before, person.team_id} - {None}
    if not jurors or not teams:
        return
    overrides = {(r.juror_id, r.team_id): r.recused for r in db.session.execute(
        db.select(Recusal).where(Recusal.event_id == event.id, Recusal.team_id.in_(list(teams)))).scalars()}
    names = dict(db.session.execute(db.select(Organisation.id, Organisation.name).where(
        Organisation.id.in_([o for o in (organisation_before, person.organisation_id) if o is not None]))).all())
    for team in sorted((t for t in event.teams if t.id in teams), key=lambda t: t.name.casefold()):
        others = set(db.session.execute(db.select(Person.organisation_id).where(
            Person.team_id == team.id, Person.id != person.id, Person.organisation_id.is_not(None))).scalars())
        before = others | ({organisation_before} if team.id == team_before and organisation_before else set())
        after = others | ({person.organisation_id} if team.id == person.team_id and person.organisation_id else set())
        for juror_id, now in recusal.turned({j: juror.organisation_id for j, juror in jurors.items()}, before, after,
                                            {j: o for (j, t), o in overrides.items() if t == team.id}):
            audit.record(event.id, by, RULE_CHANGE, f"{jurors[juror_id].name} · {team.name}",
                         before={"recused": not now, "member": person.name,
                                 "structure": names.get(organisation_before) if team.id == team_before else None},
                         after={"recused": now, "member": person.name, "joined": team.id != team_before,
                                "structure": names.get(person.organisation_id) if team.id == person.team_id else None})


@dataclass(frozen=True)
class RuleChange:
    """A recusal the automatic rule added or lifted, as the organiser's notice words it."""

    at: datetime
    subject: str          # "juror · team"
    recused: bool         # now
    member: str           # the participant whose arrival or structure changed it
    joined: bool          # by joining the team (else by a change of their structure)
    structure_before: str | None
    structure_after: str | None
    by: str | None        # who made the change: the participant, or the organiser who settled their structure


def rule_changes(event: Event, limit: int = 50) -> list[RuleChange]:
    """The recusals participants' joins and structures added or lifted, newest first."""
    return [_rule_change(entry) for entry in db.session.execute(
        db.select(AuditEntry).where(AuditEntry.event_id == event.id, AuditEntry.action == RULE_CHANGE)
        .order_by(AuditEntry.id.desc()).limit(limit)).scalars()]


def _rule_change(entry: AuditEntry) -> RuleChange:
    before, after = entry.before or {}, entry.after or {}
    return RuleChange(entry.at, entry.subject, bool(after.get("recused")), after.get("member", ""),
                      bool(after.get("joined")), before.get("structure"), after.get("structure"),
                      entry.actor.name if entry.actor is not None else None)


def progress(event: Event) -> list[Progress]:
    """Each juror's progress (counts only: no score leaves this function)."""
    states = recusals(event)
    criteria = len(event.criteria)
    complete = _complete_sheets(event, criteria)
    finals = set(db.session.execute(db.select(FinalSheet.juror_id).where(FinalSheet.event_id == event.id)).scalars())
    return [Progress(juror.id, juror.name,
                     sum(1 for team_id in complete.get(juror.id, ()) if not states[juror.id, team_id].recused),
                     sum(1 for team in event.teams if not states[juror.id, team.id].recused), juror.id in finals)
            for juror in event.jurors]


def progress_of(juror: Person) -> Progress:
    """One juror's progress, in one statement."""
    row = db.session.execute(_progress_statement(), _juror_parameters(juror)).one()
    return Progress(juror.id, juror.name, row.scored, row.to_score, bool(row.final))


def _complete_sheets(event: Event, criteria: int) -> dict[int, set[int]]:
    """Per juror, the badges (team ids) that have all their criteria scored."""
    complete: dict[int, set[int]] = {}
    for juror_id, team_id in db.session.execute(
            db.select(Score.juror_id, Score.team_id).where(Score.event_id == event.id)
            .group_by(Score.juror_id, Score.team_id).having(db.func.count(Score.id) >= max(criteria, 1))):
        complete.setdefault(juror_id, set()).add(team_id)
    return complete


def _announce(juror_id: int, event_id: int) -> None:
    """Tell the organisers' pages that this juror's progress moved (they fetch it: no figure goes on the wire)."""
    socketio.emit("jury_progress", {"juror": juror_id}, to=organisers_room(event_id), namespace=LIVE)
