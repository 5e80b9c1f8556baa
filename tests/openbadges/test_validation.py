"""Broken documents are refused, each with a finding naming the right field and a machine code."""

from badgeathon.openbadges.ob2 import badge_class, issuer_profile
from badgeathon.openbadges.ob3 import achievement
from badgeathon.openbadges.validation import (
    Finding,
    check_ob2_badge_class,
    check_ob2_issuer,
    check_ob3_achievement,
    is_iri,
)


def codes(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.path, finding.code) for finding in findings}


def test_missing_name_description_and_criteria(defn):
    doc = badge_class(defn)
    for key in ("name", "description", "criteria"):
        del doc[key]
    assert codes(check_ob2_badge_class(doc)) == {
        ("name", "required"),
        ("description", "required"),
        ("criteria", "required"),
    }


def test_empty_name(defn):
    doc = badge_class(defn) | {"name": ""}
    assert codes(check_ob2_badge_class(doc)) == {("name", "empty")}


def test_image_data_uri_must_be_png_or_svg(defn):
    refused = badge_class(defn) | {"image": "data:image/jpeg;base64,AAAA"}
    assert codes(check_ob2_badge_class(refused)) == {("image", "image_not_png_or_svg")}
    nested = badge_class(defn) | {"image": {"id": "data:image/gif;base64,AAAA"}}
    assert codes(check_ob2_badge_class(nested)) == {("image.id", "image_not_png_or_svg")}
    for accepted in ("data:image/png;base64,AAAA", "data:image/svg+xml;base64,AAAA"):
        assert check_ob2_badge_class(badge_class(defn) | {"image": accepted}) == []


def test_id_must_be_an_iri(defn):
    doc = badge_class(defn) | {"id": "travail-en-equipe"}
    assert codes(check_ob2_badge_class(doc)) == {("id", "not_iri")}
    assert check_ob2_badge_class(badge_class(defn) | {"id": "urn:uuid:2f1c5a9e-0000-4000-8000-000000000000"}) == []


def test_iri_rule():
    assert is_iri("https://a.fr/x") and is_iri("urn:uuid:1234")
    assert not is_iri("ftp://a.fr") and not is_iri("https://") and not is_iri("https://a.fr/ x")


def test_criteria_must_say_something(defn):
    assert codes(check_ob2_badge_class(badge_class(defn) | {"criteria": {}})) == {("criteria", "criteria_empty")}
    assert codes(check_ob2_badge_class(badge_class(defn) | {"criteria": {"id": "criteres"}})) == {
        ("criteria.id", "not_iri")
    }
    assert check_ob2_badge_class(badge_class(defn) | {"criteria": {"narrative": "Participer."}}) == []
    assert check_ob2_badge_class(badge_class(defn) | {"criteria": "https://a.fr/criteres"}) == []


def test_issuer_without_email(issuer):
    doc = issuer_profile(issuer)
    del doc["email"]
    assert codes(check_ob2_issuer(doc)) == {("email", "required")}


def test_issuer_email_url_and_id_are_checked(issuer):
    doc = issuer_profile(issuer) | {"email": "badges.normandie.fr", "url": "www.normandie.fr", "id": "moi"}
    assert codes(check_ob2_issuer(doc)) == {("email", "not_email"), ("url", "not_url"), ("id", "not_iri")}


def test_embedded_issuer_is_checked(defn, issuer):
    doc = badge_class(defn) | {"issuer": issuer_profile(issuer) | {"email": "non"}}
    assert codes(check_ob2_badge_class(doc)) == {("issuer.email", "not_email")}


def test_alignment_without_target_url(defn):
    doc = badge_class(defn)
    del doc["alignment"][1]["targetUrl"]
    assert codes(check_ob2_badge_class(doc)) == {("alignment[1].targetUrl", "required")}


def test_alignment_target_url_must_be_http(defn):
    doc = badge_class(defn)
    doc["alignment"][0]["targetUrl"] = "esco:123"
    assert codes(check_ob2_badge_class(doc)) == {("alignment[0].targetUrl", "not_url")}


def test_tags_are_strings(defn):
    doc = badge_class(defn) | {"tags": ["ok", 3]}
    assert codes(check_ob2_badge_class(doc)) == {("tags[1]", "wrong_type")}


def test_wrong_ob2_type(defn):
    findings = check_ob2_badge_class(badge_class(defn) | {"type": "Assertion"})
    assert codes(findings) == {("type", "wrong_kind")}
    assert findings[0].params["expected"] == "BadgeClass"


def test_ob3_with_a_wrong_type(defn):
    findings = check_ob3_achievement(achievement(defn) | {"type": ["BadgeClass"]})
    assert codes(findings) == {("type", "wrong_kind")}
    assert findings[0].params["expected"] == "Achievement"


def test_ob3_missing_fields_and_nested_errors(defn):
    doc = achievement(defn)
    del doc["criteria"]
    del doc["alignment"][0]["targetUrl"]
    doc["image"] = {"id": defn.image_url}
    doc["achievementType"] = "Trophée"
    assert codes(check_ob3_achievement(doc)) == {
        ("criteria", "required"),
        ("alignment[0].targetUrl", "required"),
        ("image.type", "required"),
        ("achievementType", "schema"),
    }


def test_non_objects_are_refused():
    assert codes(check_ob2_badge_class([])) == {("", "wrong_type")}
    assert codes(check_ob3_achievement("x")) == {("", "wrong_type")}
