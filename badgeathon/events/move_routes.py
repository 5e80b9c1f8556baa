"""Routes of the organiser's moves through the day: the phase, the design deadline and the badge on the projector; a
move that undoes something asks first (`templates/events/confirm_move.html`). Organisers only."""

import uuid

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import organiser_only
from ..db_types import utcnow
from ..errors import NotFound
from ..timefmt import paris
from . import bp, move_messages, moves, services
from .countdown import moved_deadline
from .forms import DeadlineForm, PhaseForm, PitchForm
from .labels import PHASE_LABELS
from .phases import Phase, is_step_back
from .routes import render_dashboard


def _confirm(event, question: move_messages.Confirmation, action: str, fields: dict):
    """The page that asks before a move that undoes something: what it will do, the button that does it (the same
    form again, with `fields` and its confirmation) and a way back. No script: it works as a plain form."""
    return render_template("events/confirm_move.html", event=event, question=question, action=action, fields=fields)


@bp.post("/events/<uuid:event_id>/phase")
@organiser_only
def move_phase(event_id):
    event = services.event_by_public_id(event_id)
    form = PhaseForm()
    if not form.validate_on_submit():
        flash(_("Phase inconnue."), "error")
        return redirect(url_for("events.dashboard", event_id=event.public_id))
    target = Phase(form.phase.data)
    if is_step_back(event.phase, target) and form.confirm.data != "yes":
        return _confirm(
            event,
            move_messages.step_back(event, target),
            url_for("events.move_phase", event_id=event.public_id),
            {"phase": target.value, "confirm": "yes"},
        )
    moves.move_phase(event, target, current_user)
    flash(_("Phase : %(phase)s.", phase=PHASE_LABELS[event.phase]), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id))


@bp.post("/events/<uuid:event_id>/deadline")
@organiser_only
def extend_deadline(event_id):
    event = services.event_by_public_id(event_id)
    form = DeadlineForm(prefix="deadline")
    if not form.validate_on_submit():
        return render_dashboard(event, 422, deadline_form=form)
    minutes = form.minutes.data
    if minutes < 0 and form.confirm.data != "yes" and event.phase == Phase.DESIGN and event.design_deadline:
        now = utcnow()
        question = move_messages.deadline_cut(event, -minutes, moved_deadline(event.design_deadline, minutes, now), now)
        # the confirmation carries the deadline it was about: moved meanwhile, the cut is refused, not re-aimed
        return _confirm(
            event,
            question,
            url_for("events.extend_deadline", event_id=event.public_id),
            {
                "deadline-minutes": minutes,
                "deadline-confirm": "yes",
                "deadline-seen": event.design_deadline.isoformat(),
            },
        )
    moves.extend_deadline(event, minutes, seen=form.seen_deadline)
    flash(
        _("Nouvelle fin de la conception : %(when)s (heure de Paris).", when=paris(event.design_deadline, "HH:mm")),
        "success",
    )
    return redirect(url_for("events.dashboard", event_id=event.public_id))


@bp.post("/events/<uuid:event_id>/pitch")
@organiser_only
def show_pitch(event_id):
    event = services.event_by_public_id(event_id)
    form = PitchForm()
    if not form.validate_on_submit():
        raise NotFound()
    try:
        team_id = uuid.UUID(form.team.data) if form.team.data else None
    except ValueError:
        raise NotFound() from None
    moves.show_pitch(event, team_id)
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="pitches"))
