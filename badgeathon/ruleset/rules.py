"""Award rules: a badge held, partner badges mapped to a competency and level, nestable all / at-least junctions;
their JSON form; and the region's scheme (its competencies, levels and seeded rules)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Held:
    """The learner holds this badge class (a partner or a regional badge, by its URL)."""

    badge: str


@dataclass(frozen=True)
class Mapped:
    """The learner holds `count` distinct partner badges mapped to (competency, level); level None means any level.

    Distinct badges are counted within one requirement; two sibling requirements may be met by the same badge,
    so write "2 badges mapped to (C, 1)" as `Mapped(C, 1, count=2)`.
    """

    competency: str
    level: int | None = None
    count: int = 1

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"a mapped requirement needs count >= 1, not {self.count}")


@dataclass(frozen=True)
class Junction:
    """At least `required` of the children hold (0 = all of them), like Badgr's pathways and OBF's meta-badges."""

    children: tuple[Rule, ...]
    required: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "children", tuple(self.children))
        if not self.children:
            raise ValueError("a junction needs at least one requirement")
        if not 0 <= self.required <= len(self.children):
            raise ValueError(f"a junction of {len(self.children)} cannot require {self.required}")

    @property
    def needed(self) -> int:
        """How many children must hold: `required`, or all of them when it is 0."""
        return self.required or len(self.children)


Rule = Held | Mapped | Junction


def all_of(*children: Rule) -> Junction:
    return Junction(children)


def at_least(n: int, *children: Rule) -> Junction:
    if n < 1:
        raise ValueError(f"at_least needs n >= 1, not {n}")
    return Junction(children, n)


def to_dict(rule: Rule) -> dict[str, Any]:
    """The rule as JSON-ready data: {"type": "junction" | "held" | "mapped", ...}."""
    if isinstance(rule, Held):
        return {"type": "held", "badge": rule.badge}
    if isinstance(rule, Mapped):
        data: dict[str, Any] = {"type": "mapped", "competency": rule.competency, "level": rule.level}
        if rule.count != 1:
            data["count"] = rule.count
        return data
    return {"type": "junction", "required": rule.required, "children": [to_dict(child) for child in rule.children]}


def from_dict(data: Mapping[str, Any]) -> Rule:
    """The rule written by `to_dict`; ValueError when the data is not a rule."""
    kind = data.get("type")
    try:
        if kind == "held":
            return Held(str(data["badge"]))
        if kind == "mapped":
            level = data.get("level")
            return Mapped(str(data["competency"]), None if level is None else int(level), int(data.get("count", 1)))
        if kind == "junction":
            return Junction(tuple(from_dict(child) for child in data["children"]), int(data.get("required", 0)))
    except (KeyError, TypeError) as error:
        raise ValueError(f"malformed {kind} rule: {data!r}") from error
    raise ValueError(f"unknown rule type {kind!r}")


def held_badges(rule: Rule) -> frozenset[str]:
    """The badge classes the rule names through `Held`."""
    if isinstance(rule, Held):
        return frozenset((rule.badge,))
    if isinstance(rule, Junction):
        return frozenset().union(*(held_badges(child) for child in rule.children))
    return frozenset()


# --- the region's scheme -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerBadge:
    """A badge class a partner structure registered, mapped to one regional competency and level."""

    url: str
    competency: str
    level: int


COMPETENCIES = ("Communiquer", "Organiser", "S'adapter", "S'intégrer")
LEVELS = (1, 2)  # 1 "je pratique", 2 "je maîtrise"


def regional_scheme(
    key_badge: Callable[[str, int], str],
    general_badge: str,
    *,
    partner_badges_per_key: int = 2,
    competencies_for_general: int = 3,
    general_min_level: int = 1,
    competencies: Iterable[str] = COMPETENCIES,
) -> dict[str, Rule]:
    """The seeded rules: key badge (C, L) needs N partner badges mapped to (C, L); the general badge needs
    key badges of at least 3 of the 4 competencies at `general_min_level` or above."""
    competencies = tuple(competencies)
    rules: dict[str, Rule] = {
        key_badge(competency, level): Mapped(competency, level, partner_badges_per_key)
        for competency in competencies
        for level in LEVELS
    }
    rules[general_badge] = at_least(
        competencies_for_general,
        *(
            at_least(1, *(Held(key_badge(competency, level)) for level in LEVELS if level >= general_min_level))
            for competency in competencies
        ),
    )
    return rules
