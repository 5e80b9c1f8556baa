"""Setting an event up: create and edit events and their themes, teams, structures, the roster, jurors; finding an
event or a team. Joining a team is `joining.py`, the day's moves `moves.py`, the pitches `pitching.py`."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..auth.models import Person, Role
from ..errors import BadgeathonError, Conflict, NotFound
from ..extensions import db
from . import formation, roster, signals
from .labels import DEFAULT_THEMES
from .models import Event, Organisation, Team, Theme, new_join_code


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
    found = db.session.execute(db.select(Organisation).filter_by(key=Organisation.key_for(name))).scalar_one_or_none()
    if found is None:
        found = Organisation(name=name)
        db.session.add(found)
        db.session.flush()
    return found


def organisations() -> list[Organisation]:
    return list(db.session.execute(db.select(Organisation).order_by(Organisation.name)).scalars())


def add_organisation(name: str, kind: str) -> Organisation:
    name = " ".join(name.split())
    exists = db.session.execute(db.select(Organisation.id).filter_by(key=Organisation.key_for(name))).first()
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
    teams_created: list[str]  # named in the file's team column and new
    formed: list[str] = ()  # new teams formed for the lines without a team
    placed: int = 0  # lines without a team put in existing teams (late arrivals)
    left_unassigned: int = 0  # lines without a team left so (teams not formed)
    team_of_line: dict[int, str] | None = None  # line number -> the team its person is in now

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
        roster.RosterLine(
            line.number,
            line.name,
            line.email,
            line.organisation,
            line.team,
            line.problems + (("email_known",) if line.ok and line.email in known else ()),
        )
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
            person = people[line.number] = Person(
                role=Role.PARTICIPANT,
                name=line.name,
                email=line.email,
                event=event,
                organisation=organisation_named(line.organisation),
            )
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
    return RosterReport(
        checked,
        len(good),
        teams_created,
        [team.name for team in formed],
        placed,
        left,
        {number: person.team.name for number, person in people.items() if person.team},
    )


def _team_up(event: Event, team_size: int) -> tuple[list[Team], int]:
    """Everyone without a team gets one: fewer than a team's worth join the existing teams (a late arrival is not
    a team of one), otherwise new teams are formed that mix structures. Returns (new teams, people placed)."""
    waiting = event.unassigned
    if event.teams and len(waiting) < team_size:
        existing = [
            (team, [m.organisation.name if m.organisation else f"-{m.id}" for m in team.members])
            for team in event.teams
        ]
        pairs = formation.place_in_teams(
            [(p, p.organisation.name if p.organisation else f"-{p.id}") for p in waiting], existing
        )
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
    juror = Person(role=Role.JUROR, name=" ".join(name.split()), email=email, event=event, organisation=organisation)
    db.session.add(juror)
    db.session.commit()
    return juror
