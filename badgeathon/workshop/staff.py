"""Region staff correcting a winning badge after the lock: who may write to it, the team's final version kept for
the record, and every staff edit logged (a version "Modifié par l'équipe régionale", an entry in the audit log)."""

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from ..auth.models import Person, Role
from ..db_types import utcnow
from ..errors import Conflict
from ..events.phases import Phase
from ..extensions import db
from ..jury import audit
from ..jury.models import Decision
from .models import Design, DesignUpdate, DesignVersion
from .view import DesignView

STAFF_KIND = "staff"  # a version made of region staff's edits
FINAL_KIND = "deadline"  # the version lock_designs keeps at the lock: the team's own last word
STAFF_LABEL = _l("Modifié par l'équipe régionale (%(name)s)")


class NotCorrectable(Conflict):
    code = "not_correctable"
    default_message = _l("Seul le badge d'un lauréat confirmé se corrige ici, une fois la conception terminée.")


def may_correct(design: Design) -> bool:
    """A confirmed winner's design, locked once the design time ended: region staff may fix it for the export.
    Never a design still open to its team, nor one that did not win."""
    if design.locked_at is None:
        return False
    event = design.team.event
    if event.phase < Phase.DELIBERATION:
        return False
    decision = db.session.get(Decision, event.id)
    return decision is not None and design.team_id in (decision.team_ids or [])


def team_final_version(design_id: int) -> DesignVersion | None:
    """The team's final version, kept at the lock (the newest one if the deadline was moved and passed again)."""
    return db.session.execute(
        db.select(DesignVersion)
        .where(DesignVersion.design_id == design_id, DesignVersion.kind == FINAL_KIND)
        .order_by(DesignVersion.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def corrections(design_id: int) -> list[DesignVersion]:
    """The versions made of staff edits, newest first."""
    return list(
        db.session.execute(
            db.select(DesignVersion)
            .where(DesignVersion.design_id == design_id, DesignVersion.kind == STAFF_KIND)
            .order_by(DesignVersion.id.desc())
        ).scalars()
    )


def log_edits(design_id: int, state, view: DesignView, through: int) -> None:
    """Log the updates region staff wrote since the last logged one, in the caller's transaction (the view's
    refresh, before it compacts the update log, so no staff update is folded away unlogged); `state()` gives the
    whole CRDT state. Each person's edits
    within WORKSHOP_VERSION_MINUTES of their first one make one version, brought up to date as they go on: who,
    when it started, and the badge after it. A new version also writes an audit entry for the event."""
    since = (
        db.session.execute(
            db.select(func.max(DesignVersion.through)).where(
                DesignVersion.design_id == design_id, DesignVersion.kind == STAFF_KIND
            )
        ).scalar()
        or 0
    )
    editors = (
        db.session.execute(
            db.select(DesignUpdate.person_id)
            .join(Person, Person.id == DesignUpdate.person_id)
            .where(
                DesignUpdate.design_id == design_id,
                DesignUpdate.seq > since,
                DesignUpdate.seq <= through,
                Person.role == Role.ORGANISER,
            )
            .group_by(DesignUpdate.person_id)
        )
        .scalars()
        .all()
    )
    if not editors:
        return
    window = timedelta(minutes=current_app.config["WORKSHOP_VERSION_MINUTES"])
    latest = corrections(design_id)[:1]
    for person_id in editors:
        if latest and latest[0].by_id == person_id and utcnow() - latest[0].created_at < window:
            latest[0].state, latest[0].view, latest[0].through = state(), view, through
            continue
        person = db.session.get(Person, person_id)
        version = DesignVersion(
            design_id=design_id,
            label=str(STAFF_LABEL % {"name": person.name})[:120],
            kind=STAFF_KIND,
            state=state(),
            view=view,
            through=through,
            by_id=person_id,
        )
        db.session.add(version)
        design = db.session.get(Design, design_id)
        audit.record(
            design.team.event_id,
            person,
            "design_corrected",
            design.team.name,
            after={"design": str(design.public_id), "name": view.name},
        )
        latest = [version]
