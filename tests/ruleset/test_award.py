"""Each regional BadgeClass states its own level's criteria and the rule that awards it (which partner badges, how
many): in the rule set's words (pure), in the BadgeClass served, and on its hosted criteria page."""

import re
from urllib.parse import urlsplit

import pytest

from badgeathon.openbadges.model import Issuer
from badgeathon.ruleset import document as rs
from badgeathon.ruleset import services
from badgeathon.ruleset.award import award_text
from badgeathon.ruleset.rules import Held, Mapped, all_of, at_least

BASE = "https://badges.example"
ISSUER = Issuer(f"{BASE}/issuer", "Région Normandie", "https://www.normandie.fr", "badges@normandie.fr", "", "")
PAROLE = rs.Partner("https://cep.example/badges/parole", "Communiquer", 1, "Prise de parole", "CEP Caen")
ECRIT = rs.Partner("https://siae.example/ecrit", "Communiquer", 1, "Écrire un courriel", "")
EXPERT = rs.Partner("https://of.example/expert", "Communiquer", 2, "", "")


@pytest.fixture
def rule_set() -> rs.RuleSet:
    return rs.seed_document(ISSUER, BASE).with_partner(PAROLE).with_partner(ECRIT).with_partner(EXPERT)


def test_a_key_badge_rule_names_how_many_partner_badges_and_which(rule_set):
    text = award_text(rule_set.badge("communiquer-niveau-1"), rule_set)
    assert text.startswith(
        "Détenir au moins 2 badges partenaires distincts reconnus par la Région pour la "
        "compétence « Communiquer », niveau 1 « je pratique »."
    )
    assert "- « Prise de parole », CEP Caen : https://cep.example/badges/parole" in text
    assert "- « Écrire un courriel » : https://siae.example/ecrit" in text
    assert EXPERT.url not in text
    level2 = award_text(rule_set.badge("communiquer-niveau-2"), rule_set)
    assert "niveau 2 « je maîtrise »" in level2 and f"- {EXPERT.url}" in level2 and PAROLE.url not in level2
    assert "Aucun badge partenaire n'est encore reconnu" in award_text(rule_set.badge("organiser-niveau-1"), rule_set)


def test_the_general_badge_rule_names_the_key_badges_it_takes(rule_set):
    text = award_text(rule_set.badge(rs.GENERAL_SLUG), rule_set)
    assert text.startswith("Remplir au moins 3 des 4 conditions suivantes :")
    assert (
        "- Détenir l'un de ces badges : « Communiquer — je pratique » "
        f"({BASE}/badges/communiquer-niveau-1), « Communiquer — je maîtrise » "
        f"({BASE}/badges/communiquer-niveau-2)."
    ) in text
    assert len(re.findall(r"^- ", text, re.M)) == 4


def test_any_rule_reads_in_words_nested_and_with_unknown_badges_by_address(rule_set):
    badge = rs.Badge(
        "u",
        "u",
        "key",
        "U",
        "",
        "",
        "",
        rule=all_of(
            Held(f"{BASE}/badges/badge-general"), at_least(1, Mapped("S'adapter", None, 1), Held("https://x.example/b"))
        ),
    )
    text = award_text(badge, rule_set)
    assert text.splitlines() == [
        "Remplir toutes les conditions suivantes :",
        "",
        f"- Détenir le badge « Badge général — compétences fondamentales » ({BASE}/badges/badge-general).",
        "- Remplir au moins 1 des 2 conditions suivantes :",
        "",
        "  - Détenir 1 badge partenaire reconnu par la Région pour la compétence « S'adapter », quel que soit "
        "le niveau.",
        "",
        "    Aucun badge partenaire n'est encore reconnu pour cette compétence à ce niveau.",
        "  - Détenir le badge https://x.example/b.",
    ]


def test_a_badge_without_a_rule_says_who_issues_it_or_nothing(rule_set):
    open_badge = rs.Badge("b", "b", "badgeathon", "B", "", "1", "2", available_to_structures=True)
    assert "structures partenaires" in award_text(open_badge, rule_set)
    assert award_text(rs.Badge("c", "c", "badgeathon", "C", "", "1", "2"), rule_set) == ""


# --- served: the BadgeClass and the hosted criteria page (the badge's own URL) ---------------------------------------


@pytest.fixture
def seeded(ctx):
    version = services.ensure_seeded()
    return version


def narrative(client, slug: str) -> str:
    response = client.get(f"/badges/{slug}.json")
    assert response.status_code == 200
    return response.get_json()["criteria"]["narrative"]


def test_the_served_key_badges_of_one_competency_state_their_own_level_and_rule(client, seeded):
    level1, level2 = narrative(client, "communiquer-niveau-1"), narrative(client, "communiquer-niveau-2")
    assert level1 != level2
    assert "## Niveau 1 — je pratique" in level1 and "Niveau 2" not in level1
    assert "Interagir avec autrui" in level1 and "Transmettre des informations" not in level1
    assert "## Niveau 2 — je maîtrise" in level2 and "Niveau 1" not in level2
    assert "## Règle d'attribution" in level1 and "au moins 2 badges partenaires distincts" in level1
    assert "« Communiquer », niveau 2 « je maîtrise »" in level2


def test_the_served_general_badge_has_no_level_headings_and_names_the_key_badges(client, seeded):
    text = narrative(client, rs.GENERAL_SLUG)
    assert "## Niveau" not in text and "## Règle d'attribution" in text
    assert text.count("/badges/") == 8


def test_the_hosted_criteria_page_shows_its_own_level_and_the_rule(client, seeded):
    badge_class = client.get("/badges/communiquer-niveau-2.json").get_json()
    criteria_page = badge_class["criteria"]["id"]
    assert criteria_page == badge_class["id"]  # the badge's own page, for people
    response = client.get(urlsplit(criteria_page).path)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    section = html[html.index('id="criteria"') : html.index("</article>")]
    assert "Transmettre des informations pertinentes" in section and "Interagir avec autrui" not in section
    assert "Niveau 2 « je maîtrise »" in section and "Niveau 1 « je pratique »" not in section
    assert re.search(r"Règle d(&#39;|')attribution", section)
    assert "au moins 2 badges partenaires distincts" in section
