"""Recusals read from the database: the rule in SQL (the organiser's word on a juror and a team, else the automatic
rule of `recusal.py`), each pair's state, and the log of what the rule's own changes do (a participant joins or their
structure changes). The organiser's word is written by `scoring.set_recusal`."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.orm import aliased

from ..auth.models import Person, Role
from ..events import signals
from ..events.models import Event, Organisation, Team
from ..extensions import db
from . import audit, recusal
from .models import AuditEntry, Recusal


@dataclass(frozen=True)
class RecusalState:
    recused: bool
    automatic: bool  # what the rule says: the juror's structure is a team member's
    override: bool | None  # the organiser's word, if any
    reason: str = ""


def recusals(event: Event) -> dict[tuple[int, int], RecusalState]:
    """Every juror × team pair of the event with its recusal state, in one statement."""
    juror = aliased(Person)  # the members the automatic rule looks at are Person too
    return {
        (row.juror_id, row.team_id): recusal_state(row.automatic, row.override, row.reason)
        for row in db.session.execute(
            db.select(
                juror.id.label("juror_id"),
                Team.id.label("team_id"),
                automatic_by(juror.organisation_id, Team.id).label("automatic"),
                override_by(juror.id, Team.id, Recusal.recused).label("override"),
                override_by(juror.id, Team.id, Recusal.reason).label("reason"),
            )
            .select_from(juror)
            .join(Team, Team.event_id == juror.event_id)  # every juror × every team
            .where(juror.event_id == event.id, juror.role == Role.JUROR)
        )
    }


def recusal_for(juror: Person, team: Team) -> RecusalState:
    juror_id, structure_id = _juror_values(juror)
    automatic, override, reason = db.session.execute(
        db.select(
            automatic_by(structure_id, team.id),
            override_by(juror_id, team.id, Recusal.recused),
            override_by(juror_id, team.id, Recusal.reason),
        )
    ).one()
    return recusal_state(automatic, override, reason)


def recusal_state(automatic, override, reason) -> RecusalState:
    """A pair's state from its SQL row (`automatic_by`, `override_by`): the same rule as `recused_by`."""
    automatic, override = bool(automatic), None if override is None else bool(override)
    return RecusalState(
        recusal.decided(automatic, override), automatic, override, (reason or "") if override is not None else ""
    )


def recused_teams(juror: Person) -> set[int]:
    """The ids of the teams this juror is recused for."""
    return set(
        db.session.execute(
            db.select(Team.id).where(Team.event_id == juror.event_id, recused_by(*_juror_values(juror), Team.id))
        ).scalars()
    )


def _juror_values(juror: Person) -> tuple:
    """The juror's id and structure as SQL values (a missing structure too: it is never a team member's)."""
    return db.literal(juror.id), db.literal(juror.organisation_id, db.Integer)


def automatic_by(structure_id, team_id) -> ColumnElement[bool]:
    """SQL for the automatic rule: a member of the team comes from the juror's structure (a NULL one: never)."""
    return db.exists().where(Person.team_id == team_id, Person.organisation_id == structure_id)


def override_by(juror_id, team_id, column):
    """SQL for the organiser's word on this juror and team (`column` of their Recusal), NULL if none."""
    return db.select(column).where(Recusal.juror_id == juror_id, Recusal.team_id == team_id).scalar_subquery()


def recused_by(juror_id, structure_id, team_id) -> ColumnElement[bool]:
    """SQL for "this juror is recused for this team": the organiser's word if any, else the automatic rule
    (recusal.is_recused in SQL; `recusal_state` reads the same two columns for a state). The juror's id and
    structure may be bound parameters, so that a statement built once serves every juror."""
    return db.func.coalesce(override_by(juror_id, team_id, Recusal.recused), automatic_by(structure_id, team_id))


# --- the rule's own changes: a participant joins, or their structure changes -----------------------------------

RULE_CHANGE = "recusal_rule"  # the audit log's action for them


@signals.member_changed.connect
def _log_recusals_turned(person: Person, team_before=None, organisation_before=None, by=None, **_) -> None:
    """Log every recusal a participant's arrival in a team, or change of structure, adds or lifts, so that none
    happens unseen (in the sender's transaction: it commits). The organiser's word on a pair still stands over it."""
    event = person.event
    jurors = {juror.id: juror for juror in event.jurors if juror.organisation_id is not None}
    teams = {team_before, person.team_id} - {None}
    if not jurors or not teams:
        return
    overrides = {
        (r.juror_id, r.team_id): r.recused
        for r in db.session.execute(
            db.select(Recusal).where(Recusal.event_id == event.id, Recusal.team_id.in_(list(teams)))
        ).scalars()
    }
    names = dict(
        db.session.execute(
            db.select(Organisation.id, Organisation.name).where(
                Organisation.id.in_([o for o in (organisation_before, person.organisation_id) if o is not None])
            )
        ).all()
    )
    for team in sorted((t for t in event.teams if t.id in teams), key=lambda t: t.name.casefold()):
        others = set(
            db.session.execute(
                db.select(Person.organisation_id).where(
                    Person.team_id == team.id, Person.id != person.id, Person.organisation_id.is_not(None)
                )
            ).scalars()
        )
        before = others | ({organisation_before} if team.id == team_before and organisation_before else set())
        after = others | ({person.organisation_id} if team.id == person.team_id and person.organisation_id else set())
        for juror_id, now in recusal.turned(
            {j: juror.organisation_id for j, juror in jurors.items()},
            before,
            after,
            {j: o for (j, t), o in overrides.items() if t == team.id},
        ):
            audit.record(
                event.id,
                by,
                RULE_CHANGE,
                f"{jurors[juror_id].name} · {team.name}",
                before={
                    "recused": not now,
                    "member": person.name,
                    "structure": names.get(organisation_before) if team.id == team_before else None,
                },
                after={
                    "recused": now,
                    "member": person.name,
                    "joined": team.id != team_before,
                    "structure": names.get(person.organisation_id) if team.id == person.team_id else None,
                },
            )


@dataclass(frozen=True)
class RuleChange:
    """A recusal the automatic rule added or lifted, as the organiser's notice words it."""

    at: datetime
    subject: str  # "juror · team"
    recused: bool  # now
    member: str  # the participant whose arrival or structure changed it
    joined: bool  # by joining the team (else by a change of their structure)
    structure_before: str | None
    structure_after: str | None
    by: str | None  # who made the change: the participant, or the organiser who settled their structure


def rule_changes(event: Event, limit: int = 50) -> list[RuleChange]:
    """The recusals participants' joins and structures added or lifted, newest first."""
    return [
        _rule_change(entry)
        for entry in db.session.execute(
            db.select(AuditEntry)
            .where(AuditEntry.event_id == event.id, AuditEntry.action == RULE_CHANGE)
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        ).scalars()
    ]


def _rule_change(entry: AuditEntry) -> RuleChange:
    before, after = entry.before or {}, entry.after or {}
    return RuleChange(
        entry.at,
        entry.subject,
        bool(after.get("recused")),
        after.get("member", ""),
        bool(after.get("joined")),
        before.get("structure"),
        after.get("structure"),
        entry.actor.name if entry.actor is not None else None,
    )
