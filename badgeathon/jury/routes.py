"""Routes of the jury: the juror's scoring screen and autosaves, the organiser's rubric, recusals (and the structures
they hang on), progress, deliberation, exports and ceremony, and the participants' audience vote."""

import uuid

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import wants_json
from ..auth.models import Role
from ..auth.roles import public, role_required
from ..errors import BadgeathonError, NotFound
from ..events import joining
from ..events import services as events
from ..events.labels import PHASE_LABELS
from ..events.phases import Phase
from ..workshop.view import DesignView
from . import audit, ballot, bp, deliberation, exports, recusal_service, rubric, scoring, sheets
from .forms import (
    CriterionForm,
    FinalForm,
    RecusalForm,
    ResetForm,
    RevealForm,
    StructureForm,
    VoteForm,
    winners_form,
)

organiser_only = role_required(Role.ORGANISER)
juror_only = role_required(Role.JUROR)


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


# --- the organiser --------------------------------------------------------------------------------------------


def _event(event_id):
    """The organiser reaches any event; a juror only their own."""
    event = events.event_by_public_id(event_id)
    if current_user.is_juror and current_user.event_id != event.id:
        raise NotFound()
    return event


@bp.get("/events/<uuid:event_id>")
@organiser_only
def jury_dashboard(event_id):
    event = _event(event_id)
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
    return jsonify(jurors=[line.as_dict() for line in sheets.progress(_event(event_id))])


def _recusal_state(state: recusal_service.RecusalState) -> str:
    return "auto" if state.override is None else ("recused" if state.override else "cleared")


@bp.post("/events/<uuid:event_id>/recusals")
@organiser_only
def set_recusal(event_id):
    event = _event(event_id)
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
    event = _event(event_id)
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
    event = _event(event_id)
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
    event = _event(event_id)
    rubric.delete_criterion(event, current_user, criterion_id)
    flash(_("Critère supprimé."), "success")
    return redirect(url_for("jury.rubric_page", event_id=event.public_id))


@bp.post("/events/<uuid:event_id>/reset")
@organiser_only
def reset_scores(event_id):
    event = _event(event_id)
    form = ResetForm()
    if not form.validate_on_submit():
        return _render_dashboard(event, 422, reset_form=form)
    count = rubric.reset_scores(event, current_user, form.reason.data)
    flash(_("%(count)s notes effacées : la grille peut de nouveau changer.", count=count), "success")
    return redirect(url_for("jury.rubric_page", event_id=event.public_id))


@bp.route("/events/<uuid:event_id>/deliberation", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.JUROR)
def deliberation_page(event_id):
    event = _event(event_id)
    result, lines = deliberation.standings(event)
    choices = [SelectChoice(str(line.team.public_id), line.team.name) for line in lines]
    chosen = deliberation.winners(event) or [line.team for line in lines[: event.winners]]
    form = winners_form(
        event.winners,
        choices,
        data=None
        if request.method == "POST"
        else {f"place_{place}": str(team.public_id) for place, team in enumerate(chosen, start=1)},
    )
    decision = deliberation.decision_of(event)
    refusal = None  # why the confirmation was refused, said above the form (never a silent reload)
    if request.method == "POST":
        if not current_user.is_organiser:
            return render_template("error.html", message=_("Seul l'organisateur confirme les lauréats.")), 403
        if form.validate_on_submit():
            picked = [uuid.UUID(getattr(form, f"place_{place}").data) for place in range(1, event.winners + 1)]
            try:
                deliberation.confirm_winners(event, current_user, picked, form.reason.data or "")
            except deliberation.ReasonNeeded as error:
                form.reason.errors = [*form.reason.errors, str(error.message)]
                refusal = str(error.message)
            except BadgeathonError as error:
                refusal = str(error.message)
            else:
                flash(_("Lauréats confirmés."), "success")  # the page opens on them (not on the form again)
                return redirect(url_for("jury.deliberation_page", event_id=event.public_id, _anchor="decision-title"))
        else:
            refusal = _confirmation_form_refusal(form)
    audience = deliberation.audience_results(event) if event.audience_vote else []
    return render_template(
        "jury/deliberation.html",
        event=event,
        result=result,
        lines=lines,
        form=form,
        decision=decision,
        winners=deliberation.winners(event),
        criteria=list(event.criteria),
        audience=audience,
        refusal=refusal,
    ), 422 if refusal else 200


def _confirmation_form_refusal(form) -> str:
    """What to say above a winners' form that did not validate: an expired page has no field to show it."""
    if "csrf_token" in form.errors:
        return _("La page a expiré : rechargez-la, puis confirmez de nouveau les lauréats.")
    return _("Les lauréats ne sont pas confirmés : corrigez les champs signalés.")


@bp.get("/events/<uuid:event_id>/audit")
@organiser_only
def audit_log(event_id):
    event = _event(event_id)
    return render_template(
        "jury/audit.html",
        event=event,
        audit_labels=audit.LABELS,
        entries=audit.entries(event.id, marks_shown=deliberation.deliberating(event)),
    )


@bp.get("/events/<uuid:event_id>/export/<kind>.<fmt>")
@organiser_only
def export(event_id, kind, fmt):
    event = _event(event_id)
    if (kind, fmt) not in {("scores", "csv"), ("ranking", "csv"), ("jury", "xlsx")}:
        raise NotFound()
    scores = ([str(h) for h in deliberation.SCORE_HEADERS], deliberation.score_rows(event))
    ranks = ([str(h) for h in deliberation.RANKING_HEADERS], deliberation.ranking_rows(event))
    stem = f"badgeathon-{event.starts_at:%Y}-{kind}"
    if fmt == "xlsx":
        data = exports.to_xlsx([(_("Notes"), *scores), (_("Classement"), *ranks)])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = exports.to_csv(*(scores if kind == "scores" else ranks), yes=_("oui"), no=_("non"))
        mimetype = "text/csv; charset=utf-8"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'})


@bp.get("/events/<uuid:event_id>/ceremony")
@organiser_only
def ceremony(event_id):
    event = _event(event_id)
    decision = deliberation.decision_of(event)
    return render_template(
        "jury/ceremony.html",
        event=event,
        steps=deliberation.revealed_steps(event),
        total=len(deliberation.ceremony_steps(event)) if decision else 0,
        form=RevealForm(),
    )


@bp.post("/events/<uuid:event_id>/ceremony")
@organiser_only
def reveal(event_id):
    event = _event(event_id)
    form = RevealForm()
    step = -1 if form.validate_on_submit() and form.step.data == "-1" else 1
    shown = deliberation.reveal(event, current_user, step)
    if wants_json():
        return jsonify(revealed=shown)
    return redirect(url_for("jury.ceremony", event_id=event.public_id))


# --- the audience vote ----------------------------------------------------------------------------------------


@bp.route("/vote", methods=["GET", "POST"])
@role_required(Role.PARTICIPANT)
def vote():
    event = current_user.event
    form = VoteForm()
    options = ballot.options(current_user)
    form.team.choices = [SelectChoice(option.team_id, option.badge_name or option.team_name) for option in options]
    if form.validate_on_submit():
        deliberation.cast_vote(current_user, uuid.UUID(form.team.data))
        flash(_("Merci, votre vote est enregistré."), "success")
        return redirect(url_for("jury.vote"))
    return render_template(
        "jury/vote.html",
        event=event,
        form=form,
        options=options,
        open=deliberation.vote_open(event),
        vote=deliberation.vote_of(current_user),
    ), 422 if form.errors else 200


# --- the projector at the results ------------------------------------------------------------------------------


@bp.get("/screen/<token>")
@public
def screen_ceremony(token):
    event = events.event_for_screen(token)
    if event.phase != Phase.RESULTS:
        return redirect(url_for("events.screen", token=token))
    return render_template("jury/screen.html", event=event, steps=deliberation.revealed_steps(event))
