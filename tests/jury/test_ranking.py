"""The ranking core: weighted totals, juror-severity normalisation, recusal, incomplete sheets, ties, bad input."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from badgeathon.jury.ranking import Criterion, Ranked, Ranking, Score, rank

OVERALL = [Criterion("overall", 1)]


def marks(juror: str, design: str, **values: float) -> list[Score]:
    """One juror's sheet for one design."""
    return [Score(juror, design, criterion, value) for criterion, value in values.items()]


def overall(juror: str, **totals: float) -> list[Score]:
    """One juror's marks on the single-criterion rubric, design by design."""
    return [Score(juror, design, "overall", value) for design, value in totals.items()]


def by_design(entries: tuple[Ranked, ...]) -> dict[str, Ranked]:
    return {entry.design: entry for entry in entries}


def places(entries: tuple[Ranked, ...]) -> dict[str, tuple[int | None, bool]]:
    return {entry.design: (entry.rank, entry.tied) for entry in entries}


# --- weighted totals ----------------------------------------------------------------------------------------------


def test_a_jurors_total_is_the_weighted_mean_of_their_marks_on_the_rubric_scale():
    criteria = [Criterion("creativity", 2), Criterion("feasibility", 1)]
    result = rank(marks("ada", "d1", creativity=5, feasibility=2), criteria, ["d1"])
    entry = result.entries[0]
    assert entry.raw_score == pytest.approx(4.0)  # (2·5 + 1·2) / 3
    assert entry.criterion_means == {"creativity": 5, "feasibility": 2}
    assert (entry.rank, entry.jurors, entry.spread) == (1, 1, 0)


def test_spread_is_the_gap_between_the_highest_and_lowest_juror_total():
    scores = overall("ada", d1=4.5) + overall("bob", d1=2) + overall("cy", d1=3)
    assert rank(scores, OVERALL, ["d1"]).entries[0].spread == pytest.approx(2.5)


# --- normalisation ------------------------------------------------------------------------------------------------


def test_normalisation_maps_each_jurors_z_scores_onto_the_pooled_scale():
    # A severe and a lenient juror, each with three designs: 1, 2, 3 and 3, 4, 5. Pooled μ = 3, σ = √(5/3);
    # each juror's σ_j = √(2/3), so their best design lands at 3 + √(5/3)/√(2/3) = 3 + √2.5, whoever gave it.
    scores = overall("severe", d1=1, d2=2, d3=3) + overall("lenient", d4=3, d5=4, d6=5)
    result = rank(scores, OVERALL, ["d1", "d2", "d3", "d4", "d5", "d6"])
    assert result.normalised
    normalised = {entry.design: entry.normalised_score for entry in result.entries}
    assert normalised == pytest.approx(
        {
            "d1": 3 - math.sqrt(2.5),
            "d2": 3,
            "d3": 3 + math.sqrt(2.5),
            "d4": 3 - math.sqrt(2.5),
            "d5": 3,
            "d6": 3 + math.sqrt(2.5),
        }
    )
    assert places(result.entries) == {
        "d3": (1, True),
        "d6": (1, True),
        "d2": (3, True),
        "d5": (3, True),
        "d1": (5, True),
        "d4": (5, True),
    }
    assert [entry.design for entry in result.raw] == ["d6", "d5", "d3", "d4", "d2", "d1"]  # shown beside it
    assert by_design(result.entries)["d6"].raw_score == 5


def test_a_juror_who_gives_every_design_the_same_total_counts_at_the_pooled_mean():
    # Pooled totals 1, 2, 3, 4, 4, 4: μ = 3, σ = √(4/3). "keen" expresses no preference: all three map to 3.
    # "picky" has σ_j = √(2/3): 1, 2, 3 map to 3 − √2, 3, 3 + √2.
    scores = overall("picky", d1=1, d2=2, d3=3) + overall("keen", d1=4, d2=4, d3=4)
    result = rank(scores, OVERALL, ["d1", "d2", "d3"])
    normalised = {entry.design: entry.normalised_score for entry in result.entries}
    assert normalised == pytest.approx({"d1": 3 - math.sqrt(2) / 2, "d2": 3, "d3": 3 + math.sqrt(2) / 2})


def test_everybody_maps_to_the_mean_when_all_totals_are_equal():
    scores = overall("ada", d1=2, d2=2, d3=2) + overall("bob", d1=2, d2=2, d3=2)
    result = rank(scores, OVERALL, ["d1", "d2", "d3"])
    assert result.normalised
    assert [entry.score for entry in result.entries] == [2, 2, 2]
    assert {entry.rank for entry in result.entries} == {1}


def test_raw_totals_rank_while_a_juror_has_scored_fewer_designs_than_the_minimum():
    scores = overall("ada", d1=1, d2=2, d3=3) + overall("bob", d1=5, d2=4)
    result = rank(scores, OVERALL, ["d1", "d2", "d3"])
    assert not result.normalised
    assert result.entries == result.raw
    assert all(entry.normalised_score is None for entry in result.entries)
    assert [entry.score for entry in result.entries] == [3, 3, 3]  # raw means: d1 3, d2 3, d3 3
    assert rank(scores, OVERALL, ["d1", "d2", "d3"], min_per_juror=2).normalised


# --- who counts ---------------------------------------------------------------------------------------------------


def test_a_recused_or_missing_juror_does_not_pull_a_design_down():
    scores = overall("ada", d1=4, d2=3) + overall("bob", d2=3)  # bob is recused from d1
    result = by_design(rank(scores, OVERALL, ["d1", "d2"]).entries)
    assert (result["d1"].rank, result["d1"].score, result["d1"].jurors) == (1, 4, 1)
    assert (result["d2"].rank, result["d2"].score, result["d2"].jurors) == (2, 3, 2)


def test_an_incomplete_sheet_does_not_count_and_is_reported():
    criteria = [Criterion("creativity", 1), Criterion("feasibility", 1)]
    scores = (
        marks("ada", "d1", creativity=4, feasibility=4)
        + marks("bob", "d1", creativity=1)
        + marks("bob", "d2", feasibility=5)
    )
    result = by_design(rank(scores, criteria, ["d1", "d2"]).entries)
    assert (result["d1"].score, result["d1"].jurors, result["d1"].incomplete) == (4, 1, 1)
    assert result["d1"].criterion_means == {"creativity": 4, "feasibility": 4}
    assert (result["d2"].rank, result["d2"].score, result["d2"].jurors, result["d2"].incomplete) == (None, None, 0, 1)


def test_unscored_designs_come_last_without_rank_or_score():
    scores = overall("ada", mid=1)
    result = rank(scores, OVERALL, ["zeta", "mid", "alpha"])
    for entries in (result.entries, result.raw):
        assert [entry.design for entry in entries] == ["mid", "alpha", "zeta"]
        unscored = [(e.rank, e.tied, e.score, e.top_criterion_mean, e.jurors, e.spread) for e in entries[1:]]
        assert unscored == [(None, False, None, None, 0, None)] * 2


def test_an_event_without_scores_lists_every_design_unscored():
    result = rank([], OVERALL, ["b", "a"])
    assert not result.normalised
    assert [(entry.design, entry.rank) for entry in result.entries] == [("a", None), ("b", None)]


# --- ties ---------------------------------------------------------------------------------------------------------


def test_a_tie_is_broken_by_the_mean_of_the_highest_weighted_criterion():
    criteria = [Criterion("feasibility", 1), Criterion("creativity", 2)]
    scores = marks("ada", "bold", creativity=4, feasibility=1) + marks("ada", "safe", creativity=3, feasibility=3)
    result = rank(scores, criteria, ["safe", "bold"])
    assert [(e.design, e.rank, e.tied, e.score) for e in result.entries] == [
        ("bold", 1, False, 3),
        ("safe", 2, False, 3),
    ]
    assert [entry.top_criterion_mean for entry in result.entries] == [4, 3]


@pytest.mark.parametrize(("first", "winner"), [("a", "d1"), ("b", "d2")])
def test_among_equal_top_weights_the_first_criterion_of_the_rubric_breaks_the_tie(first, winner):
    criteria = [Criterion(first, 2), Criterion("b" if first == "a" else "a", 2), Criterion("c", 1)]
    scores = marks("ada", "d1", a=4, b=2, c=3) + marks("ada", "d2", a=2, b=4, c=3)  # both total 3
    assert rank(scores, criteria, ["d1", "d2"]).entries[0].design == winner


def test_a_tie_on_score_and_top_criterion_is_broken_by_first_choices():
    scores = overall("ada", d1=5, d2=3) + overall("bob", d1=3, d2=4) + overall("cy", d1=4, d2=5)  # both mean 4
    result = rank(scores, OVERALL, ["d1", "d2"])
    assert [(e.design, e.rank, e.tied, e.first_choices) for e in result.entries] == [
        ("d2", 1, False, 2),
        ("d1", 2, False, 1),
    ]


def test_a_juror_with_a_tie_at_the_top_has_no_first_choice():
    scores = overall("ada", d1=5, d2=5, d3=1) + overall("bob", d3=2)
    assert {entry.first_choices for entry in rank(scores, OVERALL, ["d1", "d2", "d3"]).entries} == {0}


@pytest.mark.parametrize(("x", "y"), [("design-2", "design-10"), ("design-10", "design-2"), ("b", "a")])
def test_a_tie_that_survives_is_shown_with_equal_ranks_whatever_the_design_ids(x, y):
    scores = overall("ada", w=5, z=1, **{x: 4, y: 3}) + overall("bob", w=5, z=1, **{x: 3, y: 4})
    result = rank(scores, OVERALL, ["z", y, x, "w"])
    assert result.normalised
    for entries in (result.entries, result.raw):
        assert places(entries) == {"w": (1, False), x: (2, True), y: (2, True), "z": (4, False)}
        assert [entry.design for entry in entries[1:3]] == sorted([x, y])  # display order only


# --- bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "criteria", "designs", "message"),
    [
        (overall("ada", d1=3) + [Score("ada", "d1", "charm", 3)], OVERALL, ["d1"], "unknown criterion 'charm'"),
        (overall("ada", d1=5.5), OVERALL, ["d1"], "outside its scale"),
        (overall("ada", d1=-1), OVERALL, ["d1"], "outside its scale"),
        (overall("ada", d1=math.nan), OVERALL, ["d1"], "outside its scale"),
        (overall("ada", d1=3) + overall("ada", d1=4), OVERALL, ["d1"], "given twice"),
        (overall("ada", d9=3), OVERALL, ["d1"], "not a design of the event"),
        ([], [Criterion("overall", 0)], ["d1"], "weights must be positive"),
        ([], [Criterion("overall", -1)], ["d1"], "weights must be positive"),
        ([], [Criterion("overall", math.inf)], ["d1"], "weights must be positive"),
        ([], [Criterion("overall", 1), Criterion("overall", 2)], ["d1"], "twice in the rubric"),
        ([], [Criterion("overall", 1, 5, 5)], ["d1"], "empty scale"),
        ([], [], ["d1"], "no criteria"),
        ([], OVERALL, ["d1", "d1"], "listed twice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(scores, criteria, designs, message):
    with pytest.raises(ValueError, match=message):
        rank(scores, criteria, designs)


def test_a_score_on_a_criterion_of_another_scale_is_checked_against_its_own():
    criteria = [Criterion("overall", 1), Criterion("stars", 1, 1, 10)]
    assert rank(marks("ada", "d1", overall=5, stars=10), criteria, ["d1"]).entries[0].raw_score == 7.5
    with pytest.raises(ValueError, match="'stars' is 0"):
        rank(marks("ada", "d1", overall=5, stars=0), criteria, ["d1"])


# --- properties ---------------------------------------------------------------------------------------------------

HALF_POINTS = st.sampled_from([step / 2 for step in range(11)])
SHEETS = st.sampled_from(["complete", "complete", "complete", "recused", "partial"])


@st.composite
def events(draw, values=HALF_POINTS, sheets=SHEETS):
    """A rubric, the designs, and the jurors' scores (some recused, some sheets partial)."""
    weights = draw(st.lists(st.sampled_from([0.5, 1, 2, 3]), min_size=1, max_size=3))
    criteria = [Criterion(f"c{index}", weight) for index, weight in enumerate(weights)]
    designs = [f"d{index}" for index in range(draw(st.integers(1, 6)))]
    scores = []
    for juror in [f"j{index}" for index in range(draw(st.integers(1, 4)))]:
        for design in designs:
            sheet = draw(sheets)
            marked = criteria if sheet == "complete" else criteria[:-1] if sheet == "partial" else []
            scores += [Score(juror, design, criterion.key, draw(values)) for criterion in marked]
    return criteria, designs, scores


@given(event=events(values=st.floats(0, 5)), shuffle=st.randoms(use_true_random=False), minimum=st.integers(1, 4))
def test_the_ranking_does_not_depend_on_the_order_of_the_input(event, shuffle, minimum):
    criteria, designs, scores = event
    shuffled_scores, shuffled_designs = list(scores), list(designs)
    shuffle.shuffle(shuffled_scores)
    shuffle.shuffle(shuffled_designs)
    assert rank(shuffled_scores, criteria, shuffled_designs, min_per_juror=minimum) == rank(
        scores, criteria, designs, min_per_juror=minimum
    )


@given(event=events(values=st.sampled_from([step / 2 for step in range(7)])), data=st.data())
def test_a_juror_who_marks_everything_higher_by_a_constant_does_not_change_the_normalised_ranking(event, data):
    criteria, designs, scores = event
    jurors = sorted({score.juror for score in scores})
    assume(jurors)
    lenient = data.draw(st.sampled_from(jurors))
    constant = data.draw(st.sampled_from([0.5, 1, 1.5, 2]))  # marks are at most 3: they stay on the 0–5 scale
    shifted = [Score(s.juror, s.design, s.criterion, s.value + constant) if s.juror == lenient else s for s in scores]
    before = rank(scores, criteria, designs, min_per_juror=1)  # 1: normalisation applies whenever anything counted
    assume(before.normalised)
    after = rank(shifted, criteria, designs, min_per_juror=1)
    assert after.normalised
    assert places(after.entries) == places(before.entries)


@st.composite
def dominated_events(draw):
    """An event in which the same jurors score "better" and "worse", "better" strictly higher on every criterion."""
    criteria, designs, scores = draw(events())
    jurors = sorted({score.juror for score in scores} | {"j0"})
    judges = draw(st.lists(st.sampled_from(jurors), min_size=1, unique=True))
    for juror in judges:
        for criterion in criteria:
            low = draw(st.sampled_from([step / 2 for step in range(10)]))
            high = draw(st.sampled_from([step / 2 for step in range(int(low * 2) + 1, 11)]))
            scores += [Score(juror, "worse", criterion.key, low), Score(juror, "better", criterion.key, high)]
    return criteria, designs + ["better", "worse"], scores


@given(event=dominated_events(), minimum=st.integers(1, 4))
def test_a_design_everybody_marks_higher_ranks_higher(event, minimum):
    criteria, designs, scores = event
    result = rank(scores, criteria, designs, min_per_juror=minimum)
    for entries in (result.entries, result.raw):
        placed = by_design(entries)
        assert placed["better"].rank < placed["worse"].rank


def test_results_are_frozen_and_hashable():
    result = rank(overall("ada", d1=3), OVERALL, ["d1"])
    assert isinstance(result, Ranking)
    hash(result.entries[0])
    with pytest.raises(AttributeError):
        result.normalised = True


def _entries(*ranks):
    from badgeathon.jury.ranking import Ranked

    return [
        Ranked(
            design=f"d{i}",
            rank=rank,
            tied=False,
            score=None,
            raw_score=None,
            normalised_score=None,
            top_criterion_mean=None,
            jurors=0,
            incomplete=0,
            first_choices=0,
            spread=None,
            criterion_means={},
        )
        for i, rank in enumerate(ranks)
    ]


def test_winners_in_ranking_order_do_not_depart_from_it():
    from badgeathon.jury.ranking import departs

    assert not departs(_entries(1, 2, 3), ["d0", "d1"])


def test_leaving_out_a_better_ranked_design_departs_from_the_ranking():
    from badgeathon.jury.ranking import departs

    assert departs(_entries(1, 2, 3), ["d0", "d2"])


def test_swapping_first_and_second_places_departs_from_the_ranking():
    from badgeathon.jury.ranking import departs

    assert departs(_entries(1, 2, 3), ["d1", "d0"])


def test_choosing_among_designs_tied_at_the_boundary_does_not_depart():
    from badgeathon.jury.ranking import departs

    assert not departs(_entries(1, 2, 2, 4), ["d0", "d2"])
    assert not departs(_entries(1, 1, 3), ["d1", "d0"])


def test_an_unscored_design_chosen_over_a_scored_one_departs():
    from badgeathon.jury.ranking import departs

    assert departs(_entries(1, None, 2), ["d0", "d1"])
