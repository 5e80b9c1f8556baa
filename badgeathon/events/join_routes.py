"""Routes of joining a team: the code form, a team's join link (both rate-limited per address) and a participant's
way back to their team."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from .. import wants_json
from ..auth.models import Role
from ..auth.roles import public, role_required
from ..errors import BadgeathonError
from ..extensions import failed_attempt, limiter
from . import bp, joining, services
from .forms import JoinCodeForm, JoinForm
from .models import JOIN_CODE_LENGTH
from .people import JoiningClosed, check_joining_open


def _join_rate_limit():
    return current_app.config["JOIN_RATE_LIMIT"]


def _unknown_code(typed: str, error: BadgeathonError):
    """An unknown code (typed, or in a link) answers 404, so the join limit counts it as a guess, with the code form
    again: the error beside what was typed, ready for another try. A machine gets the JSON error. A known code of
    an event whose joining is closed answers the same way with 403 and its own message."""
    if wants_json():
        raise error
    form = JoinCodeForm(formdata=None, code=typed[: JOIN_CODE_LENGTH + 6])
    form.code.errors = [error.message]
    return render_template("events/join_code.html", form=form), error.status


@bp.route("/join", methods=["GET", "POST"])
@public
@limiter.limit(_join_rate_limit, methods=["POST"], deduct_when=failed_attempt)
def join():
    form = JoinCodeForm()
    if form.validate_on_submit():
        try:
            team = joining.team_for_code(form.code.data)
            check_joining_open(team)
        except (joining.UnknownJoinCode, JoiningClosed) as error:
            return _unknown_code(form.code.data, error)
        return redirect(url_for("events.join_team", code=team.join_code))
    return render_template("events/join_code.html", form=form), 422 if form.errors else 200


@bp.route("/join/<code>", methods=["GET", "POST"])
@public
@limiter.limit(_join_rate_limit, deduct_when=failed_attempt)
def join_team(code):
    try:
        team = joining.team_for_code(code)
        check_joining_open(team)
    except (joining.UnknownJoinCode, JoiningClosed) as error:
        return _unknown_code(code, error)
    form = JoinForm()
    if form.validate_on_submit():
        person = joining.join_team(team.join_code, form.name.data, form.organisation.data or "")
        login_user(person, remember=True)
        flash(_("Bienvenue dans l'équipe « %(team)s », %(name)s.", team=team.name, name=person.name), "success")
        return redirect(url_for("workshop.team_page", team_id=team.public_id))
    return render_template(
        "events/join.html", form=form, team=team, organisations=services.organisations()
    ), 422 if form.errors else 200


@bp.get("/team")
@role_required(Role.PARTICIPANT)
def my_team():
    if current_user.team is None:
        flash(_("Vous n'avez pas encore d'équipe : saisissez le code de votre équipe."), "warning")
        return redirect(url_for("events.join"))
    return redirect(url_for("workshop.team_page", team_id=current_user.team.public_id))
