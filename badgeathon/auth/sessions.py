"""A person's sign-in, shared by their devices: opened at sign-in, checked on every request and socket event,
closed by signing out (pure: no Flask, no database session).

Flask-Login keeps `Person.get_id()` — the person's public id and this sign-in's token — in the session cookie and
in the "remember me" cookie. A cookie whose token is not the person's current one (signed out since, or older than
the lifetime) is refused, wherever it was copied to."""

import hmac
import secrets
import uuid
from datetime import datetime, timedelta


def open_session(person, now: datetime, lifetime: timedelta) -> None:
    """Sign in: keep the current sign-in (the person's other devices stay signed in) or start a new one."""
    if not is_open(person, now, lifetime):
        person.session_token = secrets.token_urlsafe(32)
        person.session_opened_at = now


def close_session(person) -> None:
    """Sign out, on every device: every cookie that carries the old token is refused from now on."""
    person.session_token = None
    person.session_opened_at = None


def is_open(person, now: datetime, lifetime: timedelta) -> bool:
    return (
        person.session_token is not None
        and person.session_opened_at is not None
        and now < person.session_opened_at + lifetime
    )


def parse_id(user_id: str) -> tuple[uuid.UUID, str] | None:
    """(public id, token) from what a cookie holds, or None when it is not one of ours."""
    public_id, _, token = (user_id or "").partition(".")
    try:
        return uuid.UUID(public_id), token
    except ValueError:
        return None


def holds(person, token: str, now: datetime, lifetime: timedelta) -> bool:
    """Does a cookie carrying `token` still speak for this person?"""
    return is_open(person, now, lifetime) and hmac.compare_digest(person.session_token, token)
