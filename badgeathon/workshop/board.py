"""The organiser's live board (pure): how far each team's checklist is, how long since its last edit, who is stuck."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from .checklist import ADVICE, blockers, check
from .view import DesignView

NOW = "now"  # less than a minute ago
MINUTES = "minutes"  # `amount` minutes ago (1–59)
HOURS = "hours"  # `amount` hours and `minutes` minutes ago
NEVER = "never"  # nobody has edited the design yet


@dataclass(frozen=True)
class Since:
    """How long ago something happened, as a key and numbers; the web shell words it."""

    kind: str
    amount: int = 0
    minutes: int = 0


@dataclass(frozen=True)
class Progress:
    """The checks that count on the board (required and expected: advice never blocks anything), x of y."""

    passed: int
    total: int
    ready: bool  # no blocker (checklist.blockers): the badge could be exported as it is


def progress(view: DesignView) -> Progress:
    """Checklist progress of a design's stored plain view: no CRDT is read, so a board of 20 teams stays cheap."""
    counted = [finding for finding in check(view) if finding.level != ADVICE]
    return Progress(sum(1 for finding in counted if finding.ok), len(counted), not blockers(counted))


def since(moment: datetime | None, now: datetime) -> Since:
    """How long before `now` `moment` was; a moment a little in the future (another node's clock) is "now"."""
    if moment is None:
        return Since(NEVER)
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 1:
        return Since(NOW)
    if minutes < 60:
        return Since(MINUTES, minutes)
    return Since(HOURS, minutes // 60, minutes % 60)


def is_stuck(
    last_activity: datetime | None, design_started: datetime | None, now: datetime, stuck_minutes: float
) -> bool:
    """A team needs a look when nothing was edited for `stuck_minutes`: counted from its last edit, or, if it never
    edited, from the start of the design phase (a team that never started is the first to help). Before the design
    phase has a start, no one is stuck."""
    reference = last_activity or design_started
    if reference is None:
        return False
    return now - reference >= timedelta(minutes=stuck_minutes)
