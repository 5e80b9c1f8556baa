"""What the catalogue hosts besides the OB 2.0 BadgeClass: each badge's OB 3.0 Achievement (by content negotiation
on the badge's URL, or .ob3.json, linked from the badge page) and the issuer's image, which its profile points to."""

from io import BytesIO

import pytest
from PIL import Image

from badgeathon.openbadges import baking, ob3
from badgeathon.openbadges.validation import check_ob2_badge_class, check_ob3_achievement
from badgeathon.ruleset import services

SLUG = "communiquer-niveau-1"
OB3_ACCEPT = f'application/ld+json; profile="{ob3.CONTEXT}"'


@pytest.fixture
def seeded(ctx):
    return services.ensure_seeded()


@pytest.fixture
def base(app):
    return app.config["PUBLIC_BASE_URL"]


@pytest.mark.parametrize(
    "path, headers",
    [
        (f"/badges/{SLUG}", {"Accept": OB3_ACCEPT}),
        (f"/badges/{SLUG}", {"Accept": f"{OB3_ACCEPT}, application/ld+json;q=0.8, text/html;q=0.5"}),
        (f"/badges/{SLUG}.ob3.json", {}),
        (f"/badges/{SLUG}.ob3.json", {"Accept": "text/html"}),
    ],
)
def test_the_achievement_by_profile_or_ob3_suffix_passes_the_official_ob3_schema(client, seeded, base, path, headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    assert response.mimetype_params == {"profile": ob3.CONTEXT}
    assert response.headers["Access-Control-Allow-Origin"] == "*" and "Accept" in response.headers["Vary"]
    doc = response.get_json(force=True)
    assert check_ob3_achievement(doc) == []
    assert doc["@context"] == ob3.CONTEXT and doc["type"] == ["Achievement"]
    assert doc["id"] == f"{base}/badges/{SLUG}" and doc["achievementType"] == "Competency"
    assert doc["image"] == {"id": f"{base}/badges/{SLUG}.png", "type": "Image"}
    assert doc["criteria"]["id"] == f"{base}/badges/{SLUG}"
    assert doc["creator"]["id"] == f"{base}/issuer" and doc["creator"]["type"] == ["Profile"]


def test_the_general_badge_is_an_achievement_of_type_badge(client, seeded):
    doc = client.get("/badges/badge-general.ob3.json").get_json(force=True)
    assert check_ob3_achievement(doc) == [] and doc["achievementType"] == "Badge"


def test_plain_json_ld_still_gets_the_ob2_badge_class_and_a_browser_the_page(client, seeded):
    ob2 = client.get(f"/badges/{SLUG}", headers={"Accept": "application/ld+json"})
    assert ob2.mimetype == "application/ld+json" and ob2.mimetype_params == {}
    assert check_ob2_badge_class(ob2.get_json(force=True)) == []
    page = client.get(f"/badges/{SLUG}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and page.mimetype == "text/html"


def test_the_badge_page_links_to_both_definitions(client, seeded):
    html = client.get(f"/badges/{SLUG}").get_data(as_text=True)
    assert f'href="/badges/{SLUG}.json">Définition Open Badges 2.0 (JSON)</a>' in html
    assert f'href="/badges/{SLUG}.ob3.json">Définition Open Badges 3.0 (JSON)</a>' in html
    assert f"profile=&#34;{ob3.CONTEXT}&#34;" in html or f'profile="{ob3.CONTEXT}"' in html


@pytest.mark.parametrize("path", ["/badges/inconnu.ob3.json", "/badges/inconnu"])
def test_an_unknown_badge_has_no_achievement(client, seeded, path):
    assert client.get(path, headers={"Accept": OB3_ACCEPT}).status_code == 404


def test_the_issuer_profile_points_to_its_image_which_is_a_square_png(client, seeded, base):
    profile = client.get("/issuer", headers={"Accept": "application/ld+json"}).get_json(force=True)
    assert profile["image"] == f"{base}/issuer.png"
    response = client.get("/issuer.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] in ("public, max-age=3600", "max-age=3600, public")
    assert response.data.startswith(baking.PNG_SIGNATURE) and len(response.data) <= 250_000
    with Image.open(BytesIO(response.data)) as image:
        assert image.format == "PNG" and image.width == image.height == 400
    assert response.data != client.get(f"/badges/{SLUG}.png").data


def test_the_issuer_image_is_drawn_with_the_issuer_name_of_the_rule_set(client, seeded):
    """A rule set whose issuer is renamed draws the new name: the image follows the document, not a stale cache."""
    from dataclasses import replace

    before = client.get("/issuer.png").data
    document = services.current_document()
    services.publish(
        replace(document, issuer=replace(document.issuer, name="Région Normandie — DFP")), None, "Émetteur renommé"
    )
    after = client.get("/issuer.png")
    assert after.status_code == 200 and after.data.startswith(baking.PNG_SIGNATURE) and after.data != before


def test_the_issuer_image_is_not_found_before_the_rule_set_exists(client, ctx):
    assert client.get("/issuer.png").status_code == 404
