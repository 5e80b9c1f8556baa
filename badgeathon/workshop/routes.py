"""Routes of the studio: the team page where the badge is designed, and what its script needs."""

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.models import Role
from ..auth.roles import public, role_required
from ..errors import NotFound
from ..events import pitching
from ..events import services as events
from ..jury import deliberation
from ..ruleset import export
from . import board_service, board_words, bp, images, staff, store, studio, versions
from .access import DesignLocked, access_for, design_for_audience, design_for_screen, design_of, shows_pitch_view
from .forms import ImageDesignForm, ImageUploadForm, RestoreForm, VersionForm
from .history import compare
from .view import MAX_ALIGNMENTS, MAX_TAGS
from .words import CHECKLIST_MESSAGES, FIELD_LABELS, LIMIT_MESSAGES


@bp.get("/teams/<uuid:team_id>")
@role_required(Role.PARTICIPANT, Role.ORGANISER)
def team_page(team_id):
    team = events.team_for_viewer(current_user, team_id)
    design = studio.design_for_team(team)
    access = access_for(current_user, design.public_id)
    if shows_pitch_view(team.event):
        view = versions.current_view(design.id)
        results = deliberation.team_results(team)
        slug = export.catalogue_slug(team) if results is not None and results.won else None
        return render_template(
            "workshop/pitch.html",
            team=team,
            event=team.event,
            design=design,
            view=view,
            results=results,
            catalogue_slug=slug,
            desk=pitching.desk(team.event),
            correctable=current_user.is_organiser and not access.readonly,
        )
    return _studio_page(team, design, access)


def _studio_page(team, design, access, corrects=False):
    """The studio: the team designing its badge, or region staff correcting a winning one (`corrects`)."""
    designer = ImageDesignForm(data=images.current_spec(design.view))
    return render_template(
        "workshop/team.html",
        team=team,
        event=team.event,
        design=design,
        access=access,
        findings=studio.checklist_payload(design.view),
        checklist_messages={code: str(message) for code, message in (CHECKLIST_MESSAGES | LIMIT_MESSAGES).items()},
        field_labels={key: str(label) for key, label in FIELD_LABELS.items()},
        limits={"tags": MAX_TAGS, "alignments": MAX_ALIGNMENTS},
        designer=designer,
        upload=ImageUploadForm(),
        corrects=corrects,
        final_version=staff.team_final_version(design.id) if corrects else None,
        join_link=current_app.config["PUBLIC_BASE_URL"] + url_for("events.join_team", code=team.join_code),
    )


@bp.get("/teams/<uuid:team_id>/correct")
@role_required(Role.ORGANISER)
def correct_design(team_id):
    """Region staff open a winning badge after the lock in the studio: the same document, every edit logged."""
    team = events.team_for_viewer(current_user, team_id)
    if team.design is None or access_for(current_user, team.design.public_id).readonly:
        raise staff.NotCorrectable()
    return _studio_page(team, team.design, access_for(current_user, team.design.public_id), corrects=True)


@bp.get("/designs/<uuid:design_id>/view.json")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def design_view(design_id):
    access = access_for(current_user, design_id)
    return jsonify(versions.current_view(access.design_id).to_json())


@bp.post("/designs/<uuid:design_id>/versions")
@role_required(Role.PARTICIPANT)
def save_version(design_id):
    access = access_for(current_user, design_id)
    form = VersionForm()
    if access.readonly:
        raise DesignLocked()
    if form.validate_on_submit():
        version = versions.save_version(access.design_id, form.label.data, "manual", current_user.id)
        flash(_("Version « %(label)s » enregistrée.", label=version.label), "success")
    else:
        flash(" ".join(map(str, form.label.errors)) or _("Donnez un nom à la version."), "error")
    return redirect(url_for("workshop.history", design_id=design_id))


@bp.get("/designs/<uuid:design_id>/history")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def history(design_id):
    access = access_for(current_user, design_id)
    design = design_of(access)
    return render_template(
        "workshop/history.html",
        design=design,
        team=design.team,
        access=access,
        form=VersionForm(),
        restore_form=RestoreForm(),
        final_version=staff.team_final_version(design.id),
    )


@bp.get("/designs/<uuid:design_id>/versions/<uuid:version_id>")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def version(design_id, version_id):
    access = access_for(current_user, design_id)
    chosen = versions.version_of(access, version_id)
    current = versions.current_view(access.design_id)
    return render_template(
        "workshop/version.html",
        design=chosen.design,
        team=chosen.design.team,
        version=chosen,
        changes=compare(chosen.view, current),
        access=access,
        restore_form=RestoreForm(),
        labels=FIELD_LABELS,
    )


@bp.post("/designs/<uuid:design_id>/versions/<uuid:version_id>/restore")
@role_required(Role.PARTICIPANT)
def restore(design_id, version_id):
    access = access_for(current_user, design_id)
    form = RestoreForm()
    if not form.validate_on_submit():
        raise store.BadUpdate()
    chosen = versions.version_of(access, version_id)
    versions.restore_version(access, version_id)
    flash(_("« %(label)s » est restaurée. L'état d'avant est gardé dans l'historique.", label=chosen.label), "success")
    return redirect(url_for("workshop.team_page", team_id=chosen.design.team.public_id))


# --- the image ----------------------------------------------------------------------------------------------


def _image_response(data: bytes, mime: str):
    headers = {
        "Content-Type": mime,
        "Cache-Control": "private, max-age=86400, immutable",
        "X-Content-Type-Options": "nosniff",
    }
    if mime == "image/svg+xml":
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return data, 200, headers


@bp.get("/designs/<uuid:design_id>/image/<sha256>.<fmt>")
@role_required(Role.PARTICIPANT, Role.ORGANISER, Role.JUROR)
def design_image(design_id, sha256, fmt):
    access = access_for(current_user, design_id)
    if fmt not in ("png", "svg"):
        raise NotFound()
    return _image_response(*images.image_of(access.design_id, sha256, request.args.get("size", 400, type=int), fmt))


@bp.get("/screen/<token>/designs/<uuid:design_id>/image/<sha256>.png")
@public
def screen_image(token, design_id, sha256):
    """The projector shows the badge being pitched: its link opens the images of its event from the pitches on."""
    design = design_for_screen(events.event_for_screen(token), design_id)
    return _image_response(*images.image_of(design.id, sha256, request.args.get("size", 400, type=int)))


@bp.get("/vote/designs/<uuid:design_id>/image/<sha256>.png")
@role_required(Role.PARTICIPANT)
def ballot_image(design_id, sha256):
    """The audience vote shows every badge of the event with its image, from the pitches on."""
    design = design_for_audience(current_user, design_id)
    return _image_response(*images.image_of(design.id, sha256, request.args.get("size", 400, type=int)))


@bp.post("/designs/<uuid:design_id>/image/preview")
@role_required(Role.PARTICIPANT, Role.ORGANISER)
def image_preview(design_id):
    access_for(current_user, design_id)
    form = ImageDesignForm()
    if not form.validate_on_submit():
        return jsonify(code="invalid", errors=form.errors), 422
    return _image_response(images.preview(form.spec(), 200), "image/png")


@bp.post("/designs/<uuid:design_id>/image/design")
@role_required(Role.PARTICIPANT, Role.ORGANISER)
def use_designed_image(design_id):
    access = access_for(current_user, design_id)
    form = ImageDesignForm()
    if not form.validate_on_submit():
        return jsonify(code="invalid", errors=form.errors), 422
    return jsonify(image=images.use_designed_image(access, form.spec()))


@bp.post("/designs/<uuid:design_id>/image/upload")
@role_required(Role.PARTICIPANT, Role.ORGANISER)
def upload_image(design_id):
    access = access_for(current_user, design_id)
    form = ImageUploadForm()
    if not form.validate_on_submit():
        return jsonify(code="invalid", message=" ".join(map(str, form.file.errors))), 422
    upload = form.file.data
    return jsonify(image=images.use_uploaded_image(access, upload.read(), upload.filename or ""))


# --- the organiser's board --------------------------------------------------------------------------------------


@bp.get("/events/<uuid:event_id>/board")
@role_required(Role.ORGANISER)
def board(event_id):
    """Every team during the design phase: who is here, its last edit, its checklist. The dashboard fetches this page
    again on each `board` message and swaps its block in; open alone, it is a full page (a second screen)."""
    event = events.event_by_public_id(event_id)
    return render_template(
        "workshop/board.html",
        event=event,
        lines=board_service.board_of(event),
        stuck_minutes=current_app.config["BOARD_STUCK_MINUTES"],
        words=board_words,
    )
