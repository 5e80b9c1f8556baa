"""Ranking of designs from jurors' scores: weighted totals, juror-severity normalisation, ties."""

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DIGITS = 9  # numbers equal once rounded to 1e-9 are equal: floating-point noise never decides a place
NOISE = 1e-9  # a juror whose totals spread less than this gave every design the same total


@dataclass(frozen=True)
class Criterion:
    """One line of the rubric: a weight and the scale its marks are given on."""

    key: str
    weight: float
    scale_min: float = 0
    scale_max: float = 5


@dataclass(frozen=True)
class Score:
    """One juror's mark for one criterion of one design."""

    juror: str
    design: str
    criterion: str
    value: float


@dataclass(frozen=True)
class Ranked:
    """A design's place in one ranking, and the figures the deliberation needs to discuss it.

    `score` is what this ranking orders by: the normalised mean in the normalised ranking, the raw mean in the raw
    one. `criterion_means` are the raw means per criterion and `spread` is max − min of the raw juror totals: what
    the jurors actually gave. An unscored design has rank, scores and spread None, 0 jurors and no criterion means.
    """

    design: str
    rank: int | None
    tied: bool
    score: float | None
    raw_score: float | None
    normalised_score: float | None  # None when normalisation does not apply to this event
    top_criterion_mean: float | None  # the first tie-break: mean of the highest-weighted criterion, basis of `score`
    jurors: int  # jurors whose complete sheet counted
    incomplete: int  # partial sheets, not counted
    first_choices: int  # jurors whose single top total is this design
    spread: float | None
    criterion_means: dict[str, float] = field(hash=False)


@dataclass(frozen=True)
class Ranking:
    """`entries` is the ranking to announce (normalised when `normalised`, raw otherwise); `raw` is shown beside it."""

    entries: tuple[Ranked, ...]
    raw: tuple[Ranked, ...]
    normalised: bool


def rank(
    scores: Iterable[Score], criteria: Sequence[Criterion], designs: Sequence[str], *, min_per_juror: int = 3
) -> Ranking:
    """Rank every design of the event; ValueError on a bad rubric, an unknown design or criterion, a mark off
    its scale or a mark given twice.

    A juror's total for a design is the weighted mean of their marks, counted only when they marked every
    criterion. A design's score is the mean over the jurors who counted (a recused juror does not pull it down).
    Normalisation maps each juror's totals (and marks on the top criterion) onto the pooled scale by z-score; it
    applies only when every juror with a counted total has at least `min_per_juror` of them. Ties (to 1e-9) are
    broken by the mean of the highest-weighted criterion (the first in rubric order), then by first choices; a tie
    that survives keeps equal ranks (1, 2, 2, 4) and is listed by design key only for display.
    """
    rubric = _check_rubric(criteria)
    sheets = _collect(scores, rubric, _check_designs(designs))
    weights = [(c.key, c.weight) for c in criteria]
    weight = math.fsum(c.weight for c in criteria)
    top = max(criteria, key=lambda c: c.weight).key  # max keeps the first of equal weights: rubric order
    totals: dict[str, dict[str, float]] = defaultdict(dict)  # juror -> design -> weighted total
    top_marks: dict[str, dict[str, float]] = defaultdict(dict)  # juror -> design -> mark on the top criterion
    counted: dict[str, list[dict[str, float]]] = defaultdict(list)  # design -> complete sheets
    partial = dict.fromkeys(designs, 0)
    for (juror, design), sheet in sheets.items():
        if len(sheet) < len(weights):
            partial[design] += 1
            continue
        totals[juror][design] = sum([w * sheet[key] for key, w in weights]) / weight  # rubric order: deterministic
        top_marks[juror][design] = sheet[top]
        counted[design].append(sheet)

    by_design = _by_design(totals)
    facts = _Facts(
        raw={design: _mean(given) for design, given in by_design.items()},
        jurors={design: len(given) for design, given in by_design.items()},
        partial=partial,
        first_choices=_first_choices(totals),
        spread={design: max(given) - min(given) for design, given in by_design.items()},
        criterion_means={
            design: {key: _mean([sheet[key] for sheet in given]) for key in rubric} for design, given in counted.items()
        },
        unscored=sorted(set(designs) - by_design.keys()),
    )
    raw = _ranking(facts, facts.raw, {design: means[top] for design, means in facts.criterion_means.items()})
    if not (totals and all(len(given) >= min_per_juror for given in totals.values())):
        return Ranking(entries=raw, raw=raw, normalised=False)
    means = _design_means(_normalise(totals))
    entries = _ranking(facts, means, _design_means(_normalise(top_marks)), normalised=means)
    return Ranking(entries=entries, raw=raw, normalised=True)


@dataclass(frozen=True)
class _Facts:
    """What both rankings share, per design."""

    raw: dict[str, float]
    jurors: dict[str, int]
    partial: dict[str, int]
    first_choices: dict[str, int]
    spread: dict[str, float]
    criterion_means: dict[str, dict[str, float]]
    unscored: list[str]


def _ranking(
    facts: _Facts, means: dict[str, float], top_means: dict[str, float], *, normalised: dict[str, float] | None = None
) -> tuple[Ranked, ...]:
    """Order by mean, then mean of the top criterion, then first choices (all descending); equal keys share a rank."""
    keys = {
        design: (round(mean, DIGITS), round(top_means[design], DIGITS), facts.first_choices[design])
        for design, mean in means.items()
    }
    ordered = sorted(keys, key=lambda d: (tuple(-k for k in keys[d]), d))  # the design key only orders a tie
    places: list[Ranked] = []
    for index, design in enumerate(ordered):
        tied_above = index > 0 and keys[ordered[index - 1]] == keys[design]
        tied_below = index + 1 < len(ordered) and keys[ordered[index + 1]] == keys[design]
        places.append(
            Ranked(
                design=design,
                rank=places[-1].rank if tied_above else index + 1,
                tied=tied_above or tied_below,
                score=means[design],
                raw_score=facts.raw[design],
                normalised_score=None if normalised is None else normalised[design],
                top_criterion_mean=top_means[design],
                jurors=facts.jurors[design],
                incomplete=facts.partial[design],
                first_choices=facts.first_choices[design],
                spread=facts.spread[design],
                criterion_means=facts.criterion_means[design],
            )
        )
    places.extend(
        Ranked(d, None, False, None, None, None, None, 0, facts.partial[d], 0, None, {}) for d in facts.unscored
    )
    return tuple(places)


def _check_rubric(criteria: Sequence[Criterion]) -> dict[str, Criterion]:
    if not criteria:
        raise ValueError("the rubric has no criteria")
    rubric: dict[str, Criterion] = {}
    for criterion in criteria:
        if criterion.key in rubric:
            raise ValueError(f"criterion {criterion.key!r} appears twice in the rubric")
        if not (math.isfinite(criterion.weight) and criterion.weight > 0):
            raise ValueError(f"criterion {criterion.key!r} has weight {criterion.weight}: weights must be positive")
        if not criterion.scale_min < criterion.scale_max:
            raise ValueError(
                f"criterion {criterion.key!r} has an empty scale {criterion.scale_min}–{criterion.scale_max}"
            )
        rubric[criterion.key] = criterion
    return rubric


def _check_designs(designs: Sequence[str]) -> set[str]:
    known = set(designs)
    if len(known) != len(designs):
        raise ValueError("a design is listed twice")
    return known


def _collect(
    scores: Iterable[Score], rubric: dict[str, Criterion], designs: set[str]
) -> dict[tuple[str, str], dict[str, float]]:
    """Each (juror, design) sheet's marks by criterion, validated."""
    scales = {key: (c.scale_min, c.scale_max) for key, c in rubric.items()}
    sheets: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for score in scores:
        key, value = score.criterion, score.value
        scale = scales.get(key)
        sheet = sheets[score.juror, score.design]
        if scale is None or not scale[0] <= value <= scale[1] or key in sheet:
            raise ValueError(_problem(score, rubric.get(key), sheet))
        sheet[key] = value
    for juror, design in sheets:  # per sheet rather than per score: cheaper
        if design not in designs:
            raise ValueError(f"{juror!r} scored {design!r}, which is not a design of the event")
    return sheets


def _problem(score: Score, criterion: Criterion | None, sheet: dict[str, float]) -> str:
    where = f"{score.juror!r}'s score for {score.design!r}"
    if criterion is None:
        return f"{where} is for unknown criterion {score.criterion!r}"
    if score.criterion in sheet:
        return f"{where} on {score.criterion!r} is given twice"
    scale = f"{criterion.scale_min}–{criterion.scale_max}"
    return f"{where} on {score.criterion!r} is {score.value}, outside its scale {scale}"


def _by_design(by_juror: dict[str, dict[str, float]]) -> dict[str, list[float]]:
    given: dict[str, list[float]] = defaultdict(list)
    for values in by_juror.values():
        for design, value in values.items():
            given[design].append(value)
    return given


def _design_means(by_juror: dict[str, dict[str, float]]) -> dict[str, float]:
    """Mean per design over the jurors who gave it a value."""
    return {design: _mean(values) for design, values in _by_design(by_juror).items()}


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)  # fsum is exact, so the mean does not depend on the order of values


def _mean_pstdev(values: Sequence[float]) -> tuple[float, float]:
    mean = _mean(values)
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))


def _normalise(by_juror: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """norm = μ + σ·(x − μ_j)/σ_j with μ, σ over everyone's values and μ_j, σ_j over juror j's; σ_j = 0 gives μ."""
    mean, stdev = _mean_pstdev([v for values in by_juror.values() for v in values.values()])
    normalised: dict[str, dict[str, float]] = {}
    for juror, values in by_juror.items():
        mean_j, stdev_j = _mean_pstdev(list(values.values()))
        if stdev_j < NOISE:
            normalised[juror] = dict.fromkeys(values, mean)
        else:
            normalised[juror] = {d: mean + stdev * (v - mean_j) / stdev_j for d, v in values.items()}
    return normalised


def _first_choices(totals: dict[str, dict[str, float]]) -> dict[str, int]:
    """Per design, the jurors whose highest total is this design alone (a juror with a tie at the top, or with a
    single sheet, has no first choice)."""
    counts: dict[str, int] = defaultdict(int)  # 0 for the others
    for given in totals.values():
        best = round(max(given.values()), DIGITS)
        tops = [design for design, total in given.items() if total > best - NOISE and round(total, DIGITS) == best]
        if len(tops) == 1 and len(given) > 1:
            counts[tops[0]] += 1
    return counts


def departs(entries: Sequence[Ranked], chosen: Sequence[str]) -> bool:
    """Whether winners chosen in this order (first place first) depart from the ranking: a design left out ranks
    strictly above a chosen one, or a chosen one is placed above one that ranks strictly higher. Choosing among
    designs tied in the ranking does not depart from it."""
    place = {entry.design: entry.rank if entry.rank is not None else math.inf for entry in entries}
    picked = [place.get(design, math.inf) for design in chosen]
    worst_picked = max(picked, default=-math.inf)
    left_out = [rank for design, rank in place.items() if design not in set(chosen)]
    return any(rank < worst_picked for rank in left_out) or any(
        later < earlier for i, earlier in enumerate(picked) for later in picked[i + 1 :]
    )
