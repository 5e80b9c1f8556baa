"""Deliberation use cases: the ranking from the jury's scores, the confirmed winners (with a reason when they depart
from the ranking), the ceremony's reveals, the audience vote, and the scores as export rows."""

import uuid
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..auth.models import Person
from ..db_types import utcnow
from ..errors import BadgeathonError, Conflict
from ..events import signals
from ..events.models import Event, Team
from ..events.phases import Phase
from ..extensions import db
from ..realtime import LIVE, announce, event_room
from . import audit, exports, ranking, rubric
from .models import AudienceVote, Decision, Note, Score
from .recusal_service import RecusalState, recusals
from .sheets import SCORING_PHASES, pitch_order, team_of

MIN_PER_JUROR = 3  # scores a juror must have given before their severity is corrected
NOT_RECUSED = RecusalState(recused=False, automatic=False, override=None)


class NotDeliberating(Conflict):
    code = "not_deliberating"
    default_message = _l("La délibération s'ouvre quand la notation est verrouillée.")


class ReasonNeeded(BadgeathonError):
    code = "reason_needed"
    default_message = _l("Ce choix s'écarte du classement : écrivez la raison, elle sera gardée au journal.")


class VoteRefused(Conflict):
    code = "vote_refused"


def deliberating(event: Event) -> bool:
    """Scoring is locked and the jury's scores are open to the jury: deliberation and results."""
    return event.phase >= Phase.DELIBERATION


@dataclass(frozen=True)
class Standing:
    """A line of the deliberation table: the team, its place in both rankings, and the jury's comments."""

    team: Team
    entry: ranking.Ranked
    raw: ranking.Ranked
    comments: list[tuple[str, str]]  # (juror's name, comment)
    feedback: list[str]


def rank_event(event: Event) -> ranking.Ranking:
    """The ranking core over the event's scores; a score a recusal now covers does not count."""
    states = recusals(event)
    criteria = rubric.criteria_of(event)
    rows = db.session.execute(
        db.select(Score.juror_id, Score.team_id, Score.criterion_id, Score.value).where(Score.event_id == event.id)
    )
    keys = {c.id: str(c.public_id) for c in criteria}
    teams = {t.id: str(t.public_id) for t in event.teams}
    scores = [
        ranking.Score(juror=str(juror_id), design=teams[team_id], criterion=keys[criterion_id], value=value)
        for juror_id, team_id, criterion_id, value in rows
        if not states.get((juror_id, team_id), NOT_RECUSED).recused
    ]
    return ranking.rank(
        scores,
        [ranking.Criterion(keys[c.id], c.weight, c.scale_min, c.scale_max) for c in criteria],
        list(teams.values()),
        min_per_juror=MIN_PER_JUROR,
    )


def standings(event: Event) -> tuple[ranking.Ranking, list[Standing]]:
    """The deliberation table, in the order of the ranking to announce; only once scoring is locked."""
    if not deliberating(event):
        raise NotDeliberating()
    result = rank_event(event)
    states = recusals(event)
    raw = {entry.design: entry for entry in result.raw}
    teams = {str(t.public_id): t for t in event.teams}
    notes = db.session.execute(db.select(Note).where(Note.event_id == event.id).order_by(Note.id)).scalars().all()
    lines = []
    for entry in result.entries:
        team = teams[entry.design]
        mine = [
            note
            for note in notes
            if note.team_id == team.id  # a juror recused since is not heard on it
            and not states.get((note.juror_id, team.id), NOT_RECUSED).recused
        ]
        lines.append(
            Standing(
                team=team,
                entry=entry,
                raw=raw[entry.design],
                comments=[(note.juror.name, note.comment) for note in mine if note.comment.strip()],
                feedback=[note.feedback for note in mine if note.feedback.strip()],
            )
        )
    return result, lines


def decision_of(event: Event) -> Decision | None:
    return db.session.get(Decision, event.id)


def winners(event: Event) -> list[Team]:
    decision = decision_of(event)
    if decision is None:
        return []
    by_id = {team.id: team for team in event.teams}
    return [by_id[team_id] for team_id in decision.team_ids if team_id in by_id]


def confirm_winners(event: Event, by: Person, team_public_ids: list[uuid.UUID], reason: str) -> Decision:
    """The organiser confirms the winners, first place first; departing from the ranking needs a written reason."""
    if not deliberating(event):
        raise NotDeliberating()
    teams = [team_of(event, public_id) for public_id in team_public_ids]
    if len(teams) != event.winners or len({team.id for team in teams}) != len(teams):
        raise BadgeathonError(_l("Choisissez %(count)s badges différents.", count=event.winners))
    result = rank_event(event)
    departs = ranking.departs(result.entries, [str(team.public_id) for team in teams])
    if departs and not reason.strip():
        raise ReasonNeeded()
    decision = decision_of(event)
    before = None
    if decision is None:
        decision = Decision(event_id=event.id)
        db.session.add(decision)
    else:
        if decision.revealed:
            raise Conflict(_l("La cérémonie a commencé : les lauréats ne changent plus."))
        before = {"winners": [team.name for team in winners(event)], "reason": decision.reason}
    decision.team_ids = [team.id for team in teams]
    decision.reason, decision.by_id, decision.at = reason.strip(), by.id, utcnow()
    audit.record(
        event.id,
        by,
        "winners_confirmed",
        ", ".join(team.name for team in teams),
        before=before,
        after={"winners": [team.name for team in teams], "departs": departs, "reason": reason.strip()},
    )
    db.session.commit()
    return decision


# --- the ceremony ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One reveal of the ceremony: the audience prize, then the winners from the last place to the first."""

    kind: str  # "audience" | "winner"
    team: Team
    place: int  # 1 for the first winner; 0 for the audience prize
    votes: int = 0


def ceremony_steps(event: Event) -> list[Step]:
    steps = []
    results = audience_results(event) if event.audience_vote else []
    if results and results[0][1] > 0:
        top = results[0][1]
        steps += [Step("audience", team, 0, votes) for team, votes in results if votes == top]
    placed = winners(event)
    steps += [Step("winner", team, place) for place, team in reversed(list(enumerate(placed, start=1)))]
    return steps


def reveal(event: Event, by: Person, step: int) -> int:
    """Move the ceremony one step forward (+1) or back (-1); the projectors follow live."""
    if event.phase != Phase.RESULTS:
        raise Conflict(_l("La cérémonie a lieu à la phase « Résultats »."))
    decision = decision_of(event)
    if decision is None:
        raise Conflict(_l("Confirmez d'abord les lauréats."))
    total = len(ceremony_steps(event))
    shown = max(0, min(total, decision.revealed + (1 if step > 0 else -1)))
    if shown != decision.revealed:
        audit.record(
            event.id, by, "ceremony", str(shown), before={"revealed": decision.revealed}, after={"revealed": shown}
        )
        decision.revealed = shown
    announce("ceremony", {"revealed": shown}, to=event_room(event), namespace=LIVE)
    db.session.commit()  # also at either end of the ceremony: the projectors hear it again, as before
    return shown


def revealed_steps(event: Event) -> list[Step]:
    decision = decision_of(event)
    if decision is None or event.phase != Phase.RESULTS:
        return []
    return ceremony_steps(event)[: decision.revealed]


@dataclass(frozen=True)
class TeamResults:
    """What a team learns at the results: whether its badge won (and its place), and the jury's public feedback."""

    won: bool
    place: int | None
    feedback: list[str]  # the jurors' words for the team, without their names


def ceremony_done(event: Event) -> bool:
    """At the results, the ceremony has revealed every step (the winners are announced to the room)."""
    decision = decision_of(event)
    return event.phase == Phase.RESULTS and decision is not None and decision.revealed >= len(ceremony_steps(event))


def team_results(team: Team) -> TeamResults | None:
    """The team's own results, once the ceremony has announced every winner; None before (a team page never tells
    what the room has not yet heard, nor, by its silence, who lost)."""
    event = team.event
    if not ceremony_done(event):
        return None
    placed = [winner.id for winner in winners(event)]
    states = recusals(event)
    notes = db.session.execute(db.select(Note).where(Note.team_id == team.id).order_by(Note.id)).scalars()
    feedback = [
        note.feedback.strip()
        for note in notes
        if note.feedback.strip()  # a recused juror is not heard
        and not states.get((note.juror_id, team.id), NOT_RECUSED).recused
    ]
    won = team.id in placed
    return TeamResults(won=won, place=placed.index(team.id) + 1 if won else None, feedback=feedback)


# --- the audience vote ----------------------------------------------------------------------------------------


def vote_open(event: Event) -> bool:
    return event.audience_vote and event.phase in SCORING_PHASES


def vote_of(voter: Person) -> AudienceVote | None:
    return db.session.get(AudienceVote, voter.id)


def cast_vote(voter: Person, team_public_id: uuid.UUID) -> AudienceVote:
    """A participant votes once for the audience prize, for a badge that is not their team's."""
    event = voter.event
    if not vote_open(event):
        raise VoteRefused(_l("Le vote du public n'est pas ouvert."))
    team = team_of(event, team_public_id)
    if team.id == voter.team_id:
        raise VoteRefused(_l("Votez pour le badge d'une autre équipe que la vôtre."))
    if vote_of(voter) is not None:
        raise VoteRefused(_l("Vous avez déjà voté : un vote par personne."))
    vote = AudienceVote(voter_id=voter.id, event_id=event.id, team_id=team.id)
    db.session.add(vote)
    db.session.commit()
    return vote


def audience_results(event: Event) -> list[tuple[Team, int]]:
    """Votes per team, most first (ties keep the running order: they are shown as ties)."""
    counts = dict(
        db.session.execute(
            db.select(AudienceVote.team_id, db.func.count())
            .where(AudienceVote.event_id == event.id)
            .group_by(AudienceVote.team_id)
        ).all()
    )
    return sorted(((team, counts.get(team.id, 0)) for team in pitch_order(event)), key=lambda pair: -pair[1])


# --- the lock, in the audit log -------------------------------------------------------------------------------


@signals.phase_moved.connect
def _on_phase_moved(event: Event, before=None, by=None, **_) -> None:
    """In the move's transaction (the sender commits): the scores' lock and unlock go in the audit log."""
    if event.phase == Phase.DELIBERATION and before == Phase.SCORING:
        audit.record(event.id, by, "scoring_locked", event.name)
    elif event.phase == Phase.SCORING and before == Phase.DELIBERATION:
        audit.record(event.id, by, "scoring_unlocked", event.name)


# --- the exports ----------------------------------------------------------------------------------------------

SCORE_HEADERS = (_l("Juré"), _l("Équipe"), _l("Badge"), _l("Critère"), _l("Poids"), _l("Note"), _l("Récusé"))
RANKING_HEADERS = (
    _l("Rang"),
    _l("Ex æquo"),
    _l("Équipe"),
    _l("Badge"),
    _l("Note"),
    _l("Rang brut"),
    _l("Note brute"),
    _l("Jurés"),
    _l("Écart entre jurés"),
)


EXPORT_REFUSED = _l(
    "Les notes s'exportent une fois la notation verrouillée : passez d'abord à la phase « Délibération »."
)


def score_rows(event: Event) -> list[exports.ScoreRow]:
    """One row per juror × badge × criterion, in the running order and the rubric's; only once scoring is locked."""
    if not deliberating(event):
        raise NotDeliberating(EXPORT_REFUSED)
    states = recusals(event)
    values = {
        (j, t, c): v
        for j, t, c, v in db.session.execute(
            db.select(Score.juror_id, Score.team_id, Score.criterion_id, Score.value).where(Score.event_id == event.id)
        )
    }
    return [
        exports.ScoreRow(
            juror.name,
            team.name,
            _badge_name(team),
            criterion.name,
            criterion.weight,
            None if states[juror.id, team.id].recused else values.get((juror.id, team.id, criterion.id)),
            states[juror.id, team.id].recused,
        )
        for juror in event.jurors
        for team in pitch_order(event)
        for criterion in event.criteria
    ]


def ranking_rows(event: Event) -> list[exports.RankingRow]:
    if not deliberating(event):
        raise NotDeliberating(EXPORT_REFUSED)
    result, lines = standings(event)
    return [
        exports.RankingRow(
            line.entry.rank,
            line.entry.tied,
            line.team.name,
            _badge_name(line.team),
            line.entry.score,
            line.raw.rank,
            line.raw.raw_score,
            line.entry.jurors,
            line.entry.spread,
        )
        for line in lines
    ]


def _badge_name(team: Team) -> str:
    design = team.design
    return design.view.name if design is not None else ""
