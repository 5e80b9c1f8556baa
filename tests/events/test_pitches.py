"""The pitches' running order and timer, with plain values: order, shuffle, moves, who is next, pause and resume."""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from badgeathon.events.pitches import PitchTimer, TimerState, after, before, moved, running_order, shuffled

T0 = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


@dataclass(eq=False)
class Team:
    name: str
    pitch_position: int | None = None


def names(teams):
    return [t.name for t in teams]


def test_teams_with_a_place_come_first_and_new_teams_follow_in_the_order_given():
    teams = [Team("A"), Team("B", 1), Team("C"), Team("D", 0)]
    assert names(running_order(teams)) == ["D", "B", "A", "C"]


@given(st.integers(min_value=0, max_value=12), st.integers())
def test_a_shuffle_keeps_every_team_once(count, seed):
    order = [Team(str(i)) for i in range(count)]
    drawn = shuffled(order, random.Random(seed))
    assert sorted(names(drawn)) == sorted(names(order))
    assert names(order) == [str(i) for i in range(count)]  # the order given is left as it was


def test_a_shuffle_draws_different_orders():
    order = [Team(str(i)) for i in range(6)]
    assert len({tuple(names(shuffled(order, random.Random(seed)))) for seed in range(20)}) > 1


def test_a_team_moves_one_place_up_or_down_and_stays_put_at_either_end():
    a, b, c = Team("A"), Team("B"), Team("C")
    assert names(moved([a, b, c], b, -1)) == ["B", "A", "C"]
    assert names(moved([a, b, c], b, +1)) == ["A", "C", "B"]
    assert names(moved([a, b, c], a, -1)) == ["A", "B", "C"]
    assert names(moved([a, b, c], c, +1)) == ["A", "B", "C"]
    assert names(moved([a, b, c], a, 2)) == ["A", "B", "C"]


@given(st.integers(min_value=1, max_value=8), st.data())
def test_moving_down_then_up_gives_the_order_back(count, data):
    order = [Team(str(i)) for i in range(count)]
    team = order[data.draw(st.integers(min_value=0, max_value=count - 2))] if count > 1 else order[0]
    assert moved(moved(order, team, +1), team, -1) == order


def test_next_and_previous_team_in_the_running_order():
    a, b, c = Team("A"), Team("B"), Team("C")
    order = [a, b, c]
    assert after(order, None) is a
    assert after(order, a) is b and after(order, c) is None
    assert before(order, b) is a and before(order, a) is None and before(order, None) is None
    assert after([], None) is None


def test_a_ready_timer_waits_at_its_full_length():
    timer = PitchTimer(minutes=5)
    assert timer.state(T0) is TimerState.READY
    assert timer.remaining(T0 + timedelta(hours=1)) == 300


def test_a_running_timer_counts_down_from_its_start():
    timer = PitchTimer(minutes=5).started(T0)
    assert timer.state(T0 + timedelta(seconds=10)) is TimerState.RUNNING
    assert timer.remaining(T0 + timedelta(seconds=61)) == 239
    assert timer.started(T0 + timedelta(seconds=30)) == timer  # a second start changes nothing


def test_a_pause_keeps_what_was_spoken_and_a_resume_goes_on_from_there():
    paused = PitchTimer(minutes=5).started(T0).paused(T0 + timedelta(seconds=90))
    assert paused.state(T0 + timedelta(minutes=10)) is TimerState.PAUSED
    assert paused.remaining(T0 + timedelta(minutes=10)) == 210  # the timer stops while paused
    assert paused.paused(T0 + timedelta(minutes=11)) == paused
    resumed = paused.started(T0 + timedelta(minutes=10))
    assert resumed.remaining(T0 + timedelta(minutes=10, seconds=30)) == 180


def test_time_is_over_once_the_length_is_spent_and_never_negative():
    timer = PitchTimer(minutes=1).started(T0)
    assert timer.state(T0 + timedelta(seconds=60)) is TimerState.OVER
    assert timer.remaining(T0 + timedelta(minutes=5)) == 0
    assert timer.paused(T0 + timedelta(minutes=5)).state(T0 + timedelta(minutes=6)) is TimerState.OVER


def test_a_timer_paused_in_its_first_second_is_paused_not_waiting_again():
    paused = PitchTimer(minutes=5).started(T0).paused(T0 + timedelta(milliseconds=300))
    assert paused.state(T0 + timedelta(seconds=5)) is TimerState.PAUSED and paused.remaining(T0) == 299


@given(st.lists(st.integers(min_value=1, max_value=200), min_size=1, max_size=6), st.integers(1, 10))
def test_remaining_time_only_counts_the_running_stretches(stretches, minutes):
    timer, now = PitchTimer(minutes), T0
    for seconds in stretches:  # run a stretch, then a long pause
        timer = timer.started(now).paused(now + timedelta(seconds=seconds))
        now += timedelta(seconds=seconds, minutes=30)
    assert timer.remaining(now) == max(0, minutes * 60 - sum(stretches))
