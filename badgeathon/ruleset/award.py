"""The rule that awards a regional badge, in words (French Markdown) from the rule and the partner registry (pure):
what a verifier reads in the badge's criteria, and the catalogue on its page."""

from __future__ import annotations

from . import document as rs
from .rules import Held, Mapped, Rule

LEVEL_WORDS = {level: f"niveau {level} « {name} »" for level, name in rs.LEVEL_NAMES.items()}
BY_STRUCTURES = (
    "Ce badge est délivré directement par les structures partenaires de la Région Normandie, "
    "à qui remplit ses critères."
)
INDENT = "  "


def award_text(badge: rs.Badge, document: rs.RuleSet) -> str:
    """How `badge` is awarded: its rule in words, with the partner badges recognised today for each requirement;
    a badge without a rule that structures issue themselves says so; "" for neither."""
    if badge.rule is not None:
        return "\n".join(_lines(badge.rule, _names(document), document.partners, 0))
    return BY_STRUCTURES if badge.available_to_structures else ""


def _names(document: rs.RuleSet) -> dict[str, str]:
    names = {partner.url: partner.name for partner in document.partners if partner.name}
    names.update({badge.id: badge.name for badge in document.badges})
    return names


def _badge_words(url: str, names: dict[str, str]) -> str:
    return f"« {names[url]} » ({url})" if url in names else url


def _mapped_words(rule: Mapped) -> str:
    level = LEVEL_WORDS.get(rule.level, "quel que soit le niveau")
    badges = (
        "1 badge partenaire reconnu"
        if rule.count == 1
        else f"au moins {rule.count} badges partenaires distincts reconnus"
    )
    return f"Détenir {badges} par la Région pour la compétence « {rule.competency} », {level}."


def _partner_lines(rule: Mapped, partners: tuple[rs.Partner, ...], depth: int) -> list[str]:
    recognised = [
        partner
        for partner in partners
        if partner.competency == rule.competency and (rule.level is None or partner.level == rule.level)
    ]
    pad = INDENT * depth
    if not recognised:
        return [f"{pad}Aucun badge partenaire n'est encore reconnu pour cette compétence à ce niveau."]
    lines = [f"{pad}Badges partenaires reconnus à ce jour :"]
    for partner in recognised:
        by = f", {partner.structure}" if partner.structure else ""
        name = f"« {partner.name} »{by} : " if partner.name else ""
        lines.append(f"{pad}- {name}{partner.url}")
    return lines


def _lines(rule: Rule, names: dict[str, str], partners: tuple[rs.Partner, ...], depth: int) -> list[str]:
    pad = INDENT * depth
    if isinstance(rule, Held):
        return [f"{pad}Détenir le badge {_badge_words(rule.badge, names)}."]
    if isinstance(rule, Mapped):
        return [f"{pad}{_mapped_words(rule)}", "", *_partner_lines(rule, partners, depth)]
    if all(isinstance(child, Held) for child in rule.children):
        badges = ", ".join(_badge_words(child.badge, names) for child in rule.children)  # type: ignore[union-attr]
        if len(rule.children) == 1:
            return [f"{pad}Détenir le badge {badges}."]
        if rule.needed == len(rule.children):
            how_many = "tous ces badges"
        else:
            how_many = "l'un de ces badges" if rule.needed == 1 else f"au moins {rule.needed} de ces badges"
        return [f"{pad}Détenir {how_many} : {badges}."]
    heading = (
        "Remplir toutes les conditions suivantes :"
        if rule.needed == len(rule.children)
        else f"Remplir au moins {rule.needed} des {len(rule.children)} conditions suivantes :"
    )
    lines = [f"{pad}{heading}", ""]
    for child in rule.children:
        first, *rest = _lines(child, names, partners, depth + 1)
        lines.append(f"{pad}- {first.lstrip()}")
        lines += rest
    return lines
