"""Award rules: their JSON form round trip, and what is not a rule refused."""

import pytest

from badgeathon.ruleset.rules import Held, Junction, Mapped, all_of, from_dict, to_dict

from .test_engine import GENERAL, RULES  # the region's seeded rules


@pytest.mark.parametrize(
    "rule",
    [
        RULES[GENERAL],
        Mapped("Communiquer", None),
        Mapped("S'intégrer", 2, 3),
        Junction((Held("a"), all_of(Mapped("Organiser", 1), Held("b"))), 1),
    ],
)
def test_rules_round_trip_through_dicts(rule):
    assert from_dict(to_dict(rule)) == rule


def test_from_dict_refuses_what_is_not_a_rule():
    with pytest.raises(ValueError):
        from_dict({"type": "oops"})
    with pytest.raises(ValueError):
        from_dict({"type": "junction", "required": 3, "children": [{"type": "held", "badge": "a"}]})
