"""How far a backpack goes into an award rule, as a tree mirroring the rule: what holds, the badges behind it
(the evidence) and the cheapest set of requirements still to meet (what is missing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .rules import Held, Mapped, Rule


@dataclass(frozen=True)
class Shortfall:
    """One requirement not yet met and how many more badges it takes."""

    requirement: Held | Mapped
    more: int


@dataclass(frozen=True)
class Progress:
    """How far a backpack goes into one requirement: a tree mirroring the rule."""

    requirement: Rule
    satisfied: bool
    have: int  # leaf: matching held badges; junction: children that hold
    need: int  # leaf: badges needed; junction: children needed
    badges: tuple[str, ...] = ()  # leaf: the held badges that match
    children: tuple[Progress, ...] = ()
    shortfall: int = 0  # fewest more badges that would meet the requirement

    @property
    def evidence(self) -> tuple[str, ...]:
        """The held badges behind the parts that hold, without repeats."""
        if not self.satisfied:
            return ()
        if not self.children:
            return self.badges
        return tuple(dict.fromkeys(badge for child in self.children for badge in child.evidence))

    @property
    def missing(self) -> tuple[Shortfall, ...]:
        """The cheapest set of requirements still to meet (fewest badges; first ones on a tie)."""
        if self.satisfied:
            return ()
        if not self.children:
            assert isinstance(self.requirement, (Held, Mapped))
            return (Shortfall(self.requirement, self.shortfall),)
        open_children = sorted((child for child in self.children if not child.satisfied), key=lambda c: c.shortfall)
        return tuple(item for child in open_children[: self.need - self.have] for item in child.missing)


def progress(rule: Rule, held: frozenset[str], mapped: Mapping[tuple[str, int | None], tuple[str, ...]]) -> Progress:
    """`rule` against the held badge classes and the distinct partner badges by (competency, level)."""
    if isinstance(rule, Held):
        have = rule.badge in held
        return Progress(rule, have, int(have), 1, (rule.badge,) if have else (), shortfall=int(not have))
    if isinstance(rule, Mapped):
        badges = mapped.get((rule.competency, rule.level), ())
        more = max(0, rule.count - len(badges))
        return Progress(rule, more == 0, len(badges), rule.count, badges, shortfall=more)
    children = tuple(progress(child, held, mapped) for child in rule.children)
    have = sum(child.satisfied for child in children)
    need = rule.needed
    cheapest = sorted(child.shortfall for child in children if not child.satisfied)[: max(0, need - have)]
    return Progress(rule, have >= need, have, need, children=children, shortfall=sum(cheapest))
