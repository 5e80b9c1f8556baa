"""The organiser's rule set page: versions, their comparison, and registering partner badges through the form."""

import json
from io import BytesIO

import pytest

from badgeathon.auth.services import create_organiser
from badgeathon.ruleset import services

EMAIL, PASSWORD = "orga@region.example", "un-mot-de-passe-solide"
PARTNER = "https://partenaire.example/badges/ecoute"


@pytest.fixture
def organiser_client(app, ctx):
    create_organiser("Orga", EMAIL, PASSWORD)
    services.ensure_seeded()
    client = app.test_client()
    assert client.post("/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 302
    return client


def register(client, **data):
    form = {
        "url": PARTNER,
        "name": "Écoute active",
        "structure": "CEP Normandie",
        "competency": "Communiquer",
        "level": "1",
        **data,
    }
    return client.post("/ruleset/partners", data=form, content_type="multipart/form-data")


def test_the_page_shows_the_current_version_and_a_labelled_form(organiser_client):
    html = organiser_client.get("/ruleset").get_data(as_text=True)
    assert "Version en vigueur : 1" in html and "Référentiel initial" in html
    assert "Aucun badge partenaire enregistré." in html
    for label in ("Adresse (URL) du BadgeClass du partenaire", "Compétence reconnue", "Niveau 2 : je maîtrise"):
        assert label in html


def test_registering_by_url_publishes_a_version_and_lists_the_badge(organiser_client):
    response = register(organiser_client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/ruleset")
    html = organiser_client.get("/ruleset").get_data(as_text=True)
    assert "Badge partenaire enregistré : référentiel version 2 publiée" in html
    assert "Version en vigueur : 2" in html
    assert PARTNER in html and "Écoute active" in html and "CEP Normandie" in html and "je pratique" in html
    assert services.current().number == 2


def test_uploading_the_partners_badge_class_json_takes_its_id_and_name(organiser_client):
    badge_class = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "BadgeClass",
        "id": PARTNER,
        "name": "Tenir un planning",
        "issuer": {"name": "IRFA Normandie"},
    }
    response = register(
        organiser_client,
        url="",
        name="",
        structure="",
        competency="Organiser",
        level="2",
        badge_class=(BytesIO(json.dumps(badge_class).encode()), "badge.json"),
    )
    assert response.status_code == 302
    html = organiser_client.get("/ruleset").get_data(as_text=True)
    assert PARTNER in html and "Tenir un planning" in html and "IRFA Normandie" in html and "je maîtrise" in html


def test_a_duplicate_url_is_refused_with_409_in_french(organiser_client):
    assert register(organiser_client).status_code == 302
    response = register(organiser_client, name="Autre nom")
    assert response.status_code == 409
    assert "Ce badge partenaire est déjà enregistré dans le référentiel." in response.get_data(as_text=True)
    assert services.current().number == 2


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{pas du json", "n&#39;est pas un fichier JSON lisible"),
        (b"[1, 2]", "ne contient pas un BadgeClass"),
        (b'{"name": "sans identifiant"}', "il n&#39;a pas d&#39;identifiant"),
    ],
)
def test_a_bad_json_file_is_refused_with_a_french_message(organiser_client, content, message):
    response = register(organiser_client, url="", badge_class=(BytesIO(content), "partenaire.json"))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert services.current().number == 1


def test_neither_url_nor_file_is_refused(organiser_client):
    response = register(organiser_client, url="")
    assert response.status_code == 422
    assert "Donnez l&#39;adresse du badge partenaire ou son fichier JSON." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["participant", "juror"])
def test_a_non_organiser_gets_403(as_role, role):
    client = as_role(role)
    for response in (client.get("/ruleset"), register(client), client.get("/ruleset/diff?old=1&new=1")):
        assert response.status_code == 403


def test_the_diff_page_shows_the_added_partner_in_french(organiser_client):
    register(organiser_client)
    html = organiser_client.get("/ruleset").get_data(as_text=True)
    assert 'href="/ruleset/diff?old=1&amp;new=2"' in html and "Comparer" in html
    response = organiser_client.get("/ruleset/diff?old=1&new=2")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Version 1 → version 2" in html
    assert "Ajouté" in html and "Badge partenaire" in html and "« Écoute active »" in html and PARTNER in html
    assert organiser_client.get("/ruleset/diff?old=1&new=9").status_code == 404
