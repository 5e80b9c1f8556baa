"""The Badgeathon's winners into the regional rule set: a preview of the badge each confirmed winner would
become (checked with the Open Badges validators, compared with the badges already there), the export that publishes
them as a new rule set version, their image as served by the catalogue, and the downloadable bundle (zip)."""

import io
import json
import uuid
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from ..errors import BadgeathonError, NotFound
from ..events.models import Event, Team
from ..extensions import db
from ..jury import deliberation
from ..openbadges import baking, ob2, ob3, platforms
from ..openbadges.art.spec import IMAGE_MAX_BYTES
from ..openbadges.baking import PNG_SIGNATURE
from ..openbadges.validation import check_ob2_badge_class, check_ob2_issuer, check_ob3_achievement
from ..openbadges.words import message
from ..workshop import checklist
from ..workshop.images import image_of
from ..workshop.models import Design
from ..workshop.readiness_words import IMAGE_NOT_SQUARE, IMAGE_TOO_LARGE, blocker_sentences
from ..workshop.versions import current_view
from ..workshop.view import DesignView
from . import bundle as files_of
from . import document as rs
from . import services, similarity
from .bundle import BADGR_SUFFIX, OBF_SUFFIX, PNG_SUFFIX
from .models import RuleSetVersion
from .publishing import definition

KIND = "badgeathon"
README_FILE = "README.txt"

# What the design's checklist cannot see: the stored image file itself, as the bundle and the platforms get it
IMAGE_MISSING = _l("L'image du badge est introuvable.")
IMAGE_NOT_PNG = _l("L'image du badge doit être au format PNG.")


class ExportRefused(BadgeathonError):
    code = "export_refused"
    status = 422
    default_message = _l("L'export est refusé : corrigez les points signalés puis recommencez.")

    def __init__(self, findings: list[str], message=None):
        self.findings = findings
        super().__init__(message)


@dataclass
class Candidate:
    """What one confirmed winner would add to the rule set, and what stands in the way."""

    team: Team
    place: int
    badge: rs.Badge
    badge_class: dict[str, Any]
    achievement: dict[str, Any]
    png: bytes | None
    findings: list[str] = field(default_factory=list)  # French, one per problem
    similar: list[tuple[str, str, float]] = field(default_factory=list)  # (id, name, score 0..100)
    already: rs.Badge | None = None  # this very badge is in the rule set already: nothing to add
    # The studio checklist's findings only staff can act on (issuer, Open Badge Factory's image limits), passed or not
    staff_checks: list[checklist.Finding] = field(default_factory=list)

    @property
    def needs_reason(self) -> bool:
        return self.already is None and similarity.needs_reason(self.similar)

    @property
    def team_id(self) -> str:
        return str(self.team.public_id)


# --- the badge of a winner -----------------------------------------------------------------------------------------


def _image(design: Design | None, view: DesignView) -> tuple[bytes | None, list[str]]:
    """The PNG of the design's image and what is wrong with the file (readable PNG, at most 250 kB, square); no
    image at all is the checklist's `image_present`."""
    sha256 = view.image.sha256 if view.image is not None else None
    if design is None or not sha256:
        return None, []
    try:
        data, _mime = image_of(design.id, sha256, 400, "png")
    except NotFound:
        return None, [str(IMAGE_MISSING)]
    if not data.startswith(PNG_SIGNATURE):
        return None, [str(IMAGE_NOT_PNG)]
    findings = [str(IMAGE_TOO_LARGE)] if len(data) > IMAGE_MAX_BYTES else []
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width != image.height:
                findings.append(str(IMAGE_NOT_SQUARE))
    except (UnidentifiedImageError, OSError):
        return None, [str(IMAGE_NOT_PNG)]
    return data, findings


def _unique_slug(stem: str, taken: set[str]) -> str:
    slug, number = stem, 2
    while slug in taken:
        slug, number = f"{stem}-{number}", number + 1
    return slug


def _same_content(a: rs.Badge, b: rs.Badge) -> bool:
    """The same badge apart from its address: wording, criteria, tags, alignments and image."""
    skip = ("id", "slug", "provenance")
    left, right = rs.badge_to_dict(a), rs.badge_to_dict(b)
    return {k: v for k, v in left.items() if k not in skip} == {k: v for k, v in right.items() if k not in skip} and (
        a.provenance or {}
    ).get("image_sha256") == (b.provenance or {}).get("image_sha256")


def team_badges(document: rs.RuleSet, team_id: str) -> list[rs.Badge]:
    """The badges a team's design already became, oldest first."""
    return [
        badge for badge in document.badges if badge.kind == KIND and (badge.provenance or {}).get("team_id") == team_id
    ]


def catalogue_slug(team: Team) -> str | None:
    """The slug of the rule set's badge the team's design last became (its page in the catalogue), None before any
    export (reads only)."""
    version = services.current()
    if version is None:
        return None
    exported = team_badges(rs.from_dict(version.document), str(team.public_id))
    return exported[-1].slug if exported else None


def _candidate(
    event: Event, team: Team, place: int, jury_rank: int | None, document: rs.RuleSet, taken: set[str]
) -> Candidate:
    design: Design | None = team.design
    view = current_view(design.id) if design is not None else DesignView()  # with any edit not yet folded in
    name = view.name.strip()
    png, image_findings = _image(design, view)
    team_id = str(team.public_id)
    earlier = team_badges(document, team_id)
    decision = deliberation.decision_of(event)
    provenance = {
        "event": event.name,
        "event_id": str(event.public_id),
        "team": team.name,
        "team_id": team_id,
        "place": place,
        "jury_rank": jury_rank,
        "confirmed_at": decision.at.isoformat() if decision is not None and decision.at else None,
        "image_sha256": view.image.sha256 if view.image is not None else None,
    }
    stem = earlier[0].slug if earlier else (rs.slugify(name) or rs.slugify(f"badge {team.name}") or "badge")
    slug = _unique_slug(f"{stem}-v{len(earlier) + 1}" if earlier else stem, taken)
    badge = rs.Badge(
        id=rs.badge_url(current_app.config["PUBLIC_BASE_URL"], slug),
        slug=slug,
        kind=KIND,
        name=name,
        description=view.description.strip(),
        level1=view.criteria.level1.strip(),
        level2=view.criteria.level2.strip(),
        tags=checklist.published_tags(view),
        alignments=checklist.published_alignments(view),
        available_to_structures=True,
        provenance=provenance,
    )
    defn = definition(badge, document.issuer, document)
    badge_class, achievement = ob2.badge_class(defn), ob3.achievement(defn)
    issuer_ready = not check_ob2_issuer(ob2.issuer_profile(defn.issuer))
    checks = checklist.check(view, issuer_ready=issuer_ready)
    # the one readiness rule, the team's checklist's: what the team sees green is what the export takes. The Open
    # Badges validators stay as a safety net behind it, heard only when the rule finds nothing (else they would
    # repeat its findings in their own words)
    findings = blocker_sentences(checklist.blockers(checks)) + image_findings
    if not findings:
        findings = [
            message(finding) for finding in check_ob2_badge_class(badge_class) + check_ob3_achievement(achievement)
        ]
    already = next((item for item in earlier if _same_content(item, badge)), None)
    others = [
        (item.id, item.name, similarity.badge_text(item.name, item.description, item.level1, item.level2))
        for item in document.badges
        if item not in earlier
    ]
    similar = similarity.closest(
        similarity.badge_text(badge.name, badge.description, badge.level1, badge.level2), others
    )
    staff_checks = checklist.for_staff(checks)
    return Candidate(
        team, place, badge, badge_class, achievement, png, list(dict.fromkeys(findings)), similar, already, staff_checks
    )


def preview(event: Event) -> list[Candidate]:
    """For each confirmed winner, first place first, the badge it would become and what is wrong with it."""
    return _candidates(event, rs.from_dict(services.current_or_seed().document))  # reads only


def _candidates(event: Event, document: rs.RuleSet) -> list[Candidate]:
    """The confirmed winners' badges, as they would be added to `document`."""
    winners = deliberation.winners(event)
    ranks = {entry.design: entry.rank for entry in deliberation.rank_event(event).entries} if winners else {}
    taken = {badge.slug for badge in document.badges}
    candidates = []
    for place, team in enumerate(winners, start=1):
        candidate = _candidate(event, team, place, ranks.get(str(team.public_id)), document, taken)
        if candidate.already is None:
            taken.add(candidate.badge.slug)
        candidates.append(candidate)
    return candidates


REASON_NEEDED = _l("« %(name)s » ressemble à « %(similar)s » (%(score)s %%) : écrivez pourquoi ce badge est différent.")
NO_WINNERS = _l("Aucun lauréat confirmé : confirmez les lauréats pendant la délibération.")


NOTHING_READY = _l("Aucun badge n'est prêt : corrigez les points signalés, puis exportez.")
NOT_A_WINNER = _l("Ce badge n'est pas celui d'un lauréat confirmé.")


def blockers(candidate: Candidate, reasons: dict[str, str]) -> list[str]:
    """What keeps this winner's badge out of the rule set for now (French); empty when it is ready."""
    if candidate.already is not None:
        return []
    problems = list(candidate.findings)
    if candidate.needs_reason and not (reasons.get(candidate.team_id) or "").strip():
        _id, name, score = candidate.similar[0]
        problems.append(str(REASON_NEEDED) % {"name": candidate.badge.name, "similar": name, "score": round(score)})
    return problems


def refusals(candidates: list[Candidate], reasons: dict[str, str]) -> list[str]:
    """Why the export is refused, each line naming the team; empty when it may go ahead."""
    return [
        f"{candidate.team.name} : {problem}" for candidate in candidates for problem in blockers(candidate, reasons)
    ]


def export(
    event: Event, by: Any, reasons: dict[str, str], teams: Collection[str] | None = None, *, ready_only: bool = False
) -> RuleSetVersion:
    """Publish the winners' badges as a new rule set version; a winner already exported unchanged is not added
    again, a changed one becomes a new badge (<slug>-v2) and the published one stays. Raises ExportRefused,
    writing nothing, when a winner's badge has problems or lacks the reason its likeness to another one asks.
    `teams` (public ids) exports only those winners, `ready_only` only the winners ready now: one winner's
    problems never hold back another, which waits until it is fixed and exported in turn.

    The winners are compared with the latest version at the moment of publishing, again if another version is
    published meanwhile (`services.amend`): two staff exporting at once publish the badges once, and the second
    export finds them there, as a second click does. Before the rule set's first version, the seed and the winners
    are published in one commit (versions 1 and 2)."""

    def add_winners(document: rs.RuleSet | None) -> tuple[rs.RuleSet, str]:
        candidates = _candidates(event, document)
        if not candidates:
            raise ExportRefused([str(NO_WINNERS)], NO_WINNERS)
        if teams is not None:
            candidates = [candidate for candidate in candidates if candidate.team_id in teams]
            if not candidates:
                raise ExportRefused([], NOT_A_WINNER)
        if ready_only:
            waiting = [candidate for candidate in candidates if candidate.already is None]
            candidates = [candidate for candidate in candidates if not blockers(candidate, reasons)]
            if waiting and not [candidate for candidate in candidates if candidate.already is None]:
                raise ExportRefused(refusals(waiting, reasons), NOTHING_READY)
        problems = refusals(candidates, reasons)
        if problems:
            raise ExportRefused(problems)
        added = []
        for candidate in candidates:
            if candidate.already is not None:
                continue
            badge = candidate.badge
            reason = (reasons.get(candidate.team_id) or "").strip()
            if candidate.needs_reason:
                badge = replace(
                    badge,
                    provenance={
                        **(badge.provenance or {}),
                        "similar_to": candidate.similar[0][0],
                        "similarity": candidate.similar[0][2],
                        "reason": reason,
                    },
                )
            added.append(badge)
        changelog = f"Lauréats du Badgeathon {event.name}"
        if added:
            changelog += " : " + ", ".join(f"{badge.name} ({badge.provenance['team']})" for badge in added)
        return replace(document, badges=document.badges + tuple(added)), changelog

    return services.amend(add_winners, by, seeded=True)


# --- the image the catalogue serves ---------------------------------------------------------------------------------


def badge_image(badge: rs.Badge) -> bytes | None:
    """The PNG of a Badgeathon badge: the image its team's design had when it was exported (None if gone)."""
    provenance = badge.provenance or {}
    sha256, team_id = provenance.get("image_sha256"), provenance.get("team_id")
    if not sha256 or not team_id:
        return None
    design = db.session.execute(
        db.select(Design).join(Team, Design.team_id == Team.id).where(Team.public_id == _uuid(team_id))
    ).scalar_one_or_none()
    if design is None:
        return None
    try:
        data, _mime = image_of(design.id, sha256, 400, "png")
    except NotFound:
        return None
    return data if data.startswith(PNG_SIGNATURE) else None


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def baked_image(badge: rs.Badge) -> bytes:
    """The Badgeathon badge's PNG with its BadgeClass URL baked in; NotFound when the image is gone."""
    data = badge_image(badge)
    if data is None:
        raise NotFound()
    return baking.bake(data, badge.id)


# --- the bundle -----------------------------------------------------------------------------------------------------


def bundle(version: RuleSetVersion) -> bytes:
    """A zip of the version: what `badgeathon rules export` writes (rule set, issuer, each badge in OB 2.0 and
    OB 3.0, README) plus, for each Badgeathon badge, its baked PNG and its Open Badge Factory and Badgr payloads."""
    files, problems = files_of.bundle(version)
    if problems:
        raise services.InvalidRuleSet(problems)
    document = rs.from_dict(version.document)
    content: dict[str, bytes] = {
        name: (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8") for name, doc in files.items()
    }
    listed: dict[str, Any] = dict(files)
    for badge in document.badges:
        if badge.kind != KIND:
            continue
        png = badge_image(badge)
        if png is None:
            continue
        baked = baking.bake(png, badge.id)
        defn = definition(badge, document.issuer, document)
        content[badge.slug + PNG_SUFFIX] = baked
        for suffix, payload in (
            (OBF_SUFFIX, platforms.obf_payload(defn, baked)),
            (BADGR_SUFFIX, platforms.badgr_payload(defn, baked)),
        ):
            content[badge.slug + suffix] = (json.dumps(payload, ensure_ascii=False, indent=2) + "\n").encode()
        listed.update({badge.slug + suffix: None for suffix in (PNG_SUFFIX, OBF_SUFFIX, BADGR_SUFFIX)})
    content[README_FILE] = files_of.readme(listed, version).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            # PNG is compressed already: stored as is; the JSON is deflated
            archive.writestr(name, data, zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED)
    return out.getvalue()
