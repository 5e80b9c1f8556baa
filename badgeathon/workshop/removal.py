"""What the studio loses when the organiser deletes a team, a member or an event: the team's badge with its log,
versions and images, counted for the confirmation page, then deleted in the organiser's transaction. A removed
member's edits stay in their team's badge, unsigned."""

from sqlalchemy import delete, func, select, update

from ..auth.models import Person
from ..events import signals
from ..events.models import Event, Team
from ..extensions import db
from .models import Design, DesignImage, DesignUpdate, DesignVersion


def _designs(subject, *, started: bool = False) -> list[int]:
    """The subject's designs; `started`: only those someone wrote in or kept a version of (every team has its design
    from the start: an untouched one is no badge the organiser would lose)."""
    if isinstance(subject, Team):
        where = Design.team_id == subject.id
    elif isinstance(subject, Event):
        where = Design.team_id.in_(select(Team.id).where(Team.event_id == subject.id))
    else:
        return []
    if started:
        where = where & (
            (Design.log_head > 0) | select(DesignVersion.id).where(DesignVersion.design_id == Design.id).exists()
        )
    return list(db.session.execute(select(Design.id).where(where)).scalars())


@signals.removal_counted.connect
def count_removal(subject, **_) -> dict[str, int]:
    designs = _designs(subject, started=True)
    if not designs:
        return {}
    versions = db.session.execute(
        select(func.count()).select_from(DesignVersion).where(DesignVersion.design_id.in_(designs))
    ).scalar_one()
    return {"designs": len(designs), "versions": versions}


@signals.removing.connect
def remove(subject, **_) -> None:
    if isinstance(subject, Person):
        db.session.execute(update(DesignUpdate).where(DesignUpdate.person_id == subject.id).values(person_id=None))
        db.session.execute(update(DesignVersion).where(DesignVersion.by_id == subject.id).values(by_id=None))
        return
    designs = _designs(subject)
    if not designs:
        return
    for model in (DesignUpdate, DesignImage, DesignVersion):
        db.session.execute(
            delete(model).where(model.design_id.in_(designs)), execution_options={"synchronize_session": False}
        )
    db.session.execute(delete(Design).where(Design.id.in_(designs)), execution_options={"synchronize_session": False})
    if isinstance(subject, Team):
        db.session.expire(subject, ["design"])
    else:
        for team in subject.teams:
            db.session.expire(team, ["design"])
