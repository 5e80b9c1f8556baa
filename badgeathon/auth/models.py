"""People who use the app and the role each one has: organiser, participant or juror."""

import uuid
from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class Role(StrEnum):
    ORGANISER = "organiser"
    PARTICIPANT = "participant"
    JUROR = "juror"


class Person(UserMixin, db.Model):
    """Anyone signed in. Organisers have a password; participants join with a team's code; jurors with an invitation."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4, unique=True)
    role: Mapped[Role] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    # The structure a participant named on joining when it did not become theirs (unknown, ambiguous, or not the
    # roster's): it changes no recusal until the organiser settles it (events.joining.settle_structure).
    organisation_claim: Mapped[str | None] = mapped_column(String(160))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL"), index=True)
    # A roster line is a person who has not joined yet; joining with the team's code claims it.
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The person's sign-in, shared by their devices: every cookie (session or "remember me") carries this token,
    # which signing out clears and which ends SESSION_LIFETIME after it was opened (see auth/sessions.py).
    session_token: Mapped[str | None] = mapped_column(String(64))
    session_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation = relationship("Organisation", lazy="joined")
    event = relationship("Event", back_populates="people")
    team = relationship("Team", back_populates="members")

    def get_id(self) -> str:
        """What the session and the "remember me" cookie hold: who, and which sign-in (revoked at sign-out)."""
        return f"{self.public_id}.{self.session_token}"

    @property
    def is_organiser(self) -> bool:
        return self.role == Role.ORGANISER

    @property
    def is_participant(self) -> bool:
        return self.role == Role.PARTICIPANT

    @property
    def is_juror(self) -> bool:
        return self.role == Role.JUROR

    def __repr__(self) -> str:
        return f"<Person {self.role} {self.name!r}>"
