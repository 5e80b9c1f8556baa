"""Shows UTC timestamps in Europe/Paris, the time of the people in the room."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import format_datetime

PARIS = ZoneInfo("Europe/Paris")


def paris(value: datetime | None, format: str = "d MMMM y, HH:mm") -> str:
    """Format an aware datetime in Europe/Paris for the current locale (Babel pattern)."""
    if value is None:
        return ""
    return format_datetime(value, format)


def from_paris(value: datetime) -> datetime:
    """A wall-clock time typed in Paris, as an aware datetime (ambiguous autumn hours take the first)."""
    return value.replace(tzinfo=PARIS)


def to_paris(value: datetime) -> datetime:
    return value.astimezone(PARIS)
