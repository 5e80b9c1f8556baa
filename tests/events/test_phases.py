"""The phases of a Badgeathon day and the organiser's allowed moves: one step forward or back, never a jump."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgeathon.events.phases import ORDER, Phase, can_move, is_step_back, next_phase, previous_phase

# préparation → conception → pitchs → évaluation → délibération → résultats
DAY = ["preparation", "design", "pitches", "scoring", "deliberation", "results"]
PHASES = st.sampled_from(list(Phase))


def test_phases_follow_the_day_in_order():
    assert [phase.value for phase in ORDER] == DAY


def test_order_holds_every_phase_once():
    assert len(ORDER) == len(set(ORDER)) == len(Phase)


def test_phase_is_its_value_as_a_string():
    # Stored in the database and sent to browsers as the plain value.
    assert Phase("scoring") is Phase.SCORING
    assert str(Phase.DESIGN) == "design"
    assert Phase.PITCHES == "pitches"


@pytest.mark.parametrize(
    "phase, expected",
    [
        (Phase.PREPARATION, Phase.DESIGN),
        (Phase.DESIGN, Phase.PITCHES),
        (Phase.PITCHES, Phase.SCORING),
        (Phase.SCORING, Phase.DELIBERATION),
        (Phase.DELIBERATION, Phase.RESULTS),
        (Phase.RESULTS, None),
    ],
)
def test_next_phase(phase, expected):
    assert next_phase(phase) is expected


@pytest.mark.parametrize(
    "phase, expected",
    [
        (Phase.PREPARATION, None),
        (Phase.DESIGN, Phase.PREPARATION),
        (Phase.PITCHES, Phase.DESIGN),
        (Phase.SCORING, Phase.PITCHES),
        (Phase.DELIBERATION, Phase.SCORING),
        (Phase.RESULTS, Phase.DELIBERATION),
    ],
)
def test_previous_phase(phase, expected):
    assert previous_phase(phase) is expected


def test_walking_forward_from_preparation_visits_the_whole_day():
    walked, phase = [], Phase.PREPARATION
    while phase is not None:
        walked.append(phase.value)
        phase = next_phase(phase)

    assert walked == DAY


def test_next_and_previous_accept_the_stored_string_value():
    assert next_phase("pitches") is Phase.SCORING
    assert previous_phase("pitches") is Phase.DESIGN


@pytest.mark.parametrize("phase", list(Phase))
def test_previous_undoes_next_and_next_undoes_previous(phase):
    if next_phase(phase) is not None:
        assert previous_phase(next_phase(phase)) is phase
    if previous_phase(phase) is not None:
        assert next_phase(previous_phase(phase)) is phase


def test_organiser_can_move_one_step_forward():
    assert can_move(Phase.DESIGN, Phase.PITCHES)


def test_organiser_can_move_one_step_back_to_correct_a_mistake():
    assert can_move(Phase.SCORING, Phase.PITCHES)


@pytest.mark.parametrize(
    "current, target",
    [
        (Phase.PREPARATION, Phase.PITCHES),
        (Phase.PREPARATION, Phase.RESULTS),
        (Phase.DESIGN, Phase.SCORING),
        (Phase.RESULTS, Phase.SCORING),
        (Phase.RESULTS, Phase.PREPARATION),
    ],
)
def test_organiser_cannot_jump_phases(current, target):
    assert not can_move(current, target)


@pytest.mark.parametrize("phase", list(Phase))
def test_organiser_cannot_move_to_the_current_phase(phase):
    assert not can_move(phase, phase)


def test_no_move_past_the_ends_of_the_day():
    assert [p for p in Phase if can_move(Phase.PREPARATION, p)] == [Phase.DESIGN]
    assert [p for p in Phase if can_move(Phase.RESULTS, p)] == [Phase.DELIBERATION]


def test_allowed_moves_over_all_pairs_are_exactly_neighbours():
    allowed = {(a.value, b.value) for a, b in itertools.product(Phase, repeat=2) if can_move(a, b)}

    forward = set(itertools.pairwise(DAY))
    neighbours = forward | {(b, a) for a, b in forward}
    assert allowed == neighbours


@given(current=PHASES, target=PHASES)
def test_a_move_is_allowed_exactly_when_the_phases_are_one_step_apart(current, target):
    assert can_move(current, target) == (abs(ORDER.index(current) - ORDER.index(target)) == 1)


@given(current=PHASES, target=PHASES)
def test_every_allowed_move_can_be_undone(current, target):
    assert can_move(current, target) == can_move(target, current)


# --- which moves the organiser confirms -----------------------------------------------------------------------------


@given(current=PHASES, target=PHASES)
def test_a_step_back_is_exactly_the_allowed_move_to_an_earlier_phase(current, target):
    assert is_step_back(current, target) == (can_move(current, target) and ORDER.index(target) < ORDER.index(current))


def test_stepping_forward_or_jumping_is_no_step_back():
    assert not is_step_back(Phase.PREPARATION, Phase.DESIGN)
    assert not is_step_back(Phase.PITCHES, Phase.PREPARATION)  # a jump: refused, never confirmed
    assert is_step_back(Phase.DESIGN, Phase.PREPARATION)
    assert is_step_back("results", Phase.DELIBERATION)


# --- phases compare by their place in the day ------------------------------------------------------------------------


@given(a=PHASES, b=PHASES)
def test_phases_compare_by_their_place_in_the_day(a, b):
    assert (a < b) == (ORDER.index(a) < ORDER.index(b))
    assert (a <= b) == (ORDER.index(a) <= ORDER.index(b))
    assert (a > b) == (ORDER.index(a) > ORDER.index(b))
    assert (a >= b) == (ORDER.index(a) >= ORDER.index(b))


def test_the_day_order_is_not_the_alphabetical_one():
    assert Phase.PITCHES > Phase.DESIGN > Phase.PREPARATION  # alphabetically: pitches > preparation > design
    assert Phase.RESULTS > Phase.SCORING and Phase.DELIBERATION > Phase.SCORING
    assert sorted(reversed(ORDER)) == list(ORDER)


@pytest.mark.parametrize(
    "compare",
    [
        lambda: Phase.PITCHES >= "design",
        lambda: Phase.PITCHES < "preparation",
        lambda: "pitches" >= Phase.DESIGN,  # noqa: SIM300 — a str on the left asks the Phase first: refused too
        lambda: "pitches" < Phase.PREPARATION,  # noqa: SIM300 — the str on the left on purpose, as above
        lambda: Phase.DESIGN > 1,
        lambda: Phase.DESIGN <= None,
    ],
)
def test_a_phase_refuses_to_be_ordered_against_anything_but_a_phase(compare):
    with pytest.raises(TypeError, match="a phase compares only with a phase"):
        compare()


def test_a_phase_still_equals_its_stored_string():
    assert Phase.DESIGN == "design" and "design" == Phase.DESIGN  # noqa: SIM300 — both sides asked first, on purpose
    assert {"design": 1}[Phase.DESIGN] == 1


def test_an_event_read_from_the_database_holds_its_phase_as_a_phase(app, world, ctx):
    from badgeathon.events.models import Event, PhaseChange
    from badgeathon.extensions import db

    event = db.session.execute(db.select(Event).filter_by(public_id=world.event_id)).scalar_one()
    assert type(event.phase) is Phase and event.phase is Phase.PREPARATION
    assert type(db.session.execute(db.select(Event.phase)).scalar_one()) is Phase

    db.session.add(PhaseChange(event_id=event.id, from_phase="preparation", to_phase=Phase.DESIGN))
    event.phase = "design"  # a bare string set in code is stored as its value and read back as the member
    db.session.commit()
    change = db.session.execute(db.select(PhaseChange)).scalar_one()
    assert (type(change.from_phase), type(change.to_phase), type(event.phase)) == (Phase, Phase, Phase)
    assert event.phase >= Phase.DESIGN
