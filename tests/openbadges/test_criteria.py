"""The criteria a BadgeClass states: its own level's only, no level headings for a badge without levels, both levels
for a badge that has two, then the rule that awards it; in Markdown (OB 2.0, OB 3.0, Badgr) and in HTML (OBF)."""

from dataclasses import replace
from html import escape

from badgeathon.openbadges.criteria import (
    AWARD_HEADING,
    LEVEL1_HEADING,
    LEVEL2_HEADING,
    criteria_html,
    criteria_markdown,
)
from badgeathon.openbadges.ob2 import badge_class
from badgeathon.openbadges.ob3 import achievement
from badgeathon.openbadges.validation import check_ob2_badge_class, check_ob3_achievement

RULE = "Détenir au moins 2 badges partenaires distincts.\n\n- « Prise de parole » : https://cep.example/parole"


def test_a_level_1_badge_states_level_1_and_its_rule_only(defn):
    narrative = criteria_markdown(replace(defn, level=1, award=RULE))
    assert narrative == (f"## {LEVEL1_HEADING}\n\n{defn.level1}\n\n## {AWARD_HEADING}\n\n{RULE}")
    assert LEVEL2_HEADING not in narrative and "J'anime" not in narrative


def test_a_level_2_badge_states_level_2_and_its_rule_only(defn):
    narrative = criteria_markdown(replace(defn, level=2, award=RULE))
    assert narrative.startswith(f"## {LEVEL2_HEADING}\n\n{defn.level2}\n\n## {AWARD_HEADING}")
    assert LEVEL1_HEADING not in narrative and defn.level1 not in narrative


def test_the_two_levels_of_one_competency_are_told_apart_by_a_verifier(defn):
    level1, level2 = (badge_class(replace(defn, level=level, award=RULE)) for level in (1, 2))
    assert level1["criteria"]["narrative"] != level2["criteria"]["narrative"]
    assert check_ob2_badge_class(level1) == [] == check_ob2_badge_class(level2)
    third = achievement(replace(defn, level=2, award=RULE, achievement_type="Competency"))
    assert third["criteria"]["narrative"] == level2["criteria"]["narrative"] and check_ob3_achievement(third) == []


def test_a_badge_without_levels_has_no_level_headings(defn):
    narrative = criteria_markdown(replace(defn, levelled=False, award=RULE))
    assert "Niveau" not in narrative
    assert narrative == f"{defn.level1}\n\n{defn.level2}\n\n## {AWARD_HEADING}\n\n{RULE}"


def test_a_badge_of_two_levels_states_both_and_no_rule_section_without_a_rule(defn):
    narrative = criteria_markdown(defn)
    assert narrative == f"## {LEVEL1_HEADING}\n\n{defn.level1}\n\n## {LEVEL2_HEADING}\n\n{defn.level2}"


def test_the_html_criteria_follow_the_same_sections_escaped(defn):
    html = criteria_html(replace(defn, level=1, award=RULE))
    assert html.startswith(f"<h3>{LEVEL1_HEADING}</h3><p>Je participe aux réunions &lt;et&gt;")
    assert f"<h3>{escape(AWARD_HEADING)}</h3>" in html and LEVEL2_HEADING not in html
    assert "<h3>" not in criteria_html(replace(defn, levelled=False))
