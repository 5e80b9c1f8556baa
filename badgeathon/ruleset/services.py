"""Use cases of the regional rule set: seed it, publish a new version, register a partner badge, compare versions."""

from collections.abc import Callable
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from ..errors import BadgeathonError, Conflict, NotFound
from ..extensions import db
from ..openbadges.validation import is_url
from . import document as rs
from .models import RuleSetVersion
from .rules import COMPETENCIES, LEVELS
from .validation import check_document

PUBLISH_ATTEMPTS = 5  # collisions in a row before giving up: each one means another version was just published


class InvalidRuleSet(BadgeathonError):
    code = "invalid_rule_set"
    status = 422
    default_message = _l("Le référentiel régional n'est pas valide.")

    def __init__(self, findings: list[str]):
        self.findings = findings
        super().__init__()


class PartnerRefused(BadgeathonError):
    code = "partner_refused"
    status = 422


class PartnerExists(Conflict):
    code = "partner_exists"
    default_message = _l("Ce badge partenaire est déjà enregistré dans le référentiel.")


class RuleSetBusy(Conflict):
    code = "rule_set_busy"
    default_message = _l(
        "Le référentiel régional est modifié au même moment par d'autres personnes : rechargez la page et recommencez."
    )


class NoRuleSet(NotFound):
    code = "no_rule_set"
    default_message = _l("Le référentiel régional n'a encore aucune version.")


def current() -> RuleSetVersion | None:
    """The latest version, None before the first one."""
    return db.session.execute(
        db.select(RuleSetVersion).order_by(RuleSetVersion.number.desc()).limit(1)
    ).scalar_one_or_none()


def current_document() -> rs.RuleSet:
    version = current()
    if version is None:
        raise NoRuleSet()
    return rs.from_dict(version.document)


def versions() -> list[RuleSetVersion]:
    return list(db.session.execute(db.select(RuleSetVersion).order_by(RuleSetVersion.number)).scalars())


def version(number: int) -> RuleSetVersion:
    found = db.session.execute(db.select(RuleSetVersion).filter_by(number=number)).scalar_one_or_none()
    if found is None:
        raise NotFound()
    return found


def configured_issuer() -> rs.Issuer:
    """The region's issuer profile from the ISSUER_* settings; its id and default image are URLs of this site."""
    config = current_app.config
    base = config["PUBLIC_BASE_URL"]
    return rs.Issuer(
        id=f"{base}/issuer",
        name=config["ISSUER_NAME"],
        url=config["ISSUER_URL"],
        email=config["ISSUER_EMAIL"],
        description=config["ISSUER_DESCRIPTION"],
        image=config["ISSUER_IMAGE"] or f"{base}/issuer.png",
    )


def publish(document: rs.RuleSet, by: Any, changelog: str) -> RuleSetVersion:
    """A new version holding `document`, unless it equals the current one (then the current one is returned).
    Raises InvalidRuleSet, writing nothing, when the document does not pass `check_document`.

    The whole document replaces the latest version: if another request publishes at the same instant, this one is
    refused with RuleSetBusy rather than written over it (a change to the latest version goes through `amend`,
    which applies it again instead)."""
    return amend(lambda _latest: (document, changelog), by, attempts=1)


def amend(
    change: Callable[[rs.RuleSet | None], tuple[rs.RuleSet, str]],
    by: Any,
    *,
    attempts: int = PUBLISH_ATTEMPTS,
    seeded: bool = False,
) -> RuleSetVersion:
    """Publish `change` applied to the latest document (None before the first version): it returns the new document
    and its changelog, or raises a domain error (nothing written). `seeded`: before the first version, the change
    applies to the seed (the 9 regional badges and their rules), and both go in one commit: the seed as version 1,
    the change as version 2 (none when it changes nothing), so the history shows where the rule set began.

    Two requests publishing at once (two nodes, two staff) both read version n and both write number n + 1: the
    unique number lets only one in. The other one rolls back, reads the new latest version and applies its change
    again, so neither change is lost; after a few collisions in a row it gives up with RuleSetBusy (409)."""
    for _attempt in range(attempts):
        latest = current()
        seed = rs.to_dict(_seed()) if latest is None and seeded else None
        base = latest.document if latest is not None else seed
        document, changelog = change(rs.from_dict(base) if base is not None else None)
        data = rs.to_dict(document)
        findings = check_document(data)
        if findings:
            raise InvalidRuleSet(findings)
        if latest is not None and latest.document == data:
            return latest
        number = latest.number + 1 if latest is not None else 1
        created = []
        if seed is not None:
            created.append(RuleSetVersion(number=number, author=by, changelog=SEED_CHANGELOG, document=seed))
            number += 1
        if data != seed:
            created.append(RuleSetVersion(number=number, author=by, changelog=changelog, document=data))
        db.session.add_all(created)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            if not _number_taken(created[0].number):
                raise  # not the race this loop is for
            continue
        return created[-1]
    raise RuleSetBusy()


def _number_taken(number: int) -> bool:
    return db.session.execute(db.select(RuleSetVersion.id).filter_by(number=number)).first() is not None


SEED_CHANGELOG = "Référentiel initial : 8 badges clés et le badge général."


def _seed() -> rs.RuleSet:
    return rs.seed_document(configured_issuer(), current_app.config["PUBLIC_BASE_URL"])


def current_or_seed() -> RuleSetVersion:
    """The current version to read; before the first one, the seed (the 9 regional badges and their rules) as
    version 1, shown but not stored (reads only: it is published by the first change, `badgeathon rules seed` or
    the demo; its `id` is None)."""
    latest = current()
    if latest is not None:
        return latest
    return RuleSetVersion(number=1, changelog=SEED_CHANGELOG, document=rs.to_dict(_seed()), author=None)


def ensure_seeded(by: Any = None) -> RuleSetVersion:
    """The current version; the first one (the 9 regional badges and their rules) published if there is none yet."""
    latest = current()
    if latest is not None:
        return latest
    # seeded by another request at the same instant: theirs is kept (and returned, as it equals the latest)
    return amend(lambda document: (document, SEED_CHANGELOG), by, seeded=True)


def register_partner(
    by: Any,
    *,
    url: str,
    competency: str,
    level: int,
    name: str = "",
    structure: str = "",
    badge_class_json: dict | None = None,
) -> RuleSetVersion:
    """Add a partner structure's BadgeClass, mapped to (competency, level), as a new version. With the BadgeClass
    JSON its id and name are taken from it; with a URL only, nothing is fetched: the caller's words are kept.
    Registered at the same time as another change, it is added to that change's version (never lost); registered
    twice at once, the second one is refused with PartnerExists."""
    if badge_class_json is not None:
        if not isinstance(badge_class_json, dict) or not isinstance(badge_class_json.get("id"), str):
            raise PartnerRefused(_l("Ce fichier n'est pas un BadgeClass Open Badges : il n'a pas d'identifiant."))
        if url and badge_class_json["id"] != url:
            raise PartnerRefused(
                _l(
                    "L'identifiant du BadgeClass (%(found)s) n'est pas l'adresse donnée (%(url)s).",
                    found=badge_class_json["id"],
                    url=url,
                )
            )
        url = badge_class_json["id"]
        name = name or str(badge_class_json.get("name") or "")
        issuer = badge_class_json.get("issuer")
        if not structure and isinstance(issuer, dict):
            structure = str(issuer.get("name") or "")
    if not is_url(url):
        raise PartnerRefused(_l("L'adresse du badge partenaire doit commencer par http:// ou https://."))
    if competency not in COMPETENCIES:
        raise PartnerRefused(_l("Compétence inconnue : %(competency)s.", competency=competency))
    if level not in LEVELS:
        raise PartnerRefused(_l("Le niveau doit être 1 (je pratique) ou 2 (je maîtrise)."))
    partner = rs.Partner(url=url, competency=competency, level=level, name=name, structure=structure)
    label = f"{name or url} ({structure}) " if structure else f"{name or url} "

    def add_partner(document: rs.RuleSet | None) -> tuple[rs.RuleSet, str]:
        if any(known.url == url for known in document.partners) or document.badge(url) is not None:
            raise PartnerExists()
        return document.with_partner(partner), f"Badge partenaire ajouté : {label}→ {competency}, niveau {level}."

    return amend(add_partner, by, seeded=True)


def diff_versions(a: int, b: int) -> list[rs.Change]:
    """What changed from version number `a` to version number `b`."""
    return rs.diff(rs.from_dict(version(a).document), rs.from_dict(version(b).document))
