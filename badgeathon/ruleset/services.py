"""Use cases of the regional rule set: seed it, publish a new version, register a partner badge, compare versions."""
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..errors import BadgeathonError, Conflict, NotFound
from ..extensions import db
from ..openbadges.validation import is_url
from . import document as rs
from .engine import COMPETENCIES, LEVELS
from .models import RuleSetVersion
from .validation import check_document


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
    return rs.Issuer(id=f"{base}/issuer", name=config["ISSUER_NAME"], url=config["ISSUER_URL"],
                     email=config["ISSUER_EMAIL"], description=config["ISSUER_DESCRIPTION"],
                     image=config["ISSUER_IMAGE"] or f"{base}/issuer.png")


def publish(document: rs.RuleSet, by: Any, changelog: str) -> RuleSetVersion:
    """A new version holding `document`, unless it equals the current one (then the current one is returned).
    Raises InvalidRuleSet, writing nothing, when the document does not pass `check_document`."""
    data = rs.to_dict(document)
    findings = check_document(data)
    if findings:
        raise InvalidRuleSet(findings)
    latest = current()
    if latest is not None and latest.document == data:
        return latest
    created = RuleSetVersion(number=(latest.number + 1) if latest else 1, author=by, changelog=changelog,
                             document=data)
    db.session.add(created)
    db.session.commit()
    return created


def ensure_seeded(by: Any = None) -> RuleSetVersion:
    """The current version; the first one (the 9 regional badges and their rules) if there is none yet."""
    latest = current()
    if latest is not None:
        return latest
    seeded = rs.seed_document(configured_issuer(), current_app.config["PUBLIC_BASE_URL"])
    return publish(seeded, by, "Référentiel initial : 8 badges clés et le badge général.")


def register_partner(by: Any, *, url: str, competency: str, level: int, name: str = "", structure: str = "",
                     badge_class_json: dict | None = None) -> RuleSetVersion:
    """Add a partner structure's BadgeClass, mapped to (competency, level), as a new version. With the BadgeClass
    JSON its id and name are taken from it; with a URL only, nothing is fetched: the caller's words are kept."""
    if badge_class_json is not None:
        if not isinstance(badge_class_json, dict) or not isinstance(badge_class_json.get("id"), str):
            raise PartnerRefused(_l("Ce fichier n'est pas un BadgeClass Open Badges : il n'a pas d'identifiant."))
        if url and badge_class_json["id"] != url:
            raise PartnerRefused(_l("L'identifiant du BadgeClass (%(found)s) n'est pas l'adresse donnée (%(url)s).",
                                    found=badge_class_json["id"], url=url))
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
    document = rs.from_dict(ensure_seeded(by).document)
    if any(partner.url == url for partner in document.partners) or document.badge(url) is not None:
        raise PartnerExists()
    partner = rs.Partner(url=url, competency=competency, level=level, name=name, structure=structure)
    label = f"{name or url} ({structure}) " if structure else f"{name or url} "
    return publish(document.with_partner(partner), by,
                   f"Badge partenaire ajouté : {label}→ {competency}, niveau {level}.")


def diff_versions(a: int, b: int) -> list[rs.Change]:
    """What changed from version number `a` to version number `b`."""
    return rs.diff(rs.from_dict(version(a).document), rs.from_dict(version(b).document))
