"""Routes of the studio: the team page where the badge is designed, and what its script needs."""
from flask import flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import Role
from ..auth.roles import role_required
from ..events import services as events
from . import bp, studio
from .checklist_messages import CHECKLIST_MESSAGES, FIELD_LABELS
from .forms import RestoreForm, VersionForm
from .history import compare


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
        field_labels={key: str(label) for key, label in FIELD_LABELS.items()},
    )


@bp.get("/designs/<uuid:design_id>/view.json")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def design_view(design_id):
    access = studio.access_for(current_user, design_id)
    return jsonify(studio.current_view(access.design_id))


@bp.post("/designs/<uuid:design_id>/versions")
@role_required(Role.PARTICIPANT)
def save_version(design_id):
    access = studio.access_for(current_user, design_id)
    form = VersionForm()
    if access.readonly:
        raise studio.DesignLocked()
    if form.validate_on_submit():
        version = studio.save_version(access.design_id, form.label.data, "manual", current_user.id)
        flash(_("Version « %(label)s » enregistrée.", label=version.label), "success")
    else:
        flash(" ".join(form.label.errors) or _("Donnez un nom à la version."), "error")
    return redirect(url_for("workshop.history", design_id=design_id))


@bp.get("/designs/<uuid:design_id>/history")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def history(design_id):
    access = studio.access_for(current_user, design_id)
    design = studio.design_of(access)
    return render_template("workshop/history.html", design=design, team=design.team, access=access,
                           form=VersionForm(), restore_form=RestoreForm())


@bp.get("/designs/<uuid:design_id>/versions/<uuid:version_id>")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def version(design_id, version_id):
    access = studio.access_for(current_user, design_id)
    chosen = studio.version_of(access, version_id)
    current = studio.current_view(access.design_id)
    return render_template("workshop/version.html", design=chosen.design, team=chosen.design.team, version=chosen,
                           changes=compare(chosen.view, current), access=access, restore_form=RestoreForm(),
                           labels=FIELD_LABELS)


@bp.post("/designs/<uuid:design_id>/versions/<uuid:version_id>/restore")
@role_required(Role.PARTICIPANT)
def restore(design_id, version_id):
    access = studio.access_for(current_user, design_id)
    form = RestoreForm()
    if not form.validate_on_submit():
        raise studio.BadUpdate()
    chosen = studio.version_of(access, version_id)
    studio.restore_version(access, version_id)
    flash(_("« %(label)s » est restaurée. L'état d'avant est gardé dans l'historique.", label=chosen.label),
          "success")
    return redirect(url_for("workshop.team_page", team_id=chosen.design.team.public_id))
