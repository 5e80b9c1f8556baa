"""The countdown to the design deadline, computed from the server's clock (pure)."""

from datetime import UTC, datetime, timedelta


def deadline_from(start: datetime, design_minutes: int) -> datetime:
    """Real minutes after start, in UTC (wall-clock arithmetic in one zone would be wrong on DST days)."""
    return start.astimezone(UTC) + timedelta(minutes=design_minutes)


def moved_deadline(deadline: datetime, minutes: int, now: datetime) -> datetime:
    """The deadline moved by `minutes` (earlier when negative), never before now: time already spent stays spent."""
    return max(now.astimezone(UTC), deadline.astimezone(UTC) + timedelta(minutes=minutes))


def remaining_seconds(deadline: datetime | None, now: datetime) -> int | None:
    """Whole seconds left until the deadline (0 once passed), or None when no deadline is set."""
    if deadline is None:
        return None
    elapsed = deadline.astimezone(UTC) - now.astimezone(UTC)
    return max(0, int(elapsed.total_seconds()))


def clock(deadline: datetime | None, now: datetime) -> dict:
    """What a browser needs to show the countdown: it corrects its own clock by the server's `now`."""
    return {
        "now": now.isoformat(),
        "deadline": deadline.isoformat() if deadline else None,
        "remaining": remaining_seconds(deadline, now),
    }
