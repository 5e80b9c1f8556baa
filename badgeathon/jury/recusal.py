"""The recusal rule, pure: a juror is recused for a team one of whose members comes from the juror's structure,
unless the organiser said otherwise; and which jurors a change in a team's structures recuses or frees."""

from collections.abc import Hashable, Mapping, Set


def is_recused(juror_structure: Hashable | None, team_structures: Set, override: bool | None = None) -> bool:
    """The organiser's word if there is one, else the automatic rule. recusal_service.recused_by is this rule in SQL,
    for what the database holds; this one also answers for structures that are not (or no longer) there."""
    return decided(juror_structure is not None and juror_structure in team_structures, override)


def decided(automatic: bool, override: bool | None) -> bool:
    """The organiser's word on a pair stands over the automatic rule."""
    return automatic if override is None else override


def turned(
    jurors: Mapping[Hashable, Hashable | None],
    before: Set,
    after: Set,
    overrides: Mapping[Hashable, bool] | None = None,
) -> list[tuple[Hashable, bool]]:
    """(juror, recused now) for each juror whose recusal for a team turns over when the team's structures go from
    `before` to `after`; `jurors` maps each juror to their structure, `overrides` holds the organiser's word."""
    overrides = overrides or {}
    changed = []
    for juror, structure in jurors.items():
        was = is_recused(structure, before, overrides.get(juror))
        now = is_recused(structure, after, overrides.get(juror))
        if was != now:
            changed.append((juror, now))
    return changed
