"""The countdown to the design deadline, computed from the server's clock (pure)."""
from datetime import datetime, timedelta


def deadline_from(start: datetime, design_minutes: int) -> datetime:
    return start + timedelta(minutes=design_minutes)


def remaining_seconds(deadline: datetime | None, now: datetime) -> int | None:
    """Whole seconds left until the deadline (0 once passed), or None when no deadline is set."""
    if deadline is None:
        return None
    return max(0, int((deadline - now).total_seconds()))


def clock(deadline: datetime | None, now: datetime) -> dict:
    """What a browser needs to show the countdown: it corrects its own clock by the server's `now`."""
    return {
        "now": now.isoformat(),
        "deadline": deadline.isoformat() if deadline else None,
        "remaining": remaining_seconds(deadline, now),
    }
