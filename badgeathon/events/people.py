"""Managing an event's people: rename a team, move or remove a member, delete a team, a juror or the event, open or
close joining. A deletion first says what it removes (`removal`), then removes all of it in one commit."""

import uuid
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..auth.models import Person
from ..errors import BadgeathonError, Conflict, NotFound
from ..extensions import db
from . import signals
from .models import Event, Team
from .phases import Phase

# An event may be deleted before its day starts or once its results are out, never while teams, jurors and the
# room depend on it; and only by typing its name, because nothing brings it back.
DELETABLE_PHASES = (Phase.PREPARATION, Phase.RESULTS)
# What another package reports that forbids a deletion (a confirmed winner cannot vanish from the decision).
BLOCKERS = ("winner",)


class JoiningClosed(BadgeathonError):
    code = "joining_closed"
    status = 403
    default_message = _l(
        "Les inscriptions aux équipes sont closes pour cet événement. Adressez-vous à l'équipe "
        "d'organisation dans la salle."
    )


@dataclass(frozen=True)
class Removal:
    """What deleting `subject` removes: its kind ("team", "member", "juror", "event"), its name, and how many rows
    of each other thing go with it or are kept (keys worded by `removal_messages`)."""

    kind: str
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def blocked_by(self) -> str | None:
        return next((key for key in BLOCKERS if self.counts.get(key)), None)


def team_of(event: Event, team_id: uuid.UUID) -> Team:
    team = next((t for t in event.teams if t.public_id == team_id), None)
    if team is None:
        raise NotFound(_l("Cette équipe n'existe plus : rechargez la page."))
    return team


def member_of(event: Event, person_id: uuid.UUID) -> Person:
    person = next((p for p in event.participants if p.public_id == person_id), None)
    if person is None:
        raise NotFound(_l("Cette personne ne fait plus partie de l'événement : rechargez la page."))
    return person


def juror_of(event: Event, person_id: uuid.UUID) -> Person:
    juror = next((p for p in event.jurors if p.public_id == person_id), None)
    if juror is None:
        raise NotFound(_l("Ce juré ne fait plus partie du jury : rechargez la page."))
    return juror


def _counted(subject) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _receiver, answer in signals.removal_counted.send(subject):
        for key, number in (answer or {}).items():
            counts[key] = counts.get(key, 0) + number
    return counts


def removal(subject: Team | Person | Event) -> Removal:
    """What deleting this team, member, juror or event would remove (reads only)."""
    counts = _counted(subject)
    if isinstance(subject, Team):
        return Removal("team", subject.name, counts | {"members": len(subject.members)})
    if isinstance(subject, Event):
        return Removal(
            "event",
            subject.name,
            counts
            | {"teams": len(subject.teams), "participants": len(subject.participants), "jurors": len(subject.jurors)},
        )
    return Removal(
        "juror" if subject.is_juror else "member",
        subject.name,
        counts | ({"team": 1} if subject.team is not None else {}),
    )


def rename_team(event: Event, team_id: uuid.UUID, name: str) -> Team:
    team = team_of(event, team_id)
    name = " ".join(name.split())
    if not name:
        raise BadgeathonError(_l("Indiquez le nouveau nom de l'équipe."))
    if any(other is not team and other.name.casefold() == name.casefold() for other in event.teams):
        raise Conflict(_l("Une équipe s'appelle déjà « %(name)s » dans cet événement.", name=name))
    team.name = name
    try:
        db.session.commit()
    except IntegrityError as error:  # the same name given to another team at the same instant
        db.session.rollback()
        raise Conflict(_l("Une équipe s'appelle déjà « %(name)s » dans cet événement.", name=name)) from error
    return team


def move_member(event: Event, person_id: uuid.UUID, team_id: uuid.UUID | None, by: Person) -> Person:
    """Put a participant in another team (None: no team). The jury hears of it and logs the recusals it turns."""
    person = member_of(event, person_id)
    team = team_of(event, team_id) if team_id is not None else None
    team_before = person.team_id
    if person.team is team:
        return person
    person.team = team
    db.session.flush()
    signals.member_changed.send(person, team_before=team_before, organisation_before=person.organisation_id, by=by)
    db.session.commit()
    return person


def remove_member(event: Event, person_id: uuid.UUID, by: Person) -> str:
    """The participant leaves the event: their sign-in ends, their team loses them (the jury logs the recusals that
    lifts), their audience vote goes; what they wrote in their team's badge stays, unsigned. Returns their name."""
    person = member_of(event, person_id)
    name, team_before = person.name, person.team_id
    if team_before is not None:
        person.team = None
        db.session.flush()
        signals.member_changed.send(person, team_before=team_before, organisation_before=person.organisation_id, by=by)
    _delete(person, by)
    return name


def delete_team(event: Event, team_id: uuid.UUID, by: Person) -> Removal:
    """Delete a team, its badge (versions, images) and the jury's marks and notes on it; its members stay in the
    event without a team. Refused for a confirmed winner."""
    team = team_of(event, team_id)
    what = removal(team)
    _refuse_if_blocked(what)
    if event.pitch_team is team:
        event.pitch_team = None
        event.pitch_started_at = None
    for member in list(team.members):
        member.team = None
    _delete(team, by)
    return what


def delete_juror(event: Event, juror_id: uuid.UUID, by: Person) -> Removal:
    """Delete a juror: their marks, notes, recusals and final sheet go; their invitation link stops working."""
    juror = juror_of(event, juror_id)
    what = removal(juror)
    _delete(juror, by)
    return what


def same_name(typed: str, name: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()


def delete_event(event: Event, typed_name: str, by: Person) -> Removal:
    """Delete an event and everything in it (teams, badges, people, jury's work, the day's log). Only before the
    day starts or once its results are out, and only with its name typed in full."""
    if event.phase not in DELETABLE_PHASES:
        raise Conflict(
            _l(
                "Un événement en cours ne peut pas être supprimé : revenez à la préparation ou allez "
                "jusqu'aux résultats."
            )
        )
    if not same_name(typed_name, event.name):
        raise BadgeathonError(_l("Le nom saisi n'est pas celui de l'événement : rien n'a été supprimé."))
    what = removal(event)
    event.pitch_team = None
    db.session.flush()
    current_app.logger.info("event %s (%s) deleted by %s: %s", event.public_id, event.name, by.email, what.counts)
    _delete(event, by)
    return what


def set_joining(event: Event, open_: bool) -> Event:
    """Open or close joining: closed, a join code admits no one (the teams are complete)."""
    event.joining_open = open_
    db.session.commit()
    return event


def check_joining_open(team: Team) -> None:
    if not team.event.joining_open:
        raise JoiningClosed()


def refusal(what: Removal) -> BadgeathonError | None:
    """The error this deletion meets now, if any (the confirmation page says it instead of offering the button)."""
    if what.blocked_by == "winner":
        return Conflict(
            _l(
                "« %(name)s » fait partie des lauréats confirmés : revenez sur la décision du jury avant "
                "de la supprimer.",
                name=what.name,
            )
        )
    return None


def _refuse_if_blocked(what: Removal) -> None:
    error = refusal(what)
    if error is not None:
        raise error


def _delete(subject, by: Person) -> None:
    """Other packages remove their rows for `subject`, then it goes: one commit for all of it."""
    try:
        signals.removing.send(subject, by=by)
        db.session.delete(subject)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
