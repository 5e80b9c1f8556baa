"""Decides which regional badges a learner's backpack makes due: the award rules compiled once, evaluated over
many backpacks, each result explained on demand (`progress`: why a badge is due, what is still missing)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from .backpack import Reason, entry_badge
from .progress import Progress, Shortfall, progress
from .rules import Held, Mapped, PartnerBadge, Rule, held_badges


@dataclass(frozen=True)
class Ignored:
    """A backpack entry that does not count, and why."""

    badge: str | None
    reason: Reason


@dataclass(frozen=True)
class Award:
    """A regional badge now due, with how the backpack meets its rule."""

    badge: str
    progress: Progress

    @property
    def evidence(self) -> tuple[str, ...]:
        return self.progress.evidence


@dataclass(frozen=True)
class Pending:
    """A regional badge not due yet, with what is still missing."""

    badge: str
    progress: Progress

    @property
    def more(self) -> int:
        """Fewest more badges to earn it ("encore 2 badges")."""
        return self.progress.shortfall

    @property
    def missing(self) -> tuple[Shortfall, ...]:
        return self.progress.missing


@dataclass(frozen=True)
class Result:
    """Which regional badges are due; explanations are built on first access."""

    due: tuple[str, ...]  # regional badges earned, not already held, in rule order
    held_regional: tuple[str, ...]  # regional badges the backpack already holds, in rule order
    ignored: tuple[Ignored, ...]  # sorted
    held: frozenset[str] = field(repr=False)  # every counted badge class, due ones included
    rules: Mapping[str, Rule] = field(repr=False, compare=False)
    mapped: Mapping[tuple[str, int | None], tuple[str, ...]] = field(repr=False, compare=False)

    @cached_property
    def awards(self) -> tuple[Award, ...]:
        return tuple(Award(badge, progress(self.rules[badge], self.held, self.mapped)) for badge in self.due)

    @cached_property
    def pending(self) -> tuple[Pending, ...]:
        return tuple(
            Pending(badge, progress(rule, self.held, self.mapped))
            for badge, rule in self.rules.items()
            if badge not in self.held
        )


Check = Callable[[set[str], dict], bool]


def _compile(rule: Rule) -> Check:
    """A fast predicate over (held badge classes, distinct partner badge counts by (competency, level))."""
    if isinstance(rule, Held):
        badge = rule.badge
        return lambda held, counts: badge in held
    if isinstance(rule, Mapped):
        key, count = (rule.competency, rule.level), rule.count
        return lambda held, counts: counts.get(key, 0) >= count
    checks = tuple(_compile(child) for child in rule.children)
    need = rule.needed

    def junction(held: set[str], counts: dict) -> bool:
        have = 0
        for check in checks:
            if check(held, counts):
                have += 1
                if have >= need:
                    return True
        return False

    return junction


def _evaluation_order(rules: Mapping[str, Rule]) -> tuple[list[str], bool]:
    """Regional badges, those a rule needs before it; and whether the dependencies are free of cycles."""
    needs = {badge: held_badges(rule) & rules.keys() for badge, rule in rules.items()}
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    acyclic = True

    def visit(badge: str) -> None:
        nonlocal acyclic
        state[badge] = 1
        for needed in sorted(needs[badge]):
            if state.get(needed) == 1:
                acyclic = False
            elif needed not in state:
                visit(needed)
        state[badge] = 2
        order.append(badge)

    for badge in rules:
        if badge not in state:
            visit(badge)
    return order, acyclic


class Engine:
    """The rules and partner mapping compiled once, to evaluate many backpacks."""

    def __init__(self, rules: Mapping[str, Rule], partners: Mapping[str, PartnerBadge]) -> None:
        clash = rules.keys() & partners.keys()
        if clash:
            raise ValueError(f"badges both regional and partner: {sorted(clash)}")
        self.rules = dict(rules)
        self.partners = {url: (badge.competency, badge.level) for url, badge in partners.items()}
        self.known = set(self.rules) | set(self.partners)
        for rule in self.rules.values():
            self.known |= held_badges(rule)
        self.order, self.acyclic = _evaluation_order(self.rules)
        self.checks = [(badge, _compile(self.rules[badge])) for badge in self.order]
        self.rank = {badge: index for index, badge in enumerate(self.rules)}

    def evaluate(self, backpack: Iterable[Any], *, now: datetime) -> Result:
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        known, held, ignored = self.known, set(), []
        for entry in backpack:
            if type(entry) is str and entry:
                badge = entry
            elif type(entry) is dict and "revoked" not in entry and "expires" not in entry:
                badge = entry.get("badge")  # the common case, inlined: a live assertion
                if type(badge) is dict:
                    badge = badge.get("id")
                if type(badge) is not str or not badge:
                    ignored.append(Ignored(None, "malformed"))
                    continue
            else:
                badge, reason = entry_badge(entry, now)
                if reason is not None:
                    ignored.append(Ignored(badge, reason))
                    continue
            if badge in known:
                held.add(badge)
            else:
                ignored.append(Ignored(badge, "unknown"))

        partners = self.partners
        counts: dict[tuple[str, int | None], int] = {}
        for badge in held:
            mapping = partners.get(badge)
            if mapping is not None:
                counts[mapping] = counts.get(mapping, 0) + 1
                any_level = (mapping[0], None)
                counts[any_level] = counts.get(any_level, 0) + 1

        rules = self.rules
        held_regional = [badge for badge in held if badge in rules]
        due: list[str] = []
        while True:
            awarded = False
            for badge, check in self.checks:
                if badge not in held and check(held, counts):
                    held.add(badge)
                    due.append(badge)
                    awarded = True
            if self.acyclic or not awarded:
                break
        rank = self.rank
        due.sort(key=rank.__getitem__)
        held_regional.sort(key=rank.__getitem__)
        if len(ignored) > 1:
            ignored.sort(key=lambda item: (item.badge or "", item.reason))
        return Result(tuple(due), tuple(held_regional), tuple(ignored), frozenset(held), rules, _Mapped(self, held))


class _Mapped(Mapping):
    """Distinct held partner badges by (competency, level) and (competency, None), built when first read."""

    def __init__(self, engine: Engine, held: set[str]) -> None:
        self._engine, self._held = engine, held
        self._table: dict[tuple[str, int | None], tuple[str, ...]] | None = None

    @property
    def table(self) -> dict[tuple[str, int | None], tuple[str, ...]]:
        if self._table is None:
            table: dict[tuple[str, int | None], list[str]] = {}
            for badge in sorted(self._held):
                mapping = self._engine.partners.get(badge)
                if mapping is not None:
                    table.setdefault(mapping, []).append(badge)
                    table.setdefault((mapping[0], None), []).append(badge)
            self._table = {key: tuple(badges) for key, badges in table.items()}
        return self._table

    def __getitem__(self, key: tuple[str, int | None]) -> tuple[str, ...]:
        return self.table[key]

    def __iter__(self):
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)


def evaluate(
    rules: Mapping[str, Rule], partners: Mapping[str, PartnerBadge], backpack: Iterable[Any], *, now: datetime
) -> Result:
    """The regional badges one backpack makes due; see `Engine` to evaluate many."""
    return Engine(rules, partners).evaluate(backpack, now=now)


def evaluate_many(
    rules: Mapping[str, Rule],
    partners: Mapping[str, PartnerBadge],
    backpacks: Mapping[Any, Iterable[Any]],
    *,
    now: datetime,
) -> dict[Any, Result]:
    """Each learner's result, the rules compiled once."""
    engine = Engine(rules, partners)
    return {learner: engine.evaluate(backpack, now=now) for learner, backpack in backpacks.items()}
