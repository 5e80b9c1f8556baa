"""Routes of managing an event's people: rename a team, move or remove a member, delete a team, a juror or the event
(each after a confirmation page that says what goes), open or close joining. Organisers only."""

import uuid

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.roles import organiser_only
from . import bp, people, removal_messages, services
from .people_forms import NO_TEAM, ConfirmRemovalForm, DeleteEventForm, JoiningForm, MoveMemberForm, RenameTeamForm


def _back(event, anchor="teams"):
    return redirect(url_for("events.dashboard", event_id=event.public_id, _anchor=anchor))


def team_choices(event):
    return [(NO_TEAM, _("— sans équipe —"))] + [(str(team.public_id), team.name) for team in event.teams]


@bp.post("/events/<uuid:event_id>/teams/<uuid:team_id>/name")
@organiser_only
def rename_team(event_id, team_id):
    event = services.event_by_public_id(event_id)
    form = RenameTeamForm()
    if not form.validate_on_submit():
        flash(_("Indiquez un nom d'équipe de 80 caractères au plus."), "error")
        return _back(event)
    before = people.team_of(event, team_id).name
    team = people.rename_team(event, team_id, form.name.data)
    flash(_("« %(before)s » s'appelle maintenant « %(name)s ».", before=before, name=team.name), "success")
    return _back(event)


@bp.post("/events/<uuid:event_id>/members/<uuid:person_id>/team")
@organiser_only
def move_member(event_id, person_id):
    event = services.event_by_public_id(event_id)
    form = MoveMemberForm()
    form.team.choices = team_choices(event)
    if not form.validate_on_submit():
        flash(_("Choisissez une équipe de la liste."), "error")
        return _back(event)
    person = people.move_member(event, person_id, uuid.UUID(form.team.data) if form.team.data else None, current_user)
    if person.team is None:
        flash(_("%(name)s n'a plus d'équipe.", name=person.name), "success")
    else:
        flash(_("%(name)s fait maintenant partie de « %(team)s ».", name=person.name, team=person.team.name), "success")
    return _back(event)


def _confirm_removal(event, subject, form, action, status=200):
    """The page that says what a deletion removes, with the button that does it (or why it cannot) and a way back."""
    what = people.removal(subject)
    return render_template(
        "events/confirm_removal.html",
        event=event,
        form=form,
        action=action,
        question=removal_messages.confirmation(what),
        blocked=removal_messages.blocked(what),
    ), status


def _ask_then_remove(event, subject, action, remove, done, anchor="teams"):
    """GET (or a POST without `confirm=yes`): the confirmation page. Confirmed: `remove()`, the flash `done` words
    from what it returns, and back to the dashboard."""
    form = ConfirmRemovalForm()
    if form.validate_on_submit():
        flash(done(remove()), "success")
        return _back(event, anchor)
    return _confirm_removal(event, subject, form, action)


@bp.route("/events/<uuid:event_id>/members/<uuid:person_id>/remove", methods=["GET", "POST"])
@organiser_only
def remove_member(event_id, person_id):
    event = services.event_by_public_id(event_id)
    return _ask_then_remove(
        event,
        people.member_of(event, person_id),
        url_for("events.remove_member", event_id=event_id, person_id=person_id),
        lambda: people.remove_member(event, person_id, current_user),
        lambda name: _("%(name)s ne fait plus partie de l'événement.", name=name),
    )


@bp.route("/events/<uuid:event_id>/teams/<uuid:team_id>/delete", methods=["GET", "POST"])
@organiser_only
def delete_team(event_id, team_id):
    event = services.event_by_public_id(event_id)
    return _ask_then_remove(
        event,
        people.team_of(event, team_id),
        url_for("events.delete_team", event_id=event_id, team_id=team_id),
        lambda: people.delete_team(event, team_id, current_user),
        lambda what: _("L'équipe « %(name)s » est supprimée.", name=what.name),
    )


@bp.route("/events/<uuid:event_id>/jurors/<uuid:person_id>/delete", methods=["GET", "POST"])
@organiser_only
def delete_juror(event_id, person_id):
    event = services.event_by_public_id(event_id)
    return _ask_then_remove(
        event,
        people.juror_of(event, person_id),
        url_for("events.delete_juror", event_id=event_id, person_id=person_id),
        lambda: people.delete_juror(event, person_id, current_user),
        lambda what: _("%(name)s ne fait plus partie du jury.", name=what.name),
        anchor="jury",
    )


@bp.route("/events/<uuid:event_id>/delete", methods=["GET", "POST"])
@organiser_only
def delete_event(event_id):
    event = services.event_by_public_id(event_id)
    form = DeleteEventForm()
    if event.phase not in people.DELETABLE_PHASES:
        form = None  # the page says why, with no field and no button
    elif form.validate_on_submit():
        if people.same_name(form.name.data, event.name):
            what = people.delete_event(event, form.name.data, current_user)
            flash(_("L'événement « %(name)s » est supprimé.", name=what.name), "success")
            return redirect(url_for("events.dashboard_home"))
        form.name.errors.append(_("Ce n'est pas le nom de l'événement : recopiez-le exactement."))
    status = 422 if form is not None and form.errors else 200
    return _confirm_removal(event, event, form, url_for("events.delete_event", event_id=event_id), status)


@bp.post("/events/<uuid:event_id>/joining")
@organiser_only
def set_joining(event_id):
    event = services.event_by_public_id(event_id)
    form = JoiningForm()
    if form.validate_on_submit():
        people.set_joining(event, form.open.data == "yes")
        flash(
            _("Les inscriptions sont ouvertes : les codes d'équipe fonctionnent.")
            if event.joining_open
            else _("Les inscriptions sont closes : plus personne ne peut rejoindre une équipe avec un code."),
            "success",
        )
    return _back(event)
