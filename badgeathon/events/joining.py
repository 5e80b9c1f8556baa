"""Joining a team: its join code as people type it, a participant joining with it, and the structure they claim, which
the organiser settles."""

import uuid

from flask_babel import lazy_gettext as _l

from ..auth.models import Person, Role
from ..auth.services import open_session
from ..db_types import utcnow
from ..errors import BadgeathonError, NotFound
from ..extensions import db
from . import signals, structures
from .models import JOIN_CODE_ALPHABET, Event, Organisation, Team
from .people import check_joining_open
from .services import organisation_named, organisations


class UnknownJoinCode(NotFound):
    code = "unknown_join_code"
    default_message = _l("Ce code d'équipe est inconnu. Vérifiez les 6 caractères affichés par l'organisation.")


def normalise_join_code(code: str) -> str:
    """Join codes are typed by hand: ignore case, spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def team_for_code(code: str) -> Team:
    code = normalise_join_code(code)
    if not code or any(ch not in JOIN_CODE_ALPHABET for ch in code):
        raise UnknownJoinCode()
    team = db.session.execute(db.select(Team).filter_by(join_code=code)).scalar_one_or_none()
    if team is None:
        raise UnknownJoinCode()
    return team


def join_team(code: str, name: str, organisation_name: str) -> Person:
    """A participant joins the team of this code; a roster line of the same name in that team is claimed.

    A structure decides recusals, so what a participant types never overrules the roster's, nor makes a new one: a
    roster line keeps its structure; someone without one gets the known structure they typed (see
    `known_organisation`); anything else is kept as their claim for the organiser to settle. The jury hears of the
    join (`signals.member_changed`) and logs any recusal it adds."""
    team = team_for_code(code)
    check_joining_open(team)
    name = " ".join(name.split())
    if not name:
        raise BadgeathonError(_l("Indiquez le nom sous lequel votre équipe vous verra."))
    roster_line = next((m for m in team.members if m.joined_at is None and m.name.casefold() == name.casefold()), None)
    person = roster_line or Person(role=Role.PARTICIPANT, name=name, event=team.event, team=team)
    db.session.add(person)
    team_before = team.id if roster_line is not None else None
    organisation_before = person.organisation_id
    typed = " ".join(organisation_name.split())
    current = person.organisation
    if current is not None and structures.known_structure(typed, [current.name]) == current.name:
        known = current  # the roster's structure, as the participant types it ("Afpa" for "AFPA Normandie")
    else:
        known = known_organisation(typed)
    if current is None and known is not None:
        person.organisation = known
    person.organisation_claim = typed if typed and (known is None or person.organisation is not known) else None
    person.joined_at = utcnow()
    open_session(person)
    db.session.flush()
    signals.member_changed.send(person, team_before=team_before, organisation_before=organisation_before, by=person)
    db.session.commit()
    return person


def structures_to_confirm(event: Event) -> list[Person]:
    """The event's participants whose claimed structure waits for the organiser, by team then name."""
    return sorted(
        (p for p in event.participants if p.organisation_claim),
        key=lambda p: (p.team.name.casefold() if p.team else "", p.name.casefold()),
    )


KEEP_STRUCTURE, NEW_STRUCTURE = "keep", "new"


def settle_structure(event: Event, person_id: uuid.UUID, choice: str | int, by: Person) -> Person:
    """The organiser settles a participant's claimed structure: keep the one they have (KEEP_STRUCTURE), make the
    one they named (NEW_STRUCTURE; the known one if it was made meanwhile) or give them a known one (its id). The
    jury hears of it and logs any recusal this adds or lifts."""
    person = next((p for p in event.participants if p.public_id == person_id and p.organisation_claim), None)
    if person is None:
        raise NotFound(_l("Cette structure a déjà été confirmée : rechargez la page."))
    organisation_before = person.organisation_id
    if choice == NEW_STRUCTURE:
        person.organisation = organisation_named(person.organisation_claim)
    elif choice != KEEP_STRUCTURE:
        organisation = db.session.get(Organisation, choice) if isinstance(choice, int) else None
        if organisation is None:
            raise NotFound()
        person.organisation = organisation
    person.organisation_claim = None
    db.session.flush()
    signals.member_changed.send(person, team_before=person.team_id, organisation_before=organisation_before, by=by)
    db.session.commit()
    return person


def known_organisation(typed: str) -> Organisation | None:
    """The known structure a participant means by what they typed (see structures.py); None if new or ambiguous."""
    typed = " ".join(typed.split())
    if not typed:
        return None
    exact = db.session.execute(db.select(Organisation).filter_by(key=Organisation.key_for(typed))).scalar_one_or_none()
    if exact is not None:
        return exact
    known = organisations()
    name = structures.known_structure(typed, [organisation.name for organisation in known])
    return next((organisation for organisation in known if organisation.name == name), None)
