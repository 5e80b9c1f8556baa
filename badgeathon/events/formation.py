"""Forms teams that mix structures: people of one organisation are spread over as many teams as possible (pure)."""

import math
from collections import defaultdict
from collections.abc import Hashable, Sequence


def form_teams(people: Sequence[tuple[Hashable, str]], team_size: int) -> list[list[Hashable]]:
    """Split (person, organisation) pairs into ceil(n / team_size) teams whose sizes differ by at most one.

    People are grouped by organisation, largest group first, then dealt round the teams like cards, so an
    organisation with g people lands in min(g, teams) different teams. The result depends only on the input.
    """
    if team_size < 1:
        raise ValueError("team_size must be at least 1")
    if not people:
        return []
    count = math.ceil(len(people) / team_size)
    groups: dict[str, list[Hashable]] = defaultdict(list)
    for person, organisation in people:
        groups[organisation.strip().casefold()].append(person)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    dealt = [person for _, members in ordered for person in members]
    teams: list[list[Hashable]] = [[] for _ in range(count)]
    for index, person in enumerate(dealt):
        teams[index % count].append(person)
    return teams


def place_in_teams(
    people: Sequence[tuple[Hashable, str]], teams: Sequence[tuple[Hashable, Sequence[str]]]
) -> list[tuple[Hashable, Hashable]]:
    """Late arrivals into existing teams: each (person, organisation), in turn, goes to the smallest team; among
    teams of that size, one without anyone of their organisation; then the first in `teams` order.

    `teams` are (team, organisations of its members). Returns (person, team) pairs; no team, no placement."""
    if not teams:
        return []
    sizes = [len(organisations) for _, organisations in teams]
    present = [{organisation.strip().casefold() for organisation in organisations} for _, organisations in teams]
    placed: list[tuple[Hashable, Hashable]] = []
    for person, organisation in people:
        key = organisation.strip().casefold()
        index = min(range(len(teams)), key=lambda i: (sizes[i], key in present[i], i))
        sizes[index] += 1
        present[index].add(key)
        placed.append((person, teams[index][0]))
    return placed
