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
