"""The jury's audit log: one entry per score change, recusal, lock, reset and confirmation, in the caller's
transaction."""
from flask_babel import lazy_gettext as _l

from ..auth.models import Person
from ..db_types import utcnow
from ..extensions import db
from .models import AuditEntry

LABELS = {
    "score": _l("Note"), "rubric_changed": _l("Grille modifiée"), "scores_reset": _l("Notes réinitialisées"),
    "recusal": _l("Récusation"), "scoring_final": _l("Notation définitive"), "scoring_locked": _l("Notation verrouillée"),
    "scoring_unlocked": _l("Notation déverrouillée"), "winners_confirmed": _l("Lauréats confirmés"),
    "ceremony": _l("Cérémonie"),
}


def record(event_id: int, actor: Person | None, action: str, subject: str = "", *, before=None, after=None) -> None:
    db.session.execute(db.insert(AuditEntry).values(  # a plain insert: no object to track on the hot path
        event_id=event_id, actor_id=actor.id if actor is not None else None, action=action, subject=subject,
        before=before, after=after, at=utcnow()))


def entries(event_id: int, limit: int = 500) -> list[AuditEntry]:
    return list(db.session.execute(
        db.select(AuditEntry).where(AuditEntry.event_id == event_id).order_by(AuditEntry.id.desc()).limit(limit)
    ).scalars())
