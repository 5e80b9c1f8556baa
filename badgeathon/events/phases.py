"""The phases of a Badgeathon day, in order, and which moves between them are allowed (pure)."""
from enum import StrEnum


class Phase(StrEnum):
    PREPARATION = "preparation"
    DESIGN = "design"
    PITCHES = "pitches"
    SCORING = "scoring"
    DELIBERATION = "deliberation"
    RESULTS = "results"


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
