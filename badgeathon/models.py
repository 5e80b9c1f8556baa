"""Imports every package's models so that SQLAlchemy and Alembic know all the tables."""

from .auth.models import Person, Role  # noqa: F401
from .events.models import Event, Organisation, PhaseChange, Team, Theme  # noqa: F401
from .jury.models import AudienceVote, AuditEntry, Criterion, Decision, FinalSheet, Note, Recusal, Score  # noqa: F401
from .ruleset.models import RuleSetVersion  # noqa: F401
from .workshop.models import Design, DesignImage, DesignUpdate, DesignVersion  # noqa: F401
