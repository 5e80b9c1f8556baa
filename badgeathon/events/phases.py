"""The phases of a Badgeathon day, in order, and which moves between them are allowed (pure)."""

from enum import StrEnum


class Phase(StrEnum):
    """A phase equals its plain value (stored and sent as such), but compares by its place in the day:
    `event.phase >= Phase.PITCHES` is "the pitches have begun". Ordering a phase against anything else, a bare
    string included, raises TypeError: a string's alphabetical order would be silently wrong."""

    PREPARATION = "preparation"
    DESIGN = "design"
    PITCHES = "pitches"
    SCORING = "scoring"
    DELIBERATION = "deliberation"
    RESULTS = "results"

    def _place(self, other: object) -> tuple[int, int]:
        # Defined on every operator, not through functools.total_ordering: str already has all four, and a
        # str on the left asks the Phase on the right first (it is a subclass), which must refuse too.
        if type(other) is not Phase:
            raise TypeError(f"a phase compares only with a phase, not {type(other).__name__} {other!r}")
        return ORDER.index(self), ORDER.index(other)

    def __lt__(self, other: object) -> bool:
        mine, theirs = self._place(other)
        return mine < theirs

    def __le__(self, other: object) -> bool:
        mine, theirs = self._place(other)
        return mine <= theirs

    def __gt__(self, other: object) -> bool:
        mine, theirs = self._place(other)
        return mine > theirs

    def __ge__(self, other: object) -> bool:
        mine, theirs = self._place(other)
        return mine >= theirs


ORDER: tuple[Phase, ...] = tuple(Phase)


def next_phase(phase: Phase) -> Phase | None:
    """The phase after `phase`, or None after the results."""
    index = ORDER.index(phase)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def previous_phase(phase: Phase) -> Phase | None:
    index = ORDER.index(phase)
    return ORDER[index - 1] if index > 0 else None


def can_move(current: Phase, target: Phase) -> bool:
    """The organiser moves one step forward, or one step back to correct a mistake; never jumps."""
    return target in (next_phase(current), previous_phase(current))


def is_step_back(current: Phase, target: Phase) -> bool:
    """The one step back `can_move` allows. It undoes part of the day (the teams' edits stop, the scores unlock,
    the ceremony stops), so the organiser confirms it, where a step forward is one click."""
    return target == previous_phase(current)
