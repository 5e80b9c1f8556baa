"""The jury's audit log: one entry per score change, recusal, lock, reset and confirmation, in the caller's
transaction; read back with the marks kept secret until scoring is locked."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l

from ..auth.models import Person
from ..db_types import utcnow
from ..extensions import db
from .models import AuditEntry

LABELS = {
    "score": _l("Note"),
    "rubric_changed": _l("Grille modifiée"),
    "scores_reset": _l("Notes réinitialisées"),
    "recusal": _l("Récusation"),
    "recusal_rule": _l("Récusation par la règle automatique"),
    "scoring_final": _l("Notation définitive"),
    "scoring_locked": _l("Notation verrouillée"),
    "scoring_unlocked": _l("Notation déverrouillée"),
    "winners_confirmed": _l("Lauréats confirmés"),
    "ceremony": _l("Cérémonie"),
    "design_corrected": _l("Badge corrigé par l'équipe régionale"),
    "team_deleted": _l("Équipe supprimée"),
    "member_removed": _l("Participant retiré de l'événement"),
    "juror_deleted": _l("Juré supprimé"),
}
SCORE_CHANGES = {"given": _l("Note donnée"), "changed": _l("Note modifiée"), "cleared": _l("Note effacée")}


@dataclass(frozen=True)
class Line:
    """An entry as the organiser reads it; `before` and `after` are None when they would reveal a mark."""

    at: datetime
    actor: str | None
    action: str
    subject: str
    before: dict | None
    after: dict | None
    secret: str = ""  # for a mark kept secret: what happened to it (given, changed, cleared), never its value


def record(event_id: int, actor: Person | None, action: str, subject: str = "", *, before=None, after=None) -> None:
    db.session.execute(
        _insert(),
        {  # a plain insert, built once: no object to track on the hot path
            "event_id": event_id,
            "actor_id": actor.id if actor is not None else None,
            "action": action,
            "subject": subject,
            "before": before,
            "after": after,
            "at": utcnow(),
        },
    )


@cache
def _insert():
    return AuditEntry.__table__.insert()


def entries(event_id: int, *, marks_shown: bool, limit: int = 500) -> list[Line]:
    """The newest entries first. Until scoring is locked (`marks_shown` False: see deliberation.deliberating) a
    mark is its juror's secret: a score entry says who touched which badge and criterion, and when, not the value."""
    return [
        line(entry, marks_shown=marks_shown)
        for entry in db.session.execute(
            db.select(AuditEntry).where(AuditEntry.event_id == event_id).order_by(AuditEntry.id.desc()).limit(limit)
        ).scalars()
    ]


def line(entry: AuditEntry, *, marks_shown: bool) -> Line:
    actor = entry.actor.name if entry.actor is not None else None
    if entry.action != "score" or marks_shown:
        return Line(entry.at, actor, entry.action, entry.subject, entry.before, entry.after)
    return Line(
        entry.at,
        actor,
        entry.action,
        entry.subject,
        None,
        None,
        secret=str(SCORE_CHANGES[score_change(entry.before, entry.after)]),
    )


def score_change(before: dict | None, after: dict | None) -> str:
    """What a score entry did, without its values: "given", "changed" or "cleared"."""
    had, has = (before or {}).get("value") is not None, (after or {}).get("value") is not None
    return "changed" if had and has else "given" if has else "cleared"
