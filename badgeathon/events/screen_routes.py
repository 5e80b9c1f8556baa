"""Routes of the clocks and the room: an event's clock for its people, the projector's screen and its clock (public
to whoever holds the screen's link, read-only)."""

from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user

from ..auth.models import Role
from ..auth.roles import public, role_required
from ..db_types import utcnow
from ..errors import NotFound
from . import bp, pitching, services
from .countdown import clock
from .phases import Phase


@bp.get("/events/<uuid:event_id>/clock.json")
@role_required(Role.PARTICIPANT, Role.JUROR, Role.ORGANISER)
def event_clock(event_id):
    event = services.event_by_public_id(event_id)
    if not current_user.is_organiser and current_user.event_id != event.id:
        raise NotFound()
    return jsonify(phase=str(event.phase), **clock(event.design_deadline, utcnow()))


@bp.get("/screen/<token>")
@public
def screen(token):
    event = services.event_for_screen(token)
    if event.phase == Phase.RESULTS:  # the ceremony: the jury's screen reveals the winners
        return redirect(url_for("jury.screen_ceremony", token=token))
    return render_template("events/screen.html", event=event, desk=pitching.desk(event))


@bp.get("/screen/<token>/clock.json")
@public
def screen_clock(token):
    event = services.event_for_screen(token)
    return jsonify(phase=str(event.phase), **clock(event.design_deadline, utcnow()))
