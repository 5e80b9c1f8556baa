"""Scoring use cases: saving a score or a note, a juror marking their scoring final, the organiser's word on a
recusal; each commits once and tells the organisers' pages the juror's progress moved. A juror only ever writes their
own scores. What is read while scoring is `sheets.py`, recusals `recusal_service.py`."""

import uuid
from dataclasses import replace
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..auth.models import Person
from ..db_types import utcnow
from ..errors import BadgeathonError, Conflict, NotFound
from ..events.models import Event, Team
from ..events.phases import Phase
from ..extensions import db
from ..realtime import LIVE, announce, organisers_room
from . import audit
from .models import Criterion, FinalSheet, Note, Recusal, Score
from .recusal_service import RecusalState, recusal_for, recused_by, recused_teams
from .sheets import (
    EVENT,
    JUROR,
    SCORING_PHASES,
    STRUCTURE,
    Progress,
    is_final,
    juror_parameters,
    progress_columns,
    scoring_open,
    team_of,
)

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


@cache
def _score_writes() -> tuple:
    """A save's insert, update and delete of the juror's score (plain statements on the table, built once)."""
    score = Score.__table__
    mine = (
        score.c.juror_id == db.bindparam("the_juror"),
        score.c.team_id == db.bindparam("the_team"),
        score.c.criterion_id == db.bindparam("the_criterion"),
    )
    return (
        score.insert(),
        score.update().where(*mine).values(value=db.bindparam("new_value"), updated_at=db.bindparam("now")),
        score.delete().where(*mine),
    )


@cache
def _save_statement():
    """Every fact a save's rules need, and the juror's progress before it, in one statement."""
    return (
        db.select(
            Event.phase,
            Team.id.label("team_id"),
            Team.name.label("team"),
            Criterion.id.label("criterion_id"),
            Criterion.name.label("criterion"),
            Criterion.scale_min,
            Criterion.scale_max,
            recused_by(JUROR, STRUCTURE, Team.id).label("recused"),
            db.select(Score.value)
            .where(Score.juror_id == JUROR, Score.team_id == Team.id, Score.criterion_id == Criterion.id)
            .scalar_subquery()
            .label("before"),
            db.select(db.func.count(Score.id))
            .where(Score.juror_id == JUROR, Score.team_id == Team.id)
            .scalar_subquery()
            .label("sheet"),  # the scores this badge's sheet holds
            *progress_columns(),
        )
        .select_from(Team)
        .join(Event, Event.id == Team.event_id)
        .join(Criterion, Criterion.event_id == Event.id)
        .where(
            Event.id == EVENT, Team.public_id == db.bindparam("team"), Criterion.public_id == db.bindparam("criterion")
        )
    )


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


def save_score(juror: Person, team_public_id: uuid.UUID, criterion_public_id: uuid.UUID, value: int | None) -> Progress:
    """Record (or clear, with None) one juror's score for one criterion of one badge; logged with before/after.
    Answers the juror's progress once the save is committed: what it was, as read with the facts, moved by this
    save (the badge's sheet is complete or not; a badge one may score is never recused).
    The hot path of the jury: one statement reads every fact the rules need, then one write and its log line."""
    juror_id, event_id, name = juror.id, juror.event_id, juror.name  # read once: the commit expires the juror
    connection = db.session.connection()  # plain statements: the session's connection, without the ORM's path
    facts = connection.execute(
        _save_statement(), {**juror_parameters(juror), "team": team_public_id, "criterion": criterion_public_id}
    ).one_or_none()
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
            connection.execute(
                insert,
                {
                    "event_id": event_id,
                    "juror_id": juror_id,
                    "team_id": facts.team_id,
                    "criterion_id": facts.criterion_id,
                    "value": value,
                    "updated_at": utcnow(),
                },
            )
        else:
            connection.execute(update, {**mine, "new_value": value, "now": utcnow()})
        audit.record(
            event_id,
            juror,
            "score",
            f"{facts.team} · {facts.criterion}",
            before={"value": facts.before},
            after={"value": value},
        )
        _announce(juror_id, event_id)
        db.session.commit()
    except IntegrityError:  # the same score saved at the same moment from another tab: that one stands
        db.session.rollback()
        raise Conflict(_l("Cette note vient d'être enregistrée depuis un autre onglet : rechargez la page.")) from None
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
        db.select(Note).where(Note.juror_id == juror.id, Note.team_id == team.id)
    ).scalar_one_or_none()
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
    _announce(juror.id, juror.event_id)
    db.session.commit()  # also when it was final already: the organisers' pages hear it again, as before


def set_recusal(
    event: Event,
    by: Person,
    juror_public_id: uuid.UUID,
    team_public_id: uuid.UUID,
    recused: bool | None,
    reason: str = "",
) -> RecusalState:
    """The organiser recuses a juror, lifts a recusal, or (None) goes back to the automatic rule; logged."""
    juror = next((j for j in event.jurors if j.public_id == juror_public_id), None)
    if juror is None:
        raise NotFound()
    team = team_of(event, team_public_id)
    before = recusal_for(juror, team)
    override = db.session.execute(
        db.select(Recusal).where(Recusal.juror_id == juror.id, Recusal.team_id == team.id)
    ).scalar_one_or_none()
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
    audit.record(
        event.id,
        by,
        "recusal",
        f"{juror.name} · {team.name}",
        before={"recused": before.recused},
        after={"recused": after.recused, "reason": reason.strip()},
    )
    _announce(juror.id, juror.event_id)
    db.session.commit()
    return after


def _announce(juror_id: int, event_id: int) -> None:
    """Tell the organisers' pages, once the use case commits, that this juror's progress moved (they fetch it: no
    figure goes on the wire)."""
    announce("jury_progress", {"juror": juror_id}, to=organisers_room(event_id), namespace=LIVE)
