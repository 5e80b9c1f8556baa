"""The design countdown: seconds left, clamping, the browser's payload, and time zones including Paris DST days."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from badgeathon.events.countdown import clock, deadline_from, moved_deadline, remaining_seconds

UTC = UTC
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 6, 12, 9, 0, tzinfo=UTC)


# --- remaining seconds --------------------------------------------------------------------------------------------


def test_remaining_seconds_counts_down_to_the_deadline():
    assert remaining_seconds(NOW + timedelta(minutes=90), NOW) == 5400


def test_remaining_seconds_are_whole_seconds_rounded_down():
    assert remaining_seconds(NOW + timedelta(seconds=59, milliseconds=900), NOW) == 59


def test_remaining_seconds_is_zero_at_the_deadline():
    assert remaining_seconds(NOW, NOW) == 0


@pytest.mark.parametrize("late", [timedelta(microseconds=1), timedelta(seconds=1), timedelta(hours=5)])
def test_remaining_seconds_is_clamped_at_zero_after_the_deadline(late):
    assert remaining_seconds(NOW - late, NOW) == 0


def test_remaining_seconds_is_none_without_a_deadline():
    assert remaining_seconds(None, NOW) is None


@given(left=st.integers(min_value=-(10**7), max_value=10**7))
def test_remaining_seconds_is_never_negative_and_exact_before_the_deadline(left):
    assert remaining_seconds(NOW + timedelta(seconds=left), NOW) == max(0, left)


# --- deadline -----------------------------------------------------------------------------------------------------


def test_deadline_is_start_plus_design_minutes():
    assert deadline_from(NOW, 150) == datetime(2026, 6, 12, 11, 30, tzinfo=UTC)


def test_countdown_started_now_shows_the_whole_design_time():
    assert remaining_seconds(deadline_from(NOW, 150), NOW) == 150 * 60


# --- what the browser receives ------------------------------------------------------------------------------------


def test_clock_gives_iso_timestamps_and_remaining_seconds():
    deadline = NOW + timedelta(minutes=30)

    assert clock(deadline, NOW) == {
        "now": "2026-06-12T09:00:00+00:00",
        "deadline": "2026-06-12T09:30:00+00:00",
        "remaining": 1800,
    }


def test_clock_timestamps_parse_back_to_the_same_instants():
    deadline = datetime(2026, 6, 12, 11, 30, 15, tzinfo=PARIS)

    payload = clock(deadline, NOW)

    assert datetime.fromisoformat(payload["now"]) == NOW
    assert datetime.fromisoformat(payload["deadline"]) == deadline
    assert datetime.fromisoformat(payload["deadline"]).utcoffset() is not None  # the browser gets the offset


def test_clock_without_deadline_has_no_deadline_and_no_remaining():
    assert clock(None, NOW) == {"now": "2026-06-12T09:00:00+00:00", "deadline": None, "remaining": None}


def test_clock_after_the_deadline_shows_zero():
    assert clock(NOW - timedelta(minutes=1), NOW)["remaining"] == 0


# --- time zones ---------------------------------------------------------------------------------------------------


def test_deadline_in_paris_utc_or_new_york_gives_the_same_remaining_seconds():
    deadline_utc = datetime(2026, 6, 12, 12, 0, tzinfo=UTC)
    written = [deadline_utc, deadline_utc.astimezone(PARIS), deadline_utc.astimezone(NEW_YORK)]
    assert [d.hour for d in written] == [12, 14, 8]  # really three different wall clocks

    assert {remaining_seconds(deadline, NOW) for deadline in written} == {3 * 3600}


def test_server_clock_in_any_zone_gives_the_same_remaining_seconds():
    deadline = datetime(2026, 6, 12, 14, 0, tzinfo=PARIS)  # 12:00 UTC

    assert {remaining_seconds(deadline, NOW.astimezone(zone)) for zone in (UTC, PARIS, NEW_YORK)} == {3 * 3600}


@given(
    left=st.integers(min_value=-(10**6), max_value=10**6),
    instant=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    zone=st.sampled_from([UTC, PARIS, NEW_YORK, ZoneInfo("Asia/Tokyo"), ZoneInfo("Australia/Lord_Howe")]),
)
def test_remaining_seconds_depend_on_the_instant_not_on_the_deadline_zone(left, instant, zone):
    now = instant.replace(tzinfo=UTC)  # the server's clock is UTC
    deadline = (now + timedelta(seconds=left)).astimezone(zone)

    assert remaining_seconds(deadline, now) == max(0, left)


def test_paris_deadline_across_the_october_dst_change_counts_real_seconds_from_a_utc_clock():
    # 25 October 2026: at 03:00 CEST Paris clocks go back to 02:00 CET, so 01:30 -> 03:30 lasts three hours.
    now = datetime(2026, 10, 25, 1, 30, tzinfo=PARIS).astimezone(UTC)
    deadline = datetime(2026, 10, 25, 3, 30, tzinfo=PARIS)

    assert remaining_seconds(deadline, now) == 3 * 3600


def test_design_time_started_from_a_utc_clock_lasts_its_minutes_across_the_paris_dst_change():
    start = datetime(2026, 10, 25, 0, 15, tzinfo=UTC)  # 02:15 CEST in Paris, 45 minutes before the change

    deadline = deadline_from(start, 120)

    assert deadline.astimezone(PARIS) == datetime(2026, 10, 25, 3, 15, tzinfo=PARIS)  # 03:15 CET
    assert remaining_seconds(deadline, start) == 120 * 60


# Python subtracts and adds datetimes that share one tzinfo by wall clock, ignoring the UTC offset; a countdown
# given Paris times must still count real seconds.
@pytest.mark.parametrize(
    "day, expected_hours",
    [
        ((2026, 10, 25), 3),  # clocks go back: 01:30 CEST -> 03:30 CET is three real hours
        ((2026, 3, 29), 1),  # clocks go forward: 01:30 CET -> 03:30 CEST is one real hour
    ],
)
def test_remaining_seconds_are_real_seconds_when_both_times_are_paris_times_on_a_dst_day(day, expected_hours):
    now = datetime(*day, 1, 30, tzinfo=PARIS)
    deadline = datetime(*day, 3, 30, tzinfo=PARIS)
    assert (deadline.astimezone(UTC) - now.astimezone(UTC)) == timedelta(hours=expected_hours)

    assert remaining_seconds(deadline, now) == expected_hours * 3600


def test_design_time_started_from_a_paris_clock_lasts_its_minutes_across_the_dst_change():
    start = datetime(2026, 10, 25, 1, 30, tzinfo=PARIS)  # 01:30 CEST

    deadline = deadline_from(start, 120)

    assert deadline.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=120)


# --- moving the deadline --------------------------------------------------------------------------------------------


def test_a_moved_deadline_is_minutes_later_or_earlier():
    deadline = NOW + timedelta(hours=2)

    assert moved_deadline(deadline, 15, NOW) == deadline + timedelta(minutes=15)
    assert moved_deadline(deadline, -64, NOW) == deadline - timedelta(minutes=64)


def test_a_deadline_cut_never_goes_before_now():
    assert moved_deadline(NOW + timedelta(minutes=10), -30, NOW) == NOW


@given(minutes=st.integers(-240, 240), left=st.integers(-600, 600))
def test_a_moved_deadline_is_in_utc_and_never_in_the_past(minutes, left):
    deadline = (NOW + timedelta(minutes=left)).astimezone(PARIS)

    moved = moved_deadline(deadline, minutes, NOW)

    assert moved.utcoffset() == timedelta(0)
    assert moved == max(NOW, deadline + timedelta(minutes=minutes))
