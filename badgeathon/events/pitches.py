"""The pitches' running order and timer (pure): the order, a shuffle, a move, who comes next, the time left."""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Protocol, TypeVar


class Ordered(Protocol):
    pitch_position: int | None


T = TypeVar("T", bound=Ordered)


def running_order(teams: Sequence[T]) -> list[T]:
    """Teams by their place in the running order; teams without one (added since) follow, in the order given."""
    return sorted(teams, key=lambda team: (team.pitch_position is None, team.pitch_position or 0))


def shuffled(order: Sequence[T], rng: random.Random) -> list[T]:
    """A new running order drawn at random."""
    drawn = list(order)
    rng.shuffle(drawn)
    return drawn


def moved(order: Sequence[T], team: T, step: int) -> list[T]:
    """The order with `team` one place earlier (step -1) or later (+1); at either end it stays where it is."""
    teams = list(order)
    index = teams.index(team)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(teams):
        return teams
    teams[index], teams[target] = teams[target], teams[index]
    return teams


def after(order: Sequence[T], current: T | None) -> T | None:
    """Who pitches after `current` (the first team when none is on screen yet; None after the last)."""
    if current is None:
        return order[0] if order else None
    index = list(order).index(current) if current in order else -1
    return order[index + 1] if 0 <= index < len(order) - 1 else None


def before(order: Sequence[T], current: T | None) -> T | None:
    """Who pitched before `current` (None at the first team or when none is on screen)."""
    if current is None or current not in order:
        return None
    index = list(order).index(current)
    return order[index - 1] if index > 0 else None


class TimerState(StrEnum):
    READY = "ready"  # on screen, the full length waits for the start
    RUNNING = "running"
    PAUSED = "paused"
    OVER = "over"  # the pitch length is spent (running or not)


@dataclass(frozen=True)
class PitchTimer:
    """One team's pitch timer: its length, what was spoken before the last pause, since when it runs (None: it
    does not)."""

    minutes: int
    elapsed_seconds: int = 0
    started_at: datetime | None = None

    def elapsed(self, now: datetime) -> int:
        running = int((now - self.started_at).total_seconds()) if self.started_at else 0
        return self.elapsed_seconds + max(0, running)

    def remaining(self, now: datetime) -> int:
        """Whole seconds left, 0 once the length is spent."""
        return max(0, self.minutes * 60 - self.elapsed(now))

    def state(self, now: datetime) -> TimerState:
        if self.remaining(now) == 0:
            return TimerState.OVER
        if self.started_at is not None:
            return TimerState.RUNNING
        return TimerState.PAUSED if self.elapsed_seconds else TimerState.READY

    def started(self, now: datetime) -> "PitchTimer":
        """Running from now on (a paused timer resumes where it stopped; a running one is left as it is)."""
        return self if self.started_at is not None else replace(self, started_at=now)

    def paused(self, now: datetime) -> "PitchTimer":
        """Stopped, keeping what was spoken, counted in started seconds: a timer paused within its first second is
        paused, not back to waiting (a paused timer stays as it is)."""
        if self.started_at is None:
            return self
        stretch = max(1, math.ceil((now - self.started_at).total_seconds()))
        return replace(self, elapsed_seconds=self.elapsed_seconds + stretch, started_at=None)
