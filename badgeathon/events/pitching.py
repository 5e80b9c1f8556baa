"""Pitch use cases: the pitch length, the running order (shuffle, move a team) and the timer the organiser drives
(start, pause, resume, next and previous team); each commits once and tells the projector and the organisers."""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..db_types import utcnow
from ..errors import BadgeathonError, NotFound
from ..extensions import db
from ..realtime import LIVE, announce, event_room
from . import pitches
from .models import Event, Team
from .moves import claim
from .phases import Phase
from .pitches import PitchTimer, TimerState

MIN_MINUTES, MAX_MINUTES = 1, 30


class NotPitching(BadgeathonError):
    code = "not_pitching"
    status = 409
    default_message = _l("Le chrono des pitchs ne se pilote que pendant la phase des pitchs.")


@dataclass(frozen=True)
class PitchDesk:
    """What the organiser's page and the projector show of the pitches at one instant."""

    order: list[Team]
    team: Team | None  # on screen
    following: Team | None  # "à suivre"
    previous: Team | None
    timer: PitchTimer
    state: TimerState | None  # None: no team on screen
    remaining: int  # seconds


def timer_of(event: Event) -> PitchTimer:
    return PitchTimer(event.pitch_minutes, event.pitch_elapsed_seconds or 0, event.pitch_started_at)


def desk(event: Event, now: datetime | None = None) -> PitchDesk:
    now = now or utcnow()
    order = pitches.running_order(event.teams)
    team = event.pitch_team
    timer = timer_of(event)
    return PitchDesk(
        order=order,
        team=team,
        following=pitches.after(order, team),
        previous=pitches.before(order, team),
        timer=timer,
        state=timer.state(now) if team else None,
        remaining=timer.remaining(now),
    )


def _announce_desk(event: Event, team: Team | None) -> None:
    """The projector fetches what it now shows; the organisers' pages refresh their pitch desk (once the caller's
    transaction commits: see realtime.announce). `team` is the one on screen."""
    announce(
        "phase",
        {
            "phase": str(event.phase),
            "pitch": str(team.public_id) if team else "",
            "timer": str(timer_of(event).state(utcnow())),
        },
        to=event_room(event),
        namespace=LIVE,
    )


def set_pitch_minutes(event: Event, minutes: int) -> Event:
    """The length of every pitch; a pitch under way keeps what was already spoken."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise BadgeathonError(_l("Un pitch dure entre %(min)s et %(max)s minutes.", min=MIN_MINUTES, max=MAX_MINUTES))
    event.pitch_minutes = minutes
    _announce_desk(event, event.pitch_team)
    db.session.commit()
    return event


def _write_order(order: list[Team]) -> None:
    for position, team in enumerate(order):
        team.pitch_position = position


def shuffle_running_order(event: Event, rng: random.Random | None = None) -> list[Team]:
    """A running order drawn at random, for every team."""
    order = pitches.shuffled(pitches.running_order(event.teams), rng or random.SystemRandom())
    _write_order(order)
    _announce_desk(event, event.pitch_team)
    db.session.commit()
    return order


def move_in_running_order(event: Event, team_id: uuid.UUID, step: int) -> list[Team]:
    """One team a place earlier (step -1) or later (+1) in the running order."""
    order = pitches.running_order(event.teams)
    team = next((t for t in order if t.public_id == team_id), None)
    if team is None:
        raise NotFound()
    order = pitches.moved(order, team, step)
    _write_order(order)
    _announce_desk(event, event.pitch_team)
    db.session.commit()
    return order


def _pitching(event: Event) -> None:
    if event.phase != Phase.PITCHES:
        raise NotPitching()


def _seen(event: Event, seen: uuid.UUID | None):
    """The event's row still shows the team the organiser saw on screen (None: no team)."""
    team = next((t for t in event.teams if t.public_id == seen), None) if seen else None
    if seen and team is None:
        raise NotFound()
    return Event.pitch_team_id.is_(None) if team is None else Event.pitch_team_id == team.id


def _show(event: Event, seen: uuid.UUID | None, team: Team | None) -> bool:
    """Put `team` on screen with its full time waiting, if the screen still shows what the organiser saw; False when
    someone (or a double click) moved it meanwhile: nothing is written then."""
    _pitching(event)
    if not claim(
        event,
        Event.phase == Phase.PITCHES,
        _seen(event, seen),
        pitch_team_id=team.id if team else None,
        pitch_started_at=None,
        pitch_elapsed_seconds=0,
    ):
        db.session.rollback()
        return False
    _announce_desk(event, team)  # the row's new team: `event.pitch_team` is read again only after the commit
    db.session.commit()
    return True


def next_pitch(event: Event, seen: uuid.UUID | None) -> bool:
    """The next team in the running order on screen, its timer ready (the first team when none is on screen yet)."""
    following = pitches.after(pitches.running_order(event.teams), event.pitch_team)
    return following is not None and _show(event, seen, following)


def previous_pitch(event: Event, seen: uuid.UUID | None) -> bool:
    """Back to the team before, its timer ready again."""
    previous = pitches.before(pitches.running_order(event.teams), event.pitch_team)
    return previous is not None and _show(event, seen, previous)


def _run_timer(event: Event, seen: uuid.UUID | None, running: bool, now: datetime | None = None) -> bool:
    """Start (or resume) or pause the timer of the team on screen, compare-and-set on what the organiser saw: a
    second click on the same button changes nothing."""
    _pitching(event)
    now = now or utcnow()
    if event.pitch_team is None:
        return False  # nobody on screen: "Équipe suivante" brings the first team
    timer = timer_of(event)
    was_running = timer.started_at is not None
    if was_running == running:
        return False
    changed = timer.started(now) if running else timer.paused(now)
    expected = Event.pitch_started_at.is_not(None) if was_running else Event.pitch_started_at.is_(None)
    if not claim(
        event,
        Event.phase == Phase.PITCHES,
        _seen(event, seen),
        expected,
        Event.pitch_elapsed_seconds == timer.elapsed_seconds,
        pitch_started_at=changed.started_at,
        pitch_elapsed_seconds=changed.elapsed_seconds,
    ):
        db.session.rollback()
        return False
    _announce_desk(event, event.pitch_team)
    db.session.commit()
    return True


def start_pitch(event: Event, seen: uuid.UUID | None, *, now: datetime | None = None) -> bool:
    """Start the timer of the team on screen, or resume it after a pause."""
    return _run_timer(event, seen, True, now)


def pause_pitch(event: Event, seen: uuid.UUID | None, *, now: datetime | None = None) -> bool:
    """Stop the timer, keeping what was already spoken."""
    return _run_timer(event, seen, False, now)
