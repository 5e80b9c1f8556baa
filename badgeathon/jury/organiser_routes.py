"""Routes of the organiser's jury page: the jurors' progress, recusals and the structures they hang on, the rubric
and its reset."""

import uuid

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..auth.roles import organiser_only
from ..errors import BadgeathonError, NotFound
from ..events import joining
from ..events import services as events
from ..events.labels import PHASE_LABELS
from . import bp, deliberation, recusal_service, rubric, scoring, sheets
from .forms import CriterionForm, RecusalForm, ResetForm, StructureForm

# --- the organiser --------------------------------------------------------------------------------------------


def event_of(event_id):
    """The organiser reaches any event; a juror only their own."""
    event = events.event_by_public_id(event_id)
    if current_user.is_juror and current_user.event_id != event.id:
        raise NotFound()
    return event


@bp.get("/events/<uuid:event_id>")
@organiser_only
def jury_dashboard(event_id):
    event = event_of(event_id)
    return _render_dashboard(event)


def _render_dashboard(event, status=200, reset_form=None):
    states = recusal_service.recusals(event)
    recusal_forms = {
        (juror.id, team.id): RecusalForm(
            prefix=f"r-{juror.public_id}-{team.public_id}",
            juror=str(juror.public_id),
            team=str(team.public_id),
            state=_recusal_state(states[juror.id, team.id]),
        )
        for juror in event.jurors
        for team in event.teams
    }
    to_confirm = joining.structures_to_confirm(event)
    known = events.organisations()
    return render_template(
        "jury/dashboard.html",
        event=event,
        progress=sheets.progress(event),
        states=states,
        recusal_forms=recusal_forms,
        frozen=rubric.is_frozen(event),
        reset_form=reset_form or ResetForm(),
        deliberating=deliberation.deliberating(event),
        phase_label=PHASE_LABELS[event.phase],
        rule_changes=recusal_service.rule_changes(event),
        to_confirm=to_confirm,
        structure_forms={person.id: _structure_form(person, known) for person in to_confirm},
    ), status


def _structure_form(person, known) -> StructureForm:
    """Keep the participant's structure, make the one they named, or give them a known one."""
    form = StructureForm(prefix=f"s-{person.public_id}", person=str(person.public_id), choice=joining.KEEP_STRUCTURE)
    keep = (
        _("Garder « %(name)s »", name=person.organisation.name) if person.organisation else _("Laisser sans structure")
    )
    form.choice.choices = [
        SelectChoice(joining.KEEP_STRUCTURE, keep),
        SelectChoice(joining.NEW_STRUCTURE, _("Nouvelle structure « %(name)s »", name=person.organisation_claim)),
    ] + [
        SelectChoice(str(organisation.id), organisation.name)
        for organisation in known
        if organisation.id != person.organisation_id
    ]
    return form


@bp.get("/events/<uuid:event_id>/progress.json")
@organiser_only
def progress_json(event_id):
    """Each juror's progress, counts only: the dashboard fetches it when a juror saves."""
    return jsonify(jurors=[line.as_dict() for line in sheets.progress(event_of(event_id))])


def _recusal_state(state: recusal_service.RecusalState) -> str:
    return "auto" if state.override is None else ("recused" if state.override else "cleared")


@bp.post("/events/<uuid:event_id>/recusals")
@organiser_only
def set_recusal(event_id):
    event = event_of(event_id)
    prefix = request.form.get("prefix", "")
    form = RecusalForm(prefix=prefix)
    if not prefix or not form.validate_on_submit():
        flash(_("Récusation illisible."), "error")
        return redirect(url_for("jury.jury_dashboard", event_id=event.public_id, _anchor="recusals"))
    try:
        juror_id, team_id = uuid.UUID(form.juror.data), uuid.UUID(form.team.data)
    except ValueError:
        raise NotFound() from None
    recused = {"auto": None, "recused": True, "cleared": False}[form.state.data]
    scoring.set_recusal(event, current_user, juror_id, team_id, recused, form.reason.data or "")
    flash(_("Récusation enregistrée."), "success")
    return redirect(url_for("jury.jury_dashboard", event_id=event.public_id, _anchor="recusals"))


@bp.post("/events/<uuid:event_id>/structures")
@organiser_only
def settle_structure(event_id):
    event = event_of(event_id)
    prefix = request.form.get("prefix", "")
    form = StructureForm(prefix=prefix)
    if not prefix or not form.validate_on_submit():
        flash(_("Choix de structure illisible."), "error")
        return redirect(url_for("jury.jury_dashboard", event_id=event.public_id, _anchor="structures"))
    try:
        person_id = uuid.UUID(form.person.data)
    except ValueError:
        raise NotFound() from None
    choice = form.choice.data
    if choice not in (joining.KEEP_STRUCTURE, joining.NEW_STRUCTURE):
        if not choice.isdecimal():
            raise NotFound()
        choice = int(choice)
    person = joining.settle_structure(event, person_id, choice, current_user)
    flash(
        _(
            "Structure de %(name)s : %(structure)s.",
            name=person.name,
            structure=person.organisation.name if person.organisation else _("sans structure"),
        ),
        "success",
    )
    return redirect(url_for("jury.jury_dashboard", event_id=event.public_id, _anchor="structures"))


@bp.route("/events/<uuid:event_id>/rubric", methods=["GET", "POST"])
@organiser_only
def rubric_page(event_id):
    event = event_of(event_id)
    editing = request.args.get("criterion")
    criterion = next((c for c in event.criteria if str(c.public_id) == editing), None) if editing else None
    form = CriterionForm(obj=criterion, descriptors="\n".join(criterion.descriptors) if criterion else "")
    if form.validate_on_submit():
        details = rubric.CriterionDetails(
            name=form.name.data,
            description=form.description.data or "",
            weight=form.weight.data,
            scale_min=form.scale_min.data,
            scale_max=form.scale_max.data,
            descriptors=tuple(line for line in (form.descriptors.data or "").splitlines()),
        )
        try:
            rubric.save_criterion(event, current_user, criterion.public_id if criterion else None, details)
        except BadgeathonError as error:
            flash(str(error.message), "error")
            return _render_rubric(event, form, criterion), error.status
        else:
            flash(_("Critère enregistré."), "success")
            return redirect(url_for("jury.rubric_page", event_id=event.public_id))
    return _render_rubric(event, form, criterion), 422 if form.errors else 200


def _render_rubric(event, form, criterion):
    return render_template(
        "jury/rubric.html",
        event=event,
        form=form,
        criterion=criterion,
        frozen=rubric.is_frozen(event),
        total_weight=sum(c.weight for c in event.criteria),
    )


@bp.post("/events/<uuid:event_id>/rubric/<uuid:criterion_id>/delete")
@organiser_only
def delete_criterion(event_id, criterion_id):
    event = event_of(event_id)
    rubric.delete_criterion(event, current_user, criterion_id)
    flash(_("Critère supprimé."), "success")
    return redirect(url_for("jury.rubric_page", event_id=event.public_id))


@bp.post("/events/<uuid:event_id>/reset")
@organiser_only
def reset_scores(event_id):
    event = event_of(event_id)
    form = ResetForm()
    if not form.validate_on_submit():
        return _render_dashboard(event, 422, reset_form=form)
    count = rubric.reset_scores(event, current_user, form.reason.data)
    flash(_("%(count)s notes effacées : la grille peut de nouveau changer.", count=count), "success")
    return redirect(url_for("jury.rubric_page", event_id=event.public_id))
