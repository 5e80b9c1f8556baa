"""The rule set's versions: each change to the rule set is a new numbered version holding the whole document."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, utcnow
from ..extensions import db


class RuleSetVersion(db.Model):
    """One published state of the regional rule set (document: see ruleset/document.py and schemas/ruleset.json)."""

    __tablename__ = "rule_set_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    changelog: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[dict] = mapped_column(JSON)

    author = relationship("Person")
