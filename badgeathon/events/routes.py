"""Routes of the organiser dashboard, joining a team and the projector screen."""
import io
import uuid

import qrcode
import qrcode.image.svg
from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user
from wtforms import SelectChoice

from .. import wants_json
from ..auth.models import Role
from ..auth.roles import public, role_required
from ..auth.services import invitation_token
from ..db_types import utcnow
from ..extensions import failed_attempt, limiter
from ..timefmt import from_paris, paris, to_paris
from . import bp, move_messages, pitching, services
from .countdown import clock, moved_deadline
from .forms import (
    DeadlineForm,
    EventForm,
    FormTeamsForm,
    JoinCodeForm,
    JoinForm,
    JurorForm,
    OrganisationForm,
    PhaseForm,
    PitchForm,
    RosterForm,
    TeamForm,
    TeamThemeForm,
)
from .labels import ORGANISATION_KIND_LABELS, PHASE_LABELS
from .models import JOIN_CODE_LENGTH
from .people import JoiningClosed, check_joining_open
from .phases import Phase, is_step_back, next_phase, previous_phase
from .pitch_routes import desk_context
from .roster import RosterError
from .roster_messages import line_problem, roster_error

organiser_only = role_required(Role.ORGANISER)


def _join_rate_limit():
    return current_app.config["JOIN_RATE_LIMIT"]


def _details(form: EventForm) -> services.EventDetails:
    return services.EventDetails(
        name=form.name.data, venue=form.venue.data or "", starts_at=from_paris(form.starts_at.data),
        design_minutes=form.design_minutes.data, winners=form.winners.data,
        themes=tuple(form.themes.data.splitlines()), audience_vote=form.audience_vote.data,
    )


def _theme_choices(event):
    return [SelectChoice(0, _("— à choisir —"))] + [SelectChoice(theme.id, theme.name) for theme in event.themes]


def _links(event):
    base = current_app.config["PUBLIC_BASE_URL"]
    return {
        "screen": base + url_for("events.screen", token=event.screen_token),
        "join": base + url_for("events.join"),
        "teams": {team.id: base + url_for("events.join_team", code=team.join_code) for team in event.teams},
        "jurors": {juror.id: base + url_for("auth.invitation", token=invitation_token(juror))
                   for juror in event.jurors},
    }


# --- organiser -----------------------------------------------------------------------------------------------

@bp.get("/events")
@organiser_only
def dashboard_home():
    return render_template("events/index.html", events=services.events_overview())


@bp.route("/events/new", methods=["GET", "POST"])
@organiser_only
def new_event():
    form = EventForm()
    if request.method == "GET":
        form.themes.data = "\n".join(services.default_details(utcnow()).themes)
    if form.validate_on_submit():
        event = services.create_event(_details(form))
        flash(_("Événement créé."), "success")
        return redirect(url_for("events.dashboard", event_id=event.public_id))
    return render_template("events/edit.html", form=form, event=None), 422 if form.errors else 200


@bp.route("/events/<uuid:event_id>/edit", methods=["GET", "POST"])
@organiser_only
def edit_event(event_id):
    event = services.event_by_public_id(event_id)
    form = EventForm()
    if request.method == "GET":
        form = EventForm(obj=event)
        form.starts_at.data = to_paris(event.starts_at).replace(tzinfo=None)
        form.themes.data = "\n".join(theme.name for theme in event.themes)
    if form.validate_on_submit():
        services.update_event(event, _details(form))
        flash(_("Événement enregistré."), "success")
        return redirect(url_for("events.dashboard", event_id=event.public_id))
    return render_template("events/edit.html", form=form, event=event), 422 if form.errors else 200


@bp.get("/events/<uuid:event_id>")
@organiser_only
def dashboard(event_id):
    event = services.event_by_public_id(event_id)
    return _render_dashboard(event)


def _render_dashboard(event, status=200, **forms):
    team_form = forms.get("team_form") or TeamForm(prefix="team")
    team_form.theme.choices = _theme_choices(event)
    theme_forms = {}
    for team in event.teams:
        theme_form = TeamThemeForm(prefix=f"theme-{team.public_id}", theme=team.theme_id or 0)
        theme_form.theme.choices = _theme_choices(event)
        theme_forms[team.id] = theme_form
    return render_template(
        "events/dashboard.html", event=event, links=_links(event),
        team_form=team_form, theme_forms=theme_forms,
        juror_form=forms.get("juror_form") or JurorForm(prefix="juror"),
        form_teams_form=forms.get("form_teams_form") or FormTeamsForm(prefix="form"),
        deadline_form=forms.get("deadline_form") or DeadlineForm(prefix="deadline"), pitch_form=PitchForm(),
        phase_form=PhaseForm(), next_phase=next_phase(event.phase), previous_phase=previous_phase(event.phase),
        **desk_context(event),
    ), status


@bp.post("/events/<uuid:event_id>/teams")
@organiser_only
def add_team(event_id):
    event = services.event_by_public_id(event_id)
    form = TeamForm(prefix="team")
    form.theme.choices = _theme_choices(event)
    if not form.validate_on_submit():
        return _render_dashboard(event, 422, team_form=form)
    team = services.add_team(event, form.name.data, form.theme.data or None)
    flash(_("Équipe « %(name)s » créée, code %(code)s.", name=team.name, code=team.join_code), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="teams"))


@bp.post("/events/<uuid:event_id>/teams/<uuid:team_id>/theme")
@organiser_only
def set_team_theme(event_id, team_id):
    event = services.event_by_public_id(event_id)
    form = TeamThemeForm(prefix=f"theme-{team_id}")
    form.theme.choices = _theme_choices(event)
    if not form.validate_on_submit():
        flash(_("Choisissez un thème de la liste."), "error")
    else:
        team = services.set_team_theme(event, team_id, form.theme.data or None)
        flash(_("Thème de « %(name)s » enregistré.", name=team.name), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="teams"))


@bp.post("/events/<uuid:event_id>/form-teams")
@organiser_only
def form_teams(event_id):
    event = services.event_by_public_id(event_id)
    form = FormTeamsForm(prefix="form")
    if not form.validate_on_submit():
        return _render_dashboard(event, 422, form_teams_form=form)
    created, placed = services.team_up(event, form.team_size.data)
    if placed:
        flash(ngettext("%(num)s personne rejoint une équipe existante.",
                       "%(num)s personnes rejoignent les équipes existantes.", placed), "success")
    else:
        flash(ngettext("%(num)s équipe formée.", "%(num)s équipes formées.", len(created)), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="teams"))


@bp.post("/events/<uuid:event_id>/jurors")
@organiser_only
def add_juror(event_id):
    event = services.event_by_public_id(event_id)
    form = JurorForm(prefix="juror")
    if not form.validate_on_submit():
        return _render_dashboard(event, 422, juror_form=form)
    juror = services.add_juror(event, form.name.data, form.email.data, form.organisation.data or "")
    flash(_("%(name)s fait partie du jury : envoyez-lui son lien d'invitation.", name=juror.name), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="jury"))


def _confirm(event, question: move_messages.Confirmation, action: str, fields: dict):
    """The page that asks before a move that undoes something: what it will do, the button that does it (the same
    form again, with `fields` and its confirmation) and a way back. No script: it works as a plain form."""
    return render_template("events/confirm_move.html", event=event, question=question, action=action,
                           fields=fields)


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
        return _confirm(event, move_messages.step_back(event, target),
                        url_for("events.move_phase", event_id=event.public_id),
                        {"phase": target.value, "confirm": "yes"})
    services.move_phase(event, target, current_user)
    flash(_("Phase : %(phase)s.", phase=PHASE_LABELS[event.phase]), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id))


@bp.post("/events/<uuid:event_id>/deadline")
@organiser_only
def extend_deadline(event_id):
    event = services.event_by_public_id(event_id)
    form = DeadlineForm(prefix="deadline")
    if not form.validate_on_submit():
        return _render_dashboard(event, 422, deadline_form=form)
    minutes = form.minutes.data
    if minutes < 0 and form.confirm.data != "yes" and event.phase == Phase.DESIGN and event.design_deadline:
        now = utcnow()
        question = move_messages.deadline_cut(event, -minutes, moved_deadline(event.design_deadline, minutes, now),
                                              now)
        # the confirmation carries the deadline it was about: moved meanwhile, the cut is refused, not re-aimed
        return _confirm(event, question, url_for("events.extend_deadline", event_id=event.public_id),
                        {"deadline-minutes": minutes, "deadline-confirm": "yes",
                         "deadline-seen": event.design_deadline.isoformat()})
    services.extend_deadline(event, minutes, seen=form.seen_deadline)
    flash(_("Nouvelle fin de la conception : %(when)s (heure de Paris).", when=paris(event.design_deadline, "HH:mm")),
          "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id))


@bp.post("/events/<uuid:event_id>/pitch")
@organiser_only
def show_pitch(event_id):
    event = services.event_by_public_id(event_id)
    form = PitchForm()
    if not form.validate_on_submit():
        raise services.NotFound()
    try:
        team_id = uuid.UUID(form.team.data) if form.team.data else None
    except ValueError:
        raise services.NotFound() from None
    services.show_pitch(event, team_id)
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="pitches"))


@bp.route("/events/<uuid:event_id>/roster", methods=["GET", "POST"])
@organiser_only
def import_roster(event_id):
    event = services.event_by_public_id(event_id)
    form = RosterForm()
    report, status = None, 200
    if form.validate_on_submit():
        try:
            report = services.import_roster(event, form.file.data.read(), auto_form=form.auto_form.data,
                                            team_size=form.team_size.data or 5)
        except RosterError as error:
            form.file.errors.append(roster_error(error))
            status = 422
    elif form.errors:
        status = 422
    return render_template("events/roster.html", event=event, form=form, report=report,
                           line_problem=line_problem), status


@bp.get("/events/<uuid:event_id>/links")
@organiser_only
def print_links(event_id):
    """The teams' sheet: one card per team to cut out and hand over. No juror's invitation is ever on it."""
    event = services.event_by_public_id(event_id)
    links = _links(event)
    return render_template("events/links.html", event=event, links=links,
                           join_words=links["join"].split("://", 1)[-1])


@bp.get("/events/<uuid:event_id>/links/jurors")
@organiser_only
def print_juror_links(event_id):
    """The jurors' sheet: one card per juror with their personal invitation, apart from the teams' sheet."""
    event = services.event_by_public_id(event_id)
    return render_template("events/juror_links.html", event=event, links=_links(event))


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
        raise services.NotFound()
    return _qr_svg(_links(event)["teams"][team.id])


@bp.get("/events/<uuid:event_id>/jurors/<uuid:juror_id>/qr.svg")
@organiser_only
def juror_qr(event_id, juror_id):
    event = services.event_by_public_id(event_id)
    juror = next((j for j in event.jurors if j.public_id == juror_id), None)
    if juror is None:
        raise services.NotFound()
    return _qr_svg(_links(event)["jurors"][juror.id])


@bp.route("/organisations", methods=["GET", "POST"])
@organiser_only
def organisations():
    form = OrganisationForm()
    form.kind.choices = [SelectChoice(kind.value, label) for kind, label in ORGANISATION_KIND_LABELS.items()]
    status = 200
    if form.validate_on_submit():
        organisation = services.add_organisation(form.name.data, form.kind.data)
        flash(_("Structure « %(name)s » ajoutée.", name=organisation.name), "success")
        return redirect(url_for("events.organisations"))
    if form.errors:
        status = 422
    return render_template("events/organisations.html", form=form,
                           organisations=services.organisations()), status


# --- participants -------------------------------------------------------------------------------------------

def _unknown_code(typed: str, error: services.BadgeathonError):
    """An unknown code (typed, or in a link) answers 404, so the join limit counts it as a guess, with the code form
    again: the error beside what was typed, ready for another try. A machine gets the JSON error. A known code of
    an event whose joining is closed answers the same way with 403 and its own message."""
    if wants_json():
        raise error
    form = JoinCodeForm(formdata=None, code=typed[:JOIN_CODE_LENGTH + 6])
    form.code.errors = [error.message]
    return render_template("events/join_code.html", form=form), error.status


@bp.route("/join", methods=["GET", "POST"])
@public
@limiter.limit(_join_rate_limit, methods=["POST"], deduct_when=failed_attempt)
def join():
    form = JoinCodeForm()
    if form.validate_on_submit():
        try:
            team = services.team_for_code(form.code.data)
            check_joining_open(team)
        except (services.UnknownJoinCode, JoiningClosed) as error:
            return _unknown_code(form.code.data, error)
        return redirect(url_for("events.join_team", code=team.join_code))
    return render_template("events/join_code.html", form=form), 422 if form.errors else 200


@bp.route("/join/<code>", methods=["GET", "POST"])
@public
@limiter.limit(_join_rate_limit, deduct_when=failed_attempt)
def join_team(code):
    try:
        team = services.team_for_code(code)
        check_joining_open(team)
    except (services.UnknownJoinCode, JoiningClosed) as error:
        return _unknown_code(code, error)
    form = JoinForm()
    if form.validate_on_submit():
        person = services.join_team(team.join_code, form.name.data, form.organisation.data or "")
        login_user(person, remember=True)
        flash(_("Bienvenue dans l'équipe « %(team)s », %(name)s.", team=team.name, name=person.name), "success")
        return redirect(url_for("workshop.team_page", team_id=team.public_id))
    return render_template("events/join.html", form=form, team=team,
                           organisations=services.organisations()), 422 if form.errors else 200


@bp.get("/team")
@role_required(Role.PARTICIPANT)
def my_team():
    if current_user.team is None:
        flash(_("Vous n'avez pas encore d'équipe : saisissez le code de votre équipe."), "warning")
        return redirect(url_for("events.join"))
    return redirect(url_for("workshop.team_page", team_id=current_user.team.public_id))


@bp.get("/events/<uuid:event_id>/clock.json")
@role_required(Role.PARTICIPANT, Role.JUROR, Role.ORGANISER)
def event_clock(event_id):
    event = services.event_by_public_id(event_id)
    if not current_user.is_organiser and current_user.event_id != event.id:
        raise services.NotFound()
    return jsonify(phase=str(event.phase), **clock(event.design_deadline, utcnow()))


# --- the room ----------------------------------------------------------------------------------------------

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
