"""Routes of the juror's scoring screen: the home page, a badge's sheet, its autosaves (JSON) and marking one's
scoring final. The organiser's jury page is `organiser_routes.py`, the results `results_routes.py`."""

import uuid

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import juror_only
from ..errors import BadgeathonError, NotFound
from ..workshop.view import DesignView
from . import bp, deliberation, recusal_service, scoring, sheets
from .forms import FinalForm

# --- the juror ------------------------------------------------------------------------------------------------


@bp.get("/")
@juror_only
def home():
    event = current_user.event
    progress = sheets.progress_of(current_user)
    states = recusal_service.recusals(event)
    recusal_of_team = {team.id: states[current_user.id, team.id] for team in event.teams}
    return render_template(
        "jury/home.html",
        event=event,
        progress=progress,
        sheets=recusal_of_team,
        teams=sheets.pitch_order(event),
        open=sheets.scoring_open(event),
        deliberating=deliberation.deliberating(event),
        final_form=FinalForm(),
        final=sheets.is_final(current_user),
    )


@bp.get("/scoring")
@juror_only
def scoring_start():
    teams = sheets.pitch_order(current_user.event)
    if not teams:
        flash(_("Aucune équipe à noter pour l'instant."), "info")
        return redirect(url_for("jury.home"))
    return redirect(url_for("jury.scoring_sheet", team_id=teams[0].public_id))


@bp.get("/scoring/<uuid:team_id>")
@juror_only
def scoring_sheet(team_id):
    sheet = sheets.sheet(current_user._get_current_object(), team_id)
    design = sheet.team.design
    return render_template(
        "jury/scoring.html",
        event=sheet.event,
        sheet=sheet,
        design=design,
        view=design.view if design is not None else DesignView(),
        progress=sheet.progress,
    )


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadgeathonError(_("Requête illisible."))
    return body


@bp.post("/scoring/<uuid:team_id>/scores")
@juror_only
def save_score(team_id):
    body = _json_body()
    try:
        criterion = uuid.UUID(str(body.get("criterion")))
    except ValueError:
        raise NotFound() from None
    value = body.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadgeathonError(_("La note est un nombre entier."))
    # the sheet's "x noté(s) sur y" follows the server's count, as the save leaves it
    progress = scoring.save_score(current_user._get_current_object(), team_id, criterion, value)
    return jsonify(saved=True, progress={"scored": progress.scored, "to_score": progress.to_score})


@bp.post("/scoring/<uuid:team_id>/note")
@juror_only
def save_note(team_id):
    body = _json_body()
    comment, feedback = body.get("comment", ""), body.get("feedback", "")
    if not isinstance(comment, str) or not isinstance(feedback, str):
        raise BadgeathonError(_("Requête illisible."))
    scoring.save_note(current_user, team_id, comment, feedback)
    return jsonify(saved=True)


@bp.post("/final")
@juror_only
def mark_final():
    form = FinalForm()
    if not form.validate_on_submit():
        flash(_("Cochez la case pour confirmer que votre notation est définitive."), "error")
    else:
        scoring.mark_final(current_user)
        flash(_("Votre notation est définitive. Merci !"), "success")
    return redirect(url_for("jury.home"))
