"""Sign-in use cases: organiser passwords and jurors' invitation links."""

import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..db_types import utcnow
from ..errors import BadgeathonError, Conflict, NotFound
from ..extensions import db
from . import sessions
from .models import Person, Role

_hasher = PasswordHasher()
_INVITATION_SALT = "juror-invitation"


class InvitationExpired(BadgeathonError):
    code = "invitation_expired"
    status = 410
    default_message = _l("Cette invitation a expiré. Demandez un nouveau lien à l'organisation.")


class InvitationInvalid(NotFound):
    code = "invitation_invalid"
    default_message = _l("Ce lien d'invitation n'est pas valide. Vérifiez qu'il a été copié en entier.")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate_organiser(email: str, password: str) -> Person | None:
    """The organiser with this e-mail and password, signed in; or None (same answer whichever was wrong)."""
    person = db.session.execute(
        db.select(Person).filter_by(role=Role.ORGANISER, email=email.strip().lower())
    ).scalar_one_or_none()
    if person is None or not person.password_hash:
        _hasher.hash(password)  # spend the same time as a real check
        return None
    try:
        _hasher.verify(person.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(person.password_hash):
        person.password_hash = hash_password(password)
    open_session(person)
    db.session.commit()
    return person


def open_session(person: Person) -> None:
    """Part of every sign-in use case (not committed here): the token the cookies will carry."""
    sessions.open_session(person, utcnow(), current_app.config["SIGN_IN_LIFETIME"])


def sign_out(person: Person) -> None:
    """Sign out on every device: the session and "remember me" cookies that carry this sign-in stop working, and
    the person's open studio sockets are refused at their next check."""
    sessions.close_session(person)
    db.session.commit()


def create_organiser(name: str, email: str, password: str) -> Person:
    email = email.strip().lower()
    exists = db.session.execute(db.select(Person.id).filter_by(role=Role.ORGANISER, email=email)).first()
    if exists:
        raise Conflict(_l("Un compte organisateur existe déjà pour %(email)s.", email=email))
    if len(password) < 10:
        raise BadgeathonError(_l("Le mot de passe doit faire au moins 10 caractères."))
    person = Person(role=Role.ORGANISER, name=name.strip(), email=email, password_hash=hash_password(password))
    db.session.add(person)
    db.session.commit()
    return person


def _invitations() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_INVITATION_SALT)


def invitation_token(juror: Person) -> str:
    return _invitations().dumps(str(juror.public_id))


def juror_from_invitation(token: str) -> Person:
    """The juror an invitation link names, if the link is genuine and not expired (reads only)."""
    max_age = current_app.config["INVITATION_MAX_AGE"].total_seconds()
    try:
        public_id = _invitations().loads(token, max_age=max_age)
    except SignatureExpired:
        raise InvitationExpired() from None
    except BadSignature:
        raise InvitationInvalid() from None
    try:  # signed by us, yet perhaps not by this code: a token minted elsewhere with the key may carry anything
        public_id = uuid.UUID(public_id) if isinstance(public_id, str) else None
    except ValueError:
        public_id = None
    if public_id is None:
        raise InvitationInvalid()
    juror = db.session.execute(db.select(Person).filter_by(public_id=public_id, role=Role.JUROR)).scalar_one_or_none()
    if juror is None:
        raise InvitationInvalid()
    return juror


def accept_invitation(token: str) -> Person:
    """The juror of this invitation signs in (a POST: a link opened by an image or a page of another site cannot
    sign anyone in as somebody else)."""
    juror = juror_from_invitation(token)
    if juror.joined_at is None:
        juror.joined_at = utcnow()
    open_session(juror)
    db.session.commit()
    return juror
