"""Who may open, read and write a design: the studio's access policy over the facts of a design read in one query
(reads only: a lock that is due is the studio's to write, see `studio.join`)."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l

from ..auth.models import Person
from ..db_types import utcnow
from ..errors import BadgeathonError, NotFound
from ..events.models import Event, Team
from ..events.phases import Phase
from ..extensions import db
from . import staff
from .models import Design


class DesignLocked(BadgeathonError):
    code = "design_locked"
    status = 409
    default_message = _l("La conception est terminée : le badge ne peut plus être modifié.")


class SignedOut(BadgeathonError):
    code = "signed_out"
    status = 401
    default_message = _l("Vous avez été déconnecté·e : reconnectez-vous pour continuer.")


class EpochChanged(BadgeathonError):
    code = "epoch_changed"
    status = 409
    default_message = _l("Le badge a été reconstruit sur le serveur : la page va se recharger.")


@dataclass
class Access:
    """What one person may do with one design, for the sign-in it was granted to; rechecked every
    WORKSHOP_ACCESS_SECONDS (the deadline and phase move, the person may sign out)."""

    design_id: int
    public_id: uuid.UUID
    epoch: uuid.UUID
    person_id: int
    readonly: bool
    deadline: datetime | None = None
    session_token: str | None = None
    checked_at: datetime = field(default_factory=utcnow)

    def as_dict(self) -> dict:
        return {"design": str(self.public_id), "epoch": str(self.epoch), "readonly": self.readonly}


def shows_pitch_view(event: Event) -> bool:
    """Once the design time is over (and not before the day starts), a team's page presents its badge."""
    return not is_open_for_design(event) and event.phase != Phase.PREPARATION


def is_open_for_design(event: Event, now: datetime | None = None) -> bool:
    return _open(event.phase, event.design_deadline, now or utcnow())


def _open(phase: Phase, deadline: datetime | None, now: datetime) -> bool:
    return phase == Phase.DESIGN and (deadline is None or now < deadline)


class DesignFacts(NamedTuple):
    """What the access policy needs to know of a design, read in one query."""

    design_id: int
    public_id: uuid.UUID
    epoch: uuid.UUID
    team_id: int
    event_id: int
    phase: Phase
    deadline: datetime | None
    locked_at: datetime | None

    def open_for_design(self, now: datetime) -> bool:
        return _open(self.phase, self.deadline, now)

    def lock_due(self, now: datetime) -> bool:
        """The deadline passed with nobody moving the phase: the design is locked when its studio is next used."""
        return (
            self.locked_at is None
            and self.deadline is not None
            and not self.open_for_design(now)
            and self.phase >= Phase.DESIGN
        )


_FACT_COLUMNS = (
    Design.id,
    Design.public_id,
    Design.epoch,
    Team.id,
    Event.id,
    Event.phase,
    Event.design_deadline,
    Design.locked_at,
)


def _facts_query(*entities):
    return (
        db.select(*entities, *_FACT_COLUMNS)
        .join(Team, Team.id == Design.team_id)
        .join(Event, Event.id == Team.event_id)
    )


def facts(public_id: uuid.UUID) -> DesignFacts | None:
    row = db.session.execute(_facts_query().where(Design.public_id == public_id)).first()
    return DesignFacts(*row) if row is not None else None


def access_for(person: Person, public_id: uuid.UUID) -> Access:
    """Members write their own team's design during the design phase; organisers read every design; jurors read
    designs from the pitches on. Anyone else: not found (a team never learns another team's design exists).
    Reads only: a design is read-only from its deadline on whether or not it is locked yet (see `studio.join`)."""
    return grant(person, facts(public_id))


def grant(person: Person, facts: DesignFacts | None) -> Access:
    if facts is None:
        raise NotFound()
    now = utcnow()
    deadline = facts.deadline
    if person.is_participant and person.team_id == facts.team_id:
        readonly = not facts.open_for_design(now) or facts.locked_at is not None
    elif person.is_organiser:  # region staff read every design, and correct a winning one after the lock
        readonly = not staff.may_correct(db.session.get(Design, facts.design_id))
        deadline = None if not readonly else deadline
    elif person.is_juror and person.event_id == facts.event_id and facts.phase >= Phase.PITCHES:
        readonly = True
    else:
        raise NotFound()
    return Access(facts.design_id, facts.public_id, facts.epoch, person.id, readonly, deadline, person.session_token)


def reread(access: Access) -> tuple[Person | None, DesignFacts | None]:
    """The person and the design's facts again, in one query (the design may be gone, the person too)."""
    row = db.session.execute(
        _facts_query(Person).join(Person, Person.id == access.person_id).where(Design.public_id == access.public_id)
    ).first()
    if row is None:
        return db.session.get(Person, access.person_id), None
    return row[0], DesignFacts(*row[1:])


def design_of(access: Access) -> Design:
    return db.session.get(Design, access.design_id)


def design_for_screen(event: Event, public_id: uuid.UUID) -> Design:
    """A design of this event, for its projector, once the pitches have begun."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if design is None or design.team.event_id != event.id or event.phase < Phase.PITCHES:
        raise NotFound()
    return design


def design_for_audience(person: Person, public_id: uuid.UUID) -> Design:
    """A design of the participant's own event once the pitches have begun (the room has seen it): its image is on
    the audience vote's ballot. Anything else: not found."""
    design = db.session.execute(db.select(Design).filter_by(public_id=public_id)).scalar_one_or_none()
    if (
        design is None
        or not person.is_participant
        or design.team.event_id != person.event_id
        or design.team.event.phase < Phase.PITCHES
    ):
        raise NotFound()
    return design
