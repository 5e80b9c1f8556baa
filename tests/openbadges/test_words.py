"""Each finding code has a clear French sentence naming the field, and an English one."""

import pytest
from flask import session

from badgeathon import create_app
from badgeathon.openbadges.validation import Finding
from badgeathon.openbadges.words import MESSAGES, field_label, message
from tests.config import TestConfig


@pytest.fixture(scope="module")
def app():
    return create_app(TestConfig)


def test_the_example_sentence(app):
    with app.test_request_context():
        finding = Finding("alignment[0].targetUrl", "not_url", {"field": "targetUrl"})
        assert message(finding) == (
            "Le champ « targetUrl » de l'alignement 1 doit être une adresse web (http ou https)."
        )


@pytest.mark.parametrize("code", sorted(MESSAGES) + ["unheard_of"])
def test_every_code_has_a_sentence_naming_the_field(app, code):
    with app.test_request_context():
        text = message(Finding("issuer.email", code, {"field": "email", "expected": "Issuer"}))
    assert text.startswith("Le champ « email » de l'émetteur ")
    assert text.endswith(".") and "%(" not in text


def test_labels(app):
    with app.test_request_context():
        assert field_label("name") == "« name »"
        assert field_label("criteria.id") == "« id » des critères"
        assert field_label("creator.url") == "« url » de l'émetteur"
        assert field_label("image.type") == "« type » de l'image"
        assert field_label("tags[1]") == "« tags »"
        assert field_label("") == "racine (le document lui-même)"


def test_english(app):
    with app.test_request_context():
        session["lang"] = "en"
        text = message(Finding("alignment[1].targetUrl", "required", {"field": "targetUrl"}))
    assert "targetUrl" in text and "alignment 2" in text and "Le champ" not in text
