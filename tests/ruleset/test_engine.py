"""Tests the award-rule engine: the region's seeded rules, junctions, backpack hygiene, explanations, properties."""

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from badgeathon.ruleset.backpack import malformation
from badgeathon.ruleset.engine import Ignored, evaluate, evaluate_many
from badgeathon.ruleset.progress import Shortfall
from badgeathon.ruleset.rules import COMPETENCIES, Held, Mapped, PartnerBadge, all_of, at_least, regional_scheme

NOW = datetime(2025, 6, 1, tzinfo=UTC)
GENERAL = "https://normandie.example/badges/general"


def key(competency: str, level: int) -> str:
    return f"https://normandie.example/badges/{competency}/{level}"


RULES = regional_scheme(key, GENERAL)  # key badge: 2 partner badges; general: 3 of 4 competencies, any level


def partner(competency: str, level: int, n: int) -> str:
    return f"https://partner.example/{competency}/{level}/{n}"


PARTNERS = {
    url: PartnerBadge(url, competency, level)
    for competency in COMPETENCIES
    for level in (1, 2)
    for url in (partner(competency, level, n) for n in range(3))
}


def two_each(*competencies: str, level: int = 1) -> list[str]:
    return [partner(competency, level, n) for competency in competencies for n in range(2)]


def test_three_of_four_competencies_earn_the_general_badge():
    result = evaluate(RULES, PARTNERS, two_each("Communiquer", "Organiser", "S'adapter"), now=NOW)
    assert set(result.due) == {key("Communiquer", 1), key("Organiser", 1), key("S'adapter", 1), GENERAL}
    general = next(award for award in result.awards if award.badge == GENERAL)
    assert set(general.evidence) == {key("Communiquer", 1), key("Organiser", 1), key("S'adapter", 1)}


def test_two_competencies_do_not_earn_the_general_badge_and_one_more_key_badge_is_missing():
    result = evaluate(RULES, PARTNERS, two_each("Communiquer", "Organiser"), now=NOW)
    assert GENERAL not in result.due
    general = next(pending for pending in result.pending if pending.badge == GENERAL)
    assert general.more == 1
    assert general.missing == (Shortfall(Held(key("S'adapter", 1)), 1),)


def test_key_badge_due_with_n_mapped_partner_badges_not_with_n_minus_one():
    assert evaluate(RULES, PARTNERS, two_each("Organiser", level=2), now=NOW).due == (key("Organiser", 2),)
    result = evaluate(RULES, PARTNERS, [partner("Organiser", 2, 0)], now=NOW)
    assert result.due == ()
    pending = next(p for p in result.pending if p.badge == key("Organiser", 2))
    assert pending.more == 1
    assert pending.missing == (Shortfall(Mapped("Organiser", 2, 2), 1),)
    assert pending.progress.badges == (partner("Organiser", 2, 0),)


def test_a_level_two_key_badge_counts_for_the_general_badge():
    backpack = two_each("Communiquer", "Organiser") + two_each("S'intégrer", level=2)
    assert GENERAL in evaluate(RULES, PARTNERS, backpack, now=NOW).due


def test_nested_junctions_need_two_of_all_of_a_b_then_c_then_d():
    a, b, c, d = (f"https://p.example/{name}" for name in "abcd")
    rules = {"https://r.example/x": at_least(2, all_of(Held(a), Held(b)), Held(c), Held(d))}
    known = {url: PartnerBadge(url, "Communiquer", 1) for url in (a, b, c, d)}
    assert evaluate(rules, known, [a, b, c], now=NOW).due == ("https://r.example/x",)
    assert evaluate(rules, known, [c, d], now=NOW).due == ("https://r.example/x",)
    missing = evaluate(rules, known, [a, c], now=NOW)
    assert missing.due == ()
    assert missing.pending[0].missing == (Shortfall(Held(b), 1),)
    assert missing.pending[0].more == 1


def test_the_same_partner_badge_held_twice_counts_once():
    twice = [partner("Communiquer", 1, 0), {"badge": partner("Communiquer", 1, 0)}]
    assert evaluate(RULES, PARTNERS, twice, now=NOW).due == ()


def test_expired_and_revoked_assertions_do_not_count_and_are_reported():
    expired = {"badge": partner("Communiquer", 1, 0), "expires": "2025-01-01T00:00:00Z"}
    revoked = {"badge": {"id": partner("Communiquer", 1, 1)}, "revoked": True}
    live = {"badge": partner("Communiquer", 1, 2), "expires": "2030-01-01T00:00:00+02:00"}
    result = evaluate(RULES, PARTNERS, [expired, revoked, live], now=NOW)
    assert result.due == ()
    assert set(result.ignored) == {
        Ignored(partner("Communiquer", 1, 0), "expired"),
        Ignored(partner("Communiquer", 1, 1), "revoked"),
    }


def test_unknown_and_malformed_entries_are_reported():
    result = evaluate(RULES, PARTNERS, ["https://elsewhere.example/b", {"recipient": {}}], now=NOW)
    assert result.ignored == (Ignored(None, "malformed"), Ignored("https://elsewhere.example/b", "unknown"))


def test_a_revoked_flag_that_is_not_a_boolean_and_an_empty_url_are_malformed_not_live_nor_unknown():
    url = partner("Communiquer", 1, 0)
    result = evaluate(
        RULES, PARTNERS, [{"badge": url, "revoked": "true"}, "", {"badge": {"id": ""}}, {"badge": ""}], now=NOW
    )
    assert result.ignored == (Ignored(None, "malformed"),) * 3 + (Ignored(url, "malformed"),)
    assert result.held == frozenset()
    assert malformation({"badge": url, "revoked": "true"}) == (
        "revoked",
        'must be true or false, not the string "true"',
    )
    assert malformation({"badge": url, "revoked": False, "expires": None}) is None


def test_url_strings_and_embedded_badge_classes_both_work():
    urls = two_each("Communiquer")
    embedded = [{"badge": {"id": url, "name": "x"}} for url in urls]
    assert evaluate(RULES, PARTNERS, urls, now=NOW).due == evaluate(RULES, PARTNERS, embedded, now=NOW).due


def test_a_regional_badge_already_held_is_not_due_again_but_counts_for_the_general_badge():
    backpack = [key("Communiquer", 1), *two_each("Communiquer", "Organiser", "S'adapter")]
    result = evaluate(RULES, PARTNERS, backpack, now=NOW)
    assert key("Communiquer", 1) not in result.due
    assert result.held_regional == (key("Communiquer", 1),)
    assert GENERAL in result.due
    held_only = evaluate(RULES, PARTNERS, [key(c, 2) for c in COMPETENCIES[:3]], now=NOW)
    assert held_only.due == (GENERAL,)


def test_regional_badges_that_need_each_other_are_never_due_by_themselves():
    rules = {"x": Held("y"), "y": at_least(1, Held("x"), Mapped("Organiser"))}
    assert evaluate(rules, PARTNERS, [], now=NOW).due == ()
    assert evaluate(rules, PARTNERS, [partner("Organiser", 1, 0)], now=NOW).due == ("x", "y")


def test_evaluate_many_gives_each_learner_their_own_result():
    results = evaluate_many(RULES, PARTNERS, {"ana": two_each("Communiquer"), "bob": []}, now=NOW)
    assert results["ana"].due == (key("Communiquer", 1),)
    assert results["bob"].due == ()


BADGES = sorted(PARTNERS) + sorted(RULES) + ["https://elsewhere.example/b"]
entries = st.sampled_from(BADGES).flatmap(
    lambda url: st.sampled_from(
        [
            url,
            {"badge": url},
            {"badge": {"id": url}},
            {"badge": url, "revoked": True},
            {"badge": url, "expires": "2020-01-01T00:00:00Z"},
        ]
    )
)


@settings(max_examples=60, deadline=None)
@given(st.lists(entries, max_size=12), st.sampled_from(BADGES))
def test_adding_a_held_badge_never_removes_a_due_or_held_regional_badge(backpack, extra):
    before = evaluate(RULES, PARTNERS, backpack, now=NOW)
    after = evaluate(RULES, PARTNERS, [*backpack, extra], now=NOW)
    assert set(before.due) | set(before.held_regional) <= set(after.due) | set(after.held_regional)


@settings(max_examples=60, deadline=None)
@given(st.lists(entries, max_size=12), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_backpack_order(backpack, random):
    shuffled = list(backpack)
    random.shuffle(shuffled)
    assert evaluate(RULES, PARTNERS, backpack, now=NOW) == evaluate(RULES, PARTNERS, shuffled, now=NOW)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["", "true", "hier"]),
    lambda inner: st.lists(inner, max_size=2),
    max_leaves=3,
)
messy_entries = st.one_of(
    json_values,
    st.sampled_from(["", *BADGES]),
    st.fixed_dictionaries(
        {},
        optional={
            "badge": st.one_of(
                json_values,
                st.sampled_from(["", *BADGES]),
                st.fixed_dictionaries({}, optional={"id": st.one_of(json_values, st.sampled_from(BADGES))}),
            ),
            "revoked": json_values,
            "expires": st.one_of(json_values, st.sampled_from(["2020-01-01", "2099-12-31T00:00:00+01:00"])),
        },
    ),
)


@settings(max_examples=300, deadline=None)
@given(messy_entries)
def test_the_engine_sets_an_entry_aside_as_malformed_exactly_when_malformation_says_why(entry):
    result = evaluate(RULES, PARTNERS, [entry], now=NOW)
    assert any(item.reason == "malformed" for item in result.ignored) == (malformation(entry) is not None)
