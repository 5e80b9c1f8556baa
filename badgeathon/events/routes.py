"""Routes of setting an event up: the organiser's events, an event's dashboard, its teams and themes, jurors, roster and
the known structures. The day's moves are `move_routes.py`, joining `join_routes.py`, the print sheets
`sheet_routes.py`, the clocks and the projector `screen_routes.py`, the pitch desk and people their own."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from wtforms import SelectChoice

from ..auth.roles import organiser_only
from ..db_types import utcnow
from ..timefmt import from_paris, to_paris
from . import bp, services
from .forms import (
    DeadlineForm,
    EventForm,
    FormTeamsForm,
    JurorForm,
    OrganisationForm,
    PhaseForm,
    PitchForm,
    RosterForm,
    TeamForm,
    TeamThemeForm,
)
from .labels import ORGANISATION_KIND_LABELS
from .phases import next_phase, previous_phase
from .pitch_routes import desk_context
from .roster import RosterError
from .roster_messages import line_problem, roster_error
from .sheet_routes import links_of


def _details(form: EventForm) -> services.EventDetails:
    return services.EventDetails(
        name=form.name.data,
        venue=form.venue.data or "",
        starts_at=from_paris(form.starts_at.data),
        design_minutes=form.design_minutes.data,
        winners=form.winners.data,
        themes=tuple(form.themes.data.splitlines()),
        audience_vote=form.audience_vote.data,
    )


def _theme_choices(event):
    return [SelectChoice(0, _("— à choisir —"))] + [SelectChoice(theme.id, theme.name) for theme in event.themes]


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
    return render_dashboard(event)


def render_dashboard(event, status=200, **forms):
    team_form = forms.get("team_form") or TeamForm(prefix="team")
    team_form.theme.choices = _theme_choices(event)
    theme_forms = {}
    for team in event.teams:
        theme_form = TeamThemeForm(prefix=f"theme-{team.public_id}", theme=team.theme_id or 0)
        theme_form.theme.choices = _theme_choices(event)
        theme_forms[team.id] = theme_form
    return render_template(
        "events/dashboard.html",
        event=event,
        links=links_of(event),
        team_form=team_form,
        theme_forms=theme_forms,
        juror_form=forms.get("juror_form") or JurorForm(prefix="juror"),
        form_teams_form=forms.get("form_teams_form") or FormTeamsForm(prefix="form"),
        deadline_form=forms.get("deadline_form") or DeadlineForm(prefix="deadline"),
        pitch_form=PitchForm(),
        phase_form=PhaseForm(),
        next_phase=next_phase(event.phase),
        previous_phase=previous_phase(event.phase),
        **desk_context(event),
    ), status


@bp.post("/events/<uuid:event_id>/teams")
@organiser_only
def add_team(event_id):
    event = services.event_by_public_id(event_id)
    form = TeamForm(prefix="team")
    form.theme.choices = _theme_choices(event)
    if not form.validate_on_submit():
        return render_dashboard(event, 422, team_form=form)
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
        return render_dashboard(event, 422, form_teams_form=form)
    created, placed = services.team_up(event, form.team_size.data)
    if placed:
        flash(
            ngettext(
                "%(num)s personne rejoint une équipe existante.",
                "%(num)s personnes rejoignent les équipes existantes.",
                placed,
            ),
            "success",
        )
    else:
        flash(ngettext("%(num)s équipe formée.", "%(num)s équipes formées.", len(created)), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="teams"))


@bp.post("/events/<uuid:event_id>/jurors")
@organiser_only
def add_juror(event_id):
    event = services.event_by_public_id(event_id)
    form = JurorForm(prefix="juror")
    if not form.validate_on_submit():
        return render_dashboard(event, 422, juror_form=form)
    juror = services.add_juror(event, form.name.data, form.email.data, form.organisation.data or "")
    flash(_("%(name)s fait partie du jury : envoyez-lui son lien d'invitation.", name=juror.name), "success")
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor="jury"))


@bp.route("/events/<uuid:event_id>/roster", methods=["GET", "POST"])
@organiser_only
def import_roster(event_id):
    event = services.event_by_public_id(event_id)
    form = RosterForm()
    report, status = None, 200
    if form.validate_on_submit():
        try:
            report = services.import_roster(
                event, form.file.data.read(), auto_form=form.auto_form.data, team_size=form.team_size.data or 5
            )
        except RosterError as error:
            form.file.errors.append(roster_error(error))
            status = 422
    elif form.errors:
        status = 422
    return render_template(
        "events/roster.html", event=event, form=form, report=report, line_problem=line_problem
    ), status


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
    return render_template("events/organisations.html", form=form, organisations=services.organisations()), status
