"""Routes of the organiser's pitch desk: pitch length, running order, and the timer's buttons (and clicker keys)."""

import uuid

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..auth.roles import organiser_only
from ..errors import NotFound
from . import bp, pitching, services
from .forms import PitchControlForm, PitchLengthForm, RunningOrderForm

CONTROLS = {
    "start": pitching.start_pitch,
    "pause": pitching.pause_pitch,
    "next": pitching.next_pitch,
    "previous": pitching.previous_pitch,
}


def _team_id(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        raise NotFound() from None


def _back(event):
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="pitches"))


def desk_context(event) -> dict:
    """What the pitch desk partial needs (events/_pitch_desk.html), on the dashboard or alone."""
    return {
        "desk": pitching.desk(event),
        "pitch_length_form": PitchLengthForm(prefix="pitch-length", minutes=event.pitch_minutes),
    }


@bp.get("/events/<uuid:event_id>/pitch-desk")
@organiser_only
def pitch_desk(event_id):
    """The pitch desk alone: the organiser's page swaps it in when the pitches move (static/events/pitch_desk.js)."""
    event = services.event_by_public_id(event_id)
    return render_template("events/_pitch_desk.html", event=event, **desk_context(event))


@bp.post("/events/<uuid:event_id>/pitch/<any(start, pause, next, previous):action>")
@organiser_only
def control_pitch(event_id, action):
    event = services.event_by_public_id(event_id)
    form = PitchControlForm()
    if not form.validate_on_submit():
        raise NotFound()
    if not CONTROLS[action](event, _team_id(form.seen.data)):
        flash(_("Les pitchs venaient de bouger : voici où ils en sont."), "warning")
    return _back(event)


@bp.post("/events/<uuid:event_id>/pitch-length")
@organiser_only
def set_pitch_length(event_id):
    event = services.event_by_public_id(event_id)
    form = PitchLengthForm(prefix="pitch-length")
    if form.validate_on_submit():
        pitching.set_pitch_minutes(event, form.minutes.data)
        flash(_("Chaque pitch dure désormais %(n)s min.", n=form.minutes.data), "success")
    else:
        flash(" ".join(str(error) for error in form.minutes.errors), "error")
    return _back(event)


@bp.post("/events/<uuid:event_id>/running-order/shuffle")
@organiser_only
def shuffle_running_order(event_id):
    event = services.event_by_public_id(event_id)
    if not PitchControlForm().validate_on_submit():
        raise NotFound()
    pitching.shuffle_running_order(event)
    flash(_("Nouvel ordre de passage tiré au sort."), "success")
    return _back(event)


@bp.post("/events/<uuid:event_id>/running-order")
@organiser_only
def move_in_running_order(event_id):
    event = services.event_by_public_id(event_id)
    form = RunningOrderForm()
    if not form.validate_on_submit():
        raise NotFound()
    pitching.move_in_running_order(event, _team_id(form.team.data), -1 if form.step.data == "up" else 1)
    return _back(event)
