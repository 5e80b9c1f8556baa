"""The rule set's pages. The catalogue, public: the list of the regional badges, a page per badge for people (with
Open Graph metadata), its Open Badges 2.0 BadgeClass and 3.0 Achievement for machines (same URL by content
negotiation, or .json and .ob3.json), its baked PNG, and the issuer with its image. For region staff: the rule set
itself (its versions, their diffs and bundles, partner badges) and the export of an event's winners into it."""

import json
from functools import lru_cache
from typing import Any

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import safe_json
from ..auth.models import Role
from ..auth.roles import public, role_required
from ..errors import NotFound
from ..events import services as events
from ..openbadges import baking, ob2, ob3
from ..openbadges.art.render import render_png
from ..openbadges.criteria import AWARD_HEADING, LEVEL1_HEADING, LEVEL2_HEADING, criteria_sections
from ..openbadges.platforms import png_data_url
from ..workshop.words import CHECKLIST_MESSAGES
from . import bp, export, services
from . import document as rs
from .forms import LEVEL_NAMES, PartnerForm
from .negotiation import representation
from .publishing import definition, image_spec, issuer_image_spec
from .rules import COMPETENCIES

JSON_LD = "application/ld+json"
IMAGE_MAX_AGE = 3600


def _document() -> rs.RuleSet:
    """The current rule set; 404 before the first version."""
    try:
        return services.current_document()
    except services.NoRuleSet:
        raise NotFound() from None


def _badge(slug: str) -> tuple[rs.RuleSet, rs.Badge]:
    document = _document()
    badge = next((item for item in document.badges if item.slug == slug), None)
    if badge is None:
        raise NotFound()
    return document, badge


def _json_ld(doc: dict[str, Any], mimetype: str = JSON_LD) -> Response:
    response = Response(json.dumps(doc, ensure_ascii=False, indent=2), mimetype=mimetype)
    response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers and backpacks fetch it from anywhere
    response.vary.add("Accept")
    return response


@bp.get("/badges")
@public
def catalogue():
    document = _document()
    by_competency = [
        (competency, [badge for badge in document.badges if badge.kind == "key" and badge.competency == competency])
        for competency in COMPETENCIES
    ]
    general = [badge for badge in document.badges if badge.kind == "general"]
    for_structures = [badge for badge in document.badges if badge.available_to_structures]
    return render_template(
        "ruleset/catalogue.html",
        by_competency=by_competency,
        general=general,
        for_structures=for_structures,
        issuer=document.issuer,
    )


# the criteria's headings on the badge's page, in the reader's language
SECTION_TITLES = {
    LEVEL1_HEADING: _l("Niveau 1 « je pratique »"),
    LEVEL2_HEADING: _l("Niveau 2 « je maîtrise »"),
    AWARD_HEADING: _l("Règle d'attribution"),
}


@bp.get("/badges/<slug>")
@public
def badge(slug: str):
    """The badge's page, also its hosted criteria: what it certifies (its own level's criteria) and its award rule."""
    document, found = _badge(slug)
    defn = definition(found, document.issuer, document)
    wanted = representation(request.accept_mimetypes)
    if wanted == "ob2":
        return _json_ld(ob2.badge_class(defn))
    if wanted == "ob3":
        return _achievement(found, document)
    criteria = [(SECTION_TITLES.get(heading, heading), text) for heading, text in criteria_sections(defn)]
    response = Response(render_template("ruleset/badge.html", badge=found, issuer=document.issuer, criteria=criteria))
    response.vary.add("Accept")
    return response


@bp.get("/badges/<slug>.json")
@public
def badge_json(slug: str):
    document, found = _badge(slug)
    return _json_ld(ob2.badge_class(definition(found, document.issuer, document)))


def _achievement(found: rs.Badge, document: rs.RuleSet) -> Response:
    """The OB 3.0 Achievement, its JSON-LD profile named in the content type."""
    return _json_ld(
        ob3.hosted_achievement(definition(found, document.issuer, document)), f'{JSON_LD}; profile="{ob3.CONTEXT}"'
    )


@bp.get("/badges/<slug>.ob3.json")
@public
def badge_ob3_json(slug: str):
    document, found = _badge(slug)
    return _achievement(found, document)


@lru_cache(maxsize=64)
def baked_png(slug: str, number: int) -> bytes:
    """The badge's image in version `number` of the rule set, with its BadgeClass URL baked in."""
    found = rs.from_dict(services.version(number).document).badge(slug)
    if found is None:
        raise NotFound()
    return baking.bake(render_png(image_spec(found), 400), found.id)


@bp.get("/badges/<slug>.png")
@public
def badge_png(slug: str):
    version = services.current()
    if version is None:
        raise NotFound()
    found = rs.from_dict(version.document).badge(slug)
    if found is None:
        raise NotFound()
    # a Badgeathon badge shows its team's own image (kept with the design), the others are drawn
    png = export.baked_image(found) if found.kind == export.KIND else baked_png(slug, version.number)
    return _png(png)


def _png(png: bytes) -> Response:
    response = Response(png, mimetype="image/png")
    response.cache_control.public = True
    response.cache_control.max_age = IMAGE_MAX_AGE
    return response


def _issuer_profile() -> Response:
    return _json_ld(ob2.issuer_profile(_document().issuer))


@bp.get("/issuer")
@public
def issuer_page():
    return _issuer_profile()


@bp.get("/issuer.json")
@public
def issuer_json():
    return _issuer_profile()


@lru_cache(maxsize=8)
def issuer_png_of(name: str) -> bytes:
    """The issuer's drawn image, named after it: the default `image` of its profile."""
    return render_png(issuer_image_spec(name), 400)


@bp.get("/issuer.png")
@public
def issuer_png():
    return _png(issuer_png_of(_document().issuer.name))


# --- the organiser's export of a Badgeathon's winners --------------------------------------------------------------


@bp.route("/events/<uuid:event_id>/export", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def export_winners(event_id):
    event = events.event_by_public_id(event_id)
    reasons = {key.removeprefix("reason-"): value for key, value in request.form.items() if key.startswith("reason-")}
    errors: list[str] = []
    if request.method == "POST":
        chosen = request.form.get("winners")  # "ready", one winner's team id, or none: every winner at once
        try:
            version = export.export(
                event,
                current_user,
                reasons,
                teams=None if chosen in (None, "ready") else {chosen},
                ready_only=chosen == "ready",
            )
        except export.ExportRefused as refused:
            errors = [str(refused.message), *refused.findings]
        except services.InvalidRuleSet as refused:
            errors = [str(refused.message), *refused.findings]
        else:
            flash(_("Référentiel version %(number)s publiée", number=version.number), "success")
            return redirect(url_for("ruleset.export_winners", event_id=event.public_id, version=version.number))
    candidates = export.preview(event)
    published = request.args.get("version", type=int)
    images = {candidate.team_id: png_data_url(candidate.png) for candidate in candidates if candidate.png}
    blockers = {candidate.team_id: export.blockers(candidate, reasons) for candidate in candidates}
    return render_template(
        "ruleset/export.html",
        event=event,
        candidates=candidates,
        reasons=reasons,
        images=images,
        blockers=blockers,
        checklist_messages=CHECKLIST_MESSAGES,
        ready_ids=[team_id for team_id, problems in blockers.items() if not problems],
        errors=errors,
        published=published,
        threshold=export.similarity.THRESHOLD,
    ), 422 if errors else 200


@bp.get("/ruleset/versions/<int:number>/bundle.zip")
@role_required(Role.ORGANISER)
def version_bundle(number: int):
    version = services.version(number)
    response = Response(export.bundle(version), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="referentiel-v{number}.zip"'
    return response


# --- the organiser's page of the rule set: versions, their differences, partner badges ------------------------------

ACTIONS = {"added": _l("Ajouté"), "removed": _l("Retiré"), "changed": _l("Modifié")}
SUBJECTS = {
    "issuer": _l("Émetteur"),
    "badge": _l("Badge"),
    "rule": _l("Règle d'attribution du badge"),
    "partner": _l("Badge partenaire"),
}


def _ruleset_page(form: PartnerForm, errors: list[str] | None = None, status: int = 200):
    version = services.current_or_seed()
    document = rs.from_dict(version.document)
    return render_template(
        "ruleset/ruleset.html",
        version=version,
        versions=services.versions() or [version],
        partners=document.partners,
        levels=LEVEL_NAMES,
        form=form,
        errors=errors or [],
    ), status


@bp.get("/ruleset")
@role_required(Role.ORGANISER)
def ruleset():
    return _ruleset_page(PartnerForm())


def _uploaded_badge_class(form: PartnerForm) -> dict | None:
    """The uploaded BadgeClass, parsed; None without a file. ValueError (in French) if it is not a JSON object."""
    upload = form.badge_class.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        parsed = safe_json.loads(upload.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValueError(_("Le fichier %(name)s n'est pas un fichier JSON lisible.", name=upload.filename)) from error
    if not isinstance(parsed, dict):
        raise ValueError(
            _("Le fichier %(name)s ne contient pas un BadgeClass (objet JSON attendu).", name=upload.filename)
        )
    return parsed


@bp.post("/ruleset/partners")
@role_required(Role.ORGANISER)
def register_partner():
    form = PartnerForm()
    if not form.validate_on_submit():
        return _ruleset_page(form, [_("Le formulaire contient des erreurs.")], 422)
    try:
        badge_class = _uploaded_badge_class(form)
        if badge_class is None and not form.url.data:
            raise ValueError(_("Donnez l'adresse du badge partenaire ou son fichier JSON."))
    except ValueError as refused:
        return _ruleset_page(form, [str(refused)], 422)
    try:
        version = services.register_partner(
            current_user,
            url=form.url.data.strip(),
            competency=form.competency.data,
            level=form.level.data,
            name=form.name.data.strip(),
            structure=form.structure.data.strip(),
            badge_class_json=badge_class,
        )
    except (services.PartnerRefused, services.PartnerExists) as refused:
        return _ruleset_page(form, [str(refused.message)], refused.status)
    except services.InvalidRuleSet as refused:
        return _ruleset_page(form, [str(refused.message), *refused.findings], refused.status)
    flash(_("Badge partenaire enregistré : référentiel version %(number)s publiée", number=version.number), "success")
    return redirect(url_for("ruleset.ruleset"))


@bp.get("/ruleset/diff")
@role_required(Role.ORGANISER)
def ruleset_diff():
    old, new = request.args.get("old", type=int), request.args.get("new", type=int)
    if old is None or new is None:
        raise NotFound()
    older, newer = services.version(old), services.version(new)
    names = {}
    for version in (older, newer):
        document = rs.from_dict(version.document)
        names.update({badge.id: badge.name for badge in document.badges})
        names.update({partner.url: partner.name for partner in document.partners if partner.name})
    changes = [
        {
            "action": ACTIONS[change.action],
            "subject": SUBJECTS[change.subject],
            "key": change.key,
            "name": names.get(change.key, ""),
            "fields": change.fields,
        }
        for change in services.diff_versions(old, new)
    ]
    return render_template("ruleset/ruleset.html", diff=True, older=older, newer=newer, changes=changes)
