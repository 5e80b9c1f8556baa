"""Decides which regional badges a learner's backpack makes due, explains why, and says what is still missing."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, Literal

# ---------------------------------------------------------------- rules


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


# ---------------------------------------------------------------- the region's scheme


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
    rules[general_badge] = at_least(competencies_for_general, *(
        at_least(1, *(Held(key_badge(competency, level)) for level in LEVELS if level >= general_min_level))
        for competency in competencies
    ))
    return rules


# ---------------------------------------------------------------- explanations


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


# ---------------------------------------------------------------- evaluation


Reason = Literal["unknown", "expired", "revoked", "malformed"]


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
                badge, reason = _assertion_badge(entry, now)
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


def malformation(entry: Any) -> tuple[str, str] | None:
    """What is malformed in one backpack entry, as (the field, what is wrong with it); None when it is well formed.
    The field is "" for the entry itself, else a path inside it ("badge.id", "revoked")."""
    if isinstance(entry, str):
        return None if entry else ("", "empty badge URL")
    if not isinstance(entry, Mapping):
        return "", f"neither a badge URL nor an assertion: {describe(entry)}"
    badge, where = entry.get("badge"), "badge"
    if isinstance(badge, Mapping):
        badge, where = badge.get("id"), "badge.id"
    if not isinstance(badge, str):
        return where, "missing" if badge is None else f"not a badge URL: {describe(badge)}"
    if not badge:
        return where, "empty badge URL"
    revoked = entry.get("revoked")  # null is taken as absent, like a field left out
    if revoked is not None and not isinstance(revoked, bool):
        return "revoked", f"must be true or false, not {describe(revoked)}"
    expires = entry.get("expires")
    if expires is not None:
        if not isinstance(expires, str):
            return "expires", f"not a date: {describe(expires)}"
        try:
            datetime.fromisoformat(expires)
        except ValueError:
            return "expires", f"not an ISO 8601 date: {json.dumps(expires, ensure_ascii=False)}"
    return None


def describe(value: Any) -> str:
    """A value as a reader would name it: `the string "true"`, `a number (42)`, `null`…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the string {json.dumps(value, ensure_ascii=False)}"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _assertion_badge(assertion: Any, now: datetime) -> tuple[str | None, Reason | None]:
    """The badge class URL of a backpack entry (an Open Badges 2.0 assertion, or a badge URL), and why it does not
    count (None if it does). Malformed exactly when `malformation` says so, written for speed (a test holds them
    equal)."""
    if not isinstance(assertion, Mapping):
        return (str(assertion), None) if isinstance(assertion, str) and assertion else (None, "malformed")
    badge = assertion.get("badge")
    if isinstance(badge, Mapping):
        badge = badge.get("id")
    if not isinstance(badge, str) or not badge:
        return None, "malformed"
    revoked = assertion.get("revoked")
    if revoked is not None and not isinstance(revoked, bool):
        return badge, "malformed"
    expires = assertion.get("expires")
    if expires is not None:
        try:
            moment = datetime.fromisoformat(expires)
        except (TypeError, ValueError):
            return badge, "malformed"
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if moment <= now and not revoked:
            return badge, "expired"
    if revoked:
        return badge, "revoked"
    return badge, None


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
