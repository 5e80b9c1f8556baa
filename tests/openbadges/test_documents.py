"""OB 2.0 and OB 3.0 documents built from a badge definition pass their validators, the official OB 3.0 schema too."""

from dataclasses import replace

from badgeathon.openbadges.criteria import LEVEL1_HEADING, LEVEL2_HEADING
from badgeathon.openbadges.ob2 import badge_class, issuer_profile
from badgeathon.openbadges.ob3 import achievement, target_type
from badgeathon.openbadges.validation import check_ob2_badge_class, check_ob2_issuer, check_ob3_achievement


def test_badge_class_is_valid_and_complete(defn):
    doc = badge_class(defn)
    assert check_ob2_badge_class(doc) == []
    assert doc["@context"] == "https://w3id.org/openbadges/v2"
    assert doc["type"] == "BadgeClass"
    assert doc["issuer"] == defn.issuer.id
    assert doc["criteria"]["id"] == defn.criteria_url
    narrative = doc["criteria"]["narrative"]
    assert LEVEL1_HEADING in narrative and LEVEL2_HEADING in narrative
    assert defn.level1 in narrative and "J'anime l'équipe" in narrative
    assert doc["alignment"][0] == {
        "targetName": "Travailler en équipe",
        "targetUrl": "https://esco.ec.europa.eu/fr/skill/123",
        "targetFramework": "ESCO",
        "targetCode": "S1.2",
        "targetDescription": "Compétence transversale",
    }
    assert set(doc["alignment"][1]) == {"targetName", "targetUrl"}
    assert doc["tags"] == ["coopération", "savoir-être"]


def test_issuer_profile_is_valid(issuer):
    doc = issuer_profile(issuer)
    assert check_ob2_issuer(doc) == []
    assert doc["type"] == "Issuer" and doc["email"] == "badges@normandie.fr"


def test_achievement_passes_the_official_schema(defn):
    doc = achievement(defn)
    assert check_ob3_achievement(doc) == []
    assert doc["type"] == ["Achievement"] and doc["achievementType"] == "Badge"
    assert doc["image"] == {"id": defn.image_url, "type": "Image"}
    assert doc["creator"]["type"] == ["Profile"]
    assert doc["alignment"][0]["targetType"] == "ext:ESCO"
    assert "targetType" not in doc["alignment"][1]
    assert doc["tag"] == ["coopération", "savoir-être"]


def test_competency_achievement_is_valid(defn):
    assert check_ob3_achievement(achievement(replace(defn, achievement_type="Competency"))) == []


def test_target_type_is_an_extension_value():
    assert target_type("ROME") == "ext:ROME"
    assert target_type("RNCP 2024") == "ext:RNCP2024"
    assert target_type("«»") is None
