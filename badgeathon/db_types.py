"""Column types shared by the models: time zone-aware UTC timestamps on every database, string enums read back as
their members, and frozen values kept as JSON and read back as themselves."""

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy.types import JSON, DateTime, String, TypeDecorator


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


class JSONValue(TypeDecorator):
    """A frozen value kept as its plain JSON (a JSON column, as before) and read back as the value: `kind` has
    `to_json()` and a `from_json()` that reads whatever was ever stored. A value of another type is refused on the way
    in (a plain dict would come back as itself until the row is read again)."""

    impl = JSON
    cache_ok = True

    def __init__(self, kind: type):
        super().__init__()
        self.kind = kind

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, self.kind):
            raise TypeError(f"{self.kind.__name__} expected, not {type(value).__name__}")
        return value.to_json()

    def process_result_value(self, value, dialect):
        return None if value is None else self.kind.from_json(value)
