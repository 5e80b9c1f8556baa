"""Routes of the print sheets: the teams' cards with their join links and QR codes, the jurors' invitations apart,
and the links the dashboard shows. Organisers only."""

import io

import qrcode
import qrcode.image.svg
from flask import current_app, render_template, url_for

from ..auth.roles import organiser_only
from ..auth.services import invitation_token
from ..errors import NotFound
from . import bp, services


def links_of(event):
    base = current_app.config["PUBLIC_BASE_URL"]
    return {
        "screen": base + url_for("events.screen", token=event.screen_token),
        "join": base + url_for("events.join"),
        "teams": {team.id: base + url_for("events.join_team", code=team.join_code) for team in event.teams},
        "jurors": {
            juror.id: base + url_for("auth.invitation", token=invitation_token(juror)) for juror in event.jurors
        },
    }


@bp.get("/events/<uuid:event_id>/links")
@organiser_only
def print_links(event_id):
    """The teams' sheet: one card per team to cut out and hand over. No juror's invitation is ever on it."""
    event = services.event_by_public_id(event_id)
    links = links_of(event)
    return render_template("events/links.html", event=event, links=links, join_words=links["join"].split("://", 1)[-1])


@bp.get("/events/<uuid:event_id>/links/jurors")
@organiser_only
def print_juror_links(event_id):
    """The jurors' sheet: one card per juror with their personal invitation, apart from the teams' sheet."""
    event = services.event_by_public_id(event_id)
    return render_template("events/juror_links.html", event=event, links=links_of(event))


def _qr_svg(url: str):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue(), 200, {"Content-Type": "image/svg+xml", "Cache-Control": "private, max-age=3600"}


@bp.get("/events/<uuid:event_id>/teams/<uuid:team_id>/qr.svg")
@organiser_only
def team_qr(event_id, team_id):
    event = services.event_by_public_id(event_id)
    team = next((t for t in event.teams if t.public_id == team_id), None)
    if team is None:
        raise NotFound()
    return _qr_svg(links_of(event)["teams"][team.id])


@bp.get("/events/<uuid:event_id>/jurors/<uuid:juror_id>/qr.svg")
@organiser_only
def juror_qr(event_id, juror_id):
    event = services.event_by_public_id(event_id)
    juror = next((j for j in event.jurors if j.public_id == juror_id), None)
    if juror is None:
        raise NotFound()
    return _qr_svg(links_of(event)["jurors"][juror.id])
