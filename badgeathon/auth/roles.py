"""Role checks for routes and socket handlers: who may ask for what."""
import uuid
from functools import wraps

from flask import abort
from flask_login import current_user

from ..extensions import db, login
from .models import Person, Role


@login.user_loader
def load_person(public_id: str):
    try:
        key = uuid.UUID(public_id)
    except ValueError:
        return None
    return db.session.execute(db.select(Person).filter_by(public_id=key)).scalar_one_or_none()


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
