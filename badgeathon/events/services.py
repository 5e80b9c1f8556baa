"""Event use cases: create and edit events, teams, the roster, jurors, joining a team and moving the phases."""
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from ..auth.models import Person, Role
from ..auth.services import open_session
from ..db_types import utcnow
from ..errors import BadgeathonError, Conflict, NotFound
from ..extensions import db, socketio
from ..realtime import LIVE, event_room
from . import formation, roster, signals, structures
from .countdown import deadline_from, moved_deadline
from .labels import DEFAULT_THEMES, PHASE_LABELS
from .models import JOIN_CODE_ALPHABET, Event, Organisation, PhaseChange, Team, Theme, new_join_code
from .people import check_joining_open
from .phases import Phase, can_move
from .pitches import running_order


class UnknownJoinCode(NotFound):
    code = "unknown_join_code"
    default_message = _l("Ce code d'équipe est inconnu. Vérifiez les 6 caractères affichés par l'organisation.")


class WrongPhaseMove(BadgeathonError):
    code = "wrong_phase_move"
    status = 409


class PhaseMovedMeanwhile(Conflict):
    """Another organiser (maybe on another node) moved the phase between this request's read and its write."""

    code = "phase_moved_meanwhile"


class DeadlineMovedMeanwhile(Conflict):
    code = "deadline_moved_meanwhile"
    default_message = _l("L'échéance vient d'être déplacée par quelqu'un d'autre : rechargez la page pour voir la "
                         "nouvelle heure avant de la changer à nouveau.")


@dataclass(frozen=True)
class EventDetails:
    name: str
    venue: str
    starts_at: datetime
    design_minutes: int
    winners: int
    themes: tuple[str, ...]
    audience_vote: bool = False


def event_by_public_id(public_id: uuid.UUID) -> Event:
    event = db.session.execute(db.select(Event).filter_by(public_id=public_id)).scalar_one_or_none()
    if event is None:
        raise NotFound()
    return event


def event_for_screen(token: str) -> Event:
    event = db.session.execute(db.select(Event).filter_by(screen_token=token)).scalar_one_or_none()
    if event is None:
        raise NotFound(_l("Ce lien d'écran n'est pas valide. Demandez le lien à l'organisation."))
    return event


def team_for_viewer(viewer: Person, public_id: uuid.UUID) -> Team:
    """The team, if the viewer may see it: its own members and organisers. Others get 'not found'."""
    team = db.session.execute(db.select(Team).filter_by(public_id=public_id)).scalar_one_or_none()
    if team is None or not (viewer.is_organiser or (viewer.is_participant and viewer.team_id == team.id)):
        raise NotFound()
    return team


def events_overview() -> list[Event]:
    return list(db.session.execute(db.select(Event).order_by(Event.starts_at.desc())).scalars())


def _clean_themes(names) -> list[str]:
    themes: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if name and name.casefold() not in {t.casefold() for t in themes}:
            themes.append(name)
    if not themes:
        raise BadgeathonError(_l("Indiquez au moins un thème."))
    return themes


def _apply_details(event: Event, details: EventDetails) -> None:
    event.name = details.name.strip()
    event.venue = details.venue.strip()
    event.starts_at = details.starts_at
    event.design_minutes = details.design_minutes
    event.winners = details.winners
    event.audience_vote = details.audience_vote
    wanted = _clean_themes(details.themes)
    by_name = {theme.name.casefold(): theme for theme in event.themes}
    kept = []
    for position, name in enumerate(wanted):
        theme = by_name.pop(name.casefold(), None) or Theme(name=name)
        theme.name, theme.position = name, position
        kept.append(theme)
    for dropped in by_name.values():
        for team in event.teams:
            if team.theme is dropped:
                team.theme = None
    event.themes = kept


def create_event(details: EventDetails) -> Event:
    event = Event()
    _apply_details(event, details)
    db.session.add(event)
    signals.event_created.send(event)  # the jury gives it the default rubric, in this transaction
    db.session.commit()
    return event


def default_details(starts_at: datetime) -> EventDetails:
    return EventDetails("", "", starts_at, 360, 2, DEFAULT_THEMES)


def update_event(event: Event, details: EventDetails) -> Event:
    _apply_details(event, details)
    db.session.commit()
    return event


def _theme_of(event: Event, theme_id: int | None) -> Theme | None:
    if theme_id is None:
        return None
    theme = next((t for t in event.themes if t.id == theme_id), None)
    if theme is None:
        raise BadgeathonError(_l("Ce thème n'appartient pas à l'événement."))
    return theme


def _check_team_name_free(event: Event, name: str) -> None:
    if any(team.name.casefold() == name.casefold() for team in event.teams):
        raise Conflict(_l("Une équipe s'appelle déjà « %(name)s » dans cet événement.", name=name))


def _new_team(event: Event, name: str, theme: Theme | None = None) -> Team:
    codes_in_use = set(db.session.execute(db.select(Team.join_code)).scalars())
    code = new_join_code()
    while code in codes_in_use:
        code = new_join_code()
    team = Team(name=name, theme=theme, join_code=code)
    event.teams.append(team)
    signals.team_added.send(team)  # the studio makes its design, in the caller's transaction
    return team


def add_team(event: Event, name: str, theme_id: int | None) -> Team:
    name = " ".join(name.split())
    _check_team_name_free(event, name)
    team = _new_team(event, name, _theme_of(event, theme_id))
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise Conflict(_l("Une équipe s'appelle déjà « %(name)s » dans cet événement.", name=name)) from error
    return team


def set_team_theme(event: Event, team_id: uuid.UUID, theme_id: int | None) -> Team:
    team = next((t for t in event.teams if t.public_id == team_id), None)
    if team is None:
        raise NotFound()
    team.theme = _theme_of(event, theme_id)
    signals.team_theme_set.send(team)  # a design nobody wrote in yet takes it, in this transaction
    db.session.commit()
    return team


def organisation_named(name: str) -> Organisation | None:
    """The organisation of that name (any case), made if new; None for an empty name."""
    name = " ".join(name.split())
    if not name:
        return None
    found = db.session.execute(
        db.select(Organisation).filter_by(key=Organisation.key_for(name))
    ).scalar_one_or_none()
    if found is None:
        found = Organisation(name=name)
        db.session.add(found)
        db.session.flush()
    return found


def known_organisation(typed: str) -> Organisation | None:
    """The known structure a participant means by what they typed (see structures.py); None if new or ambiguous."""
    typed = " ".join(typed.split())
    if not typed:
        return None
    exact = db.session.execute(
        db.select(Organisation).filter_by(key=Organisation.key_for(typed))
    ).scalar_one_or_none()
    if exact is not None:
        return exact
    known = organisations()
    name = structures.known_structure(typed, [organisation.name for organisation in known])
    return next((organisation for organisation in known if organisation.name == name), None)


def organisations() -> list[Organisation]:
    return list(db.session.execute(db.select(Organisation).order_by(Organisation.name)).scalars())


def add_organisation(name: str, kind: str) -> Organisation:
    name = " ".join(name.split())
    exists = db.session.execute(
        db.select(Organisation.id).filter_by(key=Organisation.key_for(name))
    ).first()
    if exists:
        raise Conflict(_l("La structure « %(name)s » existe déjà.", name=name))
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.commit()
    return organisation


@dataclass(frozen=True)
class RosterReport:
    lines: list[roster.RosterLine]
    imported: int
    teams_created: list[str]                      # named in the file's team column and new
    formed: list[str] = ()                        # new teams formed for the lines without a team
    placed: int = 0                               # lines without a team put in existing teams (late arrivals)
    left_unassigned: int = 0                      # lines without a team left so (teams not formed)
    team_of_line: dict[int, str] | None = None    # line number -> the team its person is in now

    @property
    def rejected(self) -> int:
        return sum(1 for line in self.lines if not line.ok)


def import_roster(event: Event, data: bytes, *, auto_form: bool, team_size: int) -> RosterReport:
    """Add the good lines as participants (in one transaction) and report every line; bad lines are refused.

    A line's team column puts its person in that team (made if new). With auto_form, everyone left without a team
    is teamed up (`_team_up`: new mixed teams, or existing teams for a few late arrivals); without it they wait.
    """
    lines = roster.parse(data, team_required=False)
    known = {p.email for p in event.people if p.email}
    checked = [
        roster.RosterLine(line.number, line.name, line.email, line.organisation, line.team,
                          line.problems + (("email_known",) if line.ok and line.email in known else ()))
        for line in lines
    ]
    good = [line for line in checked if line.ok]
    teams_created: list[str] = []
    teams = {team.name.casefold(): team for team in event.teams}
    people: dict[int, Person] = {}
    formed: list[Team] = []
    placed = 0
    try:
        for line in good:
            person = people[line.number] = Person(role=Role.PARTICIPANT, name=line.name, email=line.email,
                                                  event=event, organisation=organisation_named(line.organisation))
            db.session.add(person)
            if line.team:
                team = teams.get(line.team.casefold())
                if team is None:
                    team = teams[line.team.casefold()] = _new_team(event, line.team)
                    teams_created.append(team.name)
                person.team = team
        waiting = sum(1 for person in people.values() if person.team is None)
        if auto_form and waiting:
            db.session.flush()
            formed, placed = _team_up(event, team_size)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    left = 0 if auto_form else sum(1 for person in people.values() if person.team is None)
    return RosterReport(checked, len(good), teams_created, [team.name for team in formed], placed, left,
                        {number: person.team.name for number, person in people.items() if person.team})


def _team_up(event: Event, team_size: int) -> tuple[list[Team], int]:
    """Everyone without a team gets one: fewer than a team's worth join the existing teams (a late arrival is not
    a team of one), otherwise new teams are formed that mix structures. Returns (new teams, people placed)."""
    waiting = event.unassigned
    if event.teams and len(waiting) < team_size:
        existing = [(team, [m.organisation.name if m.organisation else f"-{m.id}" for m in team.members])
                    for team in event.teams]
        pairs = formation.place_in_teams(
            [(p, p.organisation.name if p.organisation else f"-{p.id}") for p in waiting], existing)
        for person, team in pairs:
            person.team = team
        return [], len(pairs)
    return _form_teams(event, team_size), 0


def _form_teams(event: Event, team_size: int) -> list[Team]:
    waiting = event.unassigned
    groups = formation.form_teams(
        [(p, p.organisation.name if p.organisation else f"-{p.id}") for p in waiting], team_size
    )
    taken = {team.name.casefold() for team in event.teams}
    themes = list(event.themes)
    created: list[Team] = []
    number = 1
    for members in groups:
        while _("Équipe %(n)s", n=number).casefold() in taken:
            number += 1
        name = _("Équipe %(n)s", n=number)
        taken.add(name.casefold())
        team = _new_team(event, name, themes[len(event.teams) % len(themes)] if themes else None)
        for person in members:
            person.team = team
        created.append(team)
    return created


def team_up(event: Event, team_size: int) -> tuple[list[Team], int]:
    """Everyone without a team gets one (see `_team_up`): returns (new teams, people put in existing teams)."""
    if not event.unassigned:
        raise BadgeathonError(_l("Tous les participants ont déjà une équipe."))
    created, placed = _team_up(event, team_size)
    db.session.commit()
    return created, placed


def form_teams(event: Event, team_size: int) -> list[Team]:
    return team_up(event, team_size)[0]


def add_juror(event: Event, name: str, email: str, organisation_name: str) -> Person:
    email = email.strip().lower()
    if any(p.email == email for p in event.jurors):
        raise Conflict(_l("%(email)s fait déjà partie du jury.", email=email))
    organisation = organisation_named(organisation_name)
    juror = Person(role=Role.JUROR, name=" ".join(name.split()), email=email, event=event,
                   organisation=organisation)
    db.session.add(juror)
    db.session.commit()
    return juror


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
    roster_line = next(
        (m for m in team.members if m.joined_at is None and m.name.casefold() == name.casefold()), None
    )
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
    return sorted((p for p in event.participants if p.organisation_claim),
                  key=lambda p: (p.team.name.casefold() if p.team else "", p.name.casefold()))


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


def _claim(event: Event, *expected, **values) -> bool:
    """Compare-and-set on the event's row: write `values` only if the row still matches `expected`, in the current
    transaction. Two nodes that read the same state and act at once cannot both win: on PostgreSQL the second
    UPDATE waits for the first one's row lock and then finds the row changed; on SQLite writers take turns on the
    database lock and the second one's WHERE sees the first one's commit. False when another request came first."""
    claimed = db.session.execute(
        db.update(Event).where(Event.id == event.id, *expected).values(**values),
        execution_options={"synchronize_session": False},
    ).rowcount == 1
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
        raise WrongPhaseMove(_l("On ne peut pas passer de « %(current)s » à « %(target)s ».",
                                current=PHASE_LABELS[event.phase], target=PHASE_LABELS[target]))
    now = now or utcnow()
    before = event.phase
    if not _claim(event, Event.phase == before, phase=target):
        db.session.rollback()  # expires the event: it is read again below
        if event.phase == target:
            return event  # the same move, made a moment earlier by another click
        raise PhaseMovedMeanwhile(_l("L'événement vient de passer à « %(current)s » : vérifiez la phase avant de "
                                     "la changer à nouveau.", current=PHASE_LABELS[event.phase]))
    # the row is ours until the commit: what follows cannot race with another move
    if target == Phase.DESIGN and event.design_deadline is None:
        event.design_deadline = deadline_from(now, event.design_minutes)
    event.phase_changes.append(PhaseChange(from_phase=before, to_phase=target, by=by, at=now))
    if target == Phase.PITCHES and event.pitch_team is None and event.teams:
        event.pitch_team = running_order(event.teams)[0]
        event.pitch_started_at, event.pitch_elapsed_seconds = None, 0
    signals.phase_moved.send(event, before=before, by=by)  # the receivers write in this transaction
    db.session.commit()
    socketio.emit("phase", {"phase": str(target)}, to=event_room(event), namespace=LIVE)
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
    if not _claim(event, Event.phase == Phase.DESIGN, Event.design_deadline == seen, design_deadline=deadline):
        db.session.rollback()
        if event.phase != Phase.DESIGN:
            raise PhaseMovedMeanwhile(_l("On ne déplace l'échéance que pendant la conception."))
        raise DeadlineMovedMeanwhile()
    signals.deadline_moved.send(event)  # the receivers write in this transaction
    db.session.commit()
    socketio.emit("phase", {"phase": str(event.phase), "deadline": event.design_deadline.isoformat()},
                  to=event_room(event), namespace=LIVE)
    return event


def show_pitch(event: Event, team_id: uuid.UUID | None) -> Event:
    """Put a team's badge on the projector and start its pitch timer (None: back to the running order)."""
    team = next((t for t in event.teams if t.public_id == team_id), None) if team_id else None
    if team_id and team is None:
        raise NotFound()
    event.pitch_team = team
    event.pitch_started_at = utcnow() if team else None
    event.pitch_elapsed_seconds = 0
    db.session.commit()
    socketio.emit("phase", {"phase": str(event.phase), "pitch": str(team_id or "")}, to=event_room(event),
                  namespace=LIVE)
    return event
