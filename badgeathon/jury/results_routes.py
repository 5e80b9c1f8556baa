"""Routes of the jury's results: the deliberation, the audit log and the exports, the ceremony and its projector,
and the participants' audience vote."""

import uuid

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from .. import wants_json
from ..auth.models import Role
from ..auth.roles import organiser_only, public, role_required
from ..errors import BadgeathonError, NotFound
from ..events import services as events
from ..events.phases import Phase
from . import audit, ballot, bp, deliberation, exports
from .forms import RevealForm, VoteForm, winners_form
from .organiser_routes import event_of


@bp.route("/events/<uuid:event_id>/deliberation", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.JUROR)
def deliberation_page(event_id):
    event = event_of(event_id)
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
    event = event_of(event_id)
    return render_template(
        "jury/audit.html",
        event=event,
        audit_labels=audit.LABELS,
        entries=audit.entries(event.id, marks_shown=deliberation.deliberating(event)),
    )


@bp.get("/events/<uuid:event_id>/export/<kind>.<fmt>")
@organiser_only
def export(event_id, kind, fmt):
    event = event_of(event_id)
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
    event = event_of(event_id)
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
    event = event_of(event_id)
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
