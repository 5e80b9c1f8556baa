"""The event's rubric: the default one from the region's goals, editing it until scoring starts, and the logged
reset that reopens it."""

import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..auth.models import Person
from ..errors import BadgeathonError, Conflict, NotFound
from ..events import signals
from ..events.models import Event
from ..extensions import db
from . import audit
from .models import Criterion, FinalSheet, Score

LEVELS = (_l("absent"), _l("très insuffisant"), _l("insuffisant"), _l("correct"), _l("bon"), _l("excellent"))

# The jury selects the badges most relevant "au regard des objectifs de valorisation des compétences et de
# plus-value pour l'insertion professionnelle" (the region's call): those two weigh most.
DEFAULT_RUBRIC = (
    (
        "Pertinence pour la reconnaissance des compétences",
        3,
        "Le badge reconnaît une compétence réelle, transférable, aujourd'hui peu visible chez les demandeurs d'emploi.",
    ),
    (
        "Plus-value pour l'insertion professionnelle",
        3,
        "Le badge parle aux employeurs et aide son titulaire à accéder à l'emploi ou à la formation.",
    ),
    (
        "Lien avec la transition écologique, économique ou numérique",
        2,
        "Le badge s'inscrit clairement dans l'une des transitions de l'événement.",
    ),
    (
        "Clarté et évaluabilité des critères (deux niveaux)",
        2,
        "Les critères « je pratique » et « je maîtrise » sont distincts, observables et les preuves attendues dites.",
    ),
    (
        "Faisabilité pour les structures émettrices",
        1.5,
        "Une structure de formation ou d'insertion peut évaluer et délivrer ce badge avec ses moyens.",
    ),
    ("Qualité du pitch", 1, "La présentation est claire, convaincante et tient dans le temps imparti."),
)


class RubricFrozen(Conflict):
    code = "rubric_frozen"
    default_message = _l("La notation a commencé : la grille est figée. Réinitialisez les notes pour la modifier.")


@dataclass(frozen=True)
class CriterionDetails:
    name: str
    description: str
    weight: float
    scale_min: int
    scale_max: int
    descriptors: tuple[str, ...]


def criteria_of(event: Event) -> list[Criterion]:
    return list(event.criteria)


def is_frozen(event: Event) -> bool:
    """Frozen from the first score on."""
    return db.session.execute(db.select(Score.id).where(Score.event_id == event.id).limit(1)).first() is not None


def add_default_rubric(event: Event) -> None:
    """Give an event without a rubric the default one, in the caller's transaction (made with the event: every
    event has its rubric before any jury page opens; the migration 0010 gave the older ones theirs)."""
    if event.criteria:
        return
    for position, (name, weight, description) in enumerate(DEFAULT_RUBRIC):
        event.criteria.append(
            Criterion(
                name=name,
                weight=weight,
                description=description,
                position=position,
                scale_min=0,
                scale_max=5,
                descriptors=[f"{value} — {label}" for value, label in enumerate(str(level) for level in LEVELS)],
            )
        )


def _on_event_created(event: Event, **_) -> None:
    add_default_rubric(event)


signals.event_created.connect(_on_event_created)


def _check_details(details: CriterionDetails) -> None:
    if not details.name.strip():
        raise BadgeathonError(_l("Donnez un nom au critère."))
    if not 0 < details.weight <= 100:
        raise BadgeathonError(_l("Le poids est un nombre positif, 100 au plus."))
    if not 0 <= details.scale_min < details.scale_max <= 9:  # one key per mark on the scoring screen
        raise BadgeathonError(_l("L'échelle va d'un minimum à un maximum plus grand, entre 0 et 9."))


def save_criterion(event: Event, by: Person, public_id: uuid.UUID | None, details: CriterionDetails) -> Criterion:
    """Add a criterion (public_id None) or change one; refused once scoring has started."""
    if is_frozen(event):
        raise RubricFrozen()
    _check_details(details)
    if public_id is None:
        criterion = Criterion(position=len(event.criteria))
        event.criteria.append(criterion)
    else:
        criterion = _criterion(event, public_id)
    levels = details.scale_max - details.scale_min + 1
    criterion.name = details.name.strip()
    criterion.description = details.description.strip()
    criterion.weight = details.weight
    criterion.scale_min, criterion.scale_max = details.scale_min, details.scale_max
    criterion.descriptors = [text.strip() for text in details.descriptors][:levels]
    db.session.flush()
    audit.record(
        event.id,
        by,
        "rubric_changed",
        criterion.name,
        after={"weight": criterion.weight, "scale": [details.scale_min, details.scale_max]},
    )
    db.session.commit()
    return criterion


def delete_criterion(event: Event, by: Person, public_id: uuid.UUID) -> None:
    if is_frozen(event):
        raise RubricFrozen()
    criterion = _criterion(event, public_id)
    event.criteria.remove(criterion)
    db.session.flush()  # the row goes before the others close ranks: (event, position) is unique
    for position, kept in enumerate(event.criteria):
        kept.position = position
    audit.record(event.id, by, "rubric_changed", criterion.name, before={"weight": criterion.weight})
    db.session.commit()


def reset_scores(event: Event, by: Person, reason: str) -> int:
    """Delete every score and final mark of the event so the rubric can change; logged with its reason."""
    if not reason.strip():
        raise BadgeathonError(_l("Dites pourquoi vous réinitialisez les notes : la raison est gardée au journal."))
    count = db.session.execute(db.select(db.func.count(Score.id)).where(Score.event_id == event.id)).scalar_one()
    db.session.execute(db.delete(Score).where(Score.event_id == event.id))
    db.session.execute(db.delete(FinalSheet).where(FinalSheet.event_id == event.id))
    audit.record(event.id, by, "scores_reset", reason.strip(), before={"scores": count}, after={"scores": 0})
    db.session.commit()
    return count


def _criterion(event: Event, public_id: uuid.UUID) -> Criterion:
    criterion = next((c for c in event.criteria if c.public_id == public_id), None)
    if criterion is None:
        raise NotFound()
    return criterion
