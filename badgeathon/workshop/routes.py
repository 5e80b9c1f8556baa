"""Routes of the studio: the team page where the badge is designed, and what its script needs."""
from flask import current_app, jsonify, render_template
from flask_login import current_user

from ..auth.models import Role
from ..auth.roles import role_required
from ..events import services as events
from . import bp, studio
from .checklist_messages import CHECKLIST_MESSAGES


@bp.get("/teams/<uuid:team_id>")
@role_required(Role.PARTICIPANT, Role.ORGANISER)
def team_page(team_id):
    team = events.team_for_viewer(current_user, team_id)
    design = studio.design_for_team(team)
    access = studio.access_for(current_user, design.public_id)
    return render_template(
        "workshop/team.html", team=team, event=team.event, design=design, access=access,
        findings=studio.checklist_payload(design.view),
        checklist_messages={code: str(message) for code, message in CHECKLIST_MESSAGES.items()},
        flush_seconds=current_app.config["WORKSHOP_FLUSH_SECONDS"],
    )


@bp.get("/designs/<uuid:design_id>/view.json")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def design_view(design_id):
    access = studio.access_for(current_user, design_id)
    return jsonify(studio.current_view(access.design_id))
