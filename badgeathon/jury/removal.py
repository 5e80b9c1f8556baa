"""What the jury's records lose when the organiser deletes a team, a member, a juror or an event: counted for the
confirmation page, then deleted in the organiser's transaction with an entry in the audit log."""

from sqlalchemy import delete, func, select, update

from ..auth.models import Person
from ..events import signals
from ..events.models import Event, Team
from ..extensions import db
from . import audit
from .models import AudienceVote, AuditEntry, Criterion, Decision, FinalSheet, Note, Recusal, Score

# Rows of the jury's work about a team or a juror, by the column that names them.
_BY_TEAM = {"scores": Score, "notes": Note, "recusals": Recusal, "votes": AudienceVote}
_BY_JUROR = {"scores": Score, "notes": Note, "recusals": Recusal, "final_sheet": FinalSheet}
_BY_EVENT = (Score, Note, Recusal, FinalSheet, AudienceVote, Decision, AuditEntry, Criterion)
ACTIONS = {"team": "team_deleted", "member": "member_removed", "juror": "juror_deleted"}


def _count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _rows(subject) -> dict[str, tuple]:
    """For each kind of row the deletion removes: its model and the condition that selects them."""
    if isinstance(subject, Team):
        return {key: (model, model.team_id == subject.id) for key, model in _BY_TEAM.items()}
    if isinstance(subject, Person) and subject.is_juror:
        return {key: (model, model.juror_id == subject.id) for key, model in _BY_JUROR.items()}
    if isinstance(subject, Person):
        return {"vote": (AudienceVote, AudienceVote.voter_id == subject.id)}
    if isinstance(subject, Event):
        return {"scores": (Score, Score.event_id == subject.id), "notes": (Note, Note.event_id == subject.id)}
    return {}


def _confirmed_winner(team: Team) -> bool:
    decision = db.session.get(Decision, team.event_id)
    return decision is not None and team.id in (decision.team_ids or [])


@signals.removal_counted.connect
def count_removal(subject, **_) -> dict[str, int]:
    counts = {key: _count(model, where) for key, (model, where) in _rows(subject).items()}
    if isinstance(subject, Team) and _confirmed_winner(subject):
        counts["winner"] = 1
    return {key: number for key, number in counts.items() if number}


@signals.removing.connect
def remove(subject, by=None, **_) -> None:
    if isinstance(subject, Event):
        for model in _BY_EVENT:
            db.session.execute(
                delete(model).where(model.event_id == subject.id), execution_options={"synchronize_session": False}
            )
        return
    counts = count_removal(subject)
    for model, where in _rows(subject).values():
        db.session.execute(delete(model).where(where), execution_options={"synchronize_session": False})
    if isinstance(subject, Person):  # the log and the organiser's recusals keep the row, without the person
        db.session.execute(update(AuditEntry).where(AuditEntry.actor_id == subject.id).values(actor_id=None))
        db.session.execute(update(Recusal).where(Recusal.by_id == subject.id).values(by_id=None))
    kind = "team" if isinstance(subject, Team) else "juror" if subject.is_juror else "member"
    audit.record(subject.event_id, by, ACTIONS[kind], subject.name, before=counts or None)
