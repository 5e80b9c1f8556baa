"""The rule set's JSON Schema and the checks beyond it: each problem named with its path."""

import copy

from badgeathon.ruleset import document as rs
from badgeathon.ruleset.validation import check_document, schema_validator
from tests.ruleset.test_document import seeded


def valid() -> dict:
    return rs.to_dict(seeded().with_partner(rs.Partner("https://p.example/a", "Communiquer", 1, "A", "IRFA")))


def test_the_schema_is_draft_2020_12_and_the_seeded_document_passes():
    assert schema_validator().schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert check_document(valid()) == []


def test_a_malformed_nested_rule_is_reported_at_its_path():
    doc = valid()
    doc["badges"][8]["rule"]["children"][1]["children"][0] = {"type": "mapped", "competency": "Nager"}
    problems = check_document(doc)
    assert any(p.startswith("$.badges[8].rule.children[1].children[0]: 'level' is a required") for p in problems)
    assert any(p.startswith("$.badges[8].rule.children[1].children[0].competency:") for p in problems)


def test_wrong_partner_fields_and_missing_issuer_fields_are_reported():
    doc = valid()
    doc["partners"][0]["level"] = 3
    del doc["issuer"]["email"]
    problems = check_document(doc)
    assert "$.partners[0].level: 3 is not one of [1, 2]" in problems
    assert "$.issuer: 'email' is a required property" in problems


def test_duplicates_unknown_badges_and_clashes_are_reported():
    doc = valid()
    doc["partners"].append(copy.deepcopy(doc["partners"][0]))
    doc["partners"].append({"url": doc["badges"][0]["id"], "competency": "Organiser", "level": 1})
    doc["badges"][8]["rule"]["children"][0]["children"][0]["badge"] = "https://nowhere.example/x"
    problems = check_document(doc)
    assert any(p.startswith("$.partners[1].url:") and "already" in p for p in problems)
    assert any(p.startswith("$.partners[2].url:") and "regional badge" in p for p in problems)
    assert any(p.startswith("$.badges[8].rule:") and "nowhere.example" in p for p in problems)


def test_a_key_badge_needs_a_competency_and_a_level():
    doc = valid()
    doc["badges"][0]["competency"] = None
    assert any(p.startswith("$.badges[0].competency") for p in check_document(doc))
