"""Events, their themes and teams, and the organisations (structures) people come from."""

import secrets
import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..db_types import StrEnumColumn, UTCDateTime, utcnow
from ..extensions import db
from .phases import Phase

# No 0/O or 1/I/L: a join code is read aloud and typed from a projector.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_screen_token() -> str:
    return secrets.token_urlsafe(24)


class OrganisationKind(StrEnum):
    TRAINING = "training"  # organisme de formation
    SIAE = "siae"  # structure d'insertion par l'activité économique
    CEP = "cep"  # conseil en évolution professionnelle
    ASSOCIATION = "association"
    COMPANY = "company"
    PUBLIC = "public"  # service public de l'emploi, collectivité
    OTHER = "other"


class Organisation(db.Model):
    """A structure: training body, SIAE, CEP, association, company…"""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    # "École de la 2e chance" and "école de la 2e  chance" are one structure, on every database.
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(String(20), default=OrganisationKind.OTHER)

    @staticmethod
    def key_for(name: str) -> str:
        return " ".join(name.split()).casefold()

    @validates("name")
    def _keep_key(self, _field, name):
        self.key = self.key_for(name)
        return name


class Event(db.Model):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4, unique=True)
    name: Mapped[str] = mapped_column(String(120))
    venue: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    design_minutes: Mapped[int] = mapped_column(default=360)
    winners: Mapped[int] = mapped_column(default=2)
    audience_vote: Mapped[bool] = mapped_column(default=False, server_default=false())
    phase: Mapped[Phase] = mapped_column(StrEnumColumn(Phase, 20), default=Phase.PREPARATION)
    design_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    screen_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_screen_token)
    pitch_minutes: Mapped[int] = mapped_column(default=5)
    pitch_team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id", ondelete="SET NULL", use_alter=True))
    pitch_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: no pitch runs (paused or none)
    # seconds of the current pitch already spoken before its last pause: what a pause keeps
    pitch_elapsed_seconds: Mapped[int] = mapped_column(default=0, server_default="0")
    # the organiser closes joining once every team is complete: a join code then admits no one
    joining_open: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    themes = relationship("Theme", back_populates="event", order_by="Theme.position", cascade="all, delete-orphan")
    teams = relationship(
        "Team", back_populates="event", order_by="Team.name", cascade="all, delete-orphan", foreign_keys="Team.event_id"
    )
    pitch_team = relationship("Team", foreign_keys=[pitch_team_id], post_update=True)
    people = relationship("Person", back_populates="event", cascade="all, delete-orphan")
    phase_changes = relationship(
        "PhaseChange", back_populates="event", order_by="PhaseChange.at", cascade="all, delete-orphan"
    )

    @property
    def jurors(self):
        return sorted((p for p in self.people if p.is_juror), key=lambda p: p.name.casefold())

    @property
    def participants(self):
        return [p for p in self.people if p.is_participant]

    @property
    def unassigned(self):
        return sorted((p for p in self.participants if p.team_id is None), key=lambda p: p.name.casefold())


class Theme(db.Model):
    """A transition a team designs its badge for (écologique, économique, numérique…)."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)

    event = relationship("Event", back_populates="themes")


class Team(db.Model):
    __tablename__ = "team"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4, unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    join_code: Mapped[str] = mapped_column(String(12), unique=True, default=new_join_code)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    pitch_position: Mapped[int | None] = mapped_column()  # the running order of the pitches (None: by name)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event = relationship("Event", back_populates="teams", foreign_keys=[event_id])
    theme = relationship("Theme")
    members = relationship("Person", back_populates="team", order_by="Person.name")


class PhaseChange(db.Model):
    """Who moved the event to which phase, and when: the day's log."""

    __tablename__ = "phase_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    from_phase: Mapped[Phase] = mapped_column(StrEnumColumn(Phase, 20))
    to_phase: Mapped[Phase] = mapped_column(StrEnumColumn(Phase, 20))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event = relationship("Event", back_populates="phase_changes")
    by = relationship("Person")
