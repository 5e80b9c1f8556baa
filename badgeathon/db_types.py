"""Column types shared by the models: time zone-aware UTC timestamps on every database, and string enums read
back as their members."""
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy.types import DateTime, String, TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC (SQLite has no time zones) and always gives back an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class StrEnumColumn(TypeDecorator):
    """A StrEnum stored as its plain value (a VARCHAR, as before) and read back as the member, so what the code
    compares is always the enum and never a bare string. A value outside the enum is refused on the way in."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int):
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum(value)
