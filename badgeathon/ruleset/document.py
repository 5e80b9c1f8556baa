"""The regional rule set as plain frozen data ↔ its JSON document: issuer, badges with their rules, partner badges."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..openbadges.model import Issuer  # the region as issuer: its profile id is a stable URL of this site
from . import rules
from .rules import COMPETENCIES, LEVELS, PartnerBadge, Rule

FORMAT = "badgeathon-ruleset/1"
BadgeKind = Literal["key", "general", "badgeathon"]
LEVEL_NAMES = {1: "je pratique", 2: "je maîtrise"}


@dataclass(frozen=True)
class Badge:
    """One regional badge of the rule set: its wording, what it attests and the rule that awards it."""

    id: str  # stable URL {PUBLIC_BASE_URL}/badges/<slug>
    slug: str
    kind: BadgeKind
    name: str
    description: str
    level1: str  # criteria « je pratique »
    level2: str  # criteria « je maîtrise »
    competency: str | None = None
    level: int | None = None
    tags: tuple[str, ...] = ()
    # OB fields: targetName, targetUrl, targetFramework, …
    alignments: tuple[dict[str, str], ...] = field(default=(), hash=False)
    rule: Rule | None = None
    available_to_structures: bool = False  # partner structures may issue it themselves
    provenance: dict[str, Any] | None = field(default=None, hash=False)  # e.g. the Badgeathon event and team


@dataclass(frozen=True)
class Partner:
    """A partner structure's BadgeClass, mapped to one regional competency and level."""

    url: str
    competency: str
    level: int
    name: str = ""
    structure: str = ""


@dataclass(frozen=True)
class RuleSet:
    issuer: Issuer
    badges: tuple[Badge, ...] = ()
    partners: tuple[Partner, ...] = ()

    def badge(self, id_or_slug: str) -> Badge | None:
        return next((badge for badge in self.badges if id_or_slug in (badge.id, badge.slug)), None)

    def with_partner(self, partner: Partner) -> RuleSet:
        return replace(self, partners=self.partners + (partner,))


# ---------------------------------------------------------------- JSON


def issuer_to_dict(issuer: Issuer) -> dict[str, Any]:
    return {
        "id": issuer.id,
        "name": issuer.name,
        "url": issuer.url,
        "email": issuer.email,
        "description": issuer.description,
        "image": issuer.image,
    }


def badge_to_dict(badge: Badge) -> dict[str, Any]:
    return {
        "id": badge.id,
        "slug": badge.slug,
        "kind": badge.kind,
        "name": badge.name,
        "description": badge.description,
        "competency": badge.competency,
        "level": badge.level,
        "criteria": {"level1": badge.level1, "level2": badge.level2},
        "tags": list(badge.tags),
        "alignments": [dict(item) for item in badge.alignments],
        "rule": None if badge.rule is None else rules.to_dict(badge.rule),
        "available_to_structures": badge.available_to_structures,
        "provenance": None if badge.provenance is None else dict(badge.provenance),
    }


def partner_to_dict(partner: Partner) -> dict[str, Any]:
    return {
        "url": partner.url,
        "name": partner.name,
        "structure": partner.structure,
        "competency": partner.competency,
        "level": partner.level,
    }


def to_dict(document: RuleSet) -> dict[str, Any]:
    """The JSON document (see schemas/ruleset.json)."""
    return {
        "format": FORMAT,
        "issuer": issuer_to_dict(document.issuer),
        "badges": [badge_to_dict(badge) for badge in document.badges],
        "partners": [partner_to_dict(partner) for partner in document.partners],
    }


def from_dict(data: dict[str, Any]) -> RuleSet:
    """The rule set of a JSON document; check it with `validation.check_document` first (KeyError/ValueError else)."""
    issuer = Issuer(
        **{key: str(data["issuer"].get(key, "")) for key in ("id", "name", "url", "email", "description", "image")}
    )
    badges = tuple(
        Badge(
            id=item["id"],
            slug=item["slug"],
            kind=item["kind"],
            name=item["name"],
            description=item.get("description", ""),
            level1=item.get("criteria", {}).get("level1", ""),
            level2=item.get("criteria", {}).get("level2", ""),
            competency=item.get("competency"),
            level=item.get("level"),
            tags=tuple(item.get("tags", ())),
            alignments=tuple(dict(a) for a in item.get("alignments", ())),
            rule=None if item.get("rule") is None else rules.from_dict(item["rule"]),
            available_to_structures=bool(item.get("available_to_structures", False)),
            provenance=None if item.get("provenance") is None else dict(item["provenance"]),
        )
        for item in data.get("badges", ())
    )
    partners = tuple(
        Partner(
            url=item["url"],
            competency=item["competency"],
            level=int(item["level"]),
            name=item.get("name", ""),
            structure=item.get("structure", ""),
        )
        for item in data.get("partners", ())
    )
    return RuleSet(issuer, badges, partners)


def to_engine(document: RuleSet) -> tuple[dict[str, Rule], dict[str, PartnerBadge]]:
    """The engine's input: the rule of each regional badge that has one, and the partner mapping by URL."""
    rule_of = {badge.id: badge.rule for badge in document.badges if badge.rule is not None}
    partners = {
        partner.url: PartnerBadge(partner.url, partner.competency, partner.level) for partner in document.partners
    }
    return rule_of, partners


# ---------------------------------------------------------------- the seeded rule set

KEY_BADGES = {  # competency -> (slug stem, what the badge recognises, level 1, level 2), from the region's page
    "Communiquer": (
        "communiquer",
        "communiquer",
        "Interagir avec autrui de manière adaptée à l'oral et/ou à l'écrit.",
        "Transmettre des informations pertinentes et adapter sa communication en fonction des interlocuteurs "
        "et/ou situations.",
    ),
    "Organiser": (
        "organiser",
        "s'organiser",
        "Identifier et prioriser les tâches à effectuer dans le cadre d'une activité simple, mobiliser les "
        "ressources nécessaires pour accomplir une tâche, gérer son environnement de travail, respecter les délais, "
        "échéances et horaires fixés.",
        "Découper les activités exigeantes et complexes en étapes, analyser les contraintes spécifiques, planifier "
        "la mobilisation des ressources, estimer un délai de réalisation raisonnable, anticiper les risques et "
        "contretemps.",
    ),
    "S'adapter": (
        "s-adapter",
        "s'adapter",
        "Modifier ses habitudes, ses comportements pour mieux répondre à une situation ou faire face à un "
        "changement, accroître sa mobilité géographique, utiliser de nouvelles ressources, de nouveaux outils, faire "
        "preuve de persévérance.",
        "Identifier ses forces, ses faiblesses et ses résistances, adopter une stratégie par rapport à un objectif, "
        "faire preuve d'initiative, se remettre en question, « apprendre à apprendre ».",
    ),
    "S'intégrer": (
        "s-integrer",
        "s'intégrer",
        "Appréhender son environnement professionnel et les codes sociaux en vigueur, appliquer ces codes sociaux, "
        "respecter un règlement, détecter les comportements inappropriés, développer son réseau relationnel.",
        "Travailler à plusieurs dans un objectif commun, coopérer, comprendre son rôle par rapport à autrui, "
        "interagir en groupe.",
    ),
}
GENERAL_SLUG = "badge-general"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def badge_url(base_url: str, slug: str) -> str:
    return f"{base_url.rstrip('/')}/badges/{slug}"


def key_slug(competency: str, level: int) -> str:
    return f"{KEY_BADGES[competency][0]}-niveau-{level}"


def seed_document(
    issuer: Issuer,
    base_url: str,
    *,
    partner_badges_per_key: int = 2,
    competencies_for_general: int = 3,
    general_min_level: int = 1,
) -> RuleSet:
    """The 8 key badges (4 competencies × 2 levels) and the general badge, with their award rules."""

    def key_url(competency: str, level: int) -> str:
        return badge_url(base_url, key_slug(competency, level))

    general_url = badge_url(base_url, GENERAL_SLUG)
    scheme = rules.regional_scheme(
        key_url,
        general_url,
        partner_badges_per_key=partner_badges_per_key,
        competencies_for_general=competencies_for_general,
        general_min_level=general_min_level,
    )
    badges = []
    for competency in COMPETENCIES:
        _stem, verb, level1, level2 = KEY_BADGES[competency]
        for level in LEVELS:
            badges.append(
                Badge(
                    id=key_url(competency, level),
                    slug=key_slug(competency, level),
                    kind="key",
                    name=f"{competency} — {LEVEL_NAMES[level]}",
                    description=f"Ce badge clé de la Région Normandie reconnaît la capacité d'une personne à {verb}, "
                    f"au niveau {level} « {LEVEL_NAMES[level]} ». Il est délivré à qui a obtenu "
                    f"{partner_badges_per_key} badges partenaires reconnus pour cette compétence et ce niveau.",
                    level1=level1,
                    level2=level2,
                    competency=competency,
                    level=level,
                    tags=("Normandie", "compétences fondamentales", competency, LEVEL_NAMES[level]),
                    rule=scheme[key_url(competency, level)],
                )
            )
    level_words = "quel que soit le niveau" if general_min_level <= 1 else f"au niveau {general_min_level}"
    listing = ", ".join(COMPETENCIES)
    badges.append(
        Badge(
            id=general_url,
            slug=GENERAL_SLUG,
            kind="general",
            name="Badge général — compétences fondamentales",
            description=f"Ce badge de la Région Normandie atteste au moins {competencies_for_general} des "
            f"{len(COMPETENCIES)} compétences fondamentales ({listing}), {level_words}.",
            level1=f"Avoir obtenu un badge clé dans au moins {competencies_for_general} des {len(COMPETENCIES)} "
            f"compétences ({listing}), {level_words}.",
            level2="Les badges clés « je maîtrise » comptent autant que les badges « je pratique ».",
            tags=("Normandie", "compétences fondamentales", "badge général"),
            rule=scheme[general_url],
        )
    )
    return RuleSet(issuer, tuple(badges), ())


# ---------------------------------------------------------------- diff


@dataclass(frozen=True)
class Change:
    """One difference between two rule sets: what (subject, key), how (added, removed, changed) and which fields."""

    action: Literal["added", "removed", "changed"]
    subject: Literal["issuer", "badge", "rule", "partner"]
    key: str  # badge id, partner URL, "" for the issuer
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        fields = f" ({', '.join(self.fields)})" if self.fields else ""
        return f"{self.action} {self.subject} {self.key}{fields}".replace("  ", " ")


def _changed_fields(old: dict[str, Any], new: dict[str, Any], skip: tuple[str, ...] = ()) -> tuple[str, ...]:
    return tuple(key for key in sorted(old.keys() | new.keys()) if key not in skip and old.get(key) != new.get(key))


def diff(old: RuleSet, new: RuleSet) -> list[Change]:
    """What changed from `old` to `new`: the issuer, then badges and their rules, then partner badges."""
    changes: list[Change] = []
    issuer_fields = _changed_fields(issuer_to_dict(old.issuer), issuer_to_dict(new.issuer))
    if issuer_fields:
        changes.append(Change("changed", "issuer", "", issuer_fields))

    old_badges = {badge.id: badge_to_dict(badge) for badge in old.badges}
    new_badges = {badge.id: badge_to_dict(badge) for badge in new.badges}
    for key, badge in new_badges.items():
        if key not in old_badges:
            changes.append(Change("added", "badge", key))
            continue
        fields = _changed_fields(old_badges[key], badge, skip=("rule",))
        if fields:
            changes.append(Change("changed", "badge", key, fields))
        before, after = old_badges[key]["rule"], badge["rule"]
        if before != after:
            action = "added" if before is None else "removed" if after is None else "changed"
            changes.append(Change(action, "rule", key))
    changes += [Change("removed", "badge", key) for key in old_badges if key not in new_badges]

    old_partners = {partner.url: partner_to_dict(partner) for partner in old.partners}
    new_partners = {partner.url: partner_to_dict(partner) for partner in new.partners}
    for key, partner in new_partners.items():
        if key not in old_partners:
            changes.append(Change("added", "partner", key))
        else:
            fields = _changed_fields(old_partners[key], partner)
            if fields:
                changes.append(Change("changed", "partner", key, fields))
    changes += [Change("removed", "partner", key) for key in old_partners if key not in new_partners]
    return changes
