"""The organiser's moves through the event's day: the phase (one step at a time), the design deadline, the badge on
the projector; each commits once and is announced to the event's live pages after its commit."""

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm.attributes import set_committed_value

from ..auth.models import Person
from ..db_types import utcnow
from ..errors import BadgeathonError, Conflict, NotFound
from ..extensions import db
from ..realtime import LIVE, announce, event_room
from . import signals
from .countdown import deadline_from, moved_deadline
from .labels import PHASE_LABELS
from .models import Event, PhaseChange
from .phases import Phase, can_move
from .pitches import running_order


class WrongPhaseMove(BadgeathonError):
    code = "wrong_phase_move"
    status = 409


class PhaseMovedMeanwhile(Conflict):
    """Another organiser (maybe on another node) moved the phase between this request's read and its write."""

    code = "phase_moved_meanwhile"


class DeadlineMovedMeanwhile(Conflict):
    code = "deadline_moved_meanwhile"
    default_message = _l(
        "L'échéance vient d'être déplacée par quelqu'un d'autre : rechargez la page pour voir la "
        "nouvelle heure avant de la changer à nouveau."
    )


def claim(event: Event, *expected, **values) -> bool:
    """Compare-and-set on the event's row: write `values` only if the row still matches `expected`, in the current
    transaction. Two nodes that read the same state and act at once cannot both win: on PostgreSQL the second
    UPDATE waits for the first one's row lock and then finds the row changed; on SQLite writers take turns on the
    database lock and the second one's WHERE sees the first one's commit. False when another request came first."""
    claimed = (
        db.session.execute(
            db.update(Event).where(Event.id == event.id, *expected).values(**values),
            execution_options={"synchronize_session": False},
        ).rowcount
        == 1
    )
    if claimed:
        for name, value in values.items():
            set_committed_value(event, name, value)  # what the row now holds, without writing it a second time
    return claimed


def move_phase(event: Event, target: Phase, by: Person, *, now: datetime | None = None) -> Event:
    """Move the event one phase forward (or back); entering the design phase starts the server's countdown.

    Two organisers clicking at once (on two nodes) make one move: the phase is changed by a compare-and-set on the
    phase the move starts from. The other click finds the event already where it asked (a double click: nothing
    more happens) or somewhere else (PhaseMovedMeanwhile, nothing written)."""
    if target == event.phase:
        return event  # a double click on "next phase" asks for the phase it is already in
    if not can_move(event.phase, target):
        raise WrongPhaseMove(
            _l(
                "On ne peut pas passer de « %(current)s » à « %(target)s ».",
                current=PHASE_LABELS[event.phase],
                target=PHASE_LABELS[target],
            )
        )
    now = now or utcnow()
    before = event.phase
    if not claim(event, Event.phase == before, phase=target):
        db.session.rollback()  # expires the event: it is read again below
        if event.phase == target:
            return event  # the same move, made a moment earlier by another click
        raise PhaseMovedMeanwhile(
            _l(
                "L'événement vient de passer à « %(current)s » : vérifiez la phase avant de la changer à nouveau.",
                current=PHASE_LABELS[event.phase],
            )
        )
    # the row is ours until the commit: what follows cannot race with another move
    if target == Phase.DESIGN and event.design_deadline is None:
        event.design_deadline = deadline_from(now, event.design_minutes)
    event.phase_changes.append(PhaseChange(from_phase=before, to_phase=target, by=by, at=now))
    if target == Phase.PITCHES and event.pitch_team is None and event.teams:
        event.pitch_team = running_order(event.teams)[0]
        event.pitch_started_at, event.pitch_elapsed_seconds = None, 0
    signals.phase_moved.send(event, before=before, by=by)  # the receivers write in this transaction
    announce("phase", {"phase": str(target)}, to=event_room(event), namespace=LIVE)
    db.session.commit()
    return event


def extend_deadline(event: Event, minutes: int, *, seen: datetime | None = None) -> Event:
    """Give the teams more time (or take some back): the countdowns follow and locked designs open again.

    The new deadline is computed from the one read, and written only if the row still holds it (compare-and-set):
    of two organisers adding time at the same instant, the second is told the deadline just moved, rather than
    having their minutes silently lost (or added on top of a deadline they have not seen). `seen` is the deadline
    the organiser confirmed a cut against: moved since, nothing is written either."""
    if event.design_deadline is None:
        raise BadgeathonError(_l("La conception n'a pas encore commencé : il n'y a pas d'échéance à déplacer."))
    if event.phase != Phase.DESIGN:
        raise BadgeathonError(_l("On ne déplace l'échéance que pendant la conception."))
    if seen is not None and seen != event.design_deadline:
        raise DeadlineMovedMeanwhile()
    seen = event.design_deadline
    deadline = moved_deadline(seen, minutes, utcnow())
    if not claim(event, Event.phase == Phase.DESIGN, Event.design_deadline == seen, design_deadline=deadline):
        db.session.rollback()
        if event.phase != Phase.DESIGN:
            raise PhaseMovedMeanwhile(_l("On ne déplace l'échéance que pendant la conception."))
        raise DeadlineMovedMeanwhile()
    signals.deadline_moved.send(event)  # the receivers write in this transaction
    announce(
        "phase",
        {"phase": str(event.phase), "deadline": event.design_deadline.isoformat()},
        to=event_room(event),
        namespace=LIVE,
    )
    db.session.commit()
    return event


def show_pitch(event: Event, team_id: uuid.UUID | None) -> Event:
    """Put a team's badge on the projector and start its pitch timer (None: back to the running order)."""
    team = next((t for t in event.teams if t.public_id == team_id), None) if team_id else None
    if team_id and team is None:
        raise NotFound()
    event.pitch_team = team
    event.pitch_started_at = utcnow() if team else None
    event.pitch_elapsed_seconds = 0
    announce("phase", {"phase": str(event.phase), "pitch": str(team_id or "")}, to=event_room(event), namespace=LIVE)
    db.session.commit()
    return event
