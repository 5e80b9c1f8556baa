"""A team's design: its CRDT update log, the compacted snapshot, the plain view (kept as JSON), versions, images."""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import JSONValue, UTCDateTime, utcnow
from ..extensions import db
from .view import DesignView

# Log numbers: a BIGINT on PostgreSQL for a log that grows all day.
LogId = BigInteger().with_variant(Integer(), "sqlite")


class Design(db.Model):
    """The badge one team designs. The CRDT state is `snapshot` plus the updates logged after `snapshot_through`.
    Each logged update gets the next number of its design (`log_head`), handed out under the design's row lock in
    the transaction that writes it: numbers never go backwards and commit in order, on every database."""

    __tablename__ = "design"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4, unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), unique=True)
    # Changes only if the CRDT state itself is replaced: a browser holding another epoch must not merge into it.
    epoch: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4)
    snapshot: Mapped[bytes] = mapped_column(LargeBinary)
    snapshot_through: Mapped[int] = mapped_column(LogId, default=0)
    log_head: Mapped[int] = mapped_column(LogId, default=0)
    view: Mapped[DesignView] = mapped_column(JSONValue(DesignView), default=DesignView)
    view_through: Mapped[int] = mapped_column(LogId, default=0)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    team = relationship("Team", backref=db.backref("design", uselist=False, cascade="all, delete-orphan"))
    versions = relationship(
        "DesignVersion", back_populates="design", order_by="DesignVersion.id.desc()", cascade="all, delete-orphan"
    )


class DesignUpdate(db.Model):
    """One CRDT update as a browser (or the server) sent it: the append-only log, numbered per design."""

    __tablename__ = "design_update"

    design_id: Mapped[int] = mapped_column(ForeignKey("design.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(LogId, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class DesignVersion(db.Model):
    """A named version: automatic (every few minutes), at the deadline, or saved by hand."""

    __tablename__ = "design_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(default=uuid.uuid4, unique=True)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # auto | manual | deadline | restore
    state: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only when a version is read
    view: Mapped[DesignView] = mapped_column(JSONValue(DesignView), deferred=True)
    through: Mapped[int] = mapped_column(LogId, default=0)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    design = relationship("Design", back_populates="versions")
    by = relationship("Person")


class DesignImage(db.Model):
    """An image a team made with the designer or uploaded, stored by content hash."""

    __tablename__ = "design_image"
    __table_args__ = (UniqueConstraint("design_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    mime: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    small_png: Mapped[bytes | None] = mapped_column(LargeBinary)  # 200×200, for lists
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class StudioPresence(db.Model):
    """A team member's socket open on their design, on any node: the organiser's board counts who is here from it.
    `seen_at` moves with the socket's syncs (every 20 s); a row older than WORKSHOP_PRESENCE_SECONDS is a socket whose
    node went away without saying goodbye, and counts for no one."""

    __tablename__ = "studio_presence"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    design_id: Mapped[int] = mapped_column(ForeignKey("design.id", ondelete="CASCADE"), primary_key=True, index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
