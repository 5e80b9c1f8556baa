"""Role checks for routes and socket handlers: who may ask for what."""

from functools import cache, wraps

from flask import abort, current_app
from flask_login import current_user

from ..db_types import utcnow
from ..extensions import db, login
from . import sessions
from .models import Person, Role


@login.user_loader
def load_person(user_id: str):
    """The person a session or "remember me" cookie speaks for, if its sign-in is still open (see sessions.py)."""
    parsed = sessions.parse_id(user_id)
    if parsed is None:
        return None
    public_id, token = parsed
    person = db.session.execute(_person_statement(), {"public_id": public_id}).scalar_one_or_none()
    if person is None or not sessions.holds(person, token, utcnow(), current_app.config["SIGN_IN_LIFETIME"]):
        return None
    return person


@cache
def _person_statement():
    """Built once: every request of a signed-in person runs it (SQLAlchemy's compiled cache does the rest)."""
    return db.select(Person).where(Person.public_id == db.bindparam("public_id"))


def role_required(*roles: Role):
    """Refuse anyone not signed in (sent to the home page) or signed in with another role (403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def public(view):
    """Marks a route open to everyone, so the role matrix test knows it is meant to be."""
    view.allowed_roles = "public"
    return view


organiser_only = role_required(Role.ORGANISER)
juror_only = role_required(Role.JUROR)
